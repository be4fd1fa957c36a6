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

/// The last gathering, when it was for `query` and is younger than [`REUSE_FOR`].
fn fresh<'a>(
    last: &'a Option<(ReportQuery, Instant, Arc<Gathered>)>,
    query: &ReportQuery,
) -> Option<&'a Arc<Gathered>> {
    match last {
        Some((q, at, g)) if q == query && at.elapsed() < REUSE_FOR => Some(g),
        _ => None,
    }
}

impl Recent {
    /// The facts gathered for `query` less than [`REUSE_FOR`] ago.
    pub fn get(&self, query: &ReportQuery) -> Option<Arc<Gathered>> {
        fresh(&*self.last.lock().ok()?, query).cloned()
    }

    /// Takes the facts gathered for `query` less than [`REUSE_FOR`] ago out (an export consumes
    /// them); the next drill-down gathers again.
    pub fn take(&self, query: &ReportQuery) -> Option<Gathered> {
        let mut last = self.last.lock().ok()?;
        fresh(&last, query)?;
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

fn within(at: OffsetDateTime, (start, end): (OffsetDateTime, OffsetDateTime)) -> bool {
    start <= at && at < end
}

/// How many parts of the period are read at once: each part's pages come one after the other
/// (a cursor leads to the next), so parts overlap the central system's work with this
/// counter's.
pub const PARTS: i64 = 4;

/// The period of `query` cut into at most [`PARTS`] runs of whole local days, in order.
fn parts(query: &ReportQuery) -> Result<Vec<(OffsetDateTime, OffsetDateTime)>, CounterError> {
    let days = (query.to - query.from).whole_days() + 1;
    let n = days.clamp(1, PARTS);
    (0..n)
        .map(|k| {
            let first = query.from + time::Duration::days(k * days / n);
            let last = query.from + time::Duration::days((k + 1) * days / n - 1);
            Ok(period::bounds(first, last)?)
        })
        .collect()
}

/// One page of one part: the part's index and bounds, and the page.
async fn page(
    client: &dyn crate::client::CentralSystem,
    part: usize,
    bounds: (OffsetDateTime, OffsetDateTime),
    cursor: Option<String>,
) -> (
    usize,
    (OffsetDateTime, OffsetDateTime),
    Result<PharmacyDispenses, CounterError>,
) {
    let answer = client
        .pharmacy_dispenses(bounds, cursor.as_deref(), PAGE)
        .await;
    (part, bounds, answer.map_err(CounterError::from))
}

/// The facts of the pharmacy-wide report of `query`: every page of the central list, each
/// worked through as it arrives while the pages of the other parts of the period are on their
/// way; then this counter's unconfirmed work merged in.
pub async fn gather(
    client: &dyn crate::client::CentralSystem,
    store: &Store,
    query: &ReportQuery,
) -> Result<Gathered, CounterError> {
    use futures_util::stream::{FuturesUnordered, StreamExt};
    let parts = parts(query)?;
    let mut gatherer = Gatherer::new(store, query, parts.len())?;
    let mut inflight = FuturesUnordered::new();
    for (i, bounds) in parts.into_iter().enumerate() {
        inflight.push(page(client, i, bounds, None));
    }
    while let Some((part, bounds, answer)) = inflight.next().await {
        let PharmacyDispenses {
            dispenses,
            next_cursor,
        } = answer?;
        if let Some(cursor) = next_cursor {
            inflight.push(page(client, part, bounds, Some(cursor)));
        }
        gatherer.add(part, dispenses)?;
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
    /// The counted lines of each part of the period, in the order they came.
    facts: Vec<Vec<LineFact>>,
    withdrawals: Vec<DispenseSummary>,
    not_dispensed_lines: Vec<NotDispensedLine>,
}

impl<'a> Gatherer<'a> {
    /// A gatherer of the report of `query` whose period is read in `parts` parts.
    pub fn new(store: &'a Store, query: &ReportQuery, parts: usize) -> Result<Self, CounterError> {
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
            facts: vec![Vec::new(); parts.max(1)],
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

    /// Works one page of part `part` through.
    pub fn add(&mut self, part: usize, rows: Vec<PharmacyDispense>) -> Result<(), CounterError> {
        for row in rows {
            self.add_row(part, row)?;
        }
        Ok(())
    }

    fn add_row(&mut self, part: usize, row: PharmacyDispense) -> Result<(), CounterError> {
        let PharmacyDispense {
            dispense: d,
            patient_ref,
            items,
        } = row;
        let id = d.dispense_id.to_string();
        // A dispense handed over in one part and withdrawn in another comes in both.
        if !self.central_ids.insert(id.clone()) {
            return Ok(());
        }
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
        let time = period::local_minute(d.handed_over_at);
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
                    withdrawn_at: Some(period::local_minute(at)),
                    withdraw_reason: d.withdraw_reason,
                });
            }
            return Ok(());
        }
        if !counted {
            return Ok(());
        }
        let partial = d.prescription_status == PrescriptionStatus::PartiallyDispensed;
        let into = self.facts.len().saturating_sub(1).min(part);
        self.facts[into].extend(lines.into_iter().map(|line| LineFact {
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
            facts: parts,
            mut withdrawals,
            mut not_dispensed_lines,
            ..
        } = self;
        let unconfirmed = ReportFilter {
            unconfirmed_only: true,
            ..local_filter
        };
        let mut facts = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            facts.extend(part);
        }
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
