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

    /// Takes the facts gathered for `query` less than [`REUSE_FOR`] ago out (an export consumes
    /// them); the next drill-down gathers again.
    pub fn take(&self, query: &ReportQuery) -> Option<Gathered> {
        let mut last = self.last.lock().ok()?;
        let fresh =
            matches!(last.as_ref(), Some((q, at, _)) if q == query && at.elapsed() < REUSE_FOR);
        if !fresh {
            return None;
        }
        let (_, _, g) = last.take()?;
        Some(Arc::try_unwrap(g).unwrap_or_else(|shared| (*shared).clone()))
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

/// The local (Tashkent) minute of `at`, as reports print times.
fn minute(at: OffsetDateTime) -> String {
    period::local_minute(at)
}

fn within(at: OffsetDateTime, (start, end): (OffsetDateTime, OffsetDateTime)) -> bool {
    start <= at && at < end
}

/// The facts of the pharmacy-wide report of `query`: every page of the central list, each turned
/// into facts as it arrives (the next page is asked for before this one is worked through, so
/// the central system prepares it meanwhile), then this counter's unconfirmed work merged in.
pub async fn gather(
    client: &crate::client::Client,
    store: &Store,
    query: &ReportQuery,
) -> Result<Gathered, CounterError> {
    let bounds = period::bounds(query.from, query.to)?;
    let mut gatherer = Gatherer::new(store, query)?;
    let mut page = client.pharmacy_dispenses(bounds, None, PAGE).await?;
    loop {
        let PharmacyDispenses {
            dispenses,
            next_cursor,
        } = page;
        let Some(cursor) = next_cursor else {
            gatherer.add(dispenses)?;
            break;
        };
        let (next, added) = tokio::join!(
            client.pharmacy_dispenses(bounds, Some(&cursor), PAGE),
            async { gatherer.add(dispenses) }
        );
        added?;
        page = next?;
    }
    gatherer.finish()
}

/// Turns pages of the central list into the facts of one report.
pub struct Gatherer<'a> {
    store: &'a Store,
    query: ReportQuery,
    bounds: (OffsetDateTime, OffsetDateTime),
    local_filter: ReportFilter,
    end: String,
    /// This counter's withdrawals of the period.
    local_withdrawals: Vec<DispenseSummary>,
    /// Of those, the ones still waiting to be sent: they count already.
    queued: HashSet<String>,
    products: HashMap<String, Option<Product>>,
    central_ids: HashSet<String>,
    facts: Vec<LineFact>,
    withdrawals: Vec<DispenseSummary>,
    not_dispensed_lines: Vec<NotDispensedLine>,
}

impl<'a> Gatherer<'a> {
    pub fn new(store: &'a Store, query: &ReportQuery) -> Result<Self, CounterError> {
        let bounds = period::bounds(query.from, query.to)?;
        let (start, end) = super::local::stored_bounds(query.from, query.to)?;
        let local_filter = ReportFilter {
            start,
            end: end.clone(),
            pharmacist: query.pharmacist.clone().filter(|s| !s.trim().is_empty()),
            inn: query.inn.clone().filter(|s| !s.trim().is_empty()),
            mode: query.mode.map(|m| m.as_str().to_owned()),
            product_id: None,
            unconfirmed_only: false,
        };
        let local_withdrawals = store.report_withdrawals(&local_filter)?;
        let queued = local_withdrawals
            .iter()
            .filter(|w| store.withdrawal_queued(&w.dispense_id).unwrap_or(false))
            .map(|w| w.dispense_id.clone())
            .collect();
        Ok(Gatherer {
            store,
            query: query.clone(),
            bounds,
            local_filter,
            end,
            local_withdrawals,
            queued,
            products: HashMap::new(),
            central_ids: HashSet::new(),
            facts: Vec::new(),
            withdrawals: Vec::new(),
            not_dispensed_lines: Vec::new(),
        })
    }

    fn product(&mut self, id: &str) -> Result<Option<Product>, CounterError> {
        if let Some(p) = self.products.get(id) {
            return Ok(p.clone());
        }
        let p = crate::catalog::product(self.store, id)?;
        self.products.insert(id.to_owned(), p.clone());
        Ok(p)
    }

    /// Works one page through.
    pub fn add(&mut self, rows: Vec<PharmacyDispense>) -> Result<(), CounterError> {
        for row in rows {
            self.add_row(row)?;
        }
        Ok(())
    }

