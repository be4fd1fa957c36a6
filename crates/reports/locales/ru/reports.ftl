# The words of printed documents and export headers: Russian.

## How dates are written in documents: the same pattern in every file, with these three
## variables (zero-padded).
date-format = { $day }.{ $month }.{ $year }
page-number = Страница { $page } / { $pages }

report-title = Отчёт об отпуске лекарств
pharmacy = Аптека
period = Период
generated = Сформирован
filters = Фильтры
dispenses = Отпуски
items = Позиции
packs = Упаковки
patients = Пациенты
quantity = Количество
totals = Итого
by-pharmacist = По фармацевтам
by-inn = По МНН
by-product = По препаратам
by-mode = По режимам
partial = Частичные отпуски
withdrawals = Отозванные отпуски
conflicts = Открытые конфликты
daily = Объём по дням (упаковки)
top-inns = Чаще всего отпускаемые МНН (упаковки)
lines = Отпущенные лекарства
time = Время
date = Дата
prescription = Рецепт
pharmacist = Фармацевт
inn = МНН
product = Препарат
product-id = ID препарата
unit = Единица
batch = Серия
expiry = Годен до
mode = Режим
state = Статус
code = Код
reason = Причина
source = Источник
dispense = Отпуск
patient = Пациент
withdrawn-at = Отозван
none = Нет
receipt-title = Чек отпуска лекарств
scope-this-counter = только отпуски этой кассы
scope-pharmacy = все кассы аптеки (записи центральной системы)
# What a pharmacy-wide report covers when some of this counter's dispenses are not confirmed yet.
scope-unconfirmed = { $scope }; { $n ->
    [one] { $n } отпуск этой кассы ещё не подтверждён
    [few] { $n } отпуска этой кассы ещё не подтверждены
    [many] { $n } отпусков этой кассы ещё не подтверждены
   *[other] { $n } отпуска этой кассы ещё не подтверждены
}
confirmed = Подтверждён
covers = Охват
withdrawal-title = Акт отзыва отпуска
withdrawal-note = Отпуск ниже отозван; его количества возвращены в рецепт.
marking-codes = Маркировка
paper-log-title = Бумажный журнал
prescriber = Врач
facility = Учреждение
id-checked = Документ проверен
declaration = Заявление пациента
override-by = Разрешил
signature = Подпись
yes = да
no = нет
record = Запись
online = Онлайн
offline-retry = Отправлен позже
paper = На бумаге
summary = Сводка
value = Значение
not-dispensed = Неотпущенные лекарства
not-dispensed-line = не отпущено
note = Примечание
received-by = Получатель
the-patient = сам пациент

## Why an item was not dispensed.
reason-out-of-stock = Нет в наличии
reason-patient-declined = Пациент отказался
reason-clinical = Клиническая причина
reason-suspected-error = Подозрение на ошибку в рецепте
reason-other = Другое

## Identity documents.
document-passport = паспорт
document-id-card = ID-карта
document-birth-certificate = свидетельство о рождении
