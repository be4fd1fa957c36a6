//! Assembles a [`Report`] from the SQL of `store::reports`: one pass per breakdown, empty days
//! filled in, the top INNs cut from the INN breakdown.

use time::OffsetDateTime;

use super::model::{
    DayRow, DispenseSummary, Drill, ModeRow, PharmacyRef, Report, ReportLine, ReportMode,
    ReportQuery, Volume, DRILL_LIMIT, TOP_INNS,
};
use super::period;
use crate::error::CounterError;
use crate::store::reports::ReportFilter;
use crate::store::Store;

const SUMMARY_LIMIT: usize = 100_000;

fn filter(query: &ReportQuery) -> Result<ReportFilter, CounterError> {
    let (start, end) = period::bounds(query.from, query.to)?;
    Ok(ReportFilter {
        start,
        end,
        pharmacist: query.pharmacist.clone().filter(|s| !s.trim().is_empty()),
        inn: query.inn.clone().filter(|s| !s.trim().is_empty()),
        mode: query.mode.map(|m| m.as_str().to_owned()),
        product_id: None,
    })
}

/// The report of `query` for `pharmacy` (when `None`: the pharmacy of the newest dispense),
/// generated at `now`.
pub fn build_report(
    store: &Store,
    query: &ReportQuery,
    pharmacy: Option<PharmacyRef>,
    now: OffsetDateTime,
) -> Result<Report, CounterError> {
    let f = filter(query)?;
    let pharmacy = match pharmacy {
        Some(p) => p,
        None => store.report_pharmacy()?.unwrap_or_default(),
    };
    let by_inn = store.report_by_inn(&f)?;
    let mut by_mode = store.report_by_mode(&f)?;
    for m in ReportMode::ALL {
        if !by_mode.iter().any(|r| r.mode == m) {
            by_mode.push(ModeRow {
                mode: m,
                volume: Volume::default(),
            });
        }
    }
    by_mode.sort_by_key(|r| r.mode);
    let stored_days = store.report_daily(&f)?;
    let daily = period::days(query.from, query.to)
        .map(|date| {
            let key = date.to_string();
            let volume = stored_days
                .iter()
                .find(|(d, _)| *d == key)
                .map(|(_, v)| *v)
                .unwrap_or_default();
            DayRow { date, volume }
        })
        .collect();
    let mut top_inns = by_inn.clone();
    top_inns.retain(|r| r.volume.packs > 0);
    top_inns.truncate(TOP_INNS);
    Ok(Report {
        pharmacy,
        query: query.clone(),
        generated_at: period::local_minute(now),
        totals: store.report_totals(&f)?,
        by_pharmacist: store.report_by_pharmacist(&f)?,
        by_inn,
        by_product: store.report_by_product(&f)?,
        by_mode,
        partial: store.report_dispenses(&f, true, SUMMARY_LIMIT)?,
        withdrawals: store.report_withdrawals(&f)?,
        open_conflicts: store.report_open_conflicts(&f.end)?,
        daily,
        top_inns,
    })
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
            let (start, end) = period::bounds(*date, *date)?;
            f.start = f.start.max(start);
            f.end = f.end.min(end);
        }
    }
    store.report_dispenses(&f, false, DRILL_LIMIT)
}
