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

## The grammar's help and complaints (dorixona --help, and every subcommand's).
help-usage = foydalanish
help-options = Parametrlar
help-commands = Buyruqlar
help-command-value = BUYRUQ
help-help = shu yordamni koʻrsatish
help-version = versiyani koʻrsatish
see-help = batafsil: { $command } --help
did-you-mean = '{ $name }' demoqchimisiz?
unknown-command = nomaʼlum buyruq '{ $command }'
which-command = qaysi buyruqni bajarish kerakligini ayting; --help roʻyxatini koʻrsatadi
file-required = oʻqiladigan FAYL majburiy
given-twice = { $option } ikki marta berilgan yoki boshqa parametrga zid
not-utf8 = buyruq qatori UTF-8 matni emas
extra-value = ortiqcha qiymat '{ $value }'
bad-command-line = buyruq qatorini oʻqib boʻlmadi; --help ga qarang
no-database = { $path } da hali kassa maʼlumotlar bazasi yoʻq: Dorixonani oching va bir marta kiring yoki --data-dir DIR ni bering
no-display = oynani ochish uchun displey yoʻq (DISPLAY yoki WAYLAND_DISPLAY oʻrnatilmagan yoki displeyga ulanib boʻlmaydi). Dorixonani kassaning ish stoli seansida ishga tushiring yoki displey kerak boʻlmagan buyruqdan foydalaning: dorixona --help
app-about = Dorixona — milliy elektron retseptlar tizimi uchun dorixona kassasi. Buyruqsiz oynani ochadi.
app-after = Har bir buyruq --help ni ham tushunadi. Maxfiy soʻzlar terminalda soʻraladi, buyruq qatoridan hech qachon olinmaydi.
opt-lang = xabarlar va hujjatlar tili (berilmasa, kassaning tili)
opt-data-dir = kassaning maʼlumotlar papkasi (berilmasa, DORIXONA_DATA_DIR, soʻng ilovaning oʻz papkasi)
opt-pharmacy = dorixona ID raqami
opt-login = oʻz loginingiz
opt-out = yoziladigan fayl
cmd-report = davr uchun menejer hisobotini eksport qilish (PDF, CSV yoki XLSX)
opt-from = davrning birinchi kuni
opt-to = davrning oxirgi kuni
opt-format = fayl formati
opt-separator = CSV ustunlari ajratgichi (odatda vergul)
opt-bom = CSV faylini bayt tartibi belgisi bilan boshlash (Excel uchun)
report-after = Menejerning maxfiy soʻzi terminalda soʻraladi yoki standart kirishning birinchi qatoridan oʻqiladi.
secret-after = Maxfiy soʻz terminalda soʻraladi yoki standart kirishning birinchi qatoridan oʻqiladi.
cmd-audit = audit jurnalini tekshirish yoki eksport qilish
cmd-audit-verify = audit jurnalining butun xesh zanjirini tekshirish
cmd-audit-export = audit jurnalini CSV ga eksport qilish (menejer kiradi)
opt-audit-from = shu kundan boshlab
opt-audit-to = shu kungacha
opt-action = faqat shu amal (sign_in, lookup, dispense, export, …)
opt-actor = faqat shu login bajargan amallar
cmd-platform = dorixonaning milliy platformadagi OAuth mijozi, kalitlar omborida saqlanadi
cmd-platform-set = mijozni platforma manzili uchun saqlash
cmd-platform-show = manzil uchun saqlangan mijozni koʻrsatish
cmd-platform-forget = manzil uchun saqlangan mijozni unutish
opt-client-id = platforma dorixonaga bergan ID
opt-public = ochiq mijoz, maxfiy soʻzsiz
opt-endpoint = platforma manzili (berilmasa, DORIXONA_ENDPOINT, soʻng kassaning manzili)
platform-after = Mijozning maxfiy soʻzi terminalda soʻraladi yoki standart kirishning birinchi qatoridan oʻqiladi.
cmd-doctor = kassani tekshirish va har bir muammo boʻyicha nima qilishni aytish
opt-doctor-report = natijalarni qoʻllab-quvvatlash xizmati uchun FAYLga ham yozish (maxfiy soʻzlarsiz, shaxsiy maʼlumotlarsiz)
cmd-backup = mahalliy bazaning shifrlangan zaxira nusxasini yozish
opt-backup-to = papka (berilmasa, kassa sozlamalaridagi papka)
cmd-backup-passphrase = zaxira nusxalar shifrlanadigan parol iborasini oʻrnatish (administrator kiradi)
passphrase-after = Maxfiy soʻz va yangi parol iborasi terminalda soʻraladi yoki standart kirishdan har biri bir qatorda oʻqiladi.
opt-restore-login = menejer yoki administrator logini
opt-restore-pharmacy = uning dorixonasi (berilmasa, zaxira nusxaning dorixonasi)
restore-after = Avval Dorixonani yoping. Parol iborasi va maxfiy soʻz terminalda soʻraladi yoki standart kirishdan har biri bir qatorda oʻqiladi. Yuborish navbatidagi yuborilmagan yozuvlar koʻchiriladi.
cmd-restore = mahalliy bazani zaxira nusxadan tiklash
opt-restore-from = zaxira nusxa fayli

