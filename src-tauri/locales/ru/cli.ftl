# The words of the command line (dorixona report, audit, platform-client): Russian.
# Option names, commands and placeholders such as FILE stay as typed.

## Shared by the commands.
needs-value = для { $option } нужно значение
unknown-option = неизвестный параметр '{ $option }'
option-required = { $option } обязателен
pharmacy-required = --pharmacy обязателен (ID аптеки менеджера)
login-required = --login обязателен (собственный логин менеджера)
secret-refused = { $option } не принимается: секрет в командной строке видят другие пользователи компьютера; введите его по запросу или передайте через стандартный ввод
bad-lang = неизвестный язык '{ $value }' (uz, uz-Cyrl, ru или en)
no-data-dir = нет папки данных; укажите --data-dir DIR
secret-prompt = Секрет { $login }:
client-secret-prompt = Секрет клиента { $client }:
secret-terminal-failed = не удалось прочитать секрет с терминала: { $error }
secret-stdin-failed = не удалось прочитать секрет со стандартного ввода: { $error }
no-secret = секрет не передан через стандартный ввод
cannot-write = не удалось записать { $path }: { $error }

## The grammar's help and complaints (dorixona --help, and every subcommand's).
help-usage = использование
help-options = Параметры
help-commands = Команды
help-command-value = КОМАНДА
help-help = показать эту справку
help-version = показать версию
see-help = подробнее: { $command } --help
did-you-mean = возможно, имелось в виду '{ $name }'?
unknown-command = неизвестная команда '{ $command }'
which-command = укажите, какую команду выполнить; --help покажет список
file-required = нужен ФАЙЛ, который читать
given-twice = { $option } указан дважды или противоречит другому параметру
not-utf8 = командная строка — не текст в UTF-8
extra-value = лишнее значение '{ $value }'
bad-command-line = не удалось разобрать командную строку; см. --help
no-database = базы данных кассы в { $path } ещё нет: откройте Dorixona и войдите хотя бы раз или укажите --data-dir DIR
no-display = нет дисплея, на котором открыть окно (DISPLAY или WAYLAND_DISPLAY не заданы, либо дисплей недоступен). Запустите Dorixona в рабочем сеансе кассы или используйте команду, которой дисплей не нужен: dorixona --help
app-about = Dorixona — касса аптеки для национальной системы электронных рецептов. Без команды открывает окно.
app-after = Каждая команда понимает --help. Секреты запрашиваются на терминале и никогда не берутся из командной строки.
opt-lang = язык сообщений и документов (иначе язык кассы)
opt-data-dir = папка данных кассы (иначе DORIXONA_DATA_DIR, иначе папка приложения)
opt-pharmacy = ID аптеки
opt-login = ваш собственный логин
opt-out = файл, в который записать
cmd-report = выгрузить отчёт менеджера за период (PDF, CSV или XLSX)
opt-from = первый день периода
opt-to = последний день периода
opt-format = формат файла
opt-separator = разделитель столбцов CSV (по умолчанию запятая)
opt-bom = начать CSV-файл с метки порядка байтов (для Excel)
report-after = Секрет менеджера запрашивается на терминале или читается из первой строки стандартного ввода.
secret-after = Секрет запрашивается на терминале или читается из первой строки стандартного ввода.
cmd-audit = проверить или выгрузить журнал аудита
cmd-audit-verify = проверить всю цепочку хешей журнала аудита
cmd-audit-export = выгрузить журнал аудита в CSV (входит менеджер)
opt-audit-from = начиная с этого дня
opt-audit-to = по этот день
opt-action = только это действие (sign_in, lookup, dispense, export, …)
opt-actor = только действия этого логина
cmd-platform = OAuth-клиент аптеки на национальной платформе, хранится в связке ключей
cmd-platform-set = сохранить клиента для адреса платформы
cmd-platform-show = показать клиента, сохранённого для адреса
cmd-platform-forget = забыть клиента, сохранённого для адреса
opt-client-id = ID, выданный аптеке платформой
opt-public = публичный клиент, без секрета
opt-endpoint = адрес платформы (иначе DORIXONA_ENDPOINT, иначе адрес кассы)
platform-after = Секрет клиента запрашивается на терминале или читается из первой строки стандартного ввода.
cmd-doctor = проверить кассу и сказать, что делать с каждой проблемой
opt-doctor-report = также записать результаты в ФАЙЛ для поддержки (без секретов и персональных данных)
cmd-backup = записать зашифрованную резервную копию локальной базы
opt-backup-to = папка (иначе указанная в настройках кассы)
cmd-backup-passphrase = задать парольную фразу, которой шифруются резервные копии (входит администратор)
passphrase-after = Секрет и новая парольная фраза запрашиваются на терминале или читаются из стандартного ввода, по одной в строке.
opt-restore-login = логин менеджера или администратора
opt-restore-pharmacy = его аптека (иначе аптека резервной копии)
restore-after = Сначала закройте Dorixona. Парольная фраза и секрет запрашиваются на терминале или читаются из стандартного ввода, по одному в строке. Неотправленные записи очереди отправки переносятся.
cmd-restore = восстановить локальную базу из резервной копии
opt-restore-from = файл резервной копии

