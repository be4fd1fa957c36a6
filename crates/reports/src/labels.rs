//! The words of printed documents and export headers, in Uzbek (Latin, with the modifier
//! letter ʻ U+02BB in oʻ and gʻ) and English.

use super::model::{ReportMode, ReportScope, ScopeKind};
use super::Lang;
use dmed_api::handover::{
    IdDocumentKind, NotDispensed, NotDispensedReason, Receiver, ReceiverKind,
};

/// Every label the documents use.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub report_title: &'static str,
    pub pharmacy: &'static str,
    pub period: &'static str,
    pub generated: &'static str,
    pub filters: &'static str,
    pub dispenses: &'static str,
    pub items: &'static str,
    pub packs: &'static str,
    pub patients: &'static str,
    pub quantity: &'static str,
    pub totals: &'static str,
    pub by_pharmacist: &'static str,
    pub by_inn: &'static str,
    pub by_product: &'static str,
    pub by_mode: &'static str,
    pub partial: &'static str,
    pub withdrawals: &'static str,
    pub conflicts: &'static str,
    pub daily: &'static str,
    pub top_inns: &'static str,
    pub lines: &'static str,
    pub page: &'static str,
    pub time: &'static str,
    pub date: &'static str,
    pub prescription: &'static str,
    pub pharmacist: &'static str,
    pub inn: &'static str,
    pub product: &'static str,
    pub product_id: &'static str,
    pub unit: &'static str,
    pub batch: &'static str,
    pub expiry: &'static str,
    pub mode: &'static str,
    pub state: &'static str,
    pub code: &'static str,
    pub reason: &'static str,
    pub source: &'static str,
    pub dispense: &'static str,
    pub patient: &'static str,
    pub withdrawn_at: &'static str,
    pub none: &'static str,
    pub receipt_title: &'static str,
    /// What a report made from this counter's own store covers.
    pub scope_this_counter: &'static str,
    /// What a report made from the central records covers.
    pub scope_pharmacy: &'static str,
    /// How many dispenses of this counter are not yet confirmed (after a number).
    pub unconfirmed: &'static str,
    pub confirmed: &'static str,
    pub covers: &'static str,
    pub withdrawal_title: &'static str,
    pub withdrawal_note: &'static str,
    pub marking_codes: &'static str,
    pub paper_log_title: &'static str,
    pub prescriber: &'static str,
    pub facility: &'static str,
    pub id_checked: &'static str,
    pub declaration: &'static str,
    pub override_by: &'static str,
    pub signature: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub record: &'static str,
    pub online: &'static str,
    pub offline_retry: &'static str,
    pub paper: &'static str,
    pub summary: &'static str,
    pub value: &'static str,
    /// The report's section of items closed without being handed over.
    pub not_dispensed: &'static str,
    /// On a receipt line that closed its item.
    pub not_dispensed_line: &'static str,
    pub note: &'static str,
    /// The reasons, in [`NotDispensedReason::ALL`] order.
    pub reasons: [&'static str; 5],
    pub received_by: &'static str,
    pub the_patient: &'static str,
    /// The documents, in [`IdDocumentKind::ALL`] order.
    pub documents: [&'static str; 3],
}

const UZ: Labels = Labels {
    report_title: "Dori berish hisoboti",
    pharmacy: "Dorixona",
    period: "Davr",
    generated: "Tuzilgan vaqti",
    filters: "Saralash",
    dispenses: "Berishlar",
    items: "Qatorlar",
    packs: "Qadoqlar",
    patients: "Bemorlar",
    quantity: "Miqdor",
    totals: "Jami",
    by_pharmacist: "Farmatsevtlar boʻyicha",
    by_inn: "XPN boʻyicha",
    by_product: "Mahsulotlar boʻyicha",
    by_mode: "Rejim boʻyicha",
    partial: "Qisman berishlar",
    withdrawals: "Qaytarib olingan berishlar",
    conflicts: "Ochiq ziddiyatlar",
    daily: "Kunlik hajm (qadoq)",
    top_inns: "Eng koʻp berilgan XPN (qadoq)",
    lines: "Berilgan dorilar",
    page: "Sahifa",
    time: "Vaqt",
    date: "Sana",
    prescription: "Retsept",
    pharmacist: "Farmatsevt",
    inn: "XPN",
    product: "Mahsulot",
    product_id: "Mahsulot ID",
    unit: "Birlik",
    batch: "Seriya",
    expiry: "Yaroqlilik",
    mode: "Rejim",
    state: "Holat",
    code: "Kod",
    reason: "Sabab",
    source: "Manba",
    dispense: "Berish",
    patient: "Bemor",
    withdrawn_at: "Qaytarilgan",
    none: "Yoʻq",
    receipt_title: "Dori berish cheki",
    scope_this_counter: "faqat shu kassa berishlari",
    scope_pharmacy: "dorixonaning barcha kassalari (markaziy tizim yozuvlari)",
    unconfirmed: "ta shu kassa berishi hali tasdiqlanmagan",
    confirmed: "Tasdiqlangan",
    covers: "Qamrov",
    withdrawal_title: "Berishni qaytarib olish varaqasi",
    withdrawal_note: "Quyidagi berish qaytarib olindi; uning miqdorlari retseptga qaytdi.",
    marking_codes: "Markirovka",
    paper_log_title: "Qogʻoz jurnali",
    prescriber: "Shifokor",
    facility: "Muassasa",
    id_checked: "Hujjat tekshirildi",
    declaration: "Bemor bayonoti",
    override_by: "Ruxsat bergan",
    signature: "Imzo",
    yes: "ha",
    no: "yoʻq",
    record: "Yozuv",
    online: "Onlayn",
    offline_retry: "Keyin yuborilgan",
    paper: "Qogʻozda",
    summary: "Umumiy",
    value: "Qiymat",
    not_dispensed: "Berilmagan dorilar",
    not_dispensed_line: "berilmadi",
    note: "Izoh",
    reasons: [
        "Omborda yoʻq",
        "Bemor rad etdi",
        "Klinik sabab",
        "Retseptda xato gumoni",
        "Boshqa",
    ],
    received_by: "Oluvchi",
    the_patient: "bemorning oʻzi",
    documents: ["pasport", "ID-karta", "tugʻilganlik haqida guvohnoma"],
};

const EN: Labels = Labels {
    report_title: "Dispensing report",
    pharmacy: "Pharmacy",
    period: "Period",
    generated: "Generated",
    filters: "Filters",
    dispenses: "Dispenses",
    items: "Items",
    packs: "Packs",
    patients: "Patients",
    quantity: "Quantity",
    totals: "Totals",
    by_pharmacist: "By pharmacist",
    by_inn: "By INN",
    by_product: "By product",
    by_mode: "By mode",
    partial: "Partial dispenses",
    withdrawals: "Withdrawals",
    conflicts: "Open conflicts",
    daily: "Daily volume (packs)",
    top_inns: "Top INNs (packs)",
    lines: "Dispensed items",
    page: "Page",
    time: "Time",
    date: "Date",
    prescription: "Prescription",
    pharmacist: "Pharmacist",
    inn: "INN",
    product: "Product",
    product_id: "Product id",
    unit: "Unit",
    batch: "Batch",
    expiry: "Expiry",
    mode: "Mode",
    state: "State",
    code: "Code",
    reason: "Reason",
    source: "Source",
    dispense: "Dispense",
    patient: "Patient",
    withdrawn_at: "Withdrawn",
    none: "None",
    receipt_title: "Dispense receipt",
    scope_this_counter: "dispenses of this counter only",
    scope_pharmacy: "every counter of the pharmacy (central records)",
    unconfirmed: "of this counter's dispenses not yet confirmed",
    confirmed: "Confirmed",
    covers: "Covers",
    withdrawal_title: "Withdrawal slip",
    withdrawal_note:
        "The dispense below was withdrawn; its quantities went back to the prescription.",
    marking_codes: "Marking",
    paper_log_title: "Paper log",
    prescriber: "Prescriber",
    facility: "Facility",
    id_checked: "ID checked",
    declaration: "Declaration",
    override_by: "Override by",
    signature: "Signature",
    yes: "yes",
    no: "no",
    record: "Record",
    online: "Online",
    offline_retry: "Sent later",
    paper: "Paper",
    summary: "Summary",
    value: "Value",
    not_dispensed: "Not dispensed",
    not_dispensed_line: "not dispensed",
    note: "Note",
    reasons: [
        "Out of stock",
        "Patient declined",
        "Clinical reason",
        "Suspected prescription error",
        "Other",
    ],
    received_by: "Received by",
    the_patient: "the patient",
    documents: ["passport", "ID card", "birth certificate"],
};

/// The labels of `lang`.
pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Uz => &UZ,
        Lang::En => &EN,
    }
}

