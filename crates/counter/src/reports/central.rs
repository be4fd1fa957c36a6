//! A report of the whole pharmacy, from the central system's records: every counter's dispenses
//! of the period (`GET /v1/pharmacy/dispenses`, page by page), with this counter's dispenses
//! the central system has not confirmed yet merged in and marked, and its queued withdrawals
//! applied. Products are named from the local catalogue; the patient reference is the central
//! system's pseudonym (this counter's unconfirmed dispenses keep their local one, so a patient
//! with both may be counted twice until they are confirmed).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dmed_api::handover::{NotDispensed, NotDispensedReason};
use dmed_api::types::{
    DispenseStatus, PharmacyDispense, PharmacyDispenses, PrescriptionStatus, Product,
};
use reports::model::{
    packs, DispenseSummary, NotDispensedLine, ReportLine, ReportMode, ReportQuery, ReportScope,
    ScopeKind,
};
use reports::{period, LineFact, Sections};
use time::OffsetDateTime;

use crate::error::CounterError;
use crate::store::reports::ReportFilter;
use crate::store::Store;

/// Dispenses asked for per page.
pub const PAGE: u32 = 1000;
/// How long a gathered report is reused for its drill-downs and exports.
pub const REUSE_FOR: Duration = Duration::from_secs(60);

/// The facts of a pharmacy-wide report, ready to assemble.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    pub facts: Vec<LineFact>,
    pub sections: Sections,
}

/// The last report gathered, for its drill-downs and exports.
#[derive(Debug, Default)]
pub struct Recent {
    last: Mutex<Option<(ReportQuery, Instant, Arc<Gathered>)>>,
}

impl Recent {
    /// The facts gathered for `query` less than [`REUSE_FOR`] ago.
    pub fn get(&self, query: &ReportQuery) -> Option<Arc<Gathered>> {
        let last = self.last.lock().ok()?;
        match last.as_ref() {
            Some((q, at, g)) if q == query && at.elapsed() < REUSE_FOR => Some(g.clone()),
            _ => None,
        }
    }

    pub fn put(&self, query: &ReportQuery, gathered: Arc<Gathered>) {
        if let Ok(mut last) = self.last.lock() {
            *last = Some((query.clone(), Instant::now(), gathered));
        }
    }

    /// Forgets what was gathered (sign-out, another person).
    pub fn clear(&self) {
        if let Ok(mut last) = self.last.lock() {
            *last = None;
        }
    }
}

/// Every page of the pharmacy's dispenses of `query`'s period.
pub async fn fetch(
    client: &crate::client::Client,
    query: &ReportQuery,
) -> Result<Vec<PharmacyDispense>, CounterError> {
    let bounds = period::bounds(query.from, query.to)?;
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let PharmacyDispenses {
            dispenses,
            next_cursor,
        } = client
            .pharmacy_dispenses(bounds, cursor.as_deref(), PAGE)
            .await?;
        all.extend(dispenses);
        match next_cursor {
            Some(next) if cursor.as_deref() != Some(next.as_str()) => cursor = Some(next),
            _ => break,
        }
    }
    Ok(all)
}

/// The local (Tashkent) minute of `at`, as reports print times.
fn minute(at: OffsetDateTime) -> String {
    period::local_minute(at)
}

fn within(at: OffsetDateTime, (start, end): (OffsetDateTime, OffsetDateTime)) -> bool {
    start <= at && at < end
}

