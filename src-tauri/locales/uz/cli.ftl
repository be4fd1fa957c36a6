# The words of the command line (dorixona report, audit, platform-client): Uzbek, Latin script.
# Option names, commands and placeholders such as FILE stay as typed.

## Shared by the commands.
needs-value = { $option } uchun qiymat kerak
unknown-option = nomaʼlum parametr '{ $option }'
option-required = { $option } majburiy
pharmacy-required = --pharmacy majburiy (menejer dorixonasining ID raqami)
login-required = --login majburiy (menejerning oʻz logini)
secret-refused = { $option } qabul qilinmaydi: buyruq qatoridagi maxfiy soʻzni kompyuterning boshqa foydalanuvchilari koʻrishi mumkin; soʻralganda kiriting yoki standart kirishdan bering
bad-lang = nomaʼlum til '{ $value }' (uz, uz-Cyrl, ru yoki en)
no-data-dir = maʼlumotlar papkasi yoʻq; --data-dir DIR ni bering
secret-prompt = { $login } maxfiy soʻzi:
client-secret-prompt = { $client } mijozining maxfiy soʻzi:
secret-terminal-failed = maxfiy soʻzni terminaldan oʻqib boʻlmadi: { $error }
secret-stdin-failed = maxfiy soʻzni standart kirishdan oʻqib boʻlmadi: { $error }
no-secret = standart kirishda maxfiy soʻz berilmadi
cannot-write = { $path } faylini yozib boʻlmadi: { $error }

## dorixona report
report-usage =
    foydalanish: dorixona report --pharmacy ID --login LOGIN --from YYYY-MM-DD --to YYYY-MM-DD --format pdf|csv|xlsx --out FILE [--data-dir DIR] [--separator comma|semicolon] [--bom] [--lang uz|uz-Cyrl|ru|en]
      menejerning maxfiy soʻzi terminalda soʻraladi yoki standart kirishning birinchi qatoridan oʻqiladi
      --lang: bu xabarlar va hujjat tili (berilmasa, kassaning tili)
unknown-format = nomaʼlum format '{ $value }' (pdf, csv yoki xlsx)
unknown-separator = nomaʼlum ajratgich '{ $value }' (comma yoki semicolon)
bad-date = '{ $value }' sana emas (YYYY-MM-DD)

## dorixona audit
audit-usage =
    foydalanish: dorixona audit verify [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
                 dorixona audit export --pharmacy ID --login LOGIN --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action ACTION] [--actor LOGIN] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
audit-what = nima qilish kerakligini ayting: verify yoki export
audit-unknown-command = nomaʼlum audit buyrugʻi '{ $command }' (verify yoki export)
audit-not-verify-option = { $option } verify parametri emas
audit-intact = audit jurnali butun: { $rows } ta yozuv
audit-broken = audit jurnali BUZILGAN: { $problem }

## dorixona platform-client
platform-usage =
    foydalanish: dorixona platform-client set --client-id ID [--public] [--endpoint URL] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
                 dorixona platform-client show|forget [--endpoint URL] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
      mijozning maxfiy soʻzi terminalda soʻraladi yoki standart kirishning birinchi qatoridan oʻqiladi
platform-what = nima qilish kerakligini ayting: set, show yoki forget
platform-unknown-command = nomaʼlum platform-client buyrugʻi '{ $command }' (set, show yoki forget)
platform-takes-no = { $command } --client-id yoki --public qabul qilmaydi
client-id-required = --client-id majburiy (platforma dorixonaga bergan ID)
platform-no-data-dir = maʼlumotlar papkasi yoʻq; --endpoint URL yoki --data-dir DIR ni bering
settings-unreadable = sozlamalarni oʻqib boʻlmadi: { $error }
no-endpoint = bu kassada platforma manzili oʻrnatilmagan; --endpoint URL ni bering
client-kept = { $client } platforma mijozi { $url } uchun kalitlar omborida saqlandi; undan foydalanish uchun Dorixonani qayta ishga tushiring
client-shown = { $url }: { $client } mijozi ({ $public ->
    [yes] ochiq, maxfiy soʻzsiz
   *[no] maxfiy soʻz bilan
})
client-none = { $url } uchun platforma mijozi saqlanmagan
client-forgotten = { $url } platforma mijozi unutildi
keyring-keep-failed = kalitlar ombori mijozni saqlay olmadi ({ $error })
keyring-read-failed = kalitlar omborini oʻqib boʻlmadi ({ $error })
keyring-change-failed = kalitlar omborini oʻzgartirib boʻlmadi ({ $error })
