//! Uzbek (Latin script) messages: the default language and the source of the key set.
//! `{name}` marks a placeholder; `en.ts` must have the same keys and placeholders.

export const uz = {
  "app.name": "Dorixona",
  "app.loading": "Yuklanmoqda…",
  "app.startFailed": "Dastur ishga tushmadi",
  "app.retry": "Qayta urinish",
  "training.ribbon": "Oʻquv rejimi — haqiqiy retseptlar emas",

  "lang.uz": "Oʻzbekcha",
  "lang.en": "English",

  "role.pharmacist": "Farmatsevt",
  "role.nurse": "Hamshira",
  "role.registrar": "Registrator",
  "role.manager": "Menejer",
  "role.administrator": "Administrator",

  "header.language": "Til",
  "header.settings": "Sozlamalar",
  "header.signOut": "Chiqish",

  "signin.title": "Tizimga kirish",
  "signin.subtitle": "Dorixona kassasi — elektron retseptlar",
  "signin.pharmacy": "Dorixona ID",
  "signin.login": "Login",
  "signin.secret": "Parol",
  "signin.submit": "Kirish",
  "signin.busy": "Tekshirilmoqda…",
  "signin.required": "Barcha maydonlarni toʻldiring.",
  "signin.demoTitle": "Oʻquv rejimi uchun namunaviy hisob",
  "signin.fillDemo": "Toʻldirish",

  "counter.inputLabel": "Retsept raqami, QR kod yoki bemorning PINFL",
  "counter.inputHint": "Skanerlang yoki kiriting va Enter tugmasini bosing.",
  "counter.find": "Qidirish",
  "counter.searching": "Qidirilmoqda…",
  "counter.empty": "Retseptni skanerlang yoki raqamini kiriting.",
  "counter.samples": "Namunaviy retseptlar (oʻquv rejimi)",

  "idcheck.title": "Shaxsni tasdiqlovchi hujjat",
  "idcheck.question": "Bemorning shaxsini tasdiqlovchi hujjatini tekshirdingizmi?",
  "idcheck.explain":
    "PINFL boʻyicha qidirish faqat pasport yoki ID-karta tekshirilgandan keyin mumkin. Bu tasdiq qayd etiladi.",
  "idcheck.confirm": "Ha, tekshirdim",
  "idcheck.cancel": "Bekor qilish",

  "access.title": "Kirish kodi",
  "access.prompt": "Bemordan {number} retseptining 4 xonali kirish kodini soʻrang.",
  "access.label": "4 xonali kod",
  "access.submit": "Ochish",
  "access.cancel": "Bekor qilish",
  "access.invalid": "Kod 4 ta raqamdan iborat boʻlishi kerak.",

  "list.title": "Bemorning faol retseptlari: {count}",
  "list.open": "Ochish",
  "list.items": "Dorilar: {count}",

  "rx.title": "Retsept",
  "rx.kind.acute": "Qisqa muddatli",
  "rx.kind.chronic": "Surunkali",
  "rx.patient": "Bemor",
  "rx.pinfl": "PINFL",
  "rx.birthDate": "Tugʻilgan sana",
  "rx.prescriber": "Shifokor",
  "rx.facility": "Muassasa",
  "rx.diagnosis": "Tashxis (XKT-10)",
  "rx.issued": "Yozilgan sana",
  "rx.validity": "Amal qilish muddati",
  "rx.expiresIn": "{days} kundan keyin tugaydi",
  "rx.expiresToday": "bugun tugaydi",
  "rx.startsIn": "{days} kundan keyin kuchga kiradi",
  "rx.endedAgo": "{days} kun oldin tugagan",
  "rx.heldByOther":
    "Bu retsept boshqa dorixona ({holder}) tomonidan {time} gacha band qilingan. Band muddati tugagach dori berish mumkin.",
  "rx.notDispensable": "Dori berib boʻlmaydi",
  "rx.items": "Dorilar",
  "rx.startDispense": "Dori berish",
  "rx.holding": "Band qilinmoqda…",

  "status.active": "Faol",
  "status.partially_dispensed": "Qisman berilgan",
  "status.completed": "Toʻliq berilgan",
  "status.cancelled": "Bekor qilingan",
  "status.expired": "Muddati oʻtgan",

  "itemStatus.to_dispense": "Berilishi kerak",
  "itemStatus.partial": "Qisman berilgan",
  "itemStatus.dispensed": "Berilgan",
  "itemStatus.not_dispensed": "Berilmagan",
  "itemStatus.cancelled": "Bekor qilingan",
  "itemStatus.expired": "Muddati oʻtgan",

  "item.inn": "Xalqaro nomi",
  "item.form": "Shakli",
  "item.strength": "Dozasi",
  "item.dosage": "Qabul qilish tartibi",
  "item.prescribed": "Yozilgan",
  "item.dispensed": "Berilgan",
  "item.remaining": "Qolgan",
  "item.status": "Holati",

  "dispense.title": "Dori berish",
  "dispense.holdUntil": "Retsept {time} gacha dorixonangiz uchun band qilindi.",
  "dispense.product": "Mahsulot",
  "dispense.chooseProduct": "— mahsulotni tanlang —",
  "dispense.loadingProducts": "Mahsulotlar yuklanmoqda…",
  "dispense.noProducts": "Katalogda {inn} uchun mahsulot yoʻq. Bu dorini oʻtkazib yuboring (miqdor 0).",
  "dispense.quantity": "Miqdori ({unit})",
  "dispense.qtyHint": "Qolgan: {remaining}. 0 — bu dori berilmaydi.",
  "dispense.pack": "qadoqda {size} {unit}",
  "dispense.eRxOnly": "Faqat e-retsept",
  "dispense.submit": "Berishni tasdiqlash",
  "dispense.cancel": "Bekor qilish",
  "dispense.sending": "Yuborilmoqda…",
  "dispense.nothing": "Kamida bitta dori uchun mahsulot va miqdorni kiriting.",

  "line.notWhole": "Butun son kiriting.",
  "line.negative": "Miqdor manfiy boʻlishi mumkin emas.",
  "line.exceeds": "Koʻpi bilan {remaining} {unit} berish mumkin.",
  "line.noProduct": "Mahsulotni tanlang.",

  "result.delivered": "Qabul qilindi — markaziy tizimda qayd etildi.",
  "result.queued": "Saqlandi — aloqa tiklanganda markaziy tizimga yuboriladi.",
  "result.queuedRecorded":
    "Berish shu kassada qayd etildi: uni qayta bermang. Chekni hozir chop etish mumkin.",
  "result.id": "Berish raqami",
  "result.newLookup": "Yangi qidiruv",

  "audit.nav": "Audit jurnali",
  "audit.title": "Audit jurnali",
  "audit.intro": "Bu kassada kim nima qilgani, eng yangisi birinchi. Bemorlar yashirilgan holda koʻrsatiladi. Butun zanjir 'dorixona audit verify' bilan tekshiriladi.",
  "audit.action": "Amal",
  "audit.anyAction": "Har qanday amal",
  "audit.actor": "Login",
  "audit.apply": "Koʻrsatish",
  "audit.empty": "Bu filtrlar boʻyicha hech narsa qayd etilmagan.",
  "audit.when": "Qachon",
  "audit.subject": "Nima haqida",
  "audit.details": "Tafsilotlar",
  "audit.action.sign_in": "Tizimga kirdi",
  "audit.action.sign_in_failed": "Kirish muvaffaqiyatsiz",
  "audit.action.sign_out": "Tizimdan chiqdi",
  "audit.action.session_ended": "Sessiya markazdan yakunlandi",
  "audit.action.lookup": "Qidiruv",
  "audit.action.hold": "Band qilish",
  "audit.action.release": "Band qilish bekor qilindi",
  "audit.action.dispense": "Berish",
  "audit.action.paper_record": "Qogʻoz yozuvi",
  "audit.action.override": "Qogʻoz rejimiga ruxsat",
  "audit.action.conflict_acknowledged": "Ziddiyat tasdiqlandi",
  "audit.action.settings_changed": "Sozlamalar oʻzgartirildi",
  "audit.action.export": "Eksport",
  "settings.adminOnly": "Manzil va kamerani administrator sozlaydi; ularni oʻzgartirish uchun administrator tizimga kirsin.",
  "settings.open": "Sozlamalar",
  "access.readOnly": "Siz bu retseptni koʻra olasiz; berish farmatsevt va menejerlar uchun.",
  "access.noCounter.title": "Qurilmani boshqarish",
  "access.noCounter.body":
    "Administratorlar bu kassani sozlaydi (markaziy manzil, kamera) va bemorlarni koʻrmaydi. Sozlamalarni oching yoki farmatsevt uchun tizimdan chiqing.",
  "settings.title": "Sozlamalar",
  "settings.endpoint": "Markaziy API manzili",
  "settings.endpointHint":
    "Boʻsh qoldirilsa — oʻrnatilgan sinov serveri bilan oʻquv rejimi. Manzil oʻzgarishi dastur qayta ishga tushirilgandan keyin kuchga kiradi.",
  "settings.current": "Hozirgi ulanish: {endpoint}",
  "settings.language": "Til",
  "settings.save": "Saqlash",
  "settings.close": "Yopish",
  "settings.saved": "Saqlandi. Yangi manzil dastur qayta ishga tushirilgandan keyin kuchga kiradi.",

  "field.pinfl": "PINFL",
  "field.prescription_number": "Retsept raqami",
  "field.access_code": "Kirish kodi",
  "field.qr_payload": "QR kod",

  "id.empty": "{field} kiritilmagan. Uni skanerlang yoki kiriting.",
  "id.length.digits":
    "{field} {expected} ta raqamdan iborat boʻlishi kerak, bu yerda {found} ta. Hujjatga qarab qayta kiriting.",
  "id.length.chars":
    "{field} {expected} ta belgidan iborat boʻlishi kerak, bu yerda {found} ta. Hujjatga qarab qayta kiriting.",
  "id.non_digit":
    "{field} faqat raqamlardan iborat boʻlishi kerak: {position}-oʻrinda “{found}” turibdi. Uni tuzatib, qayta kiriting.",
  "id.control_character":
    "{field}: {position}-oʻrinda koʻrinmas boshqaruv belgisi bor. Maydonni tozalab, qayta skanerlang yoki kiriting.",
  "id.invalid_character":
    "{field}: {position}-oʻrindagi “{found}” belgisiga ruxsat yoʻq. Faqat raqamlar va lotin harflarini (A–Z) kiriting.",
  "id.invalid_character.lookalike":
    "{field}: {position}-oʻrindagi “{found}” lotincha “{lookalike}” harfiga oʻxshaydi, lekin boshqa alifbodan. Klaviaturani lotin tiliga oʻtkazib, qayta kiriting.",
  "id.check_character":
    "{field} xato: nazorat belgisi “{expected}” boʻlishi kerak, “{found}” kiritilgan — bitta belgi notoʻgʻri terilgan. Hujjatga qarab qayta kiriting.",
  "id.sex_century":
    "PINFLning birinchi raqami 1 dan 6 gacha boʻlishi kerak, bu yerda “{found}”. Hujjatga qarab qayta kiriting.",
  "id.birth_date": "PINFLdagi tugʻilgan sana ({date}) mavjud emas. Hujjatga qarab qayta kiriting.",
  "id.unknown_qr_format":
    "Bu QR kod DMED retsepti emas. Retseptdagi QR kodni skanerlang yoki raqamini qoʻlda kiriting.",
  "id.unsupported_qr_version":
    "QR kod versiyasi “{found}”; bu dastur faqat 1-versiyani oʻqiydi. Retsept raqamini qoʻlda kiriting.",

  "error.PRESCRIPTION_NOT_FOUND":
    "Bunday retsept topilmadi. Raqamni hujjat bilan solishtiring yoki bemordan QR kodni qayta koʻrsatishini soʻrang.",
  "error.INVALID_IDENTIFIER": "Raqam notoʻgʻri kiritilgan. Tekshirib, qayta kiriting.",
  "error.ACCESS_CODE_MISMATCH": "Kirish kodi mos kelmadi. Bemordan kodni qayta soʻrang va qaytadan kiriting.",
  "error.NOT_YET_VALID":
    "Retsept hali kuchga kirmagan. Dori berib boʻlmaydi; bemorga amal qilish muddati boshlanganda kelishini ayting.",
  "error.EXPIRED":
    "Retseptning amal qilish muddati tugagan. Dori berib boʻlmaydi; bemorni yangi retsept uchun shifokorga yoʻllang.",
  "error.CANCELLED":
    "Retsept shifokor tomonidan bekor qilingan. Dori berib boʻlmaydi; bemorni shifokorga yoʻllang.",
  "error.ALREADY_DISPENSED": "Retsept boʻyicha dorilar toʻliq berilgan. Unga boshqa dori berib boʻlmaydi.",
  "error.HELD_BY_OTHER_PHARMACY":
    "Retsept boshqa dorixona ({holder}) tomonidan {time} gacha band qilingan. Shu vaqtdan keyin qayta urinib koʻring.",
  "error.HELD_BY_OTHER_PHARMACY.plain":
    "Retsept boshqa dorixona tomonidan band qilingan. Band muddati tugagach qayta urinib koʻring.",
  "error.HOLD_EXPIRED": "Retseptni band qilish muddati tugadi. Dori berishni qaytadan boshlang.",
  "error.QUANTITY_EXCEEDED":
    "Miqdor qolgandan koʻp: koʻpi bilan {remaining} berish mumkin. Miqdorni kamaytiring.",
  "error.QUANTITY_EXCEEDED.plain": "Miqdor retseptda qolgandan koʻp. Miqdorni kamaytiring.",
  "error.PRODUCT_INN_MISMATCH":
    "Tanlangan mahsulot ({productInn}) retseptdagi dori ({itemInn}) emas. {itemInn} tarkibli mahsulotni tanlang.",
  "error.PRODUCT_INN_MISMATCH.plain":
    "Tanlangan mahsulot retseptdagi dori emas. Xalqaro nomi mos keladigan mahsulotni tanlang.",
  "error.MARKING_CODE_INVALID":
    "Qadoqdagi markirovka kodi notoʻgʻri. Qadoqni qayta skanerlang yoki boshqa qadoqni oling.",
  "error.MARKING_CODE_RETIRED":
    "Bu qadoq allaqachon sotilgan deb qayd etilgan. Boshqa qadoqni oling va menejerga xabar bering.",
  "error.IDEMPOTENCY_CONFLICT":
    "Bu berish boshqa maʼlumotlar bilan allaqachon yuborilgan. Retseptni qayta oching va qayd etilganini tekshiring.",
  "error.UNAUTHENTICATED": "Login yoki parol notoʻgʻri yoki sessiya tugagan. Qaytadan tizimga kiring.",
  "error.FORBIDDEN":
    "Sizda bu amal uchun ruxsat yoʻq yoki kirish huquqi bekor qilingan. Menejerga murojaat qiling.",
  "error.FORBIDDEN.revoked":
    "DMEDga kirish huquqingiz bekor qilingan, shuning uchun tizimdan chiqarildingiz. Siz qilgan berishlar saqlanadi va yuboriladi; huquqingiz boʻyicha dorixona menejeriga murojaat qiling.",
  "error.FORBIDDEN.permission": "Buni faqat {who} qila oladi. Shunday xodim tizimga kirsin.",
  "error.UNAUTHENTICATED.session":
    "Markaziy tizim sessiyangizni yakunladi (muddati tugagan yoki yopilgan). Davom etish uchun qaytadan kiring.",
  "permission.anyone": "har kim",
  "permission.signed_in": "tizimga kirgan xodim",
  "permission.read": "farmatsevtlar, menejerlar, hamshiralar va registratorlar",
  "permission.dispense": "farmatsevtlar va menejerlar",
  "permission.manage": "menejerlar",
  "permission.administer": "administratorlar",
  "error.SERVICE_UNAVAILABLE":
    "Markaziy tizim vaqtincha ishlamayapti. {seconds} soniyadan keyin qayta urinib koʻring.",
  "error.SERVICE_UNAVAILABLE.plain":
    "Markaziy tizim vaqtincha ishlamayapti. Birozdan keyin qayta urinib koʻring.",
  "error.ID_DOCUMENT_NOT_CHECKED":
    "PINFL boʻyicha qidirish uchun hujjat tekshirilgani tasdiqlanishi kerak. Hujjatni tekshirib, qaytadan qidiring.",
  "error.BAD_REQUEST":
    "Soʻrov notoʻgʻri tuzilgan. Maʼlumotlarni tekshirib, qayta urinib koʻring; takrorlansa, yordam xizmatiga murojaat qiling.",
  "error.NOT_FOUND":
    "Koʻrsatilgan dori yoki mahsulot topilmadi. Retseptni qayta oching va mahsulotni qaytadan tanlang.",
  "error.WITHDRAW_NOT_ALLOWED":
    "Bu berishni qaytarib boʻlmaydi (faqat oxirgisini, 24 soat ichida). Menejerga murojaat qiling.",
  "error.INTERNAL": "Markaziy tizimda kutilmagan xato yuz berdi. Birozdan keyin qayta urinib koʻring.",
  "error.TOO_MANY_ATTEMPTS":
    "Juda koʻp notoʻgʻri urinish: hozircha bloklandi. {minutes} daqiqadan soʻng toʻgʻri parol yoki kirish kodi bilan qayta urinib koʻring.",
  "error.TOO_MANY_ATTEMPTS.plain":
    "Juda koʻp notoʻgʻri urinish: 15 daqiqaga bloklandi. Keyinroq toʻgʻri parol yoki kirish kodi bilan qayta urinib koʻring.",
  "error.NETWORK_UNAVAILABLE":
    "Markaziy tizim bilan aloqa yoʻq. Tarmoqni tekshiring va aloqa tiklangach qayta urinib koʻring.",
  "error.TIMEOUT": "Markaziy tizim oʻz vaqtida javob bermadi. Qayta urinib koʻring.",
  "error.STORAGE_ERROR.no_keyring":
    "Bu kassadagi bemor maʼlumotlari tizim kalitlar omborida saqlanadigan kalit bilan shifrlanadi, ammo ombor mavjud emas. Hech narsa ochiq holda saqlanmaydi, shuning uchun kassa ishga tushmaydi: kalitlar ombori ochilishi uchun ish stoli sessiyasiga kiring yoki oʻrnatuvchidan DORIXONA_DB_KEY_FILE ni sozlashni soʻrang, soʻng Dorixonani qayta ishga tushiring.",
  "error.STORAGE_ERROR":
    "Kompyuterdagi maʼlumotlar bazasida xato (disk toʻla yoki band). Diskda joy borligini tekshiring va dasturni qayta ishga tushiring.",
  "error.NOT_SIGNED_IN": "Tizimga kirilmagan. Avval tizimga kiring.",
  "error.ID_DOCUMENT_CHECK_REQUIRED":
    "PINFL boʻyicha qidirishdan oldin bemorning shaxsini tasdiqlovchi hujjatini tekshiring.",
  "error.ACCESS_CODE_REQUIRED": "Retseptni ochish uchun bemordan 4 xonali kirish kodini soʻrang.",
  "error.E_RX_REQUIRED":
    "Bu mahsulotni faqat elektron retsept boʻyicha sotish mumkin. Bemordan elektron retseptni soʻrang.",
  "error.INVALID_SETTING":
    "Sozlama notoʻgʻri (masalan, API manzili http:// yoki https:// bilan boshlanishi kerak). Tuzatib, qayta saqlang.",
  "error.PROTOCOL_ERROR":
    "Markaziy tizim tushunarsiz javob qaytardi. Qayta urinib koʻring; takrorlansa, yordam xizmatiga murojaat qiling.",
  "error.DISPENSE_NOT_RECORDED":
    "Hech narsa qayd etilmadi: berish oʻz vaqtida tugamadi va saqlanishidan oldin bekor qilindi. Hech narsa yuborilmadi. Qayta berish xavfsiz.",

  // --- reports ---
  "reports.nav": "Hisobotlar",
  "reports.counterNav": "Kassa",
  "reports.title": "Hisobotlar",
  "reports.preset.today": "Bugun",
  "reports.preset.week": "Shu hafta",
  "reports.preset.month": "Shu oy",
  "reports.preset.custom": "Boshqa davr",
  "reports.from": "Dan",
  "reports.to": "Gacha",
  "reports.show": "Koʻrsatish",
  "reports.loading": "Hisobot tayyorlanmoqda…",
  "reports.badRange": "Davr notoʻgʻri: boshlanish sanasi tugash sanasidan keyin.",
  "reports.header": "{pharmacy} · {from} — {to} · {time} da tuzildi",
  "reports.totals.dispenses": "Berishlar",
  "reports.totals.items": "Qatorlar",
  "reports.totals.packs": "Qadoqlar",
  "reports.totals.patients": "Bemorlar",
  "reports.daily": "Kunlik hajm (qadoq)",
  "reports.topInns": "Eng koʻp berilgan XPN (qadoq)",
  "reports.byPharmacist": "Farmatsevtlar boʻyicha",
  "reports.byInn": "XPN boʻyicha",
  "reports.byProduct": "Mahsulotlar boʻyicha",
  "reports.byMode": "Rejim boʻyicha",
  "reports.partial": "Qisman berishlar",
  "reports.withdrawals": "Qaytarib olingan berishlar",
  "reports.conflicts": "Ochiq ziddiyatlar",
  "reports.none": "Yoʻq",
  "reports.col.pharmacist": "Farmatsevt",
  "reports.col.inn": "XPN",
  "reports.col.product": "Mahsulot",
  "reports.col.mode": "Rejim",
  "reports.col.dispenses": "Berishlar",
  "reports.col.items": "Qatorlar",
  "reports.col.quantity": "Miqdor",
  "reports.col.packs": "Qadoqlar",
  "reports.col.time": "Vaqt",
  "reports.col.prescription": "Retsept",
  "reports.col.state": "Holat",
  "reports.col.reason": "Sabab",
  "reports.col.code": "Kod",
  "reports.col.withdrawnAt": "Qaytarilgan",
  "reports.mode.online": "Onlayn",
  "reports.mode.offline_retry": "Keyin yuborilgan",
  "reports.mode.paper": "Qogʻozda",
  "reports.drill.title": "{name}: berishlar",
  "reports.drill.close": "Yopish",
  "reports.drill.hint": "Qator ustiga bosing — uning ortidagi berishlar koʻrinadi.",
  "reports.export.title": "Faylga saqlash",
  "reports.export.pdf": "PDF",
  "reports.export.csv": "CSV",
  "reports.export.xlsx": "Excel (XLSX)",
  "reports.export.separator": "CSV ajratuvchisi",
  "reports.export.comma": "vergul (,)",
  "reports.export.semicolon": "nuqtali vergul (;)",
  "reports.export.bom": "Excel uchun BOM",
  "reports.export.busy": "Saqlanmoqda…",
  "reports.export.saved": "Saqlandi: {path}",
  "reports.export.open": "Ochish / chop etish",
  "reports.receipt.print": "Chekni saqlash va chop etish",
  "reports.receipt.saved": "Chek saqlandi: {path}",

  // --- outage ---
  "outage.offlineSince":
    "{time} dan beri aloqa yoʻq: berishlar shu kompyuterda saqlanadi va aloqa tiklanganda yuboriladi.",
  "outage.backOnline": "Aloqa tiklandi.",
  "outage.outbox.pending": "Yuborilishi kerak: {count}",
  "outage.outbox.empty": "Hammasi yuborildi",
  "outage.outbox.oldest": "eng eskisi {age}",
  "outage.outbox.lastError": "Oxirgi xato: {error}",
  "outage.outbox.sendNow": "Hozir yuborish",
  "outage.outbox.sending": "Yuborilmoqda…",
  "outage.outbox.conflicts": "Ziddiyatlar: {count}",
  "outage.age.seconds": "{n} soniya",
  "outage.age.minutes": "{n} daqiqa",
  "outage.age.hours": "{h} soat {m} daqiqa",
  "outage.age.days": "{d} kun {h} soat",
  "outage.cached": "{time} dagi saqlangan nusxa ({age} oldin): markaziy tizimdan soʻrab boʻlmadi",
  "outage.nav.paper": "Qogʻoz retsept",
  "outage.nav.conflicts": "Ziddiyatlar",
  "outage.nav.back": "Kassaga qaytish",
  "outage.policy.title": "Aloqa uzilganda saqlangan nusxadan berish",
  "outage.policy.intro":
    "Markaziy tizim bilan aloqa boʻlmasa, kassa avval qidirilgan retseptning saqlangan nusxasidan dori berishi mumkin. Bu vaqtda boshqa dorixona uni bergan-bermaganini tekshirib boʻlmaydi: tanlov ikki marta berish xavfi bilan bemorning dorisiz qolishi orasida.",
  "outage.policy.never": "Hech qachon",
  "outage.policy.neverHint":
    "Ikki marta berish xavfi yoʻq. Aloqa uzilganda bemorlarga qogʻoz retsept orqali xizmat koʻrsatiladi yoki ular kutadi.",
  "outage.policy.chronic": "Faqat surunkali retseptlar (tavsiya etiladi)",
  "outage.policy.chronicHint":
    "Uzoq muddat davolanayotgan bemor dorisiz qolmaydi; oʻtkir kasallik retseptlari (masalan, antibiotiklar) qogʻozda rasmiylashtiriladi yoki kutadi. Shu uzilish vaqtida boshqa dorixona ham bersa, surunkali retsept ikki marta berilishi mumkin; menejer buni ziddiyat sifatida koʻradi.",
  "outage.policy.any": "Har qanday saqlangan retsept",
  "outage.policy.anyHint":
    "Saqlangan retsepti bor bemor qaytarilmaydi, lekin uzilish vaqtida istalgan retsept ikki marta berilishi mumkin; har bir bunday holat ziddiyat boʻlib chiqadi.",
  "outage.policy.retention": "Qidirilgan retseptlarni saqlash (kun)",
  "outage.policy.retentionHint": "1 dan 90 kungacha. Eskiroq nusxalar oʻchiriladi.",
  "outage.policy.maxAge": "Faqat shundan yangi nusxalardan berish (soat)",
  "outage.policy.maxAgeHint":
    "1 soatdan saqlash muddatigacha ({max} soat). Nusxa qancha eski boʻlsa, u boshqa joyda oʻzgargan boʻlishi ehtimoli shuncha yuqori.",
  "outage.policy.retentionInvalid": "1 dan 90 gacha butun kun kiriting.",
  "outage.policy.maxAgeInvalid": "1 dan {max} gacha butun soat kiriting.",
  "outage.policy.save": "Qoidani saqlash",
  "outage.policy.saving": "Saqlanmoqda…",
  "outage.policy.saved": "Qoida saqlandi.",
  "outage.policy.readOnly": "Bu qoidani faqat menejer oʻzgartira oladi.",
  "outage.policy.summary":
    "Saqlangan nusxalar {days} kun saqlanadi; {hours} soatdan eski boʻlmagan nusxadan beriladi.",
  "outage.paper.title": "Qogʻoz retsept",
  "outage.paper.intro":
    "Faqat markaziy tizim bilan aloqa boʻlmaganda foydalaning. Yozuv darhol shu yerda saqlanadi va aloqa tiklanganda yuboriladi.",
  "outage.paper.onlineManager":
    "Markaziy tizim bilan aloqa bor. Menejer sifatida sababini koʻrsatib, qogʻozda qayd etishingiz mumkin.",
  "outage.paper.onlineBlocked":
    "Markaziy tizim bilan aloqa bor: onlayn bering. Hozir qogʻoz retseptni faqat menejer qayd eta oladi.",
  "outage.paper.number": "Retsept raqami (qogʻozda boʻlsa)",
  "outage.paper.pinfl": "Bemorning JSHSHIR",
  "outage.paper.prescriber": "Shifokor (F.I.Sh.)",
  "outage.paper.facility": "Muassasa",
  "outage.paper.items": "Dorilar",
  "outage.paper.inn": "XPN",
  "outage.paper.product": "Mahsulot",
  "outage.paper.chooseProduct": "Mahsulotni tanlang",
  "outage.paper.noProducts": "Katalogda bu XPN boʻyicha mahsulot yoʻq",
  "outage.paper.quantity": "Qadoq",
  "outage.paper.batch": "Seriya",
  "outage.paper.marking": "Markirovka kodi (skaner)",
  "outage.paper.addLine": "Dori qoʻshish",
  "outage.paper.removeLine": "Oʻchirish",
  "outage.paper.idChecked": "Bemorning shaxsini tasdiqlovchi hujjatni tekshirdim",
  "outage.paper.declaration": "Bemor bu retsept boshqa joyda berilmaganini bildirdi",
  "outage.paper.reason": "Nega qogʻozda (ixtiyoriy)",
  "outage.paper.overrideReason": "Qogʻozda qayd etish uchun menejerning sababi",
  "outage.paper.save": "Qogʻozdagi berishni saqlash",
  "outage.paper.saving": "Saqlanmoqda…",
  "outage.paper.saved": "{id} raqami bilan saqlandi. Aloqa tiklanganda yuboriladi.",
  "outage.paper.another": "Yana qayd etish",
  "outage.paper.missing": "Toʻldiring: {fields}",
  "outage.paper.log": "Bugungi qogʻoz jurnali",
  "outage.paper.logEmpty": "Bugun qogʻozda berish boʻlmadi.",
  "outage.paper.print": "Kunlik qogʻoz jurnalini chop etish",
  "outage.paper.printed": "Saqlandi: {path}",
  "outage.paper.open": "Ochish / chop etish",
  "outage.paper.state.pending": "Yuborilishini kutmoqda",
  "outage.paper.state.accepted": "Qabul qilindi",
  "outage.paper.state.conflict": "Ziddiyat",
  "outage.conflicts.title": "Hal qilinadigan ziddiyatlar",
  "outage.conflicts.intro":
    "Berib boʻlingandan keyin markaziy tizim rad etgan berishlar va qogʻoz yozuvlari. Har birini tekshiring, nima qilinganini yozing va tasdiqlang.",
  "outage.conflicts.empty": "Ochiq ziddiyat yoʻq.",
  "outage.conflicts.showAll": "Tasdiqlanganlarini ham koʻrsatish",
  "outage.conflicts.source.dispense": "Berish",
  "outage.conflicts.source.paper": "Qogʻoz yozuvi",
  "outage.conflicts.reason": "Markaziy tizim koʻrsatgan sabab",
  "outage.conflicts.note": "Izoh",
  "outage.conflicts.saveNote": "Izohni saqlash",
  "outage.conflicts.acknowledge": "Tasdiqlash",
  "outage.conflicts.acknowledged": "{name} tomonidan {time} da tasdiqlangan",
  "outage.conflicts.noNumber": "retsept raqami yoʻq",
  "outage.dispenseOffline":
    "Aloqa yoʻq: saqlangan nusxadan band qilmasdan berilmoqda. Berish aloqa tiklanganda yuboriladi.",

  // --- scan ---
  "scan.camera.title": "Kamera",
  "scan.state.off": "Kamera oʻchiq",
  "scan.state.starting": "Kamera ishga tushirilmoqda…",
  "scan.state.running": "QR kodni kameraga koʻrsating",
  "scan.state.no_camera":
    "Kamera topilmadi. Kamerani ulang va «Boshlash»ni bosing yoki raqamni yozing, qoʻl skaneridan foydalaning.",
  "scan.state.busy":
    "Kamera band: uni boshqa dastur ishlatmoqda. Oʻsha dasturni yoping va «Boshlash»ni bosing; yozish va qoʻl skanerlari ishlayveradi.",
  "scan.state.permission_denied":
    "Kameraga ruxsat berilmadi. Tizim sozlamalarida ruxsat bering va «Boshlash»ni bosing; yozish va qoʻl skanerlari ishlayveradi.",
  "scan.state.failed": "Kamera toʻxtadi: {detail}. Qayta urinish uchun «Boshlash»ni bosing.",
  "scan.start": "Boshlash",
  "scan.stop": "Toʻxtatish",
  "scan.preview": "Kamera koʻrayotgan tasvir",
  "scan.packIgnored":
    "Bu qadoq kodi edi. Qadoqlarni berishni boshlagandan keyin, berish bosqichida skanerlang.",
  "scan.pack.label": "Qadoqni skanerlang (markirovka kodi)",
  "scan.pack.hint":
    "Qadoqdagi Data Matrix kodini skanerlang: dori, seriya va yaroqlilik muddati toʻldiriladi.",
  "scan.pack.check": "Qadoqni qoʻshish",
  "scan.pack.added": "{name}: …{tail} qadoq qoʻshildi",
  "scan.pack.codes": "Skanerlangan qadoqlar: {count}",
  "scan.refuse.malformed": "Bu qadoq markirovka kodi emas. Qadoqdagi Data Matrix kodini skanerlang.",
  "scan.refuse.unknown_gtin": "Bu qadoqdagi dori katalogda yoʻq. Dorini qoʻlda tanlang.",
  "scan.refuse.inn_mismatch": "Bu qadoqda retseptdagidan boshqa dori ({inn}) bor. Uni bermang.",
  "scan.refuse.expired": "Bu qadoqning yaroqlilik muddati {expiry} da tugagan. Uni bermang.",
  "scan.refuse.duplicate": "Bu qadoq ushbu berishda allaqachon skanerlangan.",
  "scan.settings.camera": "Kamera",
  "scan.settings.cameraDefault": "Topilgan birinchi kamera",
} as const;

export type MessageKey = keyof typeof uz;
