//! A prescription's history on the card: every dispense of it from the central system (this and
//! other pharmacies, with pharmacy, pharmacist, time, mode, products and quantities, withdrawn
//! ones marked), with this counter's dispenses that are not sent yet merged in and marked as not
//! yet confirmed. When the central system cannot be reached the history is this counter's own,
//! and says so. Each entry says whether it can be withdrawn (the newest live one of this
//! pharmacy, within 24 hours) and whether its receipt can be printed again (this pharmacy's,
//! held on this counter).

use dmed_api::handover::{NotDispensed, NotDispensedReason, Receiver};
use dmed_api::types::{Dispense, DispenseStatus, Product};
use dmed_api::RxNumber;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::access::{self, Permission};
use crate::error::CounterError;
use crate::reports::model::ReportMode;
use crate::store::DispenseRow;
use crate::withdraw::WITHDRAW_WITHIN;
use crate::Counter;

/// One product handed over in a dispense.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryLine {
    pub item_id: String,
    pub product_id: String,
    /// From the local catalogue; empty when it does not know the product.
    pub trade_name: String,
    pub quantity: u32,
    /// Set on a line that closed its item without handing it over.
    pub not_dispensed_reason: Option<NotDispensedReason>,
    /// The pharmacist's words on that line.
    pub not_dispensed_note: Option<String>,
}

impl HistoryLine {
    fn new(
        item_id: &str,
        product_id: &str,
        trade_name: String,
        quantity: u32,
        reason: Option<&str>,
    ) -> Self {
        // A reason an older build stored in words only is shown under "other".
        let (reason, note) = match reason.map(NotDispensed::parse) {
            None => (None, None),
            Some(Ok(nd)) => (Some(nd.reason), nd.note),
            Some(Err(_)) => (Some(NotDispensedReason::Other), reason.map(str::to_owned)),
        };
        HistoryLine {
            item_id: item_id.to_owned(),
            product_id: product_id.to_owned(),
            trade_name,
            quantity,
            not_dispensed_reason: reason,
            not_dispensed_note: note,
        }
    }
}

/// Who received a dispense, as the history shows it: the document number masked.
fn shown_receiver(r: Option<&Receiver>) -> Option<Receiver> {
    r.map(|r| Receiver {
        document_number: r.masked_document_number(),
        ..r.clone()
    })
}

/// One dispense of the prescription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryEntry {
    pub dispense_id: String,
    pub pharmacy_id: String,
    pub pharmacy_name: String,
    pub pharmacist_name: String,
    /// Made by this pharmacy (any of its counters).
    pub ours: bool,
    /// RFC 3339 UTC.
    pub handed_over_at: String,
    /// `online`, `offline_retry` or `paper`.
    pub mode: String,
    pub withdrawn: bool,
    /// Its withdrawal waits in this counter's outbox.
    pub withdrawal_queued: bool,
    pub withdraw_reason: Option<String>,
    /// False for this counter's dispenses the central system has not confirmed yet.
    pub confirmed: bool,
    pub lines: Vec<HistoryLine>,
    /// Who received the medicine (document number masked), when recorded.
    pub receiver: Option<Receiver>,
    pub can_withdraw: bool,
    pub can_reprint: bool,
}

/// The history of one prescription, oldest dispense first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PrescriptionHistory {
    pub number: String,
    pub entries: Vec<HistoryEntry>,
    /// False when the central system could not be reached: only this counter's dispenses.
    pub complete: bool,
}

impl Counter {
    /// The history of prescription `number` (anyone who may read prescriptions).
    pub async fn history(&self, number: &str) -> Result<PrescriptionHistory, CounterError> {
        let number = RxNumber::parse(number)?;
        let session = self.require(Permission::Read, "see a prescription's history")?;
        let store = &self.inner.store;
        let local = store.dispenses_of(number.as_str())?;
        let central = match self.known_offline() {
            true => None,
            false => match self
                .watch(self.inner.client.history(number.as_str()).await)
                .await
            {
                Ok(h) => Some(h.dispenses),
                Err(e) if e.is_transient() => None,
                Err(e) => return Err(e),
            },
        };
        let complete = central.is_some();
        let mut entries = Vec::new();
        for d in central.unwrap_or_default() {
            let held = local
                .iter()
                .find(|l| l.dispense_id == d.dispense_id.to_string());
            entries.push(self.central_entry(d, held)?);
        }
        for row in local.iter().filter(|l| l.state != "rejected") {
            if entries.iter().any(|e| e.dispense_id == row.dispense_id) {
                continue;
            }
            entries.push(self.local_entry(row)?);
        }
        let own = &session.pharmacy.pharmacy_id;
        for e in &mut entries {
            e.ours = &e.pharmacy_id == own;
        }
        let may_dispense = access::check(Some(&session), Permission::Dispense, "").is_ok();
        let now = OffsetDateTime::now_utc();
        let newest_live = entries.iter().rposition(|e| !e.withdrawn);
        for (i, e) in entries.iter_mut().enumerate() {
            let recorded = recorded_at(&local, e);
            e.can_withdraw = may_dispense
                && e.ours
                && Some(i) == newest_live
                && recorded.is_some_and(|at| now - at <= WITHDRAW_WITHIN);
            // A withdrawn one prints its withdrawal slip: from this counter's store, or from the
            // central history when it was withdrawn at another counter (it says when and why).
            e.can_reprint = may_dispense && e.ours;
        }
        Ok(PrescriptionHistory {
            number: number.as_str().to_owned(),
            entries,
            complete,
        })
    }

