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

## The grammar's help and complaints (dorixona --help, and every subcommand's).
help-usage = фойдаланиш
help-options = Параметрлар
help-commands = Буйруқлар
help-command-value = БУЙРУҚ
help-help = шу ёрдамни кўрсатиш
help-version = версияни кўрсатиш
see-help = батафсил: { $command } --help
did-you-mean = '{ $name }' демоқчимисиз?
unknown-command = номаълум буйруқ '{ $command }'
which-command = қайси буйруқни бажариш кераклигини айтинг; --help рўйхатини кўрсатади
file-required = ўқиладиган ФАЙЛ мажбурий
given-twice = { $option } икки марта берилган ёки бошқа параметрга зид
not-utf8 = буйруқ қатори UTF-8 матни эмас
extra-value = ортиқча қиймат '{ $value }'
bad-command-line = буйруқ қаторини ўқиб бўлмади; --help га қаранг
no-database = { $path } да ҳали касса маълумотлар базаси йўқ: Dorixona'ни очинг ва бир марта киринг ёки --data-dir DIR ни беринг
no-display = ойнани очиш учун дисплей йўқ (DISPLAY ёки WAYLAND_DISPLAY ўрнатилмаган ёки дисплейга уланиб бўлмайди). Dorixona'ни кассанинг иш столи сеансида ишга туширинг ёки дисплей керак бўлмаган буйруқдан фойдаланинг: dorixona --help
app-about = Dorixona — миллий электрон рецептлар тизими учун дорихона кассаси. Буйруқсиз ойнани очади.
app-after = Ҳар бир буйруқ --help ни ҳам тушунади. Махфий сўзлар терминалда сўралади, буйруқ қаторидан ҳеч қачон олинмайди.
opt-lang = хабарлар ва ҳужжатлар тили (берилмаса, кассанинг тили)
opt-data-dir = кассанинг маълумотлар папкаси (берилмаса, DORIXONA_DATA_DIR, сўнг илованинг ўз папкаси)
opt-pharmacy = дорихона ID рақами
opt-login = ўз логинингиз
opt-out = ёзиладиган файл
cmd-report = давр учун менежер ҳисоботини экспорт қилиш (PDF, CSV ёки XLSX)
opt-from = даврнинг биринчи куни
opt-to = даврнинг охирги куни
opt-format = файл формати
opt-separator = CSV устунлари ажратгичи (одатда вергул)
opt-bom = CSV файлини байт тартиби белгиси билан бошлаш (Excel учун)
report-after = Менежернинг махфий сўзи терминалда сўралади ёки стандарт киришнинг биринчи қаторидан ўқилади.
secret-after = Махфий сўз терминалда сўралади ёки стандарт киришнинг биринчи қаторидан ўқилади.
cmd-audit = аудит журналини текшириш ёки экспорт қилиш
cmd-audit-verify = аудит журналининг бутун хеш занжирини текшириш
cmd-audit-export = аудит журналини CSV га экспорт қилиш (менежер киради)
opt-audit-from = шу кундан бошлаб
opt-audit-to = шу кунгача
opt-action = фақат шу амал (sign_in, lookup, dispense, export, …)
opt-actor = фақат шу логин бажарган амаллар
cmd-platform = дорихонанинг миллий платформадаги OAuth мижози, калитлар омборида сақланади
cmd-platform-set = мижозни платформа манзили учун сақлаш
cmd-platform-show = манзил учун сақланган мижозни кўрсатиш
cmd-platform-forget = манзил учун сақланган мижозни унутиш
opt-client-id = платформа дорихонага берган ID
opt-public = очиқ мижоз, махфий сўзсиз
opt-endpoint = платформа манзили (берилмаса, DORIXONA_ENDPOINT, сўнг кассанинг манзили)
platform-after = Мижознинг махфий сўзи терминалда сўралади ёки стандарт киришнинг биринчи қаторидан ўқилади.
cmd-doctor = кассани текшириш ва ҳар бир муаммо бўйича нима қилишни айтиш
opt-doctor-report = натижаларни қўллаб-қувватлаш хизмати учун ФАЙЛга ҳам ёзиш (махфий сўзларсиз, шахсий маълумотларсиз)
cmd-backup = маҳаллий базанинг шифрланган захира нусхасини ёзиш
opt-backup-to = папка (берилмаса, касса созламаларидаги папка)
cmd-backup-passphrase = захира нусхалар шифрланадиган парол иборасини ўрнатиш (администратор киради)
passphrase-after = Махфий сўз ва янги парол ибораси терминалда сўралади ёки стандарт киришдан ҳар бири бир қаторда ўқилади.
opt-restore-login = менежер ёки администратор логини
opt-restore-pharmacy = унинг дорихонаси (берилмаса, захира нусханинг дорихонаси)
restore-after = Аввал Dorixona'ни ёпинг. Парол ибораси ва махфий сўз терминалда сўралади ёки стандарт киришдан ҳар бири бир қаторда ўқилади. Юбориш навбатидаги юборилмаган ёзувлар кўчирилади.
cmd-restore = маҳаллий базани захира нусхадан тиклаш
opt-restore-from = захира нусха файли

