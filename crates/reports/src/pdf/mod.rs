//! The report as an A4 (landscape) PDF: a header with the pharmacy, its id, the period and the
//! time of generation; the totals; the daily-volume and top-INN charts as vector shapes; the
//! breakdown tables; and every dispensed line. Tables continue across pages with their header
//! repeated; every page carries "page / pages".

pub mod canvas;
pub mod charts;
pub mod fonts;
pub mod subset;
pub mod table;

use canvas::{mm, rgb, Canvas, Weight};
use table::{left, right, table, Column};

use super::labels::{labels, Labels};
use super::model::{DispenseSummary, Report, ReportLine, Volume};
use super::{Lang, ReportError};

fn volume_cells(v: &Volume, l: &Labels) -> [String; 4] {
    [
        l.number(v.dispenses),
        l.number(v.items),
        l.number(v.quantity),
        l.number(v.packs),
    ]
}

fn volume_columns(l: &Labels) -> [Column<'_>; 4] {
    [
        right(&l.dispenses, 1.0),
        right(&l.items, 0.9),
        right(&l.quantity, 0.9),
        right(&l.packs, 0.9),
    ]
}

/// The header block: title, pharmacy, period, generation time, filters.
fn head(c: &mut Canvas, report: &Report, l: &Labels) {
    let m = c.margin;
    let mut y = c.y - 16.0;
    c.text(m, y, 16.0, Weight::Bold, &l.report_title);
    y -= 16.0;
    let pharmacy = format!(
        "{}: {} (ID {}) · {}",
        l.pharmacy,
        report.pharmacy.name,
        report.pharmacy.id,
        l.scope(&report.scope)
    );
    c.text(m, y, 10.0, Weight::Regular, &pharmacy);
    y -= 13.0;
    let period = format!(
        "{}: {} — {}    {}: {}",
        l.period,
        l.datetime(&report.query.from.to_string()),
        l.datetime(&report.query.to.to_string()),
        l.generated,
        l.datetime(&report.generated_at)
    );
    c.text(m, y, 10.0, Weight::Regular, &period);
    let q = &report.query;
    let mut filters = Vec::new();
    if let Some(p) = &q.pharmacist {
        filters.push(format!("{}: {p}", l.pharmacist));
    }
    if let Some(i) = &q.inn {
        filters.push(format!("{}: {i}", l.inn));
    }
    if let Some(mode) = q.mode {
        filters.push(format!("{}: {}", l.mode, l.mode(mode)));
    }
    if !filters.is_empty() {
        y -= 13.0;
        let text = format!("{}: {}", l.filters, filters.join(", "));
        c.text(m, y, 10.0, Weight::Regular, &text);
    }
    c.y = y - 8.0;
}

/// Four boxes with the totals.
fn totals(c: &mut Canvas, report: &Report, l: &Labels) {
    let m = c.margin;
    let width = c.width - 2.0 * m;
    let gap = 8.0;
    let w = (width - 3.0 * gap) / 4.0;
    let h = 38.0;
    let top = c.y - 4.0;
    let t = &report.totals;
    for (i, (label, value)) in [
        (&l.dispenses, t.dispenses),
        (&l.items, t.items),
        (&l.packs, t.packs),
        (&l.patients, t.patients),
    ]
    .into_iter()
    .enumerate()
    {
        let x = m + i as f32 * (w + gap);
        c.rect(x, top - h, w, h, rgb(236, 242, 246));
        c.text(x + 8.0, top - 13.0, 8.5, Weight::Regular, label);
        c.text(x + 8.0, top - 31.0, 15.0, Weight::Bold, &l.number(value));
    }
    c.y = top - h - 4.0;
}

