//! Sums a [`Report`] in one pass over the counted lines: totals, breakdowns, the daily series and
//! the partial dispenses come from the very lines the exports list, so they agree by
//! construction. The caller gathers the lines and the other sections (withdrawals, items not
//! dispensed, open conflicts) from wherever they are kept.

use std::collections::{HashMap, HashSet};

use dmed_api::handover::NotDispensedReason;
use time::OffsetDateTime;

use crate::model::{
    ConflictRow, DayRow, DispenseSummary, InnRow, ModeRow, NotDispensedLine, NotDispensedRow,
    PharmacistRow, PharmacyRef, ProductRow, Report, ReportLine, ReportMode, ReportQuery,
    ReportScope, Totals, Volume, TOP_INNS,
};
use crate::period;

/// One counted line with the keys the report groups it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFact {
    pub line: ReportLine,
    /// The whole keyed patient hash ('' when unknown).
    pub patient_key: String,
    pub pharmacist_pinfl: String,
    /// `pending` or `delivered`.
    pub state: String,
    /// The central answer said the prescription stayed partly dispensed.
    pub partial: bool,
}

/// The sections of a report that are not sums of its lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    /// Dispenses withdrawn during the period.
    pub withdrawals: Vec<DispenseSummary>,
    /// Items closed without being handed over, oldest first.
    pub not_dispensed_lines: Vec<NotDispensedLine>,
    /// Conflicts still open.
    pub open_conflicts: Vec<ConflictRow>,
    /// What the facts cover.
    pub scope: ReportScope,
}

/// A volume being summed, remembering the last dispense counted so that each dispense is
/// counted once per group (the lines of one dispense arrive together).
#[derive(Default)]
struct Acc<'a> {
    volume: Volume,
    last: Option<&'a str>,
}

impl<'a> Acc<'a> {
    fn add(&mut self, fact: &'a LineFact) {
        let id = fact.line.dispense_id.as_str();
        if self.last != Some(id) {
            self.volume.dispenses += 1;
            self.last = Some(id);
        }
        self.volume.items += 1;
        self.volume.quantity += fact.line.quantity;
        self.volume.packs += fact.line.packs;
    }
}

/// Groups keep their first-seen order until sorted.
struct Groups<'a, K> {
    index: HashMap<K, usize>,
    rows: Vec<(K, &'a LineFact, Acc<'a>)>,
}

impl<'a, K: std::hash::Hash + Eq + Clone> Groups<'a, K> {
    fn new() -> Self {
        Groups {
            index: HashMap::new(),
            rows: Vec::new(),
        }
    }

    fn add(&mut self, key: K, fact: &'a LineFact) {
        let at = match self.index.get(&key) {
            Some(at) => *at,
            None => {
                self.index.insert(key.clone(), self.rows.len());
                self.rows.push((key, fact, Acc::default()));
                self.rows.len() - 1
            }
        };
        self.rows[at].2.add(fact);
    }
}

/// One summary per dispense of `facts` (whose lines arrive together), in their order.
pub fn summaries<'a>(facts: impl Iterator<Item = &'a LineFact>) -> Vec<DispenseSummary> {
    let mut out: Vec<DispenseSummary> = Vec::new();
    for f in facts {
        match out.last_mut() {
            Some(d) if d.dispense_id == f.line.dispense_id => {
                d.items += 1;
                d.packs += f.line.packs;
            }
            _ => out.push(DispenseSummary {
                dispense_id: f.line.dispense_id.clone(),
                time: f.line.time.clone(),
                prescription_number: f.line.prescription_number.clone(),
                pharmacist_name: f.line.pharmacist_name.clone(),
                mode: f.line.mode,
                state: f.state.clone(),
                items: 1,
                packs: f.line.packs,
                withdrawn_at: None,
                withdraw_reason: None,
            }),
        }
    }
    out
}

/// Items closed without being handed over, counted per reason (every reason, in list order).
fn by_reason(lines: &[NotDispensedLine]) -> Vec<NotDispensedRow> {
    NotDispensedReason::ALL
        .into_iter()
        .map(|reason| {
            let of: Vec<&NotDispensedLine> = lines.iter().filter(|l| l.reason == reason).collect();
            let dispenses: HashSet<&str> = of.iter().map(|l| l.dispense_id.as_str()).collect();
            NotDispensedRow {
                reason,
                items: of.len() as u32,
                dispenses: dispenses.len() as u32,
            }
        })
        .collect()
}

/// The report of `query` for `pharmacy`, generated at `now`, with its detail lines: the lines of
/// the counted dispenses in `facts` (grouped by dispense: a dispense's lines arrive together)
/// and the other `sections`.
pub fn assemble(
    query: &ReportQuery,
    pharmacy: PharmacyRef,
    facts: Vec<LineFact>,
    sections: Sections,
    now: OffsetDateTime,
) -> (Report, Vec<ReportLine>) {
    let report = summarize(query, pharmacy, &facts, sections, now);
    let lines = facts.into_iter().map(|f| f.line).collect();
    (report, lines)
}

