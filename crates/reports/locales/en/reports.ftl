# The words of printed documents and export headers: English.

## How dates are written in documents: the same pattern in every file, with these three
## variables (zero-padded).
date-format = { $year }-{ $month }-{ $day }
page-number = Page { $page } / { $pages }

report-title = Dispensing report
pharmacy = Pharmacy
period = Period
generated = Generated
filters = Filters
dispenses = Dispenses
items = Items
packs = Packs
patients = Patients
quantity = Quantity
totals = Totals
by-pharmacist = By pharmacist
by-inn = By INN
by-product = By product
by-mode = By mode
partial = Partial dispenses
withdrawals = Withdrawals
conflicts = Open conflicts
daily = Daily volume (packs)
top-inns = Top INNs (packs)
lines = Dispensed items
time = Time
date = Date
prescription = Prescription
pharmacist = Pharmacist
inn = INN
product = Product
product-id = Product id
unit = Unit
batch = Batch
expiry = Expiry
mode = Mode
state = State
code = Code
reason = Reason
source = Source
dispense = Dispense
patient = Patient
withdrawn-at = Withdrawn
none = None
receipt-title = Dispense receipt
scope-this-counter = dispenses of this counter only
scope-pharmacy = every counter of the pharmacy (central records)
# What a pharmacy-wide report covers when some of this counter's dispenses are not confirmed yet.
scope-unconfirmed = { $scope }; { $n ->
    [one] { $n } of this counter's dispenses is not yet confirmed
   *[other] { $n } of this counter's dispenses not yet confirmed
}
confirmed = Confirmed
covers = Covers
withdrawal-title = Withdrawal slip
withdrawal-note = The dispense below was withdrawn; its quantities went back to the prescription.
marking-codes = Marking
paper-log-title = Paper log
prescriber = Prescriber
facility = Facility
id-checked = ID checked
declaration = Declaration
override-by = Override by
signature = Signature
yes = yes
no = no
record = Record
online = Online
offline-retry = Sent later
paper = Paper
summary = Summary
value = Value
not-dispensed = Not dispensed
not-dispensed-line = not dispensed
note = Note
received-by = Received by
the-patient = the patient

## Why an item was not dispensed.
reason-out-of-stock = Out of stock
reason-patient-declined = Patient declined
reason-clinical = Clinical reason
reason-suspected-error = Suspected prescription error
reason-other = Other

## Identity documents.
document-passport = passport
document-id-card = ID card
document-birth-certificate = birth certificate
