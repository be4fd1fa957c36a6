//! The SQL behind manager reports: counted dispense lines of a period, grouped every way the
//! report shows them, plus withdrawals, open conflicts, receipts and the paper log.
//!
//! Periods arrive as UTC bounds `[start, end)` in the stored timestamp form (see
//! [`crate::reports::period`]); local (Tashkent) days and times are computed in SQL with
//! `'+5 hours'`.

use rusqlite::{named_params, OptionalExtension, Row};

pub use reports::paper_log::PaperLogRow;
pub use reports::receipt::ReceiptHead;
use reports::LineFact;

use super::Store;
use crate::error::CounterError;
use crate::reports::model::{
    ConflictRow, DispenseSummary, NotDispensedLine, PharmacyRef, ReportLine, ReportMode, Totals,
};
use dmed_api::handover::{NotDispensed, NotDispensedReason};

/// The filters of a report query in the form the SQL takes.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    /// First instant of the period (inclusive), stored timestamp form.
    pub start: String,
    /// First instant after the period (exclusive).
    pub end: String,
    pub pharmacist: Option<String>,
    pub inn: Option<String>,
    pub mode: Option<String>,
    pub product_id: Option<String>,
    /// Only dispenses the central system has not confirmed yet (to merge into a report made
    /// from its records).
    pub unconfirmed_only: bool,
}

/// Which dispenses a query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    /// Not rejected, not withdrawn, made in the period.
    Counted,
    /// Withdrawn in the period.
    Withdrawn,
    /// The lines of counted dispenses that closed an item without handing it over (the other
    /// sets leave them out: they hand nothing over).
    Closed,
}

/// Per-line packs: scanned codes, else whole packs of the quantity, else the quantity.
const PACKS: &str =
    "CASE WHEN json_array_length(dl.marking_codes) > 0 THEN json_array_length(dl.marking_codes)
    WHEN dl.pack_size > 0 THEN (dl.quantity + dl.pack_size - 1) / dl.pack_size
    ELSE dl.quantity END";

fn lines_cte(set: Set) -> String {
    const MADE_IN_PERIOD: &str =
        "d.created_at >= :start AND d.created_at < :end AND d.withdrawn_at IS NULL";
    let period = match set {
        Set::Counted => {
            format!("{MADE_IN_PERIOD} AND dl.not_dispensed_reason IS NULL")
        }
        Set::Withdrawn => "d.withdrawn_at >= :start AND d.withdrawn_at < :end
                           AND dl.not_dispensed_reason IS NULL"
            .to_owned(),
        Set::Closed => format!("{MADE_IN_PERIOD} AND dl.not_dispensed_reason IS NOT NULL"),
    };
    format!(
        "WITH l AS (
           SELECT d.dispense_id, d.created_at, d.prescription_number, d.pharmacist_pinfl,
                  d.pharmacist_name, d.mode, d.state, d.patient_key, d.response_json,
                  d.withdrawn_at, d.withdraw_reason,
                  dl.line_no, dl.inn, dl.product_id, dl.trade_name, dl.unit, dl.quantity,
                  dl.batch, dl.expiry, {PACKS} AS packs, dl.not_dispensed_reason
           FROM dispenses d JOIN dispense_lines dl ON dl.dispense_id = d.dispense_id
           WHERE {period} AND d.state <> 'rejected'
             AND (:pharmacist IS NULL OR d.pharmacist_pinfl = :pharmacist)
             AND (:mode IS NULL OR d.mode = :mode)
             AND (:inn IS NULL OR dl.inn = :inn)
             AND (:product IS NULL OR dl.product_id = :product)
             AND (:unconfirmed = 0 OR d.state = 'pending')
         )"
    )
}

/// A stored mode name that is not one of the three is read as online rather than failing.
fn mode(s: &str) -> ReportMode {
    ReportMode::parse(s).unwrap_or(ReportMode::Online)
}

const LOCAL_MINUTE: &str = "strftime('%Y-%m-%d %H:%M', {}, '+5 hours')";

fn local_minute(column: &str) -> String {
    LOCAL_MINUTE.replace("{}", column)
}

const SUMMARY_LIMIT: usize = 100_000;