## The counter's errors, after their [CODE].
error-unauthenticated = неверные аптека, логин или секрет, либо этот сотрудник ещё не входил на этой кассе при наличии связи (войдите один раз в приложении)
error-forbidden = { $permission ->
    [manage] это может делать только менеджер
    [administer] это может делать только администратор
    [dispense] это может делать только фармацевт
   *[other] вашей роли это не разрешено
}; вы вошли как { $role ->
    [pharmacist] фармацевт
    [manager] менеджер
    [nurse] медсестра
    [registrar] регистратор
    [administrator] администратор
   *[other] { $role }
}
error-too-many-attempts = слишком много неверных секретов: подождите несколько минут и попробуйте снова
error-storage = { $problem ->
    [disk_full] диск заполнен: освободите место и попробуйте снова
    [locked] база занята (её держит приложение или другая команда): закройте его и попробуйте снова
    [corrupt] локальная база повреждена: восстановите её из резервной копии (dorixona restore) или обратитесь в поддержку
    [too_new] локальную базу записала более новая версия Dorixona: обновите эту
    [no_keyring] ключ базы не хранится ни в одной связке ключей: запустите команду в рабочем сеансе пользователя кассы или задайте DORIXONA_DB_KEY_FILE
   *[other] локальной базой не удалось воспользоваться: запустите dorixona doctor
}
error-network = центральная система недоступна: проверьте сеть и попробуйте снова
error-service-unavailable = центральная система временно недоступна: попробуйте позже
error-protocol = центральная система ответила тем, чего эта версия не понимает: запустите dorixona doctor
error-setting = настройка { $setting } неверна: проверьте её с помощью dorixona doctor
error-machine-config = конфигурацию компьютера нельзя использовать ({ $reason }): файл исправляет установщик
error-other = касса не смогла это сделать; код подскажет поддержке, что произошло
audit-break-edited = запись { $row } изменена после записи (её хеш не совпадает с содержимым)
audit-break-out-of-order = запись { $found } стоит на месте записи { $expected }: записи удалены, вставлены или переставлены
audit-break-unlinked = запись { $row } не следует за предыдущей: более раннюю запись подменили
audit-break-truncated = журнал кончается на записи { $rows }, а записано { $kept }: записи удалены с конца
audit-break-rewritten = запись { $row } — не та, что записана как последняя: журнал переписан
audit-break-unrecorded = запись { $row } никогда не записывалась приложением: записи добавлены в обход приложения

## dorixona report
unknown-format = неизвестный формат '{ $value }' (pdf, csv или xlsx)
unknown-separator = неизвестный разделитель '{ $value }' (comma или semicolon)
bad-date = '{ $value }' — не дата (YYYY-MM-DD)