    fn add_row(&mut self, row: PharmacyDispense) -> Result<(), CounterError> {
        let PharmacyDispense {
            dispense: d,
            patient_ref,
            items,
        } = row;
        let id = d.dispense_id.to_string();
        self.central_ids.insert(id.clone());
        let mode = ReportMode::from(d.mode);
        let pharmacist = self
            .query
            .pharmacist
            .as_deref()
            .filter(|s| !s.trim().is_empty());
        if pharmacist.is_some_and(|p| p != d.pharmacist_pinfl)
            || self.query.mode.is_some_and(|m| m != mode)
        {
            return Ok(());
        }
        let withdrawn = d.status == DispenseStatus::Withdrawn || self.queued.contains(&id);
        let counted = !withdrawn && within(d.handed_over_at, self.bounds);
        let time = minute(d.handed_over_at);
        let patient: String = patient_ref.chars().take(16).collect();
        let mut lines = Vec::new();
        for item in d.items {
            let (inn, unit) = items
                .iter()
                .find(|i| i.item_id == item.item_id)
                .map(|i| (i.inn.clone(), i.unit.clone()))
                .unwrap_or_default();
            let wanted = self.query.inn.as_deref().filter(|s| !s.trim().is_empty());
            if wanted.is_some_and(|w| w != inn) {
                continue;
            }
            if let Some(wire) = item.not_dispensed_reason {
                if counted {
                    let (reason, note) = match NotDispensed::parse(&wire) {
                        Ok(nd) => (nd.reason, nd.note),
                        Err(_) => (NotDispensedReason::Other, Some(wire)),
                    };
                    self.not_dispensed_lines.push(NotDispensedLine {
                        time: time.clone(),
                        dispense_id: id.clone(),
                        prescription_number: d.prescription_number.clone(),
                        pharmacist_name: d.pharmacist_name.clone(),
                        inn,
                        reason,
                        note,
                    });
                }
                continue;
            }
            let p = self.product(&item.product_id)?;
            let pack_size = p.as_ref().map_or(0, |p| p.pack_size);
            let (trade_name, unit) = match p {
                Some(p) => (p.trade_name, p.unit),
                None => (String::new(), unit),
            };
            lines.push(ReportLine {
                time: time.clone(),
                dispense_id: id.clone(),
                prescription_number: d.prescription_number.clone(),
                pharmacist_name: d.pharmacist_name.clone(),
                mode,
                patient_ref: patient.clone(),
                inn,
                trade_name,
                product_id: item.product_id,
                quantity: item.quantity,
                unit,
                packs: packs(item.quantity, pack_size, item.marking_codes.len()),
                batch: item.batch,
                expiry: item.expiry.map(|e| e.to_string()),
                confirmed: true,
            });
        }
        if withdrawn {
            if let Some(at) = d.withdrawn_at.filter(|at| within(*at, self.bounds)) {
                self.withdrawals.push(DispenseSummary {
                    dispense_id: id,
                    time,
                    prescription_number: d.prescription_number,
                    pharmacist_name: d.pharmacist_name,
                    mode,
                    state: "delivered".into(),
                    items: lines.len() as u32,
                    packs: lines.iter().map(|l| l.packs).sum(),
                    withdrawn_at: Some(minute(at)),
                    withdraw_reason: d.withdraw_reason,
                });
            }
            return Ok(());
        }
        if !counted {
            return Ok(());
        }
        let partial = d.prescription_status == PrescriptionStatus::PartiallyDispensed;
        self.facts.extend(lines.into_iter().map(|line| LineFact {
            line,
            patient_key: patient_ref.clone(),
            pharmacist_pinfl: d.pharmacist_pinfl.clone(),
            state: "delivered".into(),
            partial,
        }));
        Ok(())
    }

    /// Merges this counter's work the central system does not show yet, and orders everything.
    pub fn finish(self) -> Result<Gathered, CounterError> {
        let Gatherer {
            store,
            local_filter,
            end,
            local_withdrawals,
            central_ids,
            mut facts,
            mut withdrawals,
            mut not_dispensed_lines,
            ..
        } = self;
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
        if !local_facts.is_empty() {
            facts.extend(local_facts);
            // Stable: the lines of one dispense stay together and in order.
            facts.sort_by(|a, b| {
                (&a.line.time, &a.line.dispense_id).cmp(&(&b.line.time, &b.line.dispense_id))
            });
        }
        let seen: HashSet<String> = withdrawals.iter().map(|w| w.dispense_id.clone()).collect();
        withdrawals.extend(
            local_withdrawals
                .into_iter()
                .filter(|w| !seen.contains(&w.dispense_id)),
        );
        withdrawals.sort_by(|a, b| {
            (&a.withdrawn_at, &a.dispense_id).cmp(&(&b.withdrawn_at, &b.dispense_id))
        });
        not_dispensed_lines.extend(
            store
                .report_not_dispensed(&unconfirmed)?
                .into_iter()
                .filter(|l| !central_ids.contains(&l.dispense_id)),
        );
        not_dispensed_lines
            .sort_by(|a, b| (&a.time, &a.dispense_id).cmp(&(&b.time, &b.dispense_id)));
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
}
