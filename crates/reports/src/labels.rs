//! The words of printed documents and export headers in the four languages, read from
//! `locales/<lang>/reports.ftl` (embedded in the program) through a [`Catalog`] loaded once.
//!
//! How documents write numbers and dates:
//! - whole numbers group their thousands as [`Lang::number`] says (`12 345` with a no-break
//!   space in Uzbek and Russian, `12,345` in English);
//! - dates follow each file's `date-format`: `DD.MM.YYYY` in Russian and Uzbek Cyrillic;
//!   `YYYY-MM-DD` in English (unambiguous, unlike `MM/DD`) and in Uzbek Latin, whose printed
//!   documents have used it so far. A time after a date stays `HH:MM`, 24-hour;
//! - XLSX date cells carry the same pattern as their number format;
//! - CSV files keep ISO dates and plain digits in every language ([`crate::csv`]).

use std::borrow::Cow;
use std::sync::OnceLock;

use super::messages::{Arg, Catalog};
use super::model::{ReportMode, ReportScope, ScopeKind};
use super::Lang;
use dmed_api::handover::{
    IdDocumentKind, NotDispensed, NotDispensedReason, Receiver, ReceiverKind,
};

/// The catalog of documents' messages, loaded on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::new(source))
}

/// The `.ftl` text of `lang`.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::Uz => include_str!("../locales/uz/reports.ftl"),
        Lang::UzCyrl => include_str!("../locales/uz-Cyrl/reports.ftl"),
        Lang::Ru => include_str!("../locales/ru/reports.ftl"),
        Lang::En => include_str!("../locales/en/reports.ftl"),
    }
}

/// The message id of a label field: its name with `-` for `_`.
fn message_id(field: &str) -> String {
    field.replace('_', "-")
}

/// The id of a message named after a wire code (`reason-out-of-stock`).
fn coded_id(prefix: &str, code: &str) -> String {
    format!("{prefix}-{}", message_id(code))
}