## The counter's errors, after their [CODE].
error-unauthenticated = dorixona, login yoki maxfiy soʻz notoʻgʻri, yoki bu xodim shu kassaga aloqa bor paytda hali kirmagan (ilovada bir marta kiring)
error-forbidden = { $permission ->
    [manage] buni faqat menejer qila oladi
    [administer] buni faqat administrator qila oladi
    [dispense] buni faqat farmatsevt qila oladi
   *[other] sizning rolingizga bunga ruxsat yoʻq
}; siz { $role ->
    [pharmacist] farmatsevt
    [manager] menejer
    [nurse] hamshira
    [registrar] registrator
    [administrator] administrator
   *[other] { $role }
} sifatida kirgansiz
error-too-many-attempts = notoʻgʻri maxfiy soʻz juda koʻp kiritildi: bir necha daqiqa kuting va qayta urinib koʻring
error-storage = { $problem ->
    [disk_full] disk toʻlgan: joy boʻshating va qayta urinib koʻring
    [locked] baza band (uni ilova yoki boshqa buyruq ushlab turibdi): uni yoping va qayta urinib koʻring
    [corrupt] mahalliy baza shikastlangan: uni zaxira nusxadan tiklang (dorixona restore) yoki qoʻllab-quvvatlash xizmatiga murojaat qiling
    [too_new] mahalliy bazani Dorixonaning yangiroq versiyasi yozgan: bu versiyani yangilang
    [no_keyring] baza kalitini hech bir kalitlar ombori saqlamaydi: buyruqni kassa foydalanuvchisining ish stoli seansida bajaring yoki DORIXONA_DB_KEY_FILE ni oʻrnating
   *[other] mahalliy bazadan foydalanib boʻlmadi: dorixona doctor ni ishga tushiring
}
error-network = markaziy tizimga ulanib boʻlmaydi: tarmoqni tekshiring va qayta urinib koʻring
error-service-unavailable = markaziy tizim hozircha ishlamayapti: keyinroq urinib koʻring
error-protocol = markaziy tizim bu versiya tushunmaydigan javob berdi: dorixona doctor ni ishga tushiring
error-setting = { $setting } sozlamasi notoʻgʻri: uni dorixona doctor bilan tekshiring
error-machine-config = kompyuter konfiguratsiyasidan foydalanib boʻlmaydi ({ $reason }): faylni oʻrnatuvchi tuzatadi
error-other = kassa buni bajara olmadi; kod qoʻllab-quvvatlash xizmatiga nima boʻlganini aytadi
audit-break-edited = { $row }-yozuv yozilgandan keyin oʻzgartirilgan (uning xeshi mazmuniga mos emas)
audit-break-out-of-order = { $expected }-yozuv oʻrnida { $found }-yozuv turibdi: yozuvlar oʻchirilgan, qoʻshilgan yoki joyi almashtirilgan
audit-break-unlinked = { $row }-yozuv oldingi yozuvdan keyin kelmaydi: avvalgi yozuv almashtirilgan
audit-break-truncated = jurnal { $rows }-yozuvda tugaydi, lekin { $kept } ta yozuv yozilgan: oxiridan yozuvlar oʻchirilgan
audit-break-rewritten = { $row }-yozuv oxirgi deb yozib qoʻyilgan yozuv emas: jurnal qayta yozilgan
audit-break-unrecorded = { $row }-yozuvni ilova hech qachon yozmagan: yozuvlar ilovani chetlab qoʻshilgan