## The counter's errors, after their [CODE].
error-unauthenticated = дорихона, логин ёки махфий сўз нотўғри, ёки бу ходим шу кассага алоқа бор пайтда ҳали кирмаган (иловада бир марта киринг)
error-forbidden = { $permission ->
    [manage] буни фақат менежер қила олади
    [administer] буни фақат администратор қила олади
    [dispense] буни фақат фармацевт қила олади
   *[other] сизнинг ролингизга бунга рухсат йўқ
}; сиз { $role ->
    [pharmacist] фармацевт
    [manager] менежер
    [nurse] ҳамшира
    [registrar] регистратор
    [administrator] администратор
   *[other] { $role }
} сифатида киргансиз
error-too-many-attempts = нотўғри махфий сўз жуда кўп киритилди: бир неча дақиқа кутинг ва қайта уриниб кўринг
error-storage = { $problem ->
    [disk_full] диск тўлган: жой бўшатинг ва қайта уриниб кўринг
    [locked] база банд (уни илова ёки бошқа буйруқ ушлаб турибди): уни ёпинг ва қайта уриниб кўринг
    [corrupt] маҳаллий база шикастланган: уни захира нусхадан тикланг (dorixona restore) ёки қўллаб-қувватлаш хизматига мурожаат қилинг
    [too_new] маҳаллий базани Dorixona'нинг янгироқ версияси ёзган: бу версияни янгиланг
    [no_keyring] база калитини ҳеч бир калитлар омбори сақламайди: буйруқни касса фойдаланувчисининг иш столи сеансида бажаринг ёки DORIXONA_DB_KEY_FILE ни ўрнатинг
   *[other] маҳаллий базадан фойдаланиб бўлмади: dorixona doctor ни ишга туширинг
}
error-network = марказий тизимга уланиб бўлмайди: тармоқни текширинг ва қайта уриниб кўринг
error-service-unavailable = марказий тизим ҳозирча ишламаяпти: кейинроқ уриниб кўринг
error-protocol = марказий тизим бу версия тушунмайдиган жавоб берди: dorixona doctor ни ишга туширинг
error-setting = { $setting } созламаси нотўғри: уни dorixona doctor билан текширинг
error-machine-config = компьютер конфигурациясидан фойдаланиб бўлмайди ({ $reason }): файлни ўрнатувчи тузатади
error-other = касса буни бажара олмади; код қўллаб-қувватлаш хизматига нима бўлганини айтади
audit-break-edited = { $row }-ёзув ёзилгандан кейин ўзгартирилган (унинг хеши мазмунига мос эмас)
audit-break-out-of-order = { $expected }-ёзув ўрнида { $found }-ёзув турибди: ёзувлар ўчирилган, қўшилган ёки жойи алмаштирилган
audit-break-unlinked = { $row }-ёзув олдинги ёзувдан кейин келмайди: аввалги ёзув алмаштирилган
audit-break-truncated = журнал { $rows }-ёзувда тугайди, лекин { $kept } та ёзув ёзилган: охиридан ёзувлар ўчирилган
audit-break-rewritten = { $row }-ёзув охирги деб ёзиб қўйилган ёзув эмас: журнал қайта ёзилган
audit-break-unrecorded = { $row }-ёзувни илова ҳеч қачон ёзмаган: ёзувлар иловани четлаб қўшилган

