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

## dorixona report
report-usage =
    использование: dorixona report --pharmacy ID --login LOGIN --from YYYY-MM-DD --to YYYY-MM-DD --format pdf|csv|xlsx --out FILE [--data-dir DIR] [--separator comma|semicolon] [--bom] [--lang uz|uz-Cyrl|ru|en]
      секрет менеджера запрашивается на терминале или читается из первой строки стандартного ввода
      --lang: язык этих сообщений и документа (иначе язык кассы)
unknown-format = неизвестный формат '{ $value }' (pdf, csv или xlsx)
unknown-separator = неизвестный разделитель '{ $value }' (comma или semicolon)
bad-date = '{ $value }' — не дата (YYYY-MM-DD)

## dorixona audit
audit-usage =
    использование: dorixona audit verify [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
                   dorixona audit export --pharmacy ID --login LOGIN --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action ACTION] [--actor LOGIN] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
audit-what = укажите, что сделать: verify или export
audit-unknown-command = неизвестная команда audit '{ $command }' (verify или export)
audit-not-verify-option = { $option } не является параметром verify
audit-intact = журнал аудита цел: { $rows ->
    [one] { $rows } запись
    [few] { $rows } записи
    [many] { $rows } записей
   *[other] { $rows } записи
}
audit-broken = журнал аудита НАРУШЕН: { $problem }

## dorixona platform-client
platform-usage =
    использование: dorixona platform-client set --client-id ID [--public] [--endpoint URL] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
                   dorixona platform-client show|forget [--endpoint URL] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
      секрет клиента запрашивается на терминале или читается из первой строки стандартного ввода
platform-what = укажите, что сделать: set, show или forget
platform-unknown-command = неизвестная команда platform-client '{ $command }' (set, show или forget)
platform-takes-no = { $command } не принимает --client-id и --public
client-id-required = --client-id обязателен (ID, выданный аптеке платформой)
platform-no-data-dir = нет папки данных; укажите --endpoint URL или --data-dir DIR
settings-unreadable = не удалось прочитать настройки: { $error }
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
