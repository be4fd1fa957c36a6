//! XLSX export with `rust_xlsxwriter`: a summary sheet, the detail lines and one sheet per
//! breakdown; typed cells (numbers, dates and times), bold frozen header rows, set column
//! widths. Headers and sheet names are in the document language; date cells carry its date
//! pattern as their number format.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::labels::{labels, Labels};
use super::model::{DispenseSummary, Report, ReportLine, Volume};
use super::{Lang, ReportError};

/// The sheet names, in order (the summary first, the lines second).
pub fn sheet_names(lang: Lang) -> [&'static str; 11] {
    let l = labels(lang);
    [
        &l.summary,
        &l.lines,
        &l.by_pharmacist,
        &l.by_inn,
        &l.by_product,
        &l.by_mode,
        &l.daily,
        &l.partial,
        &l.withdrawals,
        &l.conflicts,
        &l.not_dispensed,
    ]
}

enum Cell<'a> {
    Text(&'a str),
    Num(f64),
    /// `YYYY-MM-DD HH:MM` or `YYYY-MM-DD`; written as text when it does not parse.
    When(&'a str),
}

struct Formats {
    header: Format,
    datetime: Format,
    date: Format,
}

fn failed(e: XlsxError) -> ReportError {
    ReportError::Render(format!("XLSX: {e}"))
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => {
            ws.write_string(row, col, *s)?;
        }
        Cell::Num(n) => {
            ws.write_number(row, col, *n)?;
        }
        Cell::When(s) => match ExcelDateTime::parse_from_str(s) {
            Ok(dt) => {
                let format = if s.len() > 10 { &f.datetime } else { &f.date };
                ws.write_datetime_with_format(row, col, &dt, format)?;
            }
            Err(_) => {
                ws.write_string(row, col, *s)?;
            }
        },
    }
    Ok(())
}

fn table<'a>(
    wb: &mut Workbook,
    name: &str,
    columns: &[(&str, f64)],
    rows: impl Iterator<Item = Vec<Cell<'a>>>,
    f: &Formats,
    long: bool,
) -> Result<(), XlsxError> {
    // Long sheets stream their rows to a temporary file instead of holding every cell.
    let ws = if long {
        wb.add_worksheet_with_constant_memory()?
    } else {
        wb.add_worksheet()
    };
    ws.set_name(name)?;
    for (col, (_, width)) in columns.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    for (col, (title, _)) in columns.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *title, &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, cells) in rows.enumerate() {
        let row = i as u32 + 1;
        for (col, cell) in cells.iter().enumerate() {
            write_cell(ws, row, col as u16, cell, f)?;
        }
    }
    Ok(())
}

fn num(n: u32) -> Cell<'static> {
    Cell::Num(f64::from(n))
}

fn volume_columns(l: &Labels) -> [(&str, f64); 4] {
    [
        (l.dispenses.as_str(), 11.0),
        (l.items.as_str(), 10.0),
        (l.quantity.as_str(), 10.0),
        (l.packs.as_str(), 10.0),
    ]
}

fn volume_cells(v: &Volume) -> [Cell<'static>; 4] {
    [
        num(v.dispenses),
        num(v.items),
        num(v.quantity),
        num(v.packs),
    ]
}

fn with_volume<'a>(mut head: Vec<Cell<'a>>, v: &Volume) -> Vec<Cell<'a>> {
    head.extend(volume_cells(v));
    head
}

fn summaries(
    wb: &mut Workbook,
    name: &str,
    l: &Labels,
    rows: &[DispenseSummary],
    f: &Formats,
) -> Result<(), XlsxError> {
    table(
        wb,
        name,
        &[
            (l.time.as_str(), 17.0),
            (l.prescription.as_str(), 16.0),
            (l.pharmacist.as_str(), 24.0),
            (l.mode.as_str(), 14.0),
            (l.state.as_str(), 11.0),
            (l.items.as_str(), 8.0),
            (l.packs.as_str(), 8.0),
            (l.withdrawn_at.as_str(), 17.0),
            (l.reason.as_str(), 30.0),
            (l.dispense.as_str(), 38.0),
        ],
        rows.iter().map(|d| {
            vec![
                Cell::When(&d.time),
                Cell::Text(&d.prescription_number),
                Cell::Text(&d.pharmacist_name),
                Cell::Text(l.mode(d.mode)),
                Cell::Text(&d.state),
                num(d.items),
                num(d.packs),
                d.withdrawn_at
                    .as_deref()
                    .map(Cell::When)
                    .unwrap_or(Cell::Text("")),
                Cell::Text(d.withdraw_reason.as_deref().unwrap_or("")),
                Cell::Text(&d.dispense_id),
            ]
        }),
        f,
        false,
    )
}

