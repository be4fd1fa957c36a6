# The words of the command line (dorixona report, audit, platform-client): Uzbek, Cyrillic
# script. Option names, commands and placeholders such as FILE stay as typed.

## Shared by the commands.
needs-value = { $option } учун қиймат керак
unknown-option = номаълум параметр '{ $option }'
option-required = { $option } мажбурий
pharmacy-required = --pharmacy мажбурий (менежер дорихонасининг ID рақами)
login-required = --login мажбурий (менежернинг ўз логини)
secret-refused = { $option } қабул қилинмайди: буйруқ қаторидаги махфий сўзни компьютернинг бошқа фойдаланувчилари кўриши мумкин; сўралганда киритинг ёки стандарт киришдан беринг
bad-lang = номаълум тил '{ $value }' (uz, uz-Cyrl, ru ёки en)
no-data-dir = маълумотлар папкаси йўқ; --data-dir DIR ни беринг
secret-prompt = { $login } махфий сўзи:
client-secret-prompt = { $client } мижозининг махфий сўзи:
secret-terminal-failed = махфий сўзни терминалдан ўқиб бўлмади: { $error }
secret-stdin-failed = махфий сўзни стандарт киришдан ўқиб бўлмади: { $error }
no-secret = стандарт киришда махфий сўз берилмади
cannot-write = { $path } файлини ёзиб бўлмади: { $error }

## dorixona report
report-usage =
    фойдаланиш: dorixona report --pharmacy ID --login LOGIN --from YYYY-MM-DD --to YYYY-MM-DD --format pdf|csv|xlsx --out FILE [--data-dir DIR] [--separator comma|semicolon] [--bom] [--lang uz|uz-Cyrl|ru|en]
      менежернинг махфий сўзи терминалда сўралади ёки стандарт киришнинг биринчи қаторидан ўқилади
      --lang: бу хабарлар ва ҳужжат тили (берилмаса, кассанинг тили)
unknown-format = номаълум формат '{ $value }' (pdf, csv ёки xlsx)
unknown-separator = номаълум ажратгич '{ $value }' (comma ёки semicolon)
bad-date = '{ $value }' сана эмас (YYYY-MM-DD)

## dorixona audit
audit-usage =
    фойдаланиш: dorixona audit verify [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
                dorixona audit export --pharmacy ID --login LOGIN --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action ACTION] [--actor LOGIN] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
audit-what = нима қилиш кераклигини айтинг: verify ёки export
audit-unknown-command = номаълум аудит буйруғи '{ $command }' (verify ёки export)
audit-not-verify-option = { $option } verify параметри эмас
audit-intact = аудит журнали бутун: { $rows } та ёзув
audit-broken = аудит журнали БУЗИЛГАН: { $problem }

## dorixona platform-client
platform-usage =
    фойдаланиш: dorixona platform-client set --client-id ID [--public] [--endpoint URL] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
                dorixona platform-client show|forget [--endpoint URL] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
      мижознинг махфий сўзи терминалда сўралади ёки стандарт киришнинг биринчи қаторидан ўқилади
platform-what = нима қилиш кераклигини айтинг: set, show ёки forget
platform-unknown-command = номаълум platform-client буйруғи '{ $command }' (set, show ёки forget)
platform-takes-no = { $command } --client-id ёки --public қабул қилмайди
client-id-required = --client-id мажбурий (платформа дорихонага берган ID)
platform-no-data-dir = маълумотлар папкаси йўқ; --endpoint URL ёки --data-dir DIR ни беринг
settings-unreadable = созламаларни ўқиб бўлмади: { $error }
no-endpoint = бу кассада платформа манзили ўрнатилмаган; --endpoint URL ни беринг
client-kept = { $client } платформа мижози { $url } учун калитлар омборида сақланди; ундан фойдаланиш учун Дорихонани қайта ишга туширинг
client-shown = { $url }: { $client } мижози ({ $public ->
    [yes] очиқ, махфий сўзсиз
   *[no] махфий сўз билан
})
client-none = { $url } учун платформа мижози сақланмаган
client-forgotten = { $url } платформа мижози унутилди
keyring-keep-failed = калитлар омбори мижозни сақлай олмади ({ $error })
keyring-read-failed = калитлар омборини ўқиб бўлмади ({ $error })
keyring-change-failed = калитлар омборини ўзгартириб бўлмади ({ $error })