    fn trade_name(&self, product_id: &str) -> String {
        self.inner
            .store
            .product(product_id)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str::<Product>(&json).ok())
            .map(|p| p.trade_name)
            .unwrap_or_default()
    }

    fn central_entry(
        &self,
        d: Dispense,
        held: Option<&DispenseRow>,
    ) -> Result<HistoryEntry, CounterError> {
        let queued = self
            .inner
            .store
            .withdrawal_queued(&d.dispense_id.to_string())?;
        let withdrawn = d.status == DispenseStatus::Withdrawn || queued;
        Ok(HistoryEntry {
            dispense_id: d.dispense_id.to_string(),
            pharmacy_name: if d.pharmacy_name.is_empty() {
                held.map(|h| h.pharmacy_name.clone()).unwrap_or_default()
            } else {
                d.pharmacy_name.clone()
            },
            pharmacist_name: if d.pharmacist_name.is_empty() {
                held.map(|h| h.pharmacist_name.clone()).unwrap_or_default()
            } else {
                d.pharmacist_name.clone()
            },
            pharmacy_id: d.pharmacy_id,
            ours: false,
            handed_over_at: d.handed_over_at.format(&Rfc3339).unwrap_or_default(),
            mode: ReportMode::from(d.mode).as_str().to_owned(),
            withdrawn,
            withdrawal_queued: queued,
            withdraw_reason: held
                .and_then(|h| h.withdraw_reason.clone())
                .or_else(|| d.withdraw_reason.clone()),
            confirmed: true,
            lines: d
                .items
                .iter()
                .map(|i| {
                    HistoryLine::new(
                        &i.item_id,
                        &i.product_id,
                        self.trade_name(&i.product_id),
                        i.quantity,
                        i.not_dispensed_reason.as_deref(),
                    )
                })
                .collect(),
            receiver: shown_receiver(d.receiver.as_ref()),
            can_withdraw: false,
            can_reprint: false,
        })
    }

    fn local_entry(&self, row: &DispenseRow) -> Result<HistoryEntry, CounterError> {
        let store = &self.inner.store;
        let lines = store
            .dispense_lines(&row.dispense_id)?
            .into_iter()
            .map(|l| {
                HistoryLine::new(
                    &l.item_id,
                    &l.product_id,
                    l.trade_name,
                    l.quantity,
                    l.not_dispensed_reason.as_deref(),
                )
            })
            .collect();
        let receiver = store
            .receipt_head(&row.dispense_id)?
            .and_then(|h| shown_receiver(h.receiver.as_ref()));
        Ok(HistoryEntry {
            dispense_id: row.dispense_id.clone(),
            pharmacy_id: row.pharmacy_id.clone(),
            pharmacy_name: row.pharmacy_name.clone(),
            pharmacist_name: row.pharmacist_name.clone(),
            ours: false,
            handed_over_at: row.created_at.clone(),
            mode: row.mode.clone(),
            withdrawn: row.withdrawn_at.is_some(),
            withdrawal_queued: store.withdrawal_queued(&row.dispense_id)?,
            withdraw_reason: row.withdraw_reason.clone(),
            confirmed: row.state == "delivered",
            lines,
            receiver,
            can_withdraw: false,
            can_reprint: false,
        })
    }
}

/// When `e` was recorded: this counter's own time for a dispense it holds, else the time it
/// was handed over (the central system checks the exact bound itself).
fn recorded_at(local: &[DispenseRow], e: &HistoryEntry) -> Option<OffsetDateTime> {
    let at = local
        .iter()
        .find(|l| l.dispense_id == e.dispense_id)
        .map(|l| l.created_at.clone())
        .unwrap_or_else(|| e.handed_over_at.clone());
    OffsetDateTime::parse(&at, &Rfc3339).ok()
}