## dorixona audit
audit-intact = журнал аудита цел: { $rows ->
    [one] { $rows } запись
    [few] { $rows } записи
    [many] { $rows } записей
   *[other] { $rows } записи
}
audit-broken = журнал аудита НАРУШЕН: { $problem }

## dorixona platform-client
client-id-required = --client-id обязателен (ID, выданный аптеке платформой)
platform-no-data-dir = нет папки данных; укажите --endpoint URL или --data-dir DIR
no-endpoint = на этой кассе не задан адрес платформы; укажите --endpoint URL
client-kept = клиент платформы { $client } сохранён в хранилище ключей для { $url }; перезапустите Dorixona, чтобы он начал использоваться
client-shown = { $url }: клиент { $client } ({ $public ->
    [yes] публичный, без секрета
   *[no] с секретом
})
client-none = для { $url } клиент платформы не сохранён
client-forgotten = клиент платформы для { $url } удалён
keyring-keep-failed = хранилище ключей не сохранило клиента ({ $error })
keyring-read-failed = не удалось прочитать хранилище ключей ({ $error })
keyring-change-failed = не удалось изменить хранилище ключей ({ $error })
## dorixona doctor: one line a check, then what to do about a problem.
doctor-title = Диагностика Dorixona
doctor-made = составлено { $time } UTC · версия { $version } · { $os }
doctor-summary = { $fail ->
    [0] ошибок нет
    [one] { $fail } ошибка
    [few] { $fail } ошибки
    [many] { $fail } ошибок
   *[other] { $fail } ошибки
}, { $warn ->
    [0] предупреждений нет
    [one] { $warn } предупреждение
    [few] { $warn } предупреждения
    [many] { $warn } предупреждений
   *[other] { $warn } предупреждения
}
doctor-status-ok = ок
doctor-status-warn = внимание
doctor-status-fail = ОШИБКА
doctor-status-skip = пропуск
doctor-check-endpoint = центральная система
doctor-check-tls = TLS
doctor-check-clock = часы
doctor-check-keyring = связка ключей
doctor-check-database = база данных
doctor-check-audit = журнал аудита
doctor-check-disk = диск
doctor-check-outbox = очередь отправки
doctor-check-catalog = справочник лекарств
doctor-check-cameras = камеры
doctor-check-printers = принтеры
doctor-check-version = версия
doctor-endpoint-training = учебный режим: встроенный учебный сервер, в центральную систему ничего не отправляется
doctor-endpoint-invalid = { $url } — недействительный адрес
doctor-endpoint-invalid-advice = заново укажите адрес центральной системы на экране «Настройки» (это делает администратор)
doctor-endpoint-timeout = { $url } не ответил за 5 секунд ({ $reason })
doctor-endpoint-timeout-advice = проверьте сетевой кабель или Wi-Fi и прокси; если другие сайты открываются, обратитесь в поддержку центральной системы
doctor-endpoint-refused = { $url } недоступен ({ $reason })
doctor-endpoint-refused-advice = проверьте сеть, адрес на экране «Настройки» и брандмауэр; пока что записи об отпуске ждут в очереди отправки
doctor-endpoint-unreachable = { $url } недоступен ({ $reason })
doctor-endpoint-unreachable-advice = проверьте сеть, адрес на экране «Настройки» и брандмауэр; пока что записи об отпуске ждут в очереди отправки
doctor-endpoint-server_error = { $url } отвечает ошибкой ({ $status }, { $ms } мс)
doctor-endpoint-server_error-advice = в центральной системе сбой: работайте офлайн и попробуйте позже
doctor-endpoint-reachable = { $url } отвечает за { $ms } мс
doctor-endpoint-unexpected_status = { $url } отвечает кодом { $status } ({ $ms } мс)
doctor-endpoint-unexpected_status-advice = проверьте, что на экране «Настройки» указан адрес именно центральной системы и что адаптер ему соответствует
doctor-tls-training = в учебном режиме не используется
doctor-tls-unreachable = не проверено: центральная система недоступна
doctor-tls-invalid = сертификат сервера не является доверенным ({ $reason })
doctor-tls-invalid-advice = проверьте дату и время на компьютере и убедитесь, что ничто между кассой и сервером (например, прокси) не подменяет сертификат
doctor-tls-plain_local = незашифрованный HTTP к этому компьютеру (локальный сервер)
doctor-tls-plain = незашифрованный HTTP по сети: данные пациентов передаются без шифрования
doctor-tls-plain-advice = используйте адрес центральной системы, начинающийся с https://
doctor-tls-no_certificate = при подключении сервер не предъявил сертификат
doctor-tls-no_certificate-advice = запустите проверку ещё раз; если ничего не изменится, обратитесь в поддержку с этим отчётом
doctor-tls-unreadable = не удалось прочитать сертификат сервера
doctor-tls-unreadable-advice = запустите проверку ещё раз; если ничего не изменится, обратитесь в поддержку с этим отчётом
doctor-tls-expired = срок действия сертификата сервера истёк { $until }
doctor-tls-expired-advice = центральная система должна обновить свой сертификат: обратитесь в её поддержку
doctor-tls-expires_soon = срок действия сертификата сервера истекает { $until } (через { $days ->
    [one] { $days } день
    [few] { $days } дня
    [many] { $days } дней
   *[other] { $days } дня
})
doctor-tls-expires_soon-advice = сообщите в поддержку центральной системы до истечения срока
doctor-tls-valid = сертификат действителен до { $until } ({ $days ->
    [one] остался { $days } день
    [few] осталось { $days } дня
    [many] осталось { $days } дней
   *[other] осталось { $days } дня
})
doctor-clock-training = в учебном режиме не проверяется
doctor-clock-unreachable = не проверено: центральная система недоступна
doctor-clock-no_server_time = сервер не сообщил своё время
doctor-clock-in_step = совпадают с часами сервера (разница { $seconds } с)
doctor-clock-skewed = расходятся с часами сервера на { $seconds } с
doctor-clock-skewed-advice = включите автоматическую синхронизацию часов компьютера (NTP); от них зависит время входов и отпуска
doctor-keyring-key_file = ключ базы данных хранится в файле ключа, указанном в DORIXONA_DB_KEY_FILE
doctor-keyring-key_file_missing = файл ключа, указанный в DORIXONA_DB_KEY_FILE, отсутствует
doctor-keyring-key_file_missing-advice = восстановите файл ключа оттуда, где его сохранил установщик; без него базу данных не открыть
doctor-keyring-available = системная связка ключей отвечает
doctor-keyring-unavailable = системная связка ключей не отвечает ({ $reason })
doctor-keyring-unavailable-advice = запускайте Dorixona в рабочем сеансе пользователя кассы: там связка ключей разблокируется при входе
doctor-database-not_created = ещё не создана: эта касса ещё не использовалась
doctor-database-not_created-advice = откройте Dorixona и войдите один раз
doctor-database-cannot_open = базу данных не удаётся открыть ({ $problem })
doctor-database-cannot_open-advice = закройте Dorixona и запустите проверку ещё раз; если ничего не изменится, восстановите последнюю резервную копию (dorixona restore)
doctor-database-damaged = SQLite считает базу данных повреждённой ({ $problems ->
    [one] { $problems } проблема
    [few] { $problems } проблемы
    [many] { $problems } проблем
   *[other] { $problems } проблемы
})
doctor-database-damaged-advice = восстановите последнюю резервную копию (dorixona restore); неотправленные записи в очереди отправки сохранятся
doctor-database-plain = база данных хранится без шифрования
doctor-database-plain-advice = запустите Dorixona один раз при работающей связке ключей: программа зашифрует базу данных
doctor-database-sound = цела и зашифрована ({ $mb } MB)
doctor-database-check_failed = сама проверка завершилась ошибкой
doctor-database-check_failed-advice = запустите проверку ещё раз; если ничего не изменится, обратитесь в поддержку с этим отчётом
doctor-audit-no_database = не проверено: нет базы данных
doctor-audit-intact = цепочка цела ({ $rows ->
    [one] { $rows } запись
    [few] { $rows } записи
    [many] { $rows } записей
   *[other] { $rows } записи
})
doctor-audit-broken = цепочка нарушена на записи { $row }
doctor-audit-broken-advice = ничего не удаляйте: обратитесь к менеджеру аптеки и в поддержку; подробности покажет dorixona audit verify
doctor-audit-unreadable = журнал аудита не удаётся прочитать
doctor-audit-unreadable-advice = запустите dorixona audit verify, чтобы узнать причину
doctor-disk-low = свободно всего { $mb } MB
doctor-disk-low-advice = освободите место на диске: базе данных и резервным копиям нужно место
doctor-disk-free = свободно { $mb } MB
doctor-disk-unknown = объём свободного места неизвестен
doctor-disk-unknown-advice = проверьте свободное место вручную
doctor-outbox-no_database = не проверено: нет базы данных
doctor-outbox-unreadable = очередь отправки не удаётся прочитать
doctor-outbox-unreadable-advice = запустите проверку ещё раз; если ничего не изменится, обратитесь в поддержку с этим отчётом
doctor-outbox-empty = отправки ничего не ждёт
doctor-outbox-pending = { $count ->
    [one] { $count } запись ждёт
    [few] { $count } записи ждут
    [many] { $count } записей ждут
   *[other] { $count } записи ждут
} отправки, самая старая — { $hours } ч
doctor-outbox-pending-advice = восстановите связь с центральной системой; записи должны попадать в неё без задержки
doctor-catalog-no_database = не проверено: нет базы данных
doctor-catalog-unreadable = справочник лекарств не удаётся прочитать
doctor-catalog-unreadable-advice = запустите проверку ещё раз; если ничего не изменится, обратитесь в поддержку с этим отчётом
doctor-catalog-never = ни разу не синхронизировался
doctor-catalog-never-advice = войдите при наличии связи: тогда справочник лекарств будет загружен
doctor-catalog-stale = последняя синхронизация { $date } ({ $days ->
    [one] { $days } день
    [few] { $days } дня
    [many] { $days } дней
   *[other] { $days } дня
} назад)
doctor-catalog-stale-advice = войдите при наличии связи, чтобы обновить справочник лекарств
doctor-catalog-fresh = синхронизирован { $date }
doctor-cameras-none = не найдены
doctor-cameras-none-advice = подключите камеру или сканер; пока что номера можно вводить вручную
doctor-cameras-found = { $count ->
    [one] { $count } устройство
    [few] { $count } устройства
    [many] { $count } устройств
   *[other] { $count } устройства
}: { $names }
doctor-cameras-unknown = не удаётся получить список ({ $reason })
doctor-cameras-unknown-advice = проверьте, что пользователю разрешено пользоваться видеоустройствами (группа video)
doctor-printers-none = не найдены
doctor-printers-none-advice = добавьте принтер чеков в системных настройках принтеров (CUPS); пока что чеки можно сохранять в PDF
doctor-printers-found = { $count ->
    [one] { $count } принтер
    [few] { $count } принтера
    [many] { $count } принтеров
   *[other] { $count } принтера
}: { $names }
doctor-printers-unknown = не удаётся получить список ({ $reason })
doctor-printers-unknown-advice = установите систему печати (CUPS) и добавьте принтер чеков
doctor-version-no_feed = { $version }; источник обновлений не задан
doctor-version-current = { $version }, последняя
doctor-version-update = { $version }; доступна { $latest }
doctor-version-update-advice = обновление устанавливает администратор на экране «Обновления», когда очередь отправки пуста
doctor-version-feed_unknown = { $version }; не удаётся запросить источник обновлений ({ $reason })
doctor-version-feed_unknown-advice = проверьте сеть и адрес обновлений

