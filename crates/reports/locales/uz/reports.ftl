# The words of printed documents and export headers: Uzbek, Latin script (with the modifier
# letter ʻ U+02BB in oʻ and gʻ).

## How dates are written in documents: the same pattern in every file, with these three
## variables (zero-padded).
date-format = { $day }.{ $month }.{ $year }
page-number = Sahifa { $page } / { $pages }

report-title = Dori berish hisoboti
pharmacy = Dorixona
period = Davr
generated = Tuzilgan vaqti
filters = Saralash
dispenses = Berishlar
items = Qatorlar
packs = Qadoqlar
patients = Bemorlar
quantity = Miqdor
totals = Jami
by-pharmacist = Farmatsevtlar boʻyicha
by-inn = XPN boʻyicha
by-product = Mahsulotlar boʻyicha
by-mode = Rejim boʻyicha
partial = Qisman berishlar
withdrawals = Qaytarib olingan berishlar
conflicts = Ochiq ziddiyatlar
daily = Kunlik hajm (qadoq)
top-inns = Eng koʻp berilgan XPN (qadoq)
lines = Berilgan dorilar
time = Vaqt
date = Sana
prescription = Retsept
pharmacist = Farmatsevt
inn = XPN
product = Mahsulot
product-id = Mahsulot ID
unit = Birlik
batch = Seriya
expiry = Yaroqlilik
mode = Rejim
state = Holat
code = Kod
reason = Sabab
source = Manba
dispense = Berish
patient = Bemor
withdrawn-at = Qaytarilgan
none = Yoʻq
receipt-title = Dori berish cheki
scope-this-counter = faqat shu kassa berishlari
scope-pharmacy = dorixonaning barcha kassalari (markaziy tizim yozuvlari)
# What a pharmacy-wide report covers when some of this counter's dispenses are not confirmed yet.
scope-unconfirmed = { $scope }; { $n } ta shu kassa berishi hali tasdiqlanmagan
confirmed = Tasdiqlangan
covers = Qamrov
withdrawal-title = Berishni qaytarib olish varaqasi
withdrawal-note = Quyidagi berish qaytarib olindi; uning miqdorlari retseptga qaytdi.
marking-codes = Markirovka
paper-log-title = Qogʻoz jurnali
prescriber = Shifokor
facility = Muassasa
id-checked = Hujjat tekshirildi
declaration = Bemor bayonoti
override-by = Ruxsat bergan
signature = Imzo
yes = ha
no = yoʻq
record = Yozuv
online = Onlayn
offline-retry = Keyin yuborilgan
paper = Qogʻozda
summary = Umumiy
value = Qiymat
not-dispensed = Berilmagan dorilar
not-dispensed-line = berilmadi
note = Izoh
received-by = Oluvchi
the-patient = bemorning oʻzi

## Why an item was not dispensed.
reason-out-of-stock = Omborda yoʻq
reason-patient-declined = Bemor rad etdi
reason-clinical = Klinik sabab
reason-suspected-error = Retseptda xato gumoni
reason-other = Boshqa

## Identity documents.
document-passport = pasport
document-id-card = ID-karta
document-birth-certificate = tugʻilganlik haqida guvohnoma