## dorixona report
unknown-format = номаълум формат '{ $value }' (pdf, csv ёки xlsx)
unknown-separator = номаълум ажратгич '{ $value }' (comma ёки semicolon)
bad-date = '{ $value }' сана эмас (YYYY-MM-DD)

## dorixona audit
audit-intact = аудит журнали бутун: { $rows } та ёзув
audit-broken = аудит журнали БУЗИЛГАН: { $problem }

## dorixona platform-client
client-id-required = --client-id мажбурий (платформа дорихонага берган ID)
platform-no-data-dir = маълумотлар папкаси йўқ; --endpoint URL ёки --data-dir DIR ни беринг
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
## dorixona doctor: one line a check, then what to do about a problem.
doctor-title = Dorixona диагностикаси
doctor-made = { $time } UTC да тузилган · версия { $version } · { $os }
doctor-summary = { $fail ->
    [0] хато йўқ
   *[other] { $fail } та хато
}, { $warn ->
    [0] огоҳлантириш йўқ
   *[other] { $warn } та огоҳлантириш
}
doctor-status-ok = ок
doctor-status-warn = диққат
doctor-status-fail = ХАТО
doctor-status-skip = ўтказилди
doctor-check-endpoint = марказий тизим
doctor-check-tls = TLS
doctor-check-clock = соат
doctor-check-keyring = калитлар омбори
doctor-check-database = маълумотлар базаси
doctor-check-audit = аудит журнали
doctor-check-disk = диск
doctor-check-outbox = юбориш навбати
doctor-check-catalog = дори маълумотномаси
doctor-check-cameras = камералар
doctor-check-printers = принтерлар
doctor-check-version = версия
doctor-endpoint-training = ўқув режими: ички машқ сервери, марказий тизимга ҳеч нарса юборилмайди
doctor-endpoint-invalid = { $url } яроқли манзил эмас
doctor-endpoint-invalid-advice = марказий тизим манзилини «Созламалар» экранида қайтадан киритинг (буни администратор бажаради)
doctor-endpoint-timeout = { $url } 5 сония ичида жавоб бермади ({ $reason })
doctor-endpoint-timeout-advice = тармоқ кабели ёки Wi-Fi ва проксини текширинг; бошқа сайтлар очилса, марказий тизимнинг қўллаб-қувватлаш хизматига қўнғироқ қилинг
doctor-endpoint-refused = { $url } га уланиб бўлмайди ({ $reason })
doctor-endpoint-refused-advice = тармоқни, «Созламалар» экранидаги манзилни ва тармоқлараро экранни текширинг; шу орада бериш ёзувлари юбориш навбатида кутади
doctor-endpoint-unreachable = { $url } га уланиб бўлмайди ({ $reason })
doctor-endpoint-unreachable-advice = тармоқни, «Созламалар» экранидаги манзилни ва тармоқлараро экранни текширинг; шу орада бериш ёзувлари юбориш навбатида кутади
doctor-endpoint-server_error = { $url } хато билан жавоб беради ({ $status }, { $ms } мс)
doctor-endpoint-server_error-advice = марказий тизимда носозлик бор: офлайн ишланг ва кейинроқ қайта уриниб кўринг
doctor-endpoint-reachable = { $url } { $ms } мс да жавоб беради
doctor-endpoint-unexpected_status = { $url } { $status } коди билан жавоб беради ({ $ms } мс)
doctor-endpoint-unexpected_status-advice = «Созламалар» экранидаги манзил марказий тизимники эканини ва адаптер унга мос келишини текширинг
doctor-tls-training = ўқув режимида ишлатилмайди
doctor-tls-unreachable = текширилмади: марказий тизимга уланиб бўлмайди
doctor-tls-invalid = сервер сертификатига ишониб бўлмайди ({ $reason })
doctor-tls-invalid-advice = компьютердаги сана ва вақтни текширинг ҳамда касса билан сервер оралиғидаги ҳеч нарса (масалан, прокси) сертификатни алмаштирмаётганига ишонч ҳосил қилинг
doctor-tls-plain_local = шу компьютерга шифрланмаган HTTP (маҳаллий сервер)
doctor-tls-plain = тармоқ орқали шифрланмаган HTTP: беморлар маълумотлари шифрланмасдан узатилади
doctor-tls-plain-advice = марказий тизимнинг https:// билан бошланадиган манзилидан фойдаланинг
doctor-tls-no_certificate = уланишда сервер сертификат кўрсатмади
doctor-tls-no_certificate-advice = текширувни қайта ишга туширинг; ҳолат ўзгармаса, шу ҳисобот билан қўллаб-қувватлаш хизматига мурожаат қилинг
doctor-tls-unreadable = сервер сертификатини ўқиб бўлмади
doctor-tls-unreadable-advice = текширувни қайта ишга туширинг; ҳолат ўзгармаса, шу ҳисобот билан қўллаб-қувватлаш хизматига мурожаат қилинг
doctor-tls-expired = сервер сертификатининг муддати { $until } да тугаган
doctor-tls-expired-advice = марказий тизим ўз сертификатини янгилаши керак: унинг қўллаб-қувватлаш хизматига қўнғироқ қилинг
doctor-tls-expires_soon = сервер сертификатининг муддати { $until } да тугайди ({ $days } кундан кейин)
doctor-tls-expires_soon-advice = муддати тугашидан олдин марказий тизимнинг қўллаб-қувватлаш хизматига хабар беринг
doctor-tls-valid = сертификат { $until } гача амал қилади ({ $days } кун қолди)
doctor-clock-training = ўқув режимида текширилмайди
doctor-clock-unreachable = текширилмади: марказий тизимга уланиб бўлмайди
doctor-clock-no_server_time = сервер ўз вақтини билдирмади
doctor-clock-in_step = сервер билан мос ({ $seconds } с фарқ)
doctor-clock-skewed = сервер соатидан { $seconds } с фарқ қилади
doctor-clock-skewed-advice = компьютер соатини автоматик синхронланадиган қилиб созланг (NTP); кириш ва бериш вақтлари шунга боғлиқ
doctor-keyring-key_file = маълумотлар базаси калити DORIXONA_DB_KEY_FILE кўрсатган калит файлида
doctor-keyring-key_file_missing = DORIXONA_DB_KEY_FILE кўрсатган калит файли йўқ
doctor-keyring-key_file_missing-advice = калит файлини ўрнатувчи уни сақлаб қўйган жойдан тикланг; усиз маълумотлар базасини очиб бўлмайди
doctor-keyring-available = тизим калитлар омбори жавоб беради
doctor-keyring-unavailable = тизим калитлар омбори жавоб бермаяпти ({ $reason })
doctor-keyring-unavailable-advice = Dorixona'ни касса фойдаланувчисининг иш столи сеансида ишга туширинг: у ерда калитлар омбори тизимга киришда очилади
doctor-database-not_created = ҳали яратилмаган: бу кассадан ҳали фойдаланилмаган
doctor-database-not_created-advice = Dorixona'ни очинг ва бир марта киринг
doctor-database-cannot_open = маълумотлар базасини очиб бўлмайди ({ $problem })
doctor-database-cannot_open-advice = Dorixona'ни ёпинг ва текширувни қайта ишга туширинг; ҳолат ўзгармаса, охирги захира нусхани тикланг (dorixona restore)
doctor-database-damaged = SQLite маълумотлар базасини шикастланган деб топди ({ $problems } та муаммо)
doctor-database-damaged-advice = охирги захира нусхани тикланг (dorixona restore); юбориш навбатидаги юборилмаган ёзувлар сақланиб қолади
doctor-database-plain = маълумотлар базаси шифрланмаган ҳолда сақланади
doctor-database-plain-advice = калитлар омбори ишлаётган пайтда Dorixona'ни бир марта ишга туширинг: дастур маълумотлар базасини шифрлайди
doctor-database-sound = бутун ва шифрланган ({ $mb } MB)
doctor-database-check_failed = текширувнинг ўзи бажарилмади
doctor-database-check_failed-advice = текширувни қайта ишга туширинг; ҳолат ўзгармаса, шу ҳисобот билан қўллаб-қувватлаш хизматига мурожаат қилинг
doctor-audit-no_database = текширилмади: маълумотлар базаси йўқ
doctor-audit-intact = занжир бутун ({ $rows } та ёзув)
doctor-audit-broken = занжир { $row }-ёзувда узилган
doctor-audit-broken-advice = ҳеч нарсани ўчирманг: дорихона менежери ва қўллаб-қувватлаш хизматига қўнғироқ қилинг; dorixona audit verify батафсилроқ айтади
doctor-audit-unreadable = аудит журналини ўқиб бўлмайди
doctor-audit-unreadable-advice = сабабини билиш учун dorixona audit verify ни ишга туширинг
doctor-disk-low = атиги { $mb } MB бўш
doctor-disk-low-advice = дискда жой бўшатинг: маълумотлар базаси ва захира нусхаларга жой керак
doctor-disk-free = { $mb } MB бўш
doctor-disk-unknown = бўш жой ҳажми номаълум
doctor-disk-unknown-advice = бўш жойни қўлда текширинг
doctor-outbox-no_database = текширилмади: маълумотлар базаси йўқ
doctor-outbox-unreadable = юбориш навбатини ўқиб бўлмайди
doctor-outbox-unreadable-advice = текширувни қайта ишга туширинг; ҳолат ўзгармаса, шу ҳисобот билан қўллаб-қувватлаш хизматига мурожаат қилинг
doctor-outbox-empty = юборилишини кутаётган ҳеч нарса йўқ
doctor-outbox-pending = { $count } та ёзув юборилишини кутмоқда, энг эскиси { $hours } соатдан бери
doctor-outbox-pending-advice = марказий тизим билан алоқани тикланг; ёзувлар унга кечиктирилмасдан етиб бориши керак
doctor-catalog-no_database = текширилмади: маълумотлар базаси йўқ
doctor-catalog-unreadable = дори маълумотномасини ўқиб бўлмайди
doctor-catalog-unreadable-advice = текширувни қайта ишга туширинг; ҳолат ўзгармаса, шу ҳисобот билан қўллаб-қувватлаш хизматига мурожаат қилинг
doctor-catalog-never = ҳеч қачон синхронланмаган
doctor-catalog-never-advice = алоқа бор пайтда киринг: шунда дори маълумотномаси юклаб олинади
doctor-catalog-stale = охирги марта { $date } да синхронланган ({ $days } кун олдин)
doctor-catalog-stale-advice = дори маълумотномаси янгиланиши учун алоқа бор пайтда киринг
doctor-catalog-fresh = { $date } да синхронланган
doctor-cameras-none = топилмади
doctor-cameras-none-advice = камера ёки сканерни уланг; шу орада рақамларни қўлда киритиш мумкин
doctor-cameras-found = { $count } та топилди: { $names }
doctor-cameras-unknown = рўйхатини олиб бўлмади ({ $reason })
doctor-cameras-unknown-advice = фойдаланувчига видео қурилмалардан фойдаланишга рухсат борлигини текширинг (video гуруҳи)
doctor-printers-none = топилмади
doctor-printers-none-advice = чек принтерини тизимнинг принтер созламаларида қўшинг (CUPS); шу орада чекларни PDF сифатида сақлаш мумкин
doctor-printers-found = { $count } та топилди: { $names }
doctor-printers-unknown = рўйхатини олиб бўлмади ({ $reason })
doctor-printers-unknown-advice = чоп этиш тизимини (CUPS) ўрнатинг ва чек принтерини қўшинг
doctor-version-no_feed = { $version }; янгиланишлар манбаи созланмаган
doctor-version-current = { $version }, энг сўнгги версия
doctor-version-update = { $version }; { $latest } мавжуд
doctor-version-update-advice = янгиланишни администратор юбориш навбати бўш бўлганда «Янгиланишлар» экранидан ўрнатади
doctor-version-feed_unknown = { $version }; янгиланишлар манбаига сўров юбориб бўлмади ({ $reason })
doctor-version-feed_unknown-advice = тармоқни ва янгиланишлар манзилини текширинг