## dorixona report
unknown-format = nomaʼlum format '{ $value }' (pdf, csv yoki xlsx)
unknown-separator = nomaʼlum ajratgich '{ $value }' (comma yoki semicolon)
bad-date = '{ $value }' sana emas (YYYY-MM-DD)

## dorixona audit
audit-intact = audit jurnali butun: { $rows } ta yozuv
audit-broken = audit jurnali BUZILGAN: { $problem }

## dorixona platform-client
client-id-required = --client-id majburiy (platforma dorixonaga bergan ID)
platform-no-data-dir = maʼlumotlar papkasi yoʻq; --endpoint URL yoki --data-dir DIR ni bering
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
## dorixona doctor: one line a check, then what to do about a problem.
doctor-title = Dorixona diagnostikasi
doctor-made = { $time } UTC da tuzilgan · versiya { $version } · { $os }
doctor-summary = { $fail ->
    [0] xato yoʻq
   *[other] { $fail } ta xato
}, { $warn ->
    [0] ogohlantirish yoʻq
   *[other] { $warn } ta ogohlantirish
}
doctor-status-ok = ok
doctor-status-warn = diqqat
doctor-status-fail = XATO
doctor-status-skip = oʻtkazildi
doctor-check-endpoint = markaziy tizim
doctor-check-tls = TLS
doctor-check-clock = soat
doctor-check-keyring = kalitlar ombori
doctor-check-database = maʼlumotlar bazasi
doctor-check-audit = audit jurnali
doctor-check-disk = disk
doctor-check-outbox = yuborish navbati
doctor-check-catalog = dori maʼlumotnomasi
doctor-check-cameras = kameralar
doctor-check-printers = printerlar
doctor-check-version = versiya
doctor-endpoint-training = oʻquv rejimi: ichki mashq serveri, markaziy tizimga hech narsa yuborilmaydi
doctor-endpoint-invalid = { $url } yaroqli manzil emas
doctor-endpoint-invalid-advice = markaziy tizim manzilini «Sozlamalar» ekranida qaytadan kiriting (buni administrator bajaradi)
doctor-endpoint-timeout = { $url } 5 soniya ichida javob bermadi ({ $reason })
doctor-endpoint-timeout-advice = tarmoq kabeli yoki Wi-Fi va proksini tekshiring; boshqa saytlar ochilsa, markaziy tizimning qoʻllab-quvvatlash xizmatiga qoʻngʻiroq qiling
doctor-endpoint-refused = { $url } ga ulanib boʻlmaydi ({ $reason })
doctor-endpoint-refused-advice = tarmoqni, «Sozlamalar» ekranidagi manzilni va tarmoqlararo ekranni tekshiring; shu orada berish yozuvlari yuborish navbatida kutadi
doctor-endpoint-unreachable = { $url } ga ulanib boʻlmaydi ({ $reason })
doctor-endpoint-unreachable-advice = tarmoqni, «Sozlamalar» ekranidagi manzilni va tarmoqlararo ekranni tekshiring; shu orada berish yozuvlari yuborish navbatida kutadi
doctor-endpoint-server_error = { $url } xato bilan javob beradi ({ $status }, { $ms } ms)
doctor-endpoint-server_error-advice = markaziy tizimda nosozlik bor: oflayn ishlang va keyinroq qayta urinib koʻring
doctor-endpoint-reachable = { $url } { $ms } ms da javob beradi
doctor-endpoint-unexpected_status = { $url } { $status } kodi bilan javob beradi ({ $ms } ms)
doctor-endpoint-unexpected_status-advice = «Sozlamalar» ekranidagi manzil markaziy tizimniki ekanini va adapter unga mos kelishini tekshiring
doctor-tls-training = oʻquv rejimida ishlatilmaydi
doctor-tls-unreachable = tekshirilmadi: markaziy tizimga ulanib boʻlmaydi
doctor-tls-invalid = server sertifikatiga ishonib boʻlmaydi ({ $reason })
doctor-tls-invalid-advice = kompyuterdagi sana va vaqtni tekshiring hamda kassa bilan server oraligʻidagi hech narsa (masalan, proksi) sertifikatni almashtirmayotganiga ishonch hosil qiling
doctor-tls-plain_local = shu kompyuterga shifrlanmagan HTTP (mahalliy server)
doctor-tls-plain = tarmoq orqali shifrlanmagan HTTP: bemorlar maʼlumotlari shifrlanmasdan uzatiladi
doctor-tls-plain-advice = markaziy tizimning https:// bilan boshlanadigan manzilidan foydalaning
doctor-tls-no_certificate = ulanishda server sertifikat koʻrsatmadi
doctor-tls-no_certificate-advice = tekshiruvni qayta ishga tushiring; holat oʻzgarmasa, shu hisobot bilan qoʻllab-quvvatlash xizmatiga murojaat qiling
doctor-tls-unreadable = server sertifikatini oʻqib boʻlmadi
doctor-tls-unreadable-advice = tekshiruvni qayta ishga tushiring; holat oʻzgarmasa, shu hisobot bilan qoʻllab-quvvatlash xizmatiga murojaat qiling
doctor-tls-expired = server sertifikatining muddati { $until } da tugagan
doctor-tls-expired-advice = markaziy tizim oʻz sertifikatini yangilashi kerak: uning qoʻllab-quvvatlash xizmatiga qoʻngʻiroq qiling
doctor-tls-expires_soon = server sertifikatining muddati { $until } da tugaydi ({ $days } kundan keyin)
doctor-tls-expires_soon-advice = muddati tugashidan oldin markaziy tizimning qoʻllab-quvvatlash xizmatiga xabar bering
doctor-tls-valid = sertifikat { $until } gacha amal qiladi ({ $days } kun qoldi)
doctor-clock-training = oʻquv rejimida tekshirilmaydi
doctor-clock-unreachable = tekshirilmadi: markaziy tizimga ulanib boʻlmaydi
doctor-clock-no_server_time = server oʻz vaqtini bildirmadi
doctor-clock-in_step = server bilan mos ({ $seconds } s farq)
doctor-clock-skewed = server soatidan { $seconds } s farq qiladi
doctor-clock-skewed-advice = kompyuter soatini avtomatik sinxronlanadigan qilib sozlang (NTP); kirish va berish vaqtlari shunga bogʻliq
doctor-keyring-key_file = maʼlumotlar bazasi kaliti DORIXONA_DB_KEY_FILE koʻrsatgan kalit faylida
doctor-keyring-key_file_missing = DORIXONA_DB_KEY_FILE koʻrsatgan kalit fayli yoʻq
doctor-keyring-key_file_missing-advice = kalit faylini oʻrnatuvchi uni saqlab qoʻygan joydan tiklang; usiz maʼlumotlar bazasini ochib boʻlmaydi
doctor-keyring-available = tizim kalitlar ombori javob beradi
doctor-keyring-unavailable = tizim kalitlar ombori javob bermayapti ({ $reason })
doctor-keyring-unavailable-advice = Dorixonani kassa foydalanuvchisining ish stoli seansida ishga tushiring: u yerda kalitlar ombori tizimga kirishda ochiladi
doctor-database-not_created = hali yaratilmagan: bu kassadan hali foydalanilmagan
doctor-database-not_created-advice = Dorixonani oching va bir marta kiring
doctor-database-cannot_open = maʼlumotlar bazasini ochib boʻlmaydi ({ $problem })
doctor-database-cannot_open-advice = Dorixonani yoping va tekshiruvni qayta ishga tushiring; holat oʻzgarmasa, oxirgi zaxira nusxani tiklang (dorixona restore)
doctor-database-damaged = SQLite maʼlumotlar bazasini shikastlangan deb topdi ({ $problems } ta muammo)
doctor-database-damaged-advice = oxirgi zaxira nusxani tiklang (dorixona restore); yuborish navbatidagi yuborilmagan yozuvlar saqlanib qoladi
doctor-database-plain = maʼlumotlar bazasi shifrlanmagan holda saqlanadi
doctor-database-plain-advice = kalitlar ombori ishlayotgan paytda Dorixonani bir marta ishga tushiring: dastur maʼlumotlar bazasini shifrlaydi
doctor-database-sound = butun va shifrlangan ({ $mb } MB)
doctor-database-check_failed = tekshiruvning oʻzi bajarilmadi
doctor-database-check_failed-advice = tekshiruvni qayta ishga tushiring; holat oʻzgarmasa, shu hisobot bilan qoʻllab-quvvatlash xizmatiga murojaat qiling
doctor-audit-no_database = tekshirilmadi: maʼlumotlar bazasi yoʻq
doctor-audit-intact = zanjir butun ({ $rows } ta yozuv)
doctor-audit-broken = zanjir { $row }-yozuvda uzilgan
doctor-audit-broken-advice = hech narsani oʻchirmang: dorixona menejeri va qoʻllab-quvvatlash xizmatiga qoʻngʻiroq qiling; dorixona audit verify batafsilroq aytadi
doctor-audit-unreadable = audit jurnalini oʻqib boʻlmaydi
doctor-audit-unreadable-advice = sababini bilish uchun dorixona audit verify ni ishga tushiring
doctor-disk-low = atigi { $mb } MB boʻsh
doctor-disk-low-advice = diskda joy boʻshating: maʼlumotlar bazasi va zaxira nusxalarga joy kerak
doctor-disk-free = { $mb } MB boʻsh
doctor-disk-unknown = boʻsh joy hajmi nomaʼlum
doctor-disk-unknown-advice = boʻsh joyni qoʻlda tekshiring
doctor-outbox-no_database = tekshirilmadi: maʼlumotlar bazasi yoʻq
doctor-outbox-unreadable = yuborish navbatini oʻqib boʻlmaydi
doctor-outbox-unreadable-advice = tekshiruvni qayta ishga tushiring; holat oʻzgarmasa, shu hisobot bilan qoʻllab-quvvatlash xizmatiga murojaat qiling
doctor-outbox-empty = yuborilishini kutayotgan hech narsa yoʻq
doctor-outbox-pending = { $count } ta yozuv yuborilishini kutmoqda, eng eskisi { $hours } soatdan beri
doctor-outbox-pending-advice = markaziy tizim bilan aloqani tiklang; yozuvlar unga kechiktirilmasdan yetib borishi kerak
doctor-catalog-no_database = tekshirilmadi: maʼlumotlar bazasi yoʻq
doctor-catalog-unreadable = dori maʼlumotnomasini oʻqib boʻlmaydi
doctor-catalog-unreadable-advice = tekshiruvni qayta ishga tushiring; holat oʻzgarmasa, shu hisobot bilan qoʻllab-quvvatlash xizmatiga murojaat qiling
doctor-catalog-never = hech qachon sinxronlanmagan
doctor-catalog-never-advice = aloqa bor paytda kiring: shunda dori maʼlumotnomasi yuklab olinadi
doctor-catalog-stale = oxirgi marta { $date } da sinxronlangan ({ $days } kun oldin)
doctor-catalog-stale-advice = dori maʼlumotnomasi yangilanishi uchun aloqa bor paytda kiring
doctor-catalog-fresh = { $date } da sinxronlangan
doctor-cameras-none = topilmadi
doctor-cameras-none-advice = kamera yoki skanerni ulang; shu orada raqamlarni qoʻlda kiritish mumkin
doctor-cameras-found = { $count } ta topildi: { $names }
doctor-cameras-unknown = roʻyxatini olib boʻlmadi ({ $reason })
doctor-cameras-unknown-advice = foydalanuvchiga video qurilmalardan foydalanishga ruxsat borligini tekshiring (video guruhi)
doctor-printers-none = topilmadi
doctor-printers-none-advice = chek printerini tizimning printer sozlamalarida qoʻshing (CUPS); shu orada cheklarni PDF sifatida saqlash mumkin
doctor-printers-found = { $count } ta topildi: { $names }
doctor-printers-unknown = roʻyxatini olib boʻlmadi ({ $reason })
doctor-printers-unknown-advice = chop etish tizimini (CUPS) oʻrnating va chek printerini qoʻshing
doctor-version-no_feed = { $version }; yangilanishlar manbai sozlanmagan
doctor-version-current = { $version }, eng soʻnggi versiya
doctor-version-update = { $version }; { $latest } mavjud
doctor-version-update-advice = yangilanishni administrator yuborish navbati boʻsh boʻlganda «Yangilanishlar» ekranidan oʻrnatadi
doctor-version-feed_unknown = { $version }; yangilanishlar manbaiga soʻrov yuborib boʻlmadi ({ $reason })
doctor-version-feed_unknown-advice = tarmoqni va yangilanishlar manzilini tekshiring

