//! The [`Counter`] methods for reports and printed documents, and the headless export the
//! `dorixona report` command uses.

use std::path::Path;

use crate::access::Permission;
use time::{Date, OffsetDateTime};

use super::central;
use super::csv::CsvOptions;
use super::model::{
    DispenseSummary, Drill, PharmacyRef, Report, ReportLine, ReportQuery, DRILL_LIMIT,
};
use super::receipt::ReceiptData;
use super::{local, paper_log, period, receipt, ExportFormat, Lang, ReportError};
use crate::error::CounterError;
use crate::store::Store;
use crate::{Counter, DB_FILE};
use dmed_api::ErrorCode;
use std::sync::Arc;

impl Counter {
    fn manager_pharmacy(&self) -> Result<PharmacyRef, CounterError> {
        let session = self.require(Permission::Manage, "see and export reports")?;
        Ok(PharmacyRef {
            id: session.pharmacy.pharmacy_id,
            name: session.pharmacy.name,
        })
    }

    /// The language of documents printed or exported here: the signed-in person's own, else
    /// the counter's.
    pub(crate) fn document_lang(&self) -> Lang {
        Lang::from_code(&self.language())
    }

    /// The facts of the pharmacy-wide report of `query`, gathered afresh from the central
    /// system; `None` when it cannot be reached (or does not offer the list): then the report is
    /// this counter's own.
    async fn pharmacy_facts(
        &self,
        query: &ReportQuery,
    ) -> Result<Option<central::Gathered>, CounterError> {
        if self.known_offline() {
            return Ok(None);
        }
        let gathered = central::gather(&*self.inner.client, &self.inner.store, query).await;
        match self.watch(gathered).await {
            Ok(g) => Ok(Some(g)),
            Err(e) if e.is_transient() || e.code() == ErrorCode::NotFound => {
                tracing::warn!(code = %e.code(), "the pharmacy's dispenses could not be read; this counter's report instead");
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The report of `query` (signed-in manager only): every counter of the pharmacy, or this
    /// counter only when the central system cannot be reached (its `scope` says which). What
    /// was gathered serves its drill-downs and exports for [`central::REUSE_FOR`].
    pub async fn report(&self, query: &ReportQuery) -> Result<Report, CounterError> {
        let pharmacy = self.manager_pharmacy()?;
        let now = OffsetDateTime::now_utc();
        match self.pharmacy_facts(query).await? {
            Some(g) => {
                let report = reports::summarize(query, pharmacy, &g.facts, g.sections.clone(), now);
                self.inner.recent_reports.put(query, Arc::new(g));
                Ok(report)
            }
            None => local::build_report(&self.inner.store, query, Some(pharmacy), now),
        }
    }

    /// The dispenses behind one row of the report of `query` (signed-in manager only).
    pub async fn report_drill(
        &self,
        query: &ReportQuery,
        row: &Drill,
    ) -> Result<Vec<DispenseSummary>, CounterError> {
        self.manager_pharmacy()?;
        if let Some(g) = self.inner.recent_reports.get(query) {
            return Ok(reports::drill(&g.facts, row, DRILL_LIMIT));
        }
        match self.pharmacy_facts(query).await? {
            Some(g) => {
                let rows = reports::drill(&g.facts, row, DRILL_LIMIT);
                self.inner.recent_reports.put(query, Arc::new(g));
                Ok(rows)
            }
            None => local::drill(&self.inner.store, query, row),
        }
    }

    /// The report of `query` with its lines, for an export: the facts the screen just gathered
    /// (taken: the export consumes them), else gathered afresh, else this counter's own.
    async fn report_with_lines(
        &self,
        query: &ReportQuery,
    ) -> Result<(Report, Vec<ReportLine>), CounterError> {
        let pharmacy = self.manager_pharmacy()?;
        let now = OffsetDateTime::now_utc();
        let gathered = match self.inner.recent_reports.take(query) {
            Some(g) => Some(g),
            None => self.pharmacy_facts(query).await?,
        };
        match gathered {
            Some(g) => Ok(reports::assemble(query, pharmacy, g.facts, g.sections, now)),
            None => local::build_with_lines(&self.inner.store, query, Some(pharmacy), now),
        }
    }

    /// The report of `query` as a file in `format` (signed-in manager only).
    pub async fn export_report(
        &self,
        query: &ReportQuery,
        format: ExportFormat,
        csv: CsvOptions,
    ) -> Result<Vec<u8>, CounterError> {
        let (report, lines) = self.report_with_lines(query).await?;
        let lang = self.document_lang();
        // Rendering 100,000 lines takes seconds: off the runtime's workers.
        let bytes =
            tokio::task::spawn_blocking(move || super::export(&report, lines, format, csv, lang))
                .await
                .map_err(|e| ReportError::Render(format!("the export stopped: {e}")))??;
        self.audit(
            crate::audit::AuditAction::Export,
            "report",
            serde_json::json!({
                "format": format.extension(),
                "from": query.from.to_string(),
                "to": query.to.to_string(),
            }),
        );
        Ok(bytes)
    }

    /// The 80 mm receipt of a dispense recorded on this counter (pharmacists and managers).
    pub fn receipt_pdf(&self, dispense_id: &str) -> Result<Vec<u8>, CounterError> {
        self.require(Permission::Dispense, "print receipts")?;
        receipt_from_store(&self.inner.store, dispense_id, self.document_lang())
    }

    /// The 80 mm withdrawal slip of a dispense withdrawn on this counter (pharmacists and
    /// managers).
    pub fn withdrawal_slip_pdf(&self, dispense_id: &str) -> Result<Vec<u8>, CounterError> {
        self.require(Permission::Dispense, "print withdrawal slips")?;
        withdrawal_slip_from_store(&self.inner.store, dispense_id, self.document_lang())
    }

    /// The printable paper log of the local day `date` (pharmacists and managers).
    pub fn paper_log_pdf(&self, date: Date) -> Result<Vec<u8>, CounterError> {
        let session = self.require(Permission::Dispense, "print the paper log")?;
        let pharmacy = PharmacyRef {
            id: session.pharmacy.pharmacy_id,
            name: session.pharmacy.name,
        };
        paper_log_from_store(&self.inner.store, &pharmacy, date, self.document_lang())
    }
}

/// Renders the report of `query` from `store` (pharmacy: `pharmacy`, else that of the newest
/// dispense).
pub fn export_from_store(
    store: &Store,
    query: &ReportQuery,
    pharmacy: Option<PharmacyRef>,
    format: ExportFormat,
    csv: CsvOptions,
    lang: Lang,
) -> Result<Vec<u8>, CounterError> {
    let (report, lines) =
        local::build_with_lines(store, query, pharmacy, OffsetDateTime::now_utc())?;
    Ok(super::export(&report, lines, format, csv, lang)?)
}

/// What the receipt of `dispense_id` prints, from `store`.
pub(crate) fn receipt_data_from_store(
    store: &Store,
    dispense_id: &str,
) -> Result<ReceiptData, CounterError> {
    let head = store
        .receipt_head(dispense_id)?
        .ok_or_else(|| ReportError::UnknownDispense(dispense_id.to_owned()))?;
    let lines = store.dispense_lines(dispense_id)?;
    Ok(ReceiptData {
        patient_masked: head
            .patient_pinfl
            .as_deref()
            .map(crate::privacy::mask_pinfl),
        head,
        lines,
        withdrawal: None,
    })
}

/// What the withdrawal slip of `dispense_id` prints, from `store`; `NOT_FOUND` when it was not
/// withdrawn.
pub(crate) fn withdrawal_data_from_store(
    store: &Store,
    dispense_id: &str,
) -> Result<ReceiptData, CounterError> {
    let unknown = || ReportError::UnknownDispense(dispense_id.to_owned());
    let withdrawal = store.withdrawal_of(dispense_id)?.ok_or_else(unknown)?;
    let mut data = receipt_data_from_store(store, dispense_id)?;
    data.withdrawal = Some(receipt::Withdrawal {
        at: withdrawal.0,
        reason: withdrawal.1,
    });
    Ok(data)
}

/// The receipt of `dispense_id` from `store`.
pub fn receipt_from_store(
    store: &Store,
    dispense_id: &str,
    lang: Lang,
) -> Result<Vec<u8>, CounterError> {
    let data = receipt_data_from_store(store, dispense_id)?;
    Ok(receipt::render(&data, lang)?)
}

/// The withdrawal slip of `dispense_id` from `store`; `NOT_FOUND` when it was not withdrawn.
pub fn withdrawal_slip_from_store(
    store: &Store,
    dispense_id: &str,
    lang: Lang,
) -> Result<Vec<u8>, CounterError> {
    let data = withdrawal_data_from_store(store, dispense_id)?;
    Ok(receipt::render(&data, lang)?)
}

/// The paper log of `date` from `store`.
pub fn paper_log_from_store(
    store: &Store,
    pharmacy: &PharmacyRef,
    date: Date,
    lang: Lang,
) -> Result<Vec<u8>, CounterError> {
    let (start, end) = local::stored_bounds(date, date)?;
    let rows: Vec<paper_log::PaperLogRow> = store
        .paper_log(&start, &end)?
        .into_iter()
        .map(|r| paper_log::PaperLogRow {
            patient_pinfl: crate::privacy::mask_pinfl(&r.patient_pinfl),
            ..r
        })
        .collect();
    let now = period::local_minute(OffsetDateTime::now_utc());
    Ok(paper_log::render(pharmacy, date, &rows, &now, lang)?)
}

/// Who signs in to a headless command: checked against the verifier kept from their last
/// online sign-in on this counter ([`crate::verifier`]).
#[derive(Debug, Clone)]
pub struct Credentials {
    pub pharmacy_id: String,
    pub login: String,
    pub secret: crate::Sensitive<String>,
}

/// The headless export of `dorixona report`: opens the store in `data_dir` (which must exist:
/// a missing database is an error, not an empty report), signs the manager in with
/// `credentials` (`UNAUTHENTICATED` for a wrong secret, `FORBIDDEN` for another role) and
/// renders `query` in `format`, in the language of the saved settings.
pub fn export_from_data_dir(
    data_dir: &Path,
    credentials: &Credentials,
    query: &ReportQuery,
    format: ExportFormat,
    csv: CsvOptions,
) -> Result<Vec<u8>, CounterError> {
    export_from_data_dir_in(data_dir, credentials, query, format, csv, None)
}

/// [`export_from_data_dir`] in `lang` when given (`dorixona report --lang`), else in the
/// language of the saved settings.
pub fn export_from_data_dir_in(
    data_dir: &Path,
    credentials: &Credentials,
    query: &ReportQuery,
    format: ExportFormat,
    csv: CsvOptions,
    lang: Option<Lang>,
) -> Result<Vec<u8>, CounterError> {
    let path = data_dir.join(DB_FILE);
    if !path.is_file() {
        return Err(CounterError::Storage {
            problem: crate::StorageProblem::Other,
            reason: format!("there is no counter database at {}", path.display()),
        });
    }
    let signed_in = crate::headless::Headless::sign_in(
        data_dir,
        credentials,
        Permission::Manage,
        "export reports",
    )?;
    let store = &signed_in.store;
    let saved = crate::settings::load(data_dir, Some(store));
    let lang = lang.unwrap_or_else(|| {
        saved
            .map(|s| Lang::from_code(&s.language))
            .unwrap_or_default()
    });
    let pharmacy = PharmacyRef {
        id: signed_in.session.pharmacy.pharmacy_id.clone(),
        name: signed_in.session.pharmacy.name.clone(),
    };
    let bytes = export_from_store(store, query, Some(pharmacy), format, csv, lang)?;
    signed_in.record(
        crate::audit::AuditAction::Export,
        "report",
        serde_json::json!({
            "format": format.extension(),
            "from": query.from.to_string(),
            "to": query.to.to_string(),
            "headless": true,
        }),
    )?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};
    use time::macros::date;

    /// A data directory whose counter remembers the manager `mudir`, and their credentials.
    fn remembered_manager() -> (tempfile::TempDir, Credentials) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join(DB_FILE)).unwrap();
        let secret = crate::Sensitive::new("manager-secret".to_owned());
        let session = crate::Session {
            pharmacy: dmed_api::types::PharmacyInfo {
                pharmacy_id: "PH-0042".into(),
                name: "Dorixona".into(),
                address: String::new(),
            },
            pharmacist: dmed_api::types::Pharmacist {
                pinfl: "30211975910033".into(),
                full_name: "Mudir".into(),
                role: dmed_api::types::StaffRole::Manager,
            },
            expires_at: "2026-11-22T18:00:00Z".into(),
        };
        crate::verifier::remember(&store, "mudir", &secret, &session).unwrap();
        let credentials = Credentials {
            pharmacy_id: "PH-0042".into(),
            login: "mudir".into(),
            secret,
        };
        (dir, credentials)
    }

    #[test]
    fn the_headless_report_is_in_the_language_asked_for_else_the_saved_one() {
        let (dir, manager) = remembered_manager();
        let query = ReportQuery::period(date!(2026 - 11 - 20), date!(2026 - 11 - 22));
        let first_sheet = |lang: Option<Lang>| {
            let bytes = export_from_data_dir_in(
                dir.path(),
                &manager,
                &query,
                ExportFormat::Xlsx,
                CsvOptions::default(),
                lang,
            )
            .unwrap();
            let book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
            book.sheet_names()[0].clone()
        };
        assert_eq!(first_sheet(None), "Umumiy", "nothing saved: Uzbek (Latin)");
        assert_eq!(first_sheet(Some(Lang::Ru)), "Сводка");
        let saved = crate::Settings {
            language: "uz-Cyrl".into(),
            ..crate::settings::load(dir.path(), None).unwrap()
        };
        crate::settings::save(dir.path(), &saved).unwrap();
        assert_eq!(first_sheet(None), "Умумий");
        assert_eq!(first_sheet(Some(Lang::En)), "Summary");
    }
}
