//! A report from this counter's own store: the SQL of `store::reports` gathers the counted lines
//! and the other sections, and the `reports` crate assembles them. This is the report of this
//! counter only, kept for outages and for the command line.

use reports::model::{
    DispenseSummary, Drill, PharmacyRef, Report, ReportLine, ReportQuery, ReportScope, ScopeKind,
    Totals, DRILL_LIMIT,
};
use reports::{assemble, period, Sections};
use time::OffsetDateTime;

use crate::error::CounterError;
use crate::store::reports::ReportFilter;
use crate::store::{timestamp, Store};

/// The stored-timestamp bounds `[start, end)` of the local days `from..=to`.
pub(crate) fn stored_bounds(
    from: time::Date,
    to: time::Date,
) -> Result<(String, String), CounterError> {
    let (start, end) = period::bounds(from, to)?;
    Ok((timestamp(start), timestamp(end)))
}

fn filter(query: &ReportQuery) -> Result<ReportFilter, CounterError> {
    let (start, end) = stored_bounds(query.from, query.to)?;
    Ok(ReportFilter {
        start,
        end,
        pharmacist: query.pharmacist.clone().filter(|s| !s.trim().is_empty()),
        inn: query.inn.clone().filter(|s| !s.trim().is_empty()),
        mode: query.mode.map(|m| m.as_str().to_owned()),
        product_id: None,
        unconfirmed_only: false,
    })
}

/// The report of `query` with its detail lines, from one pass over the counted lines.
pub fn build_with_lines(
    store: &Store,
    query: &ReportQuery,
    pharmacy: Option<PharmacyRef>,
    now: OffsetDateTime,
) -> Result<(Report, Vec<ReportLine>), CounterError> {
    let f = filter(query)?;
    let pharmacy = match pharmacy {
        Some(p) => p,
        None => store.report_pharmacy()?.unwrap_or_default(),
    };
    let facts = store.report_line_facts(&f)?;
    let not_dispensed_lines = store.report_not_dispensed(&f)?;

    let sections = Sections {
        withdrawals: store.report_withdrawals(&f)?,
        not_dispensed_lines,
        open_conflicts: store.report_open_conflicts(&f.end)?,
        scope: ReportScope {
            kind: ScopeKind::ThisCounter,
            unconfirmed: 0,
        },
    };
    Ok(assemble(query, pharmacy, facts, sections, now))
}

/// The report of `query` for `pharmacy` (when `None`: the pharmacy of the newest dispense),
/// generated at `now`.
pub fn build_report(
    store: &Store,
    query: &ReportQuery,
    pharmacy: Option<PharmacyRef>,
    now: OffsetDateTime,
) -> Result<Report, CounterError> {
    Ok(build_with_lines(store, query, pharmacy, now)?.0)
}

/// Every counted line of `query`, the detail rows of the exports.
pub fn report_lines(store: &Store, query: &ReportQuery) -> Result<Vec<ReportLine>, CounterError> {
    store.report_lines(&filter(query)?)
}

/// The dispenses behind one row of the report of `query` (at most [`DRILL_LIMIT`]).
pub fn drill(
    store: &Store,
    query: &ReportQuery,
    row: &Drill,
) -> Result<Vec<DispenseSummary>, CounterError> {
    let mut f = filter(query)?;
    match row {
        Drill::All => {}
        Drill::Pharmacist { pinfl } => f.pharmacist = Some(pinfl.clone()),
        Drill::Inn { inn } => f.inn = Some(inn.clone()),
        Drill::Product { product_id } => f.product_id = Some(product_id.clone()),
        Drill::Mode { mode } => f.mode = Some(mode.as_str().to_owned()),
        Drill::Day { date } => {
            let (start, end) = stored_bounds(*date, *date)?;
            f.start = f.start.max(start);
            f.end = f.end.min(end);
        }
    }
    store.report_dispenses(&f, false, DRILL_LIMIT)
}

/// The report of `query` computed by SQL grouping instead of summing lines: a cross-check of
/// [`build_report`] for tests.
pub fn sql_totals(store: &Store, query: &ReportQuery) -> Result<Totals, CounterError> {
    store.report_totals(&filter(query)?)
}
