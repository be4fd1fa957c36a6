//! The [`Counter`] methods for reports and printed documents, and the headless export the
//! `dorixona report` command uses.

use std::path::Path;

use crate::access::Permission;
use time::{Date, OffsetDateTime};

use super::csv::CsvOptions;
use super::model::{DispenseSummary, Drill, PharmacyRef, Report, ReportQuery};
use super::receipt::ReceiptData;
use super::{local, paper_log, period, receipt, ExportFormat, Lang, ReportError};
use crate::error::CounterError;
use crate::store::Store;
use crate::{Counter, DB_FILE};

impl Counter {
    fn manager_pharmacy(&self) -> Result<PharmacyRef, CounterError> {
        let session = self.require(Permission::Manage, "see and export reports")?;
        Ok(PharmacyRef {
            id: session.pharmacy.pharmacy_id,
            name: session.pharmacy.name,
        })
    }

    pub(crate) fn document_lang(&self) -> Lang {
        self.settings()
            .map(|s| Lang::from_code(&s.language))
            .unwrap_or_default()
    }

    /// The report of `query` (signed-in manager only).
    pub fn report(&self, query: &ReportQuery) -> Result<Report, CounterError> {
        let pharmacy = self.manager_pharmacy()?;
        local::build_report(
            &self.inner.store,
            query,
            Some(pharmacy),
            OffsetDateTime::now_utc(),
        )
    }

    /// The dispenses behind one row of the report of `query` (signed-in manager only).
    pub fn report_drill(
        &self,
        query: &ReportQuery,
        row: &Drill,
    ) -> Result<Vec<DispenseSummary>, CounterError> {
        self.manager_pharmacy()?;
        local::drill(&self.inner.store, query, row)
    }

    /// The report of `query` as a file in `format` (signed-in manager only).
    pub fn export_report(
        &self,
        query: &ReportQuery,
        format: ExportFormat,
        csv: CsvOptions,
    ) -> Result<Vec<u8>, CounterError> {
        let pharmacy = self.manager_pharmacy()?;
        let bytes = export_from_store(
            &self.inner.store,
            query,
            Some(pharmacy),
            format,
            csv,
            self.document_lang(),
        )?;
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

/// The receipt of `dispense_id` from `store`.
pub fn receipt_from_store(
    store: &Store,
    dispense_id: &str,
    lang: Lang,
) -> Result<Vec<u8>, CounterError> {
    let head = store
        .receipt_head(dispense_id)?
        .ok_or_else(|| ReportError::UnknownDispense(dispense_id.to_owned()))?;
    let lines = store.dispense_lines(dispense_id)?;
    let data = ReceiptData {
        patient_masked: head
            .patient_pinfl
            .as_deref()
            .map(crate::privacy::mask_pinfl),
        head,
        lines,
        withdrawal: None,
    };
    Ok(receipt::render(&data, lang)?)
}

/// The withdrawal slip of `dispense_id` from `store`; `NOT_FOUND` when it was not withdrawn.
pub fn withdrawal_slip_from_store(
    store: &Store,
    dispense_id: &str,
    lang: Lang,
) -> Result<Vec<u8>, CounterError> {
    let unknown = || ReportError::UnknownDispense(dispense_id.to_owned());
    let head = store.receipt_head(dispense_id)?.ok_or_else(unknown)?;
    let withdrawal = store.withdrawal_of(dispense_id)?.ok_or_else(unknown)?;
    let lines = store.dispense_lines(dispense_id)?;
    let data = ReceiptData {
        patient_masked: head
            .patient_pinfl
            .as_deref()
            .map(crate::privacy::mask_pinfl),
        head,
        lines,
        withdrawal: Some(receipt::Withdrawal {
            at: withdrawal.0,
            reason: withdrawal.1,
        }),
    };
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
    let lang = crate::settings::load(data_dir, Some(store))
        .map(|s| Lang::from_code(&s.language))
        .unwrap_or_default();
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