## dorixona backup / restore
backup-no-folder = zaxira nusxalar papkasi tanlanmagan: --to DIR ni bering yoki administrator uni sozlamalarda tanlasin
backup-folder-missing = { $folder } zaxira nusxalar papkasi topilmadi: diskni ulang yoki tarmoq papkasiga ulaning va qayta urinib koʻring
backup-no-passphrase = bu kassada zaxira nusxalar paroli oʻrnatilmagan: avval uni administrator oʻrnatadi (dorixona backup-passphrase)
backup-written = zaxira nusxa yozildi: { $path } ({ $dispenses } ta berish, { $megabytes } MB)
backup-pruned = { $count } ta eskiroq nusxa oʻchirildi: papkada bu kassaning eng yangi { $keep } ta nusxasi saqlanadi
backup-passphrase-prompt = Zaxira nusxalar paroli:
backup-passphrase-new = Yangi zaxira nusxalar paroli (kamida { $min } ta belgi):
backup-passphrase-again = Shu parolni yana bir marta:
backup-passphrase-differ = ikki parol bir xil emas; hech narsa oʻzgartirilmadi
backup-passphrase-weak = zaxira nusxalar paroli kamida { $min } ta belgidan iborat boʻlishi kerak; hech narsa oʻzgartirilmadi
backup-passphrase-set = zaxira nusxalar paroli oʻrnatildi: bundan buyon nusxalar u bilan shifrlanadi. Uni yozib qoʻying va bu kompyuterdan alohida saqlang: usiz hech bir nusxani boshqa kompyuterda tiklab boʻlmaydi
backup-login-required = --login majburiy (menejer yoki administratorning oʻz logini)
backup-pharmacy-required = --pharmacy majburiy (dorixonaning ID raqami)
restore-about = { $pharmacy } dorixonasining zaxira nusxasi, { $created } da Dorixona { $version } yozgan ({ $dispenses } ta berish)
restore-not-a-backup = bu fayl Dorixona zaxira nusxasi emas
restore-too-new = nusxa Dorixonaning yangiroq versiyasida yozilgan ({ $format }-format): uni tiklash uchun oʻsha versiyani oʻrnating
restore-damaged = zaxira nusxa shikastlangan yoki yozilgandan keyin oʻzgartirilgan; hech narsa tiklanmadi: boshqa nusxani oling
restore-wrong-passphrase = parol bu nusxaga mos kelmadi; hech narsa tiklanmadi
restore-other-pharmacy = bu { $backup } dorixonasining nusxasi, bu kassa esa { $here } dorixonasiniki; hech narsa tiklanmadi
restore-app-running = maʼlumotlar bazasi Dorixonada ochiq: dasturni (barcha oynalarini) yoping va qayta tiklang; hech narsa tiklanmadi
restore-audit-broken = nusxadagi audit jurnali tekshiruvdan oʻtmadi; hech narsa tiklanmadi: boshqa nusxani oling
restore-done = { $created } dagi zaxira nusxadan tiklandi
restore-kept-aside = almashtirilgan baza { $path } sifatida saqlab qoʻyildi
restore-current-unreadable = almashtirilgan bazani oʻqib boʻlmadi, shuning uchun undagi yuborilmagan yozuvlarni koʻchirib boʻlmadi; u oʻz holicha saqlab qoʻyildi
restore-carried = yuborish navbatidagi { $count } ta yuborilmagan yozuv koʻchirildi
restore-waiting = { $count } ta yozuv yuborilishini kutmoqda; Dorixona ularni aloqa boʻlganda yuboradi
restore-trail-continued = audit jurnali davom ettirildi va butun: { $rows } ta yozuv, oxirgisi — tiklash haqida
restore-trail-from-backup = audit jurnali nusxadan olindi va butun: { $rows } ta yozuv, oxirgisi — tiklash haqida