/// Turns the central rows and this counter's unconfirmed work into the facts of the report of
/// `query`.
pub fn gather(
    store: &Store,
    query: &ReportQuery,
    rows: Vec<PharmacyDispense>,
) -> Result<Gathered, CounterError> {
    let bounds = period::bounds(query.from, query.to)?;
    let (start, end) = super::local::stored_bounds(query.from, query.to)?;
    let pharmacist = query.pharmacist.as_deref().filter(|s| !s.trim().is_empty());
    let inn = query.inn.as_deref().filter(|s| !s.trim().is_empty());
    let local_filter = ReportFilter {
        start,
        end: end.clone(),
        pharmacist: pharmacist.map(str::to_owned),
        inn: inn.map(str::to_owned),
        mode: query.mode.map(|m| m.as_str().to_owned()),
        product_id: None,
        unconfirmed_only: false,
    };
    // This counter's withdrawals of the period: those still waiting to be sent count already.
    let local_withdrawals = store.report_withdrawals(&local_filter)?;
    let queued: HashSet<String> = local_withdrawals
        .iter()
        .filter(|w| store.withdrawal_queued(&w.dispense_id).unwrap_or(false))
        .map(|w| w.dispense_id.clone())
        .collect();

    let mut products: HashMap<String, Option<Product>> = HashMap::new();
    let mut product = |id: &str| -> Result<Option<Product>, CounterError> {
        if let Some(p) = products.get(id) {
            return Ok(p.clone());
        }
        let p = crate::catalog::product(store, id)?;
        products.insert(id.to_owned(), p.clone());
        Ok(p)
    };

    let mut facts = Vec::new();
    let mut withdrawals = Vec::new();
    let mut not_dispensed_lines = Vec::new();
    let mut central_ids = HashSet::new();
    for row in rows {
        let d = &row.dispense;
        let id = d.dispense_id.to_string();
        central_ids.insert(id.clone());
        let mode = ReportMode::from(d.mode);
        if pharmacist.is_some_and(|p| p != d.pharmacist_pinfl)
            || query.mode.is_some_and(|m| m != mode)
        {
            continue;
        }
        let inn_of = |item_id: &str| {
            row.items
                .iter()
                .find(|i| i.item_id == item_id)
                .map(|i| (i.inn.clone(), i.unit.clone()))
                .unwrap_or_default()
        };
        let mut lines = Vec::new();
        for item in &d.items {
            let (item_inn, item_unit) = inn_of(&item.item_id);
            if inn.is_some_and(|wanted| wanted != item_inn) {
                continue;
            }
            if let Some(wire) = &item.not_dispensed_reason {
                if d.status == DispenseStatus::Completed
                    && !queued.contains(&id)
                    && within(d.handed_over_at, bounds)
                {
                    let (reason, note) = match NotDispensed::parse(wire) {
                        Ok(nd) => (nd.reason, nd.note),
                        Err(_) => (NotDispensedReason::Other, Some(wire.clone())),
                    };
                    not_dispensed_lines.push(NotDispensedLine {
                        time: minute(d.handed_over_at),
                        dispense_id: id.clone(),
                        prescription_number: d.prescription_number.clone(),
                        pharmacist_name: d.pharmacist_name.clone(),
                        inn: item_inn,
                        reason,
                        note,
                    });
                }
                continue;
            }
            let p = product(&item.product_id)?;
            let pack_size = p.as_ref().map_or(0, |p| p.pack_size);
            lines.push(ReportLine {
                time: minute(d.handed_over_at),
                dispense_id: id.clone(),
                prescription_number: d.prescription_number.clone(),
                pharmacist_name: d.pharmacist_name.clone(),
                mode,
                patient_ref: row.patient_ref.chars().take(16).collect(),
                inn: item_inn,
                trade_name: p.as_ref().map(|p| p.trade_name.clone()).unwrap_or_default(),
                product_id: item.product_id.clone(),
                quantity: item.quantity,
                unit: p.as_ref().map(|p| p.unit.clone()).unwrap_or(item_unit),
                packs: packs(item.quantity, pack_size, item.marking_codes.len()),
                batch: item.batch.clone(),
                expiry: item.expiry.map(|e| e.to_string()),
                confirmed: true,
            });
        }
        let withdrawn = d.status == DispenseStatus::Withdrawn || queued.contains(&id);
        if withdrawn {
            if let Some(at) = d.withdrawn_at.filter(|at| within(*at, bounds)) {
                withdrawals.push(DispenseSummary {
                    dispense_id: id.clone(),
                    time: minute(d.handed_over_at),
                    prescription_number: d.prescription_number.clone(),
                    pharmacist_name: d.pharmacist_name.clone(),
                    mode,
                    state: "delivered".into(),
                    items: lines.len() as u32,
                    packs: lines.iter().map(|l| l.packs).sum(),
                    withdrawn_at: Some(minute(at)),
                    withdraw_reason: d.withdraw_reason.clone(),
                });
            }
            continue;
        }
        if !within(d.handed_over_at, bounds) {
            continue;
        }
        let partial = d.prescription_status == PrescriptionStatus::PartiallyDispensed;
        facts.extend(lines.into_iter().map(|line| LineFact {
            line,
            patient_key: row.patient_ref.clone(),
            pharmacist_pinfl: d.pharmacist_pinfl.clone(),
            state: "delivered".into(),
            partial,
        }));
    }

    // This counter's work the central system does not show yet.
    let unconfirmed = ReportFilter {
        unconfirmed_only: true,
        ..local_filter
    };
    let local_facts: Vec<LineFact> = store
        .report_line_facts(&unconfirmed)?
        .into_iter()
        .filter(|f| !central_ids.contains(&f.line.dispense_id))
        .collect();
    let unconfirmed_count = local_facts
        .iter()
        .map(|f| f.line.dispense_id.as_str())
        .collect::<HashSet<_>>()
        .len() as u32;
    facts.extend(local_facts);
    facts.sort_by(|a, b| {
        (&a.line.time, &a.line.dispense_id).cmp(&(&b.line.time, &b.line.dispense_id))
    });
    let seen: HashSet<String> = withdrawals.iter().map(|w| w.dispense_id.clone()).collect();
    withdrawals.extend(
        local_withdrawals
            .into_iter()
            .filter(|w| !seen.contains(&w.dispense_id)),
    );
    withdrawals
        .sort_by(|a, b| (&a.withdrawn_at, &a.dispense_id).cmp(&(&b.withdrawn_at, &b.dispense_id)));
    not_dispensed_lines.extend(
        store
            .report_not_dispensed(&unconfirmed)?
            .into_iter()
            .filter(|l| !central_ids.contains(&l.dispense_id)),
    );
    not_dispensed_lines.sort_by(|a, b| (&a.time, &a.dispense_id).cmp(&(&b.time, &b.dispense_id)));
    Ok(Gathered {
        facts,
        sections: Sections {
            withdrawals,
            not_dispensed_lines,
            open_conflicts: store.report_open_conflicts(&end)?,
            scope: ReportScope {
                kind: ScopeKind::Pharmacy,
                unconfirmed: unconfirmed_count,
            },
        },
    })
}