fn summary_rows(rows: &[DispenseSummary], l: &Labels) -> Vec<[String; 8]> {
    rows.iter()
        .map(|d| {
            [
                l.datetime(&d.time).into_owned(),
                d.prescription_number.clone(),
                d.pharmacist_name.clone(),
                l.mode(d.mode).to_owned(),
                l.number(d.items),
                l.number(d.packs),
                d.withdrawn_at
                    .as_deref()
                    .map(|w| l.datetime(w).into_owned())
                    .unwrap_or_default(),
                d.withdraw_reason.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

fn summary_columns(l: &Labels) -> [Column<'_>; 8] {
    [
        left(&l.time, 1.3),
        left(&l.prescription, 1.2),
        left(&l.pharmacist, 1.8),
        left(&l.mode, 1.1),
        right(&l.items, 0.7),
        right(&l.packs, 0.7),
        left(&l.withdrawn_at, 1.3),
        left(&l.reason, 2.2),
    ]
}

/// The report with its lines as PDF bytes.
pub fn render(report: &Report, lines: Vec<ReportLine>, lang: Lang) -> Result<Vec<u8>, ReportError> {
    let l = labels(lang);
    let mut c = Canvas::new(&l.report_title, mm(297.0), mm(210.0), mm(12.0))?;
    c.set_footer(format!(
        "{} · {} · {} — {}",
        report.pharmacy.name,
        l.report_title,
        l.datetime(&report.query.from.to_string()),
        l.datetime(&report.query.to.to_string())
    ));
    head(&mut c, report, l);
    totals(&mut c, report, l);

    let daily: Vec<(String, u32)> = report
        .daily
        .iter()
        .map(|d| {
            (
                format!("{:02}.{:02}", d.date.day(), u8::from(d.date.month())),
                d.volume.packs,
            )
        })
        .collect();
    charts::columns(&mut c, &l.daily, &daily, 90.0, lang);
    let top: Vec<(String, u32)> = report
        .top_inns
        .iter()
        .map(|r| (r.inn.clone(), r.volume.packs))
        .collect();
    charts::bars(&mut c, &l.top_inns, &top, &l.none, lang);

    let v = volume_columns(l);
    table(
        &mut c,
        &l.by_mode,
        &[&[left(&l.mode, 3.0)][..], &v[..]].concat(),
        report.by_mode.iter().map(|r| {
            let mut row = vec![l.mode(r.mode).to_owned()];
            row.extend(volume_cells(&r.volume, l));
            row
        }),
        &l.none,
    );
    table(
        &mut c,
        &l.by_pharmacist,
        &[&[left(&l.pharmacist, 3.0)][..], &v[..]].concat(),
        report.by_pharmacist.iter().map(|r| {
            let mut row = vec![r.name.clone()];
            row.extend(volume_cells(&r.volume, l));
            row
        }),
        &l.none,
    );
    table(
        &mut c,
        &l.by_inn,
        &[&[left(&l.inn, 3.0)][..], &v[..]].concat(),
        report.by_inn.iter().map(|r| {
            let mut row = vec![r.inn.clone()];
            row.extend(volume_cells(&r.volume, l));
            row
        }),
        &l.none,
    );
    table(
        &mut c,
        &l.by_product,
        &[
            &[left(&l.product, 2.2), left(&l.inn, 1.8), left(&l.unit, 0.8)][..],
            &v[..],
        ]
        .concat(),
        report.by_product.iter().map(|r| {
            let mut row = vec![r.trade_name.clone(), r.inn.clone(), r.unit.clone()];
            row.extend(volume_cells(&r.volume, l));
            row
        }),
        &l.none,
    );
    let sc = summary_columns(l);
    table(
        &mut c,
        &l.partial,
        &sc,
        summary_rows(&report.partial, l),
        &l.none,
    );
    table(
        &mut c,
        &l.withdrawals,
        &sc,
        summary_rows(&report.withdrawals, l),
        &l.none,
    );
    table(
        &mut c,
        &l.not_dispensed,
        &[
            left(&l.reason, 3.0),
            right(&l.items, 1.0),
            right(&l.dispenses, 1.0),
        ],
        report
            .not_dispensed
            .iter()
            .filter(|r| r.items > 0)
            .map(|r| {
                [
                    l.reason(r.reason).to_owned(),
                    l.number(r.items),
                    l.number(r.dispenses),
                ]
            }),
        &l.none,
    );
    if !report.not_dispensed_lines.is_empty() {
        table(
            &mut c,
            &l.not_dispensed,
            &[
                left(&l.time, 1.2),
                left(&l.prescription, 1.2),
                left(&l.pharmacist, 1.6),
                left(&l.inn, 1.6),
                left(&l.reason, 1.6),
                left(&l.note, 2.6),
            ],
            report.not_dispensed_lines.iter().map(|r| {
                [
                    l.datetime(&r.time).into_owned(),
                    r.prescription_number.clone(),
                    r.pharmacist_name.clone(),
                    r.inn.clone(),
                    l.reason(r.reason).to_owned(),
                    r.note.clone().unwrap_or_default(),
                ]
            }),
            &l.none,
        );
    }
    table(
        &mut c,
        &l.conflicts,
        &[
            left(&l.time, 1.2),
            left(&l.source, 0.8),
            left(&l.code, 1.6),
            left(&l.reason, 3.0),
            left(&l.dispense, 2.4),
        ],
        report.open_conflicts.iter().map(|r| {
            [
                l.datetime(&r.time).into_owned(),
                r.source.clone(),
                r.code.clone(),
                r.reason.clone(),
                r.dispense_id
                    .clone()
                    .or_else(|| r.record_id.clone())
                    .unwrap_or_default(),
            ]
        }),
        &l.none,
    );
    c.new_page();
    table(
        &mut c,
        &l.lines,
        &[
            left(&l.time, 1.25),
            left(&l.prescription, 1.2),
            left(&l.pharmacist, 1.6),
            left(&l.mode, 1.0),
            left(&l.inn, 1.6),
            left(&l.product, 1.8),
            right(&l.quantity, 0.6),
            left(&l.unit, 0.7),
            right(&l.packs, 0.55),
            left(&l.batch, 0.9),
            left(&l.expiry, 0.9),
        ],
        lines.into_iter().map(|r| {
            [
                l.datetime(&r.time).into_owned(),
                r.prescription_number,
                r.pharmacist_name,
                l.mode(r.mode).to_owned(),
                r.inn,
                r.trade_name,
                l.number(r.quantity),
                r.unit,
                l.number(r.packs),
                r.batch.unwrap_or_default(),
                r.expiry
                    .as_deref()
                    .map(|e| l.datetime(e).into_owned())
                    .unwrap_or_default(),
            ]
        }),
        &l.none,
    );
    c.finish(|page, pages| l.page_number(page, pages))
}