impl Store {
    fn report_query<T>(
        &self,
        set: Set,
        tail: &str,
        f: &ReportFilter,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, CounterError> {
        let conn = self.conn()?;
        let sql = format!("{} {tail}", lines_cte(set));
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(
            named_params! {
                ":start": f.start,
                ":end": f.end,
                ":pharmacist": f.pharmacist,
                ":mode": f.mode,
                ":inn": f.inn,
                ":product": f.product_id,
                ":unconfirmed": f.unconfirmed_only,
            },
            map,
        )?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Headline numbers of the counted dispenses.
    pub fn report_totals(&self, f: &ReportFilter) -> Result<Totals, CounterError> {
        let rows = self.report_query(
            Set::Counted,
            "SELECT COUNT(DISTINCT dispense_id), COUNT(*), COALESCE(SUM(packs), 0),
                    COUNT(DISTINCT NULLIF(patient_key, '')) FROM l",
            f,
            |r| {
                Ok(Totals {
                    dispenses: r.get(0)?,
                    items: r.get(1)?,
                    packs: r.get(2)?,
                    patients: r.get(3)?,
                })
            },
        )?;
        Ok(rows.into_iter().next().unwrap_or_default())
    }

    /// Counted dispenses, oldest first; `partial_only` keeps those after which their
    /// prescription was still partly dispensed.
    pub fn report_dispenses(
        &self,
        f: &ReportFilter,
        partial_only: bool,
        limit: usize,
    ) -> Result<Vec<DispenseSummary>, CounterError> {
        self.summaries(Set::Counted, f, partial_only, limit)
    }

    /// Dispenses withdrawn in the period, oldest withdrawal first.
    pub fn report_withdrawals(
        &self,
        f: &ReportFilter,
    ) -> Result<Vec<DispenseSummary>, CounterError> {
        self.summaries(Set::Withdrawn, f, false, SUMMARY_LIMIT)
    }

    /// The lines of the period's counted dispenses that closed an item without handing it over,
    /// oldest first (at most [`SUMMARY_LIMIT`]).
    pub fn report_not_dispensed(
        &self,
        f: &ReportFilter,
    ) -> Result<Vec<NotDispensedLine>, CounterError> {
        self.report_query(
            Set::Closed,
            &format!(
                "SELECT {}, dispense_id, prescription_number, pharmacist_name, inn,
                        not_dispensed_reason
                 FROM l ORDER BY created_at, dispense_id, line_no LIMIT {SUMMARY_LIMIT}",
                local_minute("created_at"),
            ),
            f,
            |r| {
                let wire: String = r.get(5)?;
                let (reason, note) = match NotDispensed::parse(&wire) {
                    Ok(nd) => (nd.reason, nd.note),
                    // Stored by an older build in words only: kept, under "other".
                    Err(_) => (NotDispensedReason::Other, Some(wire)),
                };
                Ok(NotDispensedLine {
                    time: r.get(0)?,
                    dispense_id: r.get(1)?,
                    prescription_number: r.get(2)?,
                    pharmacist_name: r.get(3)?,
                    inn: r.get(4)?,
                    reason,
                    note,
                })
            },
        )
    }

    fn summaries(
        &self,
        set: Set,
        f: &ReportFilter,
        partial_only: bool,
        limit: usize,
    ) -> Result<Vec<DispenseSummary>, CounterError> {
        let partial = if partial_only {
            "WHERE json_extract(response_json, '$.prescription_status') = 'partially_dispensed'"
        } else {
            ""
        };
        let order = match set {
            Set::Counted | Set::Closed => "MIN(created_at), dispense_id",
            Set::Withdrawn => "MIN(withdrawn_at), dispense_id",
        };
        self.report_query(
            set,
            &format!(
                "SELECT dispense_id, {}, MAX(prescription_number), MAX(pharmacist_name),
                        MAX(mode), MAX(state), COUNT(*), COALESCE(SUM(packs), 0),
                        {}, MAX(withdraw_reason)
                 FROM l {partial} GROUP BY dispense_id ORDER BY {order} LIMIT {limit}",
                local_minute("MIN(created_at)"),
                local_minute("MAX(withdrawn_at)"),
            ),
            f,
            |r| {
                Ok(DispenseSummary {
                    dispense_id: r.get(0)?,
                    time: r.get(1)?,
                    prescription_number: r.get(2)?,
                    pharmacist_name: r.get(3)?,
                    mode: mode(&r.get::<_, String>(4)?),
                    state: r.get(5)?,
                    items: r.get(6)?,
                    packs: r.get(7)?,
                    withdrawn_at: r.get(8)?,
                    withdraw_reason: r.get(9)?,
                })
            },
        )
    }

    /// Every counted line, oldest dispense first, in line order.
    pub fn report_lines(&self, f: &ReportFilter) -> Result<Vec<ReportLine>, CounterError> {
        self.report_query(
            Set::Counted,
            &format!(
                "SELECT {}, dispense_id, prescription_number, pharmacist_name, mode,
                        substr(patient_key, 1, 16), inn, trade_name, product_id, quantity, unit,
                        packs, batch, expiry, state = 'delivered'
                 FROM l ORDER BY created_at, dispense_id, line_no",
                local_minute("created_at")
            ),
            f,
            |r| {
                Ok(ReportLine {
                    time: r.get(0)?,
                    dispense_id: r.get(1)?,
                    prescription_number: r.get(2)?,
                    pharmacist_name: r.get(3)?,
                    mode: mode(&r.get::<_, String>(4)?),
                    patient_ref: r.get(5)?,
                    inn: r.get(6)?,
                    trade_name: r.get(7)?,
                    product_id: r.get(8)?,
                    quantity: r.get(9)?,
                    unit: r.get(10)?,
                    packs: r.get(11)?,
                    batch: r.get(12)?,
                    expiry: r.get(13)?,
                    confirmed: r.get(14)?,
                })
            },
        )
    }

    /// Every counted line with what the report groups it by, oldest dispense first, in line
    /// order (the lines of one dispense are consecutive).
    pub fn report_line_facts(&self, f: &ReportFilter) -> Result<Vec<LineFact>, CounterError> {
        self.report_query(
            Set::Counted,
            &format!(
                "SELECT {}, dispense_id, prescription_number, pharmacist_name, mode,
                        patient_key, inn, trade_name, product_id, quantity, unit,
                        packs, batch, expiry, pharmacist_pinfl, state,
                        COALESCE(json_extract(response_json, '$.prescription_status')
                                 = 'partially_dispensed', 0)
                 FROM l ORDER BY created_at, dispense_id, line_no",
                local_minute("created_at")
            ),
            f,
            |r| {
                let patient_key: String = r.get(5)?;
                Ok(LineFact {
                    line: ReportLine {
                        time: r.get(0)?,
                        dispense_id: r.get(1)?,
                        prescription_number: r.get(2)?,
                        pharmacist_name: r.get(3)?,
                        mode: mode(&r.get::<_, String>(4)?),
                        patient_ref: patient_key.chars().take(16).collect(),
                        inn: r.get(6)?,
                        trade_name: r.get(7)?,
                        product_id: r.get(8)?,
                        quantity: r.get(9)?,
                        unit: r.get(10)?,
                        packs: r.get(11)?,
                        batch: r.get(12)?,
                        expiry: r.get(13)?,
                        confirmed: r.get::<_, String>(15)? == "delivered",
                    },
                    patient_key,
                    pharmacist_pinfl: r.get(14)?,
                    state: r.get(15)?,
                    partial: r.get(16)?,
                })
            },
        )
    }

    /// Conflicts still open that were raised before `end`, oldest first.
    pub fn report_open_conflicts(&self, end: &str) -> Result<Vec<ConflictRow>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(&format!(
            "SELECT id, source, dispense_id, record_id, code, reason, {}
             FROM conflicts WHERE status = 'open' AND created_at < ?1
             ORDER BY created_at, id",
            local_minute("created_at")
        ))?;
        let rows = stmt.query_map([end], |r| {
            Ok(ConflictRow {
                id: r.get(0)?,
                source: r.get(1)?,
                dispense_id: r.get(2)?,
                record_id: r.get(3)?,
                code: r.get(4)?,
                reason: r.get(5)?,
                time: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The pharmacy of the newest dispense, for reports made without a session.
    pub fn report_pharmacy(&self) -> Result<Option<PharmacyRef>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT pharmacy_id, pharmacy_name FROM dispenses
                 ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [],
                |r| {
                    Ok(PharmacyRef {
                        id: r.get(0)?,
                        name: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// What a receipt shows about a dispense beyond its lines: pharmacy, pharmacist, local
    /// time and the patient's PINFL (whole: the caller masks it).
    pub fn receipt_head(&self, dispense_id: &str) -> Result<Option<ReceiptHead>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                &format!(
                    "SELECT d.dispense_id, d.prescription_number, d.pharmacy_id, d.pharmacy_name,
                            d.pharmacist_name, d.mode, {},
                            COALESCE(pr.patient_pinfl, p.pinfl),
                            CASE WHEN json_valid(d.request_json)
                                 THEN json_extract(d.request_json, '$.receiver') END
                     FROM dispenses d
                     LEFT JOIN paper_records pr ON pr.dispense_id = d.dispense_id
                     LEFT JOIN prescriptions p ON p.number = d.prescription_number
                     WHERE d.dispense_id = ?1",
                    local_minute("d.created_at")
                ),
                [dispense_id],
                |r| {
                    Ok(ReceiptHead {
                        dispense_id: r.get(0)?,
                        prescription_number: r.get(1)?,
                        pharmacy: PharmacyRef {
                            id: r.get(2)?,
                            name: r.get(3)?,
                        },
                        pharmacist_name: r.get(4)?,
                        mode: mode(&r.get::<_, String>(5)?),
                        time: r.get(6)?,
                        patient_pinfl: r.get(7)?,
                        // A receiver the body cannot describe is left out, not an error.
                        receiver: r
                            .get::<_, Option<String>>(8)?
                            .and_then(|j| serde_json::from_str(&j).ok()),
                    })
                },
            )
            .optional()?)
    }

    /// When (local time, `YYYY-MM-DD HH:MM`) and why `dispense_id` was withdrawn, if it was.
    pub fn withdrawal_of(
        &self,
        dispense_id: &str,
    ) -> Result<Option<(String, String)>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                &format!(
                    "SELECT {}, COALESCE(d.withdraw_reason, '') FROM dispenses d
                     WHERE d.dispense_id = ?1 AND d.withdrawn_at IS NOT NULL",
                    local_minute("d.withdrawn_at")
                ),
                [dispense_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The paper records made in `[start, end)`, oldest first, with their dispense's lines.
    pub fn paper_log(&self, start: &str, end: &str) -> Result<Vec<PaperLogRow>, CounterError> {
        let heads = {
            let conn = self.conn()?;
            let mut stmt = conn.prepare(&format!(
                "SELECT pr.record_id, pr.dispense_id, pr.prescription_number, pr.patient_pinfl,
                        pr.prescriber_name, pr.facility, pr.id_document_checked,
                        pr.patient_declaration, pr.reason, pr.state, d.pharmacist_name, {},
                        pr.override_by, pr.override_reason
                 FROM paper_records pr JOIN dispenses d ON d.dispense_id = pr.dispense_id
                 WHERE pr.created_at >= ?1 AND pr.created_at < ?2
                 ORDER BY pr.created_at, pr.record_id",
                local_minute("pr.created_at")
            ))?;
            let rows = stmt.query_map([start, end], |r| {
                Ok(PaperLogRow {
                    record_id: r.get(0)?,
                    dispense_id: r.get(1)?,
                    prescription_number: r.get(2)?,
                    patient_pinfl: r.get(3)?,
                    prescriber_name: r.get(4)?,
                    facility: r.get(5)?,
                    id_document_checked: r.get(6)?,
                    patient_declaration: r.get(7)?,
                    reason: r.get(8)?,
                    state: r.get(9)?,
                    pharmacist_name: r.get(10)?,
                    time: r.get(11)?,
                    override_by: r.get(12)?,
                    override_reason: r.get(13)?,
                    lines: Vec::new(),
                })
            })?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        let mut out = Vec::with_capacity(heads.len());
        for mut row in heads {
            row.lines = self.dispense_lines(&row.dispense_id)?;
            out.push(row);
        }
        Ok(out)
    }
}