impl Labels {
    /// What a report covers, for its header.
    pub fn scope(&self, scope: &ReportScope) -> String {
        match scope.kind {
            ScopeKind::ThisCounter => self.scope_this_counter.to_owned(),
            ScopeKind::Pharmacy if scope.unconfirmed > 0 => {
                format!(
                    "{}; {} {}",
                    self.scope_pharmacy, scope.unconfirmed, self.unconfirmed
                )
            }
            ScopeKind::Pharmacy => self.scope_pharmacy.to_owned(),
        }
    }

    /// The name of a not-dispensed reason.
    pub fn reason(&self, reason: NotDispensedReason) -> &'static str {
        let at = NotDispensedReason::ALL
            .iter()
            .position(|r| *r == reason)
            .unwrap_or(NotDispensedReason::ALL.len() - 1);
        self.reasons[at]
    }

    /// A not-dispensed reason as sent (`code: words`), for people: its name and the words.
    pub fn reason_text(&self, wire: &str) -> String {
        match NotDispensed::parse(wire) {
            Ok(nd) => match nd.note {
                Some(note) => format!("{}: {note}", self.reason(nd.reason)),
                None => self.reason(nd.reason).to_owned(),
            },
            Err(_) => wire.to_owned(),
        }
    }

    /// The name of an identity document.
    pub fn document(&self, kind: IdDocumentKind) -> &'static str {
        let at = IdDocumentKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0);
        self.documents[at]
    }

    /// Who received the medicine, for a receipt: the patient (with the document checked), or
    /// the representative's name, relation and document with its number masked.
    pub fn receiver(&self, r: &Receiver) -> String {
        let document = r.document.map(|d| self.document(d));
        match r.kind {
            ReceiverKind::Patient => match document {
                Some(d) => format!("{} ({d})", self.the_patient),
                None => self.the_patient.to_owned(),
            },
            ReceiverKind::Representative => {
                let mut s = format!(
                    "{} ({})",
                    r.full_name.as_deref().unwrap_or_default().trim(),
                    r.relation.as_deref().unwrap_or_default().trim()
                );
                if let Some(d) = document {
                    s.push_str(&format!(", {d}"));
                }
                if let Some(n) = r.masked_document_number() {
                    s.push_str(&format!(" {n}"));
                }
                s
            }
        }
    }

    /// The name of a mode.
    pub fn mode(&self, mode: ReportMode) -> &'static str {
        match mode {
            ReportMode::Online => self.online,
            ReportMode::OfflineRetry => self.offline_retry,
            ReportMode::Paper => self.paper,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_and_receivers_read_as_words_in_both_languages() {
        let en = labels(Lang::En);
        assert_eq!(
            en.reason_text("clinical: interaction with warfarin"),
            "Clinical reason: interaction with warfarin"
        );
        assert_eq!(labels(Lang::Uz).reason_text("out_of_stock"), "Omborda yoʻq");
        assert_eq!(
            en.reason_text("words of an old build"),
            "words of an old build"
        );
        let mother = Receiver {
            kind: ReceiverKind::Representative,
            document: Some(IdDocumentKind::Passport),
            document_number: Some("AA1234567".into()),
            full_name: Some("Karimova Malika".into()),
            relation: Some("mother".into()),
        };
        assert_eq!(
            en.receiver(&mother),
            "Karimova Malika (mother), passport *****4567"
        );
        assert_eq!(
            en.receiver(&Receiver::patient(Some(IdDocumentKind::IdCard))),
            "the patient (ID card)"
        );
    }
}