## dorixona backup / restore
backup-no-folder = папка для резервных копий не задана: укажите --to DIR или попросите администратора выбрать её в настройках
backup-folder-missing = папки для резервных копий { $folder } нет: подключите диск или сетевую папку и повторите
backup-no-passphrase = пароль резервных копий на этой кассе не задан: сначала его задаёт администратор (dorixona backup-passphrase)
backup-written = резервная копия записана: { $path } ({ $dispenses ->
    [one] { $dispenses } выдача
    [few] { $dispenses } выдачи
    [many] { $dispenses } выдач
   *[other] { $dispenses } выдачи
}, { $megabytes } MB)
backup-pruned = { $count ->
    [one] удалена { $count } старая копия
    [few] удалены { $count } старые копии
    [many] удалено { $count } старых копий
   *[other] удалено { $count } старой копии
}: в папке хранится не больше { $keep ->
    [one] { $keep } копии
   *[other] { $keep } копий
} этой кассы
backup-passphrase-prompt = Пароль резервных копий:
backup-passphrase-new = Новый пароль резервных копий (не меньше { $min ->
    [one] { $min } символа
   *[other] { $min } символов
}):
backup-passphrase-again = Тот же пароль ещё раз:
backup-passphrase-differ = пароли не совпадают; ничего не изменено
backup-passphrase-weak = пароль резервных копий должен быть не короче { $min ->
    [one] { $min } символа
   *[other] { $min } символов
}; ничего не изменено
backup-passphrase-set = пароль резервных копий задан: теперь копии шифруются им. Запишите его и храните отдельно от этого компьютера: без него ни одну копию не восстановить на другом
backup-login-required = --login обязателен (логин менеджера или администратора)
backup-pharmacy-required = --pharmacy обязателен (ID аптеки)
restore-about = резервная копия аптеки { $pharmacy }, сделана { $created } в Dorixona { $version } ({ $dispenses ->
    [one] { $dispenses } выдача
    [few] { $dispenses } выдачи
    [many] { $dispenses } выдач
   *[other] { $dispenses } выдачи
})
restore-not-a-backup = этот файл не резервная копия Dorixona
restore-too-new = копия сделана более новой версией Dorixona (формат { $format }): чтобы восстановить её, установите эту версию
restore-damaged = резервная копия повреждена или изменена после записи; ничего не восстановлено: возьмите другую копию
restore-wrong-passphrase = пароль не подходит к этой копии; ничего не восстановлено
restore-other-pharmacy = это копия аптеки { $backup }, а эта касса принадлежит аптеке { $here }; ничего не восстановлено
restore-app-running = база открыта в Dorixona: закройте программу (все окна) и повторите восстановление; ничего не восстановлено
restore-audit-broken = журнал аудита в копии не проходит проверку; ничего не восстановлено: возьмите другую копию
restore-done = восстановлено из резервной копии от { $created }
restore-kept-aside = заменённая база сохранена как { $path }
restore-current-unreadable = заменённую базу не удалось прочитать, поэтому её неотправленные записи перенести нельзя; она сохранена как была
restore-carried = { $count ->
    [one] перенесена { $count } неотправленная запись из очереди отправки
    [few] перенесены { $count } неотправленные записи из очереди отправки
    [many] перенесено { $count } неотправленных записей из очереди отправки
   *[other] перенесено { $count } неотправленной записи из очереди отправки
}
restore-waiting = { $count ->
    [one] { $count } запись ждёт отправки
    [few] { $count } записи ждут отправки
    [many] { $count } записей ждут отправки
   *[other] { $count } записи ждут отправки
}; Dorixona отправит их, когда появится связь
restore-trail-continued = журнал аудита продолжен и цел: { $rows ->
    [one] { $rows } запись
    [few] { $rows } записи
    [many] { $rows } записей
   *[other] { $rows } записи
}, последняя — о восстановлении
restore-trail-from-backup = журнал аудита взят из копии и цел: { $rows ->
    [one] { $rows } запись
    [few] { $rows } записи
    [many] { $rows } записей
   *[other] { $rows } записи
}, последняя — о восстановлении
