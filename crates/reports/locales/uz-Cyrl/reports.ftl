# The words of printed documents and export headers: Uzbek, Cyrillic script.

## How dates are written in documents: the same pattern in every file, with these three
## variables (zero-padded).
date-format = { $day }.{ $month }.{ $year }
page-number = Саҳифа { $page } / { $pages }

report-title = Дори бериш ҳисоботи
pharmacy = Дорихона
period = Давр
generated = Тузилган вақти
filters = Саралаш
dispenses = Беришлар
items = Қаторлар
packs = Қадоқлар
patients = Беморлар
quantity = Миқдор
totals = Жами
by-pharmacist = Фармацевтлар бўйича
by-inn = ХПН бўйича
by-product = Маҳсулотлар бўйича
by-mode = Режим бўйича
partial = Қисман беришлар
withdrawals = Қайтариб олинган беришлар
conflicts = Очиқ зиддиятлар
daily = Кунлик ҳажм (қадоқ)
top-inns = Энг кўп берилган ХПН (қадоқ)
lines = Берилган дорилар
time = Вақт
date = Сана
prescription = Рецепт
pharmacist = Фармацевт
inn = ХПН
product = Маҳсулот
product-id = Маҳсулот ID
unit = Бирлик
batch = Серия
expiry = Яроқлилик
mode = Режим
state = Ҳолат
code = Код
reason = Сабаб
source = Манба
dispense = Бериш
patient = Бемор
withdrawn-at = Қайтарилган
none = Йўқ
receipt-title = Дори бериш чеки
scope-this-counter = фақат шу касса беришлари
scope-pharmacy = дорихонанинг барча кассалари (марказий тизим ёзувлари)
# What a pharmacy-wide report covers when some of this counter's dispenses are not confirmed yet.
scope-unconfirmed = { $scope }; { $n } та шу касса бериши ҳали тасдиқланмаган
confirmed = Тасдиқланган
covers = Қамров
withdrawal-title = Беришни қайтариб олиш варақаси
withdrawal-note = Қуйидаги бериш қайтариб олинди; унинг миқдорлари рецептга қайтди.
marking-codes = Маркировка
paper-log-title = Қоғоз журнали
prescriber = Шифокор
facility = Муассаса
id-checked = Ҳужжат текширилди
declaration = Бемор баёноти
override-by = Рухсат берган
signature = Имзо
yes = ҳа
no = йўқ
record = Ёзув
online = Онлайн
offline-retry = Кейин юборилган
paper = Қоғозда
summary = Умумий
value = Қиймат
not-dispensed = Берилмаган дорилар
not-dispensed-line = берилмади
note = Изоҳ
received-by = Олувчи
the-patient = беморнинг ўзи

## Why an item was not dispensed.
reason-out-of-stock = Омборда йўқ
reason-patient-declined = Бемор рад этди
reason-clinical = Клиник сабаб
reason-suspected-error = Рецептда хато гумони
reason-other = Бошқа

## Identity documents.
document-passport = паспорт
document-id-card = ID-карта
document-birth-certificate = туғилганлик ҳақида гувоҳнома