/// Declares [`Labels`] with one plain label (a message without variables) per field.
macro_rules! labels {
    ($($(#[$doc:meta])* $field:ident,)*) => {
        /// Every label the documents use, in one language.
        #[derive(Debug, Clone)]
        pub struct Labels {
            $($(#[$doc])* pub $field: String,)*
            /// The reasons, in [`NotDispensedReason::ALL`] order.
            pub reasons: [String; 5],
            /// The documents, in [`IdDocumentKind::ALL`] order.
            pub documents: [String; 3],
            lang: Lang,
            /// `date-format` with `YYYY`, `MM` and `DD` for its variables.
            date_pattern: String,
        }

        /// The fields of the plain labels.
        const PLAIN: &[&str] = &[$(stringify!($field)),*];

        impl Labels {
            fn read(lang: Lang, c: &Catalog) -> Labels {
                Labels {
                    $($field: c.text(lang, &message_id(stringify!($field))),)*
                    reasons: NotDispensedReason::ALL
                        .map(|r| c.text(lang, &coded_id("reason", r.code()))),
                    documents: IdDocumentKind::ALL
                        .map(|d| c.text(lang, &coded_id("document", d.code()))),
                    lang,
                    date_pattern: c.format(
                        lang,
                        "date-format",
                        &[("year", "YYYY".into()), ("month", "MM".into()), ("day", "DD".into())],
                    ),
                }
            }
        }
    };
}

labels! {
    report_title,
    pharmacy,
    period,
    generated,
    filters,
    dispenses,
    items,
    packs,
    patients,
    quantity,
    totals,
    by_pharmacist,
    by_inn,
    by_product,
    by_mode,
    partial,
    withdrawals,
    conflicts,
    daily,
    top_inns,
    lines,
    time,
    date,
    prescription,
    pharmacist,
    inn,
    product,
    product_id,
    unit,
    batch,
    expiry,
    mode,
    state,
    code,
    reason,
    source,
    dispense,
    patient,
    withdrawn_at,
    none,
    receipt_title,
    /// What a report made from this counter's own store covers.
    scope_this_counter,
    /// What a report made from the central records covers.
    scope_pharmacy,
    confirmed,
    covers,
    withdrawal_title,
    withdrawal_note,
    marking_codes,
    paper_log_title,
    prescriber,
    facility,
    id_checked,
    declaration,
    override_by,
    signature,
    yes,
    no,
    record,
    online,
    offline_retry,
    paper,
    summary,
    value,
    /// The report's section of items closed without being handed over.
    not_dispensed,
    /// On a receipt line that closed its item.
    not_dispensed_line,
    note,
    received_by,
    the_patient,
}

/// The messages with variables, besides the plain labels.
const WITH_VARIABLES: [&str; 3] = ["date-format", "page-number", "scope-unconfirmed"];

/// Every message id the documents use.
pub fn message_ids() -> Vec<String> {
    PLAIN
        .iter()
        .map(|f| message_id(f))
        .chain(WITH_VARIABLES.iter().map(|id| (*id).to_owned()))
        .chain(
            NotDispensedReason::ALL
                .iter()
                .map(|r| coded_id("reason", r.code())),
        )
        .chain(
            IdDocumentKind::ALL
                .iter()
                .map(|d| coded_id("document", d.code())),
        )
        .collect()
}

/// The labels of `lang`.
pub fn labels(lang: Lang) -> &'static Labels {
    static LABELS: OnceLock<Vec<Labels>> = OnceLock::new();
    let all = LABELS.get_or_init(|| {
        let c = catalog();
        Lang::ALL.iter().map(|&l| Labels::read(l, c)).collect()
    });
    let at = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    &all[at]
}

/// Whether `s` starts with a date written `YYYY-MM-DD`, alone or followed by a space or `T`.
fn iso_date_prefix(s: &str) -> Option<(&str, &str, &str, &str)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shaped = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b.len() == 10 || b[10] == b' ' || b[10] == b'T');
    shaped.then(|| (&s[0..4], &s[5..7], &s[8..10], &s[10..]))
}

impl Labels {
    /// The language of these labels.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// `n` as documents in this language write it.
    pub fn number(&self, n: impl Into<i64>) -> String {
        self.lang.number(n)
    }

    /// A date or date and time stored as `YYYY-MM-DD[ HH:MM]`, with its date written as this
    /// language writes dates; anything else as it is.
    pub fn datetime<'a>(&self, stored: &'a str) -> Cow<'a, str> {
        if self.date_pattern == "YYYY-MM-DD" {
            return Cow::Borrowed(stored);
        }
        match iso_date_prefix(stored) {
            Some((year, month, day, rest)) => {
                let date = self
                    .date_pattern
                    .replace("YYYY", year)
                    .replace("MM", month)
                    .replace("DD", day);
                Cow::Owned(format!("{date}{rest}"))
            }
            None => Cow::Borrowed(stored),
        }
    }

    /// The number format of XLSX date cells (`yyyy-mm-dd`, `dd.mm.yyyy`).
    pub fn excel_date_format(&self) -> String {
        self.date_pattern
            .replace("YYYY", "yyyy")
            .replace("MM", "mm")
            .replace("DD", "dd")
    }

    /// "Page `page` / `pages`", stamped on every page of a long document.
    pub fn page_number(&self, page: usize, pages: usize) -> String {
        catalog().format(
            self.lang,
            "page-number",
            &[("page", page.into()), ("pages", pages.into())],
        )
    }

    /// What a report covers, for its header.
    pub fn scope(&self, scope: &ReportScope) -> String {
        match scope.kind {
            ScopeKind::ThisCounter => self.scope_this_counter.clone(),
            ScopeKind::Pharmacy if scope.unconfirmed > 0 => catalog().format(
                self.lang,
                "scope-unconfirmed",
                &[
                    ("scope", Arg::from(self.scope_pharmacy.as_str())),
                    ("n", scope.unconfirmed.into()),
                ],
            ),
            ScopeKind::Pharmacy => self.scope_pharmacy.clone(),
        }
    }

    /// The name of a not-dispensed reason.
    pub fn reason(&self, reason: NotDispensedReason) -> &str {
        let at = NotDispensedReason::ALL
            .iter()
            .position(|r| *r == reason)
            .unwrap_or(NotDispensedReason::ALL.len() - 1);
        &self.reasons[at]
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
    pub fn document(&self, kind: IdDocumentKind) -> &str {
        let at = IdDocumentKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0);
        &self.documents[at]
    }

    /// Who received the medicine, for a receipt: the patient (with the document checked), or
    /// the representative's name, relation and document with its number masked.
    pub fn receiver(&self, r: &Receiver) -> String {
        let document = r.document.map(|d| self.document(d));
        match r.kind {
            ReceiverKind::Patient => match document {
                Some(d) => format!("{} ({d})", self.the_patient),
                None => self.the_patient.clone(),
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
    pub fn mode(&self, mode: ReportMode) -> &str {
        match mode {
            ReportMode::Online => &self.online,
            ReportMode::OfflineRetry => &self.offline_retry,
            ReportMode::Paper => &self.paper,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{entries, problems};
    use std::collections::BTreeSet;

    #[test]
    fn every_language_parses_and_has_the_same_messages_with_the_same_variables() {
        assert_eq!(problems(source), Vec::<String>::new());
    }

    #[test]
    fn the_files_hold_exactly_the_messages_the_documents_use() {
        let used: BTreeSet<String> = message_ids().into_iter().collect();
        for lang in Lang::ALL {
            let defined: BTreeSet<String> = entries(source(lang)).unwrap().into_keys().collect();
            let missing: Vec<_> = used.difference(&defined).collect();
            let unused: Vec<_> = defined.difference(&used).collect();
            assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
            assert!(unused.is_empty(), "{}: unused {unused:?}", lang.code());
        }
    }

    #[test]
    fn each_language_reads_its_own_words() {
        for (lang, pharmacy, page) in [
            (Lang::Uz, "Dorixona", "Sahifa 2 / 5"),
            (Lang::UzCyrl, "Дорихона", "Саҳифа 2 / 5"),
            (Lang::Ru, "Аптека", "Страница 2 / 5"),
            (Lang::En, "Pharmacy", "Page 2 / 5"),
        ] {
            let l = labels(lang);
            assert_eq!(l.pharmacy, pharmacy);
            assert_eq!(l.page_number(2, 5), page);
            assert_eq!(l.lang(), lang);
        }
        assert_eq!(labels(Lang::UzCyrl).by_product, "Маҳсулотлар бўйича");
        assert_eq!(
            labels(Lang::Ru).reason(NotDispensedReason::OutOfStock),
            "Нет в наличии"
        );
        assert_eq!(
            labels(Lang::UzCyrl).document(IdDocumentKind::BirthCertificate),
            "туғилганлик ҳақида гувоҳнома"
        );
    }

    fn unconfirmed(lang: Lang, n: u32) -> String {
        let scope = ReportScope {
            kind: ScopeKind::Pharmacy,
            unconfirmed: n,
        };
        labels(lang).scope(&scope)
    }

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        let all = "все кассы аптеки (записи центральной системы)";
        for (n, words) in [
            (1, "1 отпуск этой кассы ещё не подтверждён"),
            (2, "2 отпуска этой кассы ещё не подтверждены"),
            (5, "5 отпусков этой кассы ещё не подтверждены"),
            (11, "11 отпусков этой кассы ещё не подтверждены"),
            (21, "21 отпуск этой кассы ещё не подтверждён"),
            (22, "22 отпуска этой кассы ещё не подтверждены"),
            (1001, "1\u{a0}001 отпуск этой кассы ещё не подтверждён"),
        ] {
            assert_eq!(unconfirmed(Lang::Ru, n), format!("{all}; {words}"), "{n}");
        }
        assert!(unconfirmed(Lang::En, 1)
            .ends_with("; 1 of this counter's dispenses is not yet confirmed"));
        assert!(unconfirmed(Lang::En, 1200)
            .ends_with("; 1,200 of this counter's dispenses not yet confirmed"));
        assert!(unconfirmed(Lang::Uz, 3).ends_with("; 3 ta shu kassa berishi hali tasdiqlanmagan"));
        assert!(
            unconfirmed(Lang::UzCyrl, 3).ends_with("; 3 та шу касса бериши ҳали тасдиқланмаган")
        );
        let this_counter = ReportScope {
            kind: ScopeKind::ThisCounter,
            unconfirmed: 4,
        };
        assert_eq!(
            labels(Lang::Ru).scope(&this_counter),
            "только отпуски этой кассы"
        );
    }

    #[test]
    fn dates_are_written_as_the_language_writes_them() {
        let ru = labels(Lang::Ru);
        assert_eq!(ru.datetime("2026-11-20"), "20.11.2026");
        assert_eq!(ru.datetime("2026-11-20 10:30"), "20.11.2026 10:30");
        assert_eq!(labels(Lang::UzCyrl).datetime("2027-03-31"), "31.03.2027");
        assert_eq!(
            labels(Lang::Uz).datetime("2026-11-20 10:30"),
            "20.11.2026 10:30"
        );
        assert_eq!(labels(Lang::En).datetime("2026-11-20"), "2026-11-20");
        for not_a_date in ["", "—", "2026-11", "20.11.2026", "2026-11-20x", "next week"] {
            assert_eq!(ru.datetime(not_a_date), not_a_date);
        }
        assert_eq!(ru.excel_date_format(), "dd.mm.yyyy");
        assert_eq!(labels(Lang::En).excel_date_format(), "yyyy-mm-dd");
    }

    #[test]
    fn reasons_and_receivers_read_as_words_in_every_language() {
        let en = labels(Lang::En);
        assert_eq!(
            en.reason_text("clinical: interaction with warfarin"),
            "Clinical reason: interaction with warfarin"
        );
        assert_eq!(labels(Lang::Uz).reason_text("out_of_stock"), "Omborda yoʻq");
        assert_eq!(
            labels(Lang::UzCyrl).reason_text("out_of_stock"),
            "Омборда йўқ"
        );
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
        assert_eq!(
            labels(Lang::Ru).receiver(&Receiver::patient(Some(IdDocumentKind::Passport))),
            "сам пациент (паспорт)"
        );
    }
}