/// The report of `query` for `pharmacy` from the counted lines in `facts` (borrowed: the
/// screen needs no detail lines) and the other `sections`.
pub fn summarize(
    query: &ReportQuery,
    pharmacy: PharmacyRef,
    facts: &[LineFact],
    sections: Sections,
    now: OffsetDateTime,
) -> Report {
    let mut all = Acc::default();
    let mut patients: HashSet<&str> = HashSet::new();
    let mut by_pharmacist = Groups::new();
    let mut by_inn = Groups::new();
    let mut by_product = Groups::new();
    let mut by_mode = Groups::new();
    let mut by_day = Groups::new();
    for fact in facts {
        all.add(fact);
        if !fact.patient_key.is_empty() {
            patients.insert(fact.patient_key.as_str());
        }
        by_pharmacist.add(fact.pharmacist_pinfl.as_str(), fact);
        by_inn.add(fact.line.inn.as_str(), fact);
        by_product.add(fact.line.product_id.as_str(), fact);
        by_mode.add(fact.line.mode, fact);
        by_day.add(fact.line.time.get(..10).unwrap_or_default(), fact);
    }

    let mut pharmacists: Vec<PharmacistRow> = by_pharmacist
        .rows
        .iter()
        .map(|(pinfl, first, acc)| PharmacistRow {
            pinfl: (*pinfl).to_owned(),
            name: first.line.pharmacist_name.clone(),
            volume: acc.volume,
        })
        .collect();
    pharmacists.sort_by(|a, b| {
        (b.volume.packs, &a.name, &a.pinfl).cmp(&(a.volume.packs, &b.name, &b.pinfl))
    });
    let mut inns: Vec<InnRow> = by_inn
        .rows
        .iter()
        .map(|(inn, _, acc)| InnRow {
            inn: (*inn).to_owned(),
            volume: acc.volume,
        })
        .collect();
    inns.sort_by(|a, b| (b.volume.packs, &a.inn).cmp(&(a.volume.packs, &b.inn)));
    let mut products: Vec<ProductRow> = by_product
        .rows
        .iter()
        .map(|(id, first, acc)| ProductRow {
            product_id: (*id).to_owned(),
            trade_name: first.line.trade_name.clone(),
            inn: first.line.inn.clone(),
            unit: first.line.unit.clone(),
            volume: acc.volume,
        })
        .collect();
    products.sort_by(|a, b| {
        (b.volume.packs, &a.trade_name, &a.product_id).cmp(&(
            a.volume.packs,
            &b.trade_name,
            &b.product_id,
        ))
    });
    let modes = ReportMode::ALL
        .into_iter()
        .map(|m| ModeRow {
            mode: m,
            volume: by_mode
                .index
                .get(&m)
                .map(|at| by_mode.rows[*at].2.volume)
                .unwrap_or_default(),
        })
        .collect();
    let daily = period::days(query.from, query.to)
        .map(|date| {
            let key = date.to_string();
            let volume = by_day
                .index
                .get(key.as_str())
                .map(|at| by_day.rows[*at].2.volume)
                .unwrap_or_default();
            DayRow { date, volume }
        })
        .collect();
    let mut top_inns = inns.clone();
    top_inns.retain(|r| r.volume.packs > 0);
    top_inns.truncate(TOP_INNS);

    Report {
        pharmacy,
        scope: sections.scope,
        query: query.clone(),
        generated_at: period::local_minute(now),
        totals: Totals {
            dispenses: all.volume.dispenses,
            items: all.volume.items,
            packs: all.volume.packs,
            patients: patients.len() as u32,
        },
        by_pharmacist: pharmacists,
        by_inn: inns,
        by_product: products,
        by_mode: modes,
        partial: summaries(facts.iter().filter(|f| f.partial)),
        withdrawals: sections.withdrawals,
        not_dispensed: by_reason(&sections.not_dispensed_lines),
        not_dispensed_lines: sections.not_dispensed_lines,
        open_conflicts: sections.open_conflicts,
        daily,
        top_inns,
    }
}

/// The dispenses behind one row of a report, from its counted lines (at most `limit`).
pub fn drill(facts: &[LineFact], row: &crate::model::Drill, limit: usize) -> Vec<DispenseSummary> {
    use crate::model::Drill;
    let day = match row {
        Drill::Day { date } => Some(date.to_string()),
        _ => None,
    };
    let matches = |f: &&LineFact| match row {
        Drill::All => true,
        Drill::Pharmacist { pinfl } => &f.pharmacist_pinfl == pinfl,
        Drill::Inn { inn } => &f.line.inn == inn,
        Drill::Product { product_id } => &f.line.product_id == product_id,
        Drill::Mode { mode } => f.line.mode == *mode,
        Drill::Day { .. } => day.as_deref().is_some_and(|d| f.line.time.starts_with(d)),
    };
    let mut out = summaries(facts.iter().filter(matches));
    out.truncate(limit);
    out
}