/// The workbook of `report` with its `lines`, as bytes.
pub fn render(report: &Report, lines: &[ReportLine], lang: Lang) -> Result<Vec<u8>, ReportError> {
    let l = labels(lang);
    let names = sheet_names(lang);
    let date = l.excel_date_format();
    let f = Formats {
        header: Format::new().set_bold(),
        datetime: Format::new().set_num_format(format!("{date} hh:mm")),
        date: Format::new().set_num_format(&date),
    };
    let mut wb = Workbook::new();
    let period = format!(
        "{} — {}",
        l.datetime(&report.query.from.to_string()),
        l.datetime(&report.query.to.to_string())
    );
    let scope = l.scope(&report.scope);
    let from = report.query.from.to_string();
    let to = report.query.to.to_string();
    let t = &report.totals;
    let summary: Vec<Vec<Cell<'_>>> = vec![
        vec![Cell::Text(&l.pharmacy), Cell::Text(&report.pharmacy.name)],
        vec![Cell::Text("ID"), Cell::Text(&report.pharmacy.id)],
        vec![Cell::Text(&l.covers), Cell::Text(&scope)],
        vec![Cell::Text(&l.period), Cell::Text(&period)],
        vec![Cell::Text(&l.date), Cell::When(&from)],
        vec![Cell::Text(&l.date), Cell::When(&to)],
        vec![Cell::Text(&l.generated), Cell::When(&report.generated_at)],
        vec![Cell::Text(&l.dispenses), num(t.dispenses)],
        vec![Cell::Text(&l.items), num(t.items)],
        vec![Cell::Text(&l.packs), num(t.packs)],
        vec![Cell::Text(&l.patients), num(t.patients)],
    ];
    let build = |wb: &mut Workbook| -> Result<(), XlsxError> {
        table(
            wb,
            names[0],
            &[(l.summary.as_str(), 22.0), (l.value.as_str(), 40.0)],
            summary.into_iter(),
            &f,
            false,
        )?;
        table(
            wb,
            names[1],
            &[
                (l.time.as_str(), 17.0),
                (l.dispense.as_str(), 38.0),
                (l.prescription.as_str(), 16.0),
                (l.pharmacist.as_str(), 24.0),
                (l.mode.as_str(), 14.0),
                (l.patient.as_str(), 12.0),
                (l.inn.as_str(), 22.0),
                (l.product.as_str(), 26.0),
                (l.product_id.as_str(), 14.0),
                (l.quantity.as_str(), 9.0),
                (l.unit.as_str(), 10.0),
                (l.packs.as_str(), 8.0),
                (l.batch.as_str(), 12.0),
                (l.expiry.as_str(), 12.0),
                (l.confirmed.as_str(), 11.0),
            ],
            lines.iter().map(|r| {
                vec![
                    Cell::When(&r.time),
                    Cell::Text(&r.dispense_id),
                    Cell::Text(&r.prescription_number),
                    Cell::Text(&r.pharmacist_name),
                    Cell::Text(l.mode(r.mode)),
                    Cell::Text(&r.patient_ref),
                    Cell::Text(&r.inn),
                    Cell::Text(&r.trade_name),
                    Cell::Text(&r.product_id),
                    num(r.quantity),
                    Cell::Text(&r.unit),
                    num(r.packs),
                    Cell::Text(r.batch.as_deref().unwrap_or("")),
                    r.expiry
                        .as_deref()
                        .map(Cell::When)
                        .unwrap_or(Cell::Text("")),
                    Cell::Text(if r.confirmed { &l.yes } else { &l.no }),
                ]
            }),
            &f,
            true,
        )?;
        let v = volume_columns(l);
        table(
            wb,
            names[2],
            &[
                &[(l.pharmacist.as_str(), 28.0), ("PINFL", 16.0)][..],
                &v[..],
            ]
            .concat(),
            report
                .by_pharmacist
                .iter()
                .map(|r| with_volume(vec![Cell::Text(&r.name), Cell::Text(&r.pinfl)], &r.volume)),
            &f,
            false,
        )?;
        table(
            wb,
            names[3],
            &[&[(l.inn.as_str(), 28.0)][..], &v[..]].concat(),
            report
                .by_inn
                .iter()
                .map(|r| with_volume(vec![Cell::Text(&r.inn)], &r.volume)),
            &f,
            false,
        )?;
        table(
            wb,
            names[4],
            &[
                &[
                    (l.product.as_str(), 28.0),
                    (l.inn.as_str(), 22.0),
                    (l.product_id.as_str(), 14.0),
                    (l.unit.as_str(), 10.0),
                ][..],
                &v[..],
            ]
            .concat(),
            report.by_product.iter().map(|r| {
                with_volume(
                    vec![
                        Cell::Text(&r.trade_name),
                        Cell::Text(&r.inn),
                        Cell::Text(&r.product_id),
                        Cell::Text(&r.unit),
                    ],
                    &r.volume,
                )
            }),
            &f,
            false,
        )?;
        table(
            wb,
            names[5],
            &[&[(l.mode.as_str(), 18.0)][..], &v[..]].concat(),
            report
                .by_mode
                .iter()
                .map(|r| with_volume(vec![Cell::Text(l.mode(r.mode))], &r.volume)),
            &f,
            false,
        )?;
        let days: Vec<String> = report.daily.iter().map(|d| d.date.to_string()).collect();
        table(
            wb,
            names[6],
            &[&[(l.date.as_str(), 12.0)][..], &v[..]].concat(),
            report
                .daily
                .iter()
                .zip(&days)
                .map(|(d, s)| with_volume(vec![Cell::When(s)], &d.volume)),
            &f,
            false,
        )?;
        summaries(wb, names[7], l, &report.partial, &f)?;
        summaries(wb, names[8], l, &report.withdrawals, &f)?;
        table(
            wb,
            names[9],
            &[
                (l.time.as_str(), 17.0),
                (l.source.as_str(), 10.0),
                (l.code.as_str(), 24.0),
                (l.reason.as_str(), 40.0),
                (l.dispense.as_str(), 38.0),
                (l.record.as_str(), 38.0),
            ],
            report.open_conflicts.iter().map(|c| {
                vec![
                    Cell::When(&c.time),
                    Cell::Text(&c.source),
                    Cell::Text(&c.code),
                    Cell::Text(&c.reason),
                    Cell::Text(c.dispense_id.as_deref().unwrap_or("")),
                    Cell::Text(c.record_id.as_deref().unwrap_or("")),
                ]
            }),
            &f,
            false,
        )?;
        table(
            wb,
            names[10],
            &[
                (l.time.as_str(), 17.0),
                (l.prescription.as_str(), 16.0),
                (l.pharmacist.as_str(), 24.0),
                (l.inn.as_str(), 24.0),
                (l.reason.as_str(), 26.0),
                (l.note.as_str(), 40.0),
                (l.dispense.as_str(), 38.0),
            ],
            report.not_dispensed_lines.iter().map(|n| {
                vec![
                    Cell::When(&n.time),
                    Cell::Text(&n.prescription_number),
                    Cell::Text(&n.pharmacist_name),
                    Cell::Text(&n.inn),
                    Cell::Text(l.reason(n.reason)),
                    Cell::Text(n.note.as_deref().unwrap_or("")),
                    Cell::Text(&n.dispense_id),
                ]
            }),
            &f,
            false,
        )?;
        Ok(())
    };
    build(&mut wb).map_err(failed)?;
    wb.save_to_buffer().map_err(failed)
}