## dorixona backup / restore
backup-no-folder = захира нусхалар папкаси танланмаган: --to DIR ни беринг ёки администратор уни созламаларда танласин
backup-folder-missing = { $folder } захира нусхалар папкаси топилмади: дискни уланг ёки тармоқ папкасига уланинг ва қайта уриниб кўринг
backup-no-passphrase = бу кассада захира нусхалар пароли ўрнатилмаган: аввал уни администратор ўрнатади (dorixona backup-passphrase)
backup-written = захира нусха ёзилди: { $path } ({ $dispenses } та бериш, { $megabytes } MB)
backup-pruned = { $count } та эскироқ нусха ўчирилди: папкада бу кассанинг энг янги { $keep } та нусхаси сақланади
backup-passphrase-prompt = Захира нусхалар пароли:
backup-passphrase-new = Янги захира нусхалар пароли (камида { $min } та белги):
backup-passphrase-again = Шу паролни яна бир марта:
backup-passphrase-differ = икки парол бир хил эмас; ҳеч нарса ўзгартирилмади
backup-passphrase-weak = захира нусхалар пароли камида { $min } та белгидан иборат бўлиши керак; ҳеч нарса ўзгартирилмади
backup-passphrase-set = захира нусхалар пароли ўрнатилди: бундан буён нусхалар у билан шифрланади. Уни ёзиб қўйинг ва бу компьютердан алоҳида сақланг: усиз ҳеч бир нусхани бошқа компьютерда тиклаб бўлмайди
backup-login-required = --login мажбурий (менежер ёки администраторнинг ўз логини)
backup-pharmacy-required = --pharmacy мажбурий (дорихонанинг ID рақами)
restore-about = { $pharmacy } дорихонасининг захира нусхаси, { $created } да Dorixona { $version } ёзган ({ $dispenses } та бериш)
restore-not-a-backup = бу файл Dorixona захира нусхаси эмас
restore-too-new = нусха Dorixona'нинг янгироқ версиясида ёзилган ({ $format }-формат): уни тиклаш учун ўша версияни ўрнатинг
restore-damaged = захира нусха шикастланган ёки ёзилгандан кейин ўзгартирилган; ҳеч нарса тикланмади: бошқа нусхани олинг
restore-wrong-passphrase = парол бу нусхага мос келмади; ҳеч нарса тикланмади
restore-other-pharmacy = бу { $backup } дорихонасининг нусхаси, бу касса эса { $here } дорихонасиники; ҳеч нарса тикланмади
restore-app-running = маълумотлар базаси Dorixona'да очиқ: дастурни (барча ойналарини) ёпинг ва қайта тикланг; ҳеч нарса тикланмади
restore-audit-broken = нусхадаги аудит журнали текширувдан ўтмади; ҳеч нарса тикланмади: бошқа нусхани олинг
restore-done = { $created } даги захира нусхадан тикланди
restore-kept-aside = алмаштирилган база { $path } сифатида сақлаб қўйилди
restore-current-unreadable = алмаштирилган базани ўқиб бўлмади, шунинг учун ундаги юборилмаган ёзувларни кўчириб бўлмади; у ўз ҳолича сақлаб қўйилди
restore-carried = юбориш навбатидаги { $count } та юборилмаган ёзув кўчирилди
restore-waiting = { $count } та ёзув юборилишини кутмоқда; Dorixona уларни алоқа бўлганда юборади
restore-trail-continued = аудит журнали давом эттирилди ва бутун: { $rows } та ёзув, охиргиси — тиклаш ҳақида
restore-trail-from-backup = аудит журнали нусхадан олинди ва бутун: { $rows } та ёзув, охиргиси — тиклаш ҳақида
