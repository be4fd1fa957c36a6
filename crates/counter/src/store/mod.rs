//! The local SQLite database: schema, versioned migrations, and the SQL for every table. No rules
//! live here: callers decide what to write and when; this module only reads and writes rows.
//!
//! The database runs in WAL mode with a busy timeout. Migrations are an ordered list; each one
//! runs in its own transaction together with the bump of `schema_version`, so a crash leaves the
//! database at a known version. A database written by a newer version of the app is refused.

pub mod gate;
mod outage;
mod packs;
pub mod reports;

pub use outage::{ConflictRow, NewConflict, OutboxEntry, OutboxSummary, PaperRecordRow, PaperRow};

use crate::error::{CounterError, StorageProblem};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How long a write waits for another writer before failing as "locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The ordered schema migrations; index + 1 is the version each one brings the database to.
const MIGRATIONS: &[&str] = &[
    // 1: settings, cached prescriptions, catalogue, dispenses with their lines, outbox.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE prescriptions (
        number     TEXT PRIMARY KEY,
        pinfl      TEXT NOT NULL,
        json       TEXT NOT NULL,
        fetched_at TEXT NOT NULL
    );
    CREATE INDEX prescriptions_by_pinfl ON prescriptions(pinfl);
    CREATE TABLE catalog_products (
        product_id TEXT PRIMARY KEY,
        inn_key    TEXT NOT NULL,
        trade_name TEXT NOT NULL,
        json       TEXT NOT NULL
    );
    CREATE INDEX catalog_products_by_inn ON catalog_products(inn_key, trade_name);
    CREATE TABLE catalog_meta (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        version   INTEGER NOT NULL,
        synced_at TEXT NOT NULL
    );
    CREATE TABLE dispenses (
        dispense_id         TEXT PRIMARY KEY,
        prescription_number TEXT NOT NULL,
        pharmacist_pinfl    TEXT NOT NULL,
        pharmacy_id         TEXT NOT NULL,
        mode                TEXT NOT NULL CHECK (mode IN ('online', 'offline_retry', 'paper')),
        state               TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'rejected')),
        request_json        TEXT NOT NULL,
        response_json       TEXT,
        created_at          TEXT NOT NULL,
        delivered_at        TEXT,
        last_error          TEXT
    );
    CREATE INDEX dispenses_by_number ON dispenses(prescription_number);
    CREATE INDEX dispenses_by_created ON dispenses(created_at);
    CREATE TABLE dispense_lines (
        dispense_id   TEXT NOT NULL REFERENCES dispenses(dispense_id) ON DELETE CASCADE,
        line_no       INTEGER NOT NULL,
        item_id       TEXT NOT NULL,
        product_id    TEXT NOT NULL,
        inn           TEXT NOT NULL,
        quantity      INTEGER NOT NULL CHECK (quantity > 0),
        batch         TEXT,
        expiry        TEXT,
        marking_codes TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (dispense_id, line_no)
    );
    CREATE INDEX dispense_lines_by_product ON dispense_lines(product_id);
    CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        kind            TEXT NOT NULL,
        dispense_id     TEXT REFERENCES dispenses(dispense_id),
        payload         TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error      TEXT,
        created_at      TEXT NOT NULL
    );
    CREATE INDEX outbox_by_dispense ON outbox(dispense_id);
    "#,
    // 2: what reports need without keeping personal data (pharmacist and product names, a keyed
    // patient hash, pack sizes, withdrawals), paper records made during outages, and the
    // manager's queue of conflicts.
    r#"
    ALTER TABLE dispenses ADD COLUMN pharmacist_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE dispenses ADD COLUMN pharmacy_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE dispenses ADD COLUMN patient_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE dispenses ADD COLUMN withdrawn_at TEXT;
    ALTER TABLE dispenses ADD COLUMN withdraw_reason TEXT;
    ALTER TABLE dispense_lines ADD COLUMN trade_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE dispense_lines ADD COLUMN pack_size INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dispense_lines ADD COLUMN unit TEXT NOT NULL DEFAULT '';
    CREATE INDEX dispenses_by_pharmacist ON dispenses(pharmacist_pinfl, created_at);
    CREATE INDEX dispense_lines_by_inn ON dispense_lines(inn);
    CREATE TABLE paper_records (
        record_id           TEXT PRIMARY KEY,
        dispense_id         TEXT NOT NULL UNIQUE REFERENCES dispenses(dispense_id),
        prescription_number TEXT,
        patient_pinfl       TEXT NOT NULL,
        prescriber_name     TEXT NOT NULL,
        facility            TEXT NOT NULL,
        id_document_checked INTEGER NOT NULL CHECK (id_document_checked IN (0, 1)),
        patient_declaration INTEGER NOT NULL CHECK (patient_declaration IN (0, 1)),
        reason              TEXT,
        override_by         TEXT,
        override_reason     TEXT,
        state               TEXT NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'accepted', 'conflict')),
        central_dispense_id TEXT,
        created_at          TEXT NOT NULL,
        uploaded_at         TEXT
    );
    CREATE INDEX paper_records_by_created ON paper_records(created_at);
    CREATE TABLE conflicts (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        source          TEXT NOT NULL CHECK (source IN ('dispense', 'paper')),
        dispense_id     TEXT REFERENCES dispenses(dispense_id),
        record_id       TEXT REFERENCES paper_records(record_id),
        code            TEXT NOT NULL,
        reason          TEXT NOT NULL,
        details_json    TEXT NOT NULL DEFAULT '{}',
        created_at      TEXT NOT NULL,
        status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged')),
        note            TEXT,
        acknowledged_by TEXT,
        acknowledged_at TEXT
    );
    CREATE INDEX conflicts_by_status ON conflicts(status, created_at);
    "#,
];

/// The stored form of a timestamp: RFC 3339 in UTC with exactly six fraction digits, so that
/// text order is time order.
pub fn timestamp(t: time::OffsetDateTime) -> String {
    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(FORMAT)
        .unwrap_or_default()
}

/// The schema version this build knows.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// A new dispense row.
#[derive(Debug, Clone)]
pub struct NewDispense {
    pub dispense_id: String,
    pub prescription_number: String,
    pub pharmacist_pinfl: String,
    pub pharmacist_name: String,
    pub pharmacy_id: String,
    pub pharmacy_name: String,
    /// Keyed hash of the patient's PINFL (see `privacy::patient_key`): counts distinct patients
    /// in reports without storing the number.
    pub patient_key: String,
    pub mode: String,
    pub request_json: String,
    pub created_at: String,
}

/// One line of a dispense, kept for reports.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRow {
    pub item_id: String,
    pub product_id: String,
    pub inn: String,
    pub trade_name: String,
    pub pack_size: u32,
    pub unit: String,
    pub quantity: u32,
    pub batch: Option<String>,
    pub expiry: Option<String>,
    pub marking_codes: Vec<String>,
}

/// A stored dispense.
#[derive(Debug, Clone, PartialEq)]
pub struct DispenseRow {
    pub dispense_id: String,
    pub prescription_number: String,
    pub pharmacist_pinfl: String,
    pub pharmacy_id: String,
    pub mode: String,
    pub state: String,
    pub request_json: String,
    pub response_json: Option<String>,
    pub created_at: String,
    pub delivered_at: Option<String>,
    pub last_error: Option<String>,
}

/// A message waiting to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub dispense_id: Option<String>,
    pub payload: String,
    pub attempts: u32,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
}

/// A catalogue product as stored: the search key columns and the full JSON.
#[derive(Debug, Clone)]
pub struct CatalogRow {
    pub product_id: String,
    pub inn_key: String,
    pub trade_name: String,
    pub json: String,
}

/// The local database.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, CounterError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> Result<MutexGuard<'_, Connection>, CounterError> {
        self.conn.lock().map_err(|_| {
            CounterError::storage(
                StorageProblem::Other,
                "an earlier database operation failed midway",
            )
        })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32, CounterError> {
        let conn = self.conn()?;
        current_version(&conn)
    }

    /// Re-runs the migrations (a no-op when the schema is current).
    pub fn migrate(&self) -> Result<u32, CounterError> {
        let mut conn = self.conn()?;
        migrate(&mut conn)
    }

    // ------------------------------------------------------------------ settings

    /// One setting's value.
    /// A random secret of this database, created on first use (e.g. the key of patient hashes).
    pub fn local_secret(&self, name: &str) -> Result<String, CounterError> {
        let key = format!("secret.{name}");
        if let Some(v) = self.setting(&key)? {
            return Ok(v);
        }
        let fresh: String = (0..32)
            .map(|_| format!("{:x}", rand::random::<u8>() & 0x0f))
            .collect();
        let conn = self.conn()?;
        conn.execute(
            "INSERT OR IGNORE INTO settings(key, value) VALUES (?1, ?2)",
            params![key, fresh],
        )?;
        let v: String =
            conn.query_row("SELECT value FROM settings WHERE key = ?1", [&key], |r| {
                r.get(0)
            })?;
        Ok(v)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>, CounterError> {
        Ok(self
            .conn()?
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets (`Some`) or removes (`None`) several settings in one transaction.
    pub fn set_settings(&self, pairs: &[(&str, Option<&str>)]) -> Result<(), CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        for (key, value) in pairs {
            match value {
                Some(v) => tx.execute(
                    "INSERT INTO settings(key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![key, v],
                )?,
                None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
            };
        }
        tx.commit()?;
        Ok(())
    }

    // ------------------------------------------------------------------ cached prescriptions

    /// Caches a prescription's JSON.
    pub fn put_prescription(
        &self,
        number: &str,
        pinfl: &str,
        json: &str,
        fetched_at: &str,
    ) -> Result<(), CounterError> {
        self.conn()?.execute(
            "INSERT INTO prescriptions(number, pinfl, json, fetched_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(number) DO UPDATE SET pinfl = excluded.pinfl, json = excluded.json,
                 fetched_at = excluded.fetched_at",
            params![number, pinfl, json, fetched_at],
        )?;
        Ok(())
    }

    /// A cached prescription's JSON and when it was fetched.
    pub fn prescription(&self, number: &str) -> Result<Option<(String, String)>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT json, fetched_at FROM prescriptions WHERE number = ?1",
                [number],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    // ------------------------------------------------------------------ catalogue

    /// The version of the local catalogue, `None` if it was never synced.
    pub fn catalog_version(&self) -> Result<Option<u64>, CounterError> {
        let v: Option<i64> = self
            .conn()?
            .query_row("SELECT version FROM catalog_meta WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.map(|v| v.max(0) as u64))
    }

    /// Applies a catalogue delta in one transaction: upserts, removals and the new version.
    pub fn apply_catalog(
        &self,
        version: u64,
        upserts: &[CatalogRow],
        removed: &[String],
        synced_at: &str,
    ) -> Result<(), CounterError> {
        let version = i64::try_from(version).map_err(|_| {
            CounterError::storage(StorageProblem::Other, "catalogue version out of range")
        })?;
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        {
            let mut upsert = tx.prepare(
                "INSERT INTO catalog_products(product_id, inn_key, trade_name, json)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(product_id) DO UPDATE SET inn_key = excluded.inn_key,
                     trade_name = excluded.trade_name, json = excluded.json",
            )?;
            for row in upserts {
                upsert.execute(params![
                    row.product_id,
                    row.inn_key,
                    row.trade_name,
                    row.json
                ])?;
            }
            let mut delete = tx.prepare("DELETE FROM catalog_products WHERE product_id = ?1")?;
            for id in removed {
                delete.execute([id])?;
            }
        }
        tx.execute(
            "INSERT INTO catalog_meta(id, version, synced_at) VALUES (1, ?1, ?2)
             ON CONFLICT(id) DO UPDATE SET version = excluded.version, synced_at = excluded.synced_at",
            params![version, synced_at],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// JSON of the products whose INN key equals `inn_key`, by trade name.
    pub fn products_by_inn(&self, inn_key: &str) -> Result<Vec<String>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT json FROM catalog_products WHERE inn_key = ?1 ORDER BY trade_name, product_id",
        )?;
        let rows = stmt.query_map([inn_key], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<String>, _>>()?)
    }

    /// JSON of one product.
    pub fn product(&self, product_id: &str) -> Result<Option<String>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT json FROM catalog_products WHERE product_id = ?1",
                [product_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Number of products in the local catalogue.
    pub fn product_count(&self) -> Result<u64, CounterError> {
        let n: i64 = self
            .conn()?
            .query_row("SELECT COUNT(*) FROM catalog_products", [], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    // ------------------------------------------------------------------ dispenses and outbox

    /// Writes a dispense, its lines and its outbox row in one transaction. Returns the outbox id.
    pub fn insert_dispense(
        &self,
        dispense: &NewDispense,
        lines: &[LineRow],
        outbox_kind: &str,
    ) -> Result<i64, CounterError> {
        self.insert_dispense_gated(dispense, lines, outbox_kind, None, || {
            CounterError::storage(StorageProblem::Other, "the write was called off")
        })
    }

    /// [`Store::insert_dispense`] whose commit goes through `gate`: once the gate is closed the
    /// transaction is rolled back and `called_off()` returned, so nothing is written.
    pub fn insert_dispense_gated(
        &self,
        dispense: &NewDispense,
        lines: &[LineRow],
        outbox_kind: &str,
        gate: Option<&gate::CommitGate>,
        called_off: impl FnOnce() -> CounterError,
    ) -> Result<i64, CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO dispenses(dispense_id, prescription_number, pharmacist_pinfl, pharmacy_id,
                 mode, state, request_json, created_at, pharmacist_name, pharmacy_name, patient_key)
             VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7, ?8, ?9, ?10)",
            params![
                dispense.dispense_id,
                dispense.prescription_number,
                dispense.pharmacist_pinfl,
                dispense.pharmacy_id,
                dispense.mode,
                dispense.request_json,
                dispense.created_at,
                dispense.pharmacist_name,
                dispense.pharmacy_name,
                dispense.patient_key
            ],
        )?;
        {
            let mut line_stmt = tx.prepare(
                "INSERT INTO dispense_lines(dispense_id, line_no, item_id, product_id, inn,
                     quantity, batch, expiry, marking_codes, trade_name, pack_size, unit)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            for (i, line) in lines.iter().enumerate() {
                let codes = serde_json::to_string(&line.marking_codes)?;
                line_stmt.execute(params![
                    dispense.dispense_id,
                    i as i64 + 1,
                    line.item_id,
                    line.product_id,
                    line.inn,
                    line.quantity,
                    line.batch,
                    line.expiry,
                    codes,
                    line.trade_name,
                    line.pack_size,
                    line.unit
                ])?;
            }
        }
        tx.execute(
            "INSERT INTO outbox(kind, dispense_id, payload, attempts, next_attempt_at, created_at)
             VALUES (?1, ?2, ?3, 0, ?4, ?4)",
            params![
                outbox_kind,
                dispense.dispense_id,
                dispense.request_json,
                dispense.created_at
            ],
        )?;
        let id = tx.last_insert_rowid();
        match gate {
            None => tx.commit()?,
            Some(gate) => {
                gate.commit_with(&dispense.dispense_id, || Ok(tx.commit()?), called_off)?
            }
        }
        Ok(id)
    }

    /// Marks a dispense delivered (with the central answer and the mode it reached the central
    /// system in) and removes its outbox rows, in one transaction.
    pub fn mark_delivered(
        &self,
        dispense_id: &str,
        mode: &str,
        response_json: &str,
        delivered_at: &str,
    ) -> Result<(), CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE dispenses SET state = 'delivered', mode = ?2, response_json = ?3,
                 delivered_at = ?4, last_error = NULL
             WHERE dispense_id = ?1",
            params![dispense_id, mode, response_json, delivered_at],
        )?;
        tx.execute("DELETE FROM outbox WHERE dispense_id = ?1", [dispense_id])?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a dispense rejected with the error and removes its outbox rows, in one transaction.
    pub fn mark_rejected(&self, dispense_id: &str, error_json: &str) -> Result<(), CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE dispenses SET state = 'rejected', last_error = ?2 WHERE dispense_id = ?1",
            params![dispense_id, error_json],
        )?;
        tx.execute("DELETE FROM outbox WHERE dispense_id = ?1", [dispense_id])?;
        tx.commit()?;
        Ok(())
    }

    /// Records a failed send attempt of an outbox row (and the error on its dispense).
    pub fn record_attempt_failure(
        &self,
        outbox_id: i64,
        error: &str,
        next_attempt_at: &str,
    ) -> Result<(), CounterError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
             WHERE id = ?1",
            params![outbox_id, error, next_attempt_at],
        )?;
        tx.execute(
            "UPDATE dispenses SET last_error = ?2
             WHERE dispense_id = (SELECT dispense_id FROM outbox WHERE id = ?1)",
            params![outbox_id, error],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every outbox row, in the order they were written.
    pub fn outbox(&self) -> Result<Vec<OutboxRow>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(&format!("{OUTBOX_SELECT} ORDER BY id"))?;
        let rows = stmt.query_map([], outbox_row_of)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// One outbox row.
    pub fn outbox_row(&self, id: i64) -> Result<Option<OutboxRow>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                &format!("{OUTBOX_SELECT} WHERE id = ?1"),
                [id],
                outbox_row_of,
            )
            .optional()?)
    }

    /// One dispense.
    pub fn dispense(&self, dispense_id: &str) -> Result<Option<DispenseRow>, CounterError> {
        Ok(self
            .conn()?
            .query_row(
                &format!("{DISPENSE_COLUMNS} WHERE dispense_id = ?1"),
                [dispense_id],
                dispense_row,
            )
            .optional()?)
    }

    /// The dispenses of one prescription, oldest first.
    pub fn dispenses_of(
        &self,
        prescription_number: &str,
    ) -> Result<Vec<DispenseRow>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(&format!(
            "{DISPENSE_COLUMNS} WHERE prescription_number = ?1 ORDER BY created_at, rowid"
        ))?;
        let rows = stmt.query_map([prescription_number], dispense_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The lines of one dispense, in order.
    pub fn dispense_lines(&self, dispense_id: &str) -> Result<Vec<LineRow>, CounterError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT item_id, product_id, inn, quantity, batch, expiry, marking_codes,
                    trade_name, pack_size, unit
             FROM dispense_lines WHERE dispense_id = ?1 ORDER BY line_no",
        )?;
        let rows = stmt.query_map([dispense_id], |r| {
            Ok((
                LineRow {
                    item_id: r.get(0)?,
                    product_id: r.get(1)?,
                    inn: r.get(2)?,
                    trade_name: r.get(7)?,
                    pack_size: r.get(8)?,
                    unit: r.get(9)?,
                    quantity: r.get(3)?,
                    batch: r.get(4)?,
                    expiry: r.get(5)?,
                    marking_codes: Vec::new(),
                },
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut line, codes) = row?;
            line.marking_codes = serde_json::from_str(&codes)?;
            out.push(line);
        }
        Ok(out)
    }
}

const DISPENSE_COLUMNS: &str = "SELECT dispense_id, prescription_number, pharmacist_pinfl,
    pharmacy_id, mode, state, request_json, response_json, created_at, delivered_at, last_error
    FROM dispenses";

fn dispense_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DispenseRow> {
    Ok(DispenseRow {
        dispense_id: r.get(0)?,
        prescription_number: r.get(1)?,
        pharmacist_pinfl: r.get(2)?,
        pharmacy_id: r.get(3)?,
        mode: r.get(4)?,
        state: r.get(5)?,
        request_json: r.get(6)?,
        response_json: r.get(7)?,
        created_at: r.get(8)?,
        delivered_at: r.get(9)?,
        last_error: r.get(10)?,
    })
}

const OUTBOX_SELECT: &str = "SELECT id, kind, dispense_id, payload, attempts, next_attempt_at,
    last_error, created_at FROM outbox";

fn outbox_row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        dispense_id: r.get(2)?,
        payload: r.get(3)?,
        attempts: r.get(4)?,
        next_attempt_at: r.get(5)?,
        last_error: r.get(6)?,
        created_at: r.get(7)?,
    })
}

fn current_version(conn: &Connection) -> Result<u32, CounterError> {
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        [],
    )?;
    let v: Option<i64> = conn
        .query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(v.unwrap_or(0).max(0) as u32)
}

/// Brings the schema to [`SCHEMA_VERSION`]; refuses a database from a newer app.
fn migrate(conn: &mut Connection) -> Result<u32, CounterError> {
    let mut version = current_version(conn)?;
    if version > SCHEMA_VERSION {
        return Err(CounterError::storage(
            StorageProblem::TooNew,
            format!(
                "the database has schema version {version}; this version of Dorixona knows up to {SCHEMA_VERSION}"
            ),
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let target = i as u32 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute("DELETE FROM schema_version", [])?;
        tx.execute("INSERT INTO schema_version(version) VALUES (?1)", [target])?;
        tx.commit()?;
        version = target;
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::ErrorCode;

    fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("counter.sqlite")).unwrap();
        (dir, store)
    }

    fn new_dispense(id: &str, created_at: &str) -> NewDispense {
        NewDispense {
            dispense_id: id.into(),
            prescription_number: "7K3M9P2Q4R8X".into(),
            pharmacist_pinfl: "30211975910033".into(),
            pharmacist_name: "Karimova Dilnoza".into(),
            pharmacy_id: "PH-1".into(),
            pharmacy_name: "Dorixona №1".into(),
            patient_key: "k1".into(),
            mode: "online".into(),
            request_json: format!("{{\"dispense_id\":\"{id}\"}}"),
            created_at: created_at.into(),
        }
    }

    fn line() -> LineRow {
        LineRow {
            item_id: "i1".into(),
            product_id: "p1".into(),
            inn: "Amoxicillin".into(),
            trade_name: "Amoksiklav".into(),
            pack_size: 20,
            unit: "capsule".into(),
            quantity: 2,
            batch: Some("B1".into()),
            expiry: Some("2027-03-31".into()),
            marking_codes: vec!["0104600000000001215abc".into()],
        }
    }

    #[test]
    fn a_new_database_is_at_the_latest_version_and_in_wal_mode() {
        let (_dir, store) = temp_store();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let mode: String = store
            .conn()
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counter.sqlite");
        let store = Store::open(&path).unwrap();
        store.set_settings(&[("language", Some("en"))]).unwrap();
        assert_eq!(store.migrate().unwrap(), SCHEMA_VERSION);
        drop(store);
        let again = Store::open(&path).unwrap();
        assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(again.setting("language").unwrap().as_deref(), Some("en"));
        let rows: i64 = again
            .conn()
            .unwrap()
            .query_row("SELECT COUNT(*) FROM schema_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn a_newer_database_is_refused_with_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counter.sqlite");
        drop(Store::open(&path).unwrap());
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute(
                "UPDATE schema_version SET version = ?1",
                [SCHEMA_VERSION + 1],
            )
            .unwrap();
        }
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.code(), ErrorCode::StorageError);
        assert_eq!(err.details()["problem"], "too_new");
        assert!(
            err.to_string().contains("newer version of Dorixona"),
            "{err}"
        );
    }

    #[test]
    fn settings_are_set_replaced_and_removed() {
        let (_dir, store) = temp_store();
        store
            .set_settings(&[("endpoint", Some("http://a"))])
            .unwrap();
        store
            .set_settings(&[("endpoint", Some("http://b"))])
            .unwrap();
        assert_eq!(
            store.setting("endpoint").unwrap().as_deref(),
            Some("http://b")
        );
        store.set_settings(&[("endpoint", None)]).unwrap();
        assert_eq!(store.setting("endpoint").unwrap(), None);
    }

    #[test]
    fn a_dispense_its_lines_and_its_outbox_row_are_written_together() {
        let (_dir, store) = temp_store();
        let id = store
            .insert_dispense(
                &new_dispense("d1", "2026-11-21T10:00:00Z"),
                &[line()],
                "dispense",
            )
            .unwrap();
        let row = store.dispense("d1").unwrap().unwrap();
        assert_eq!(row.state, "pending");
        assert_eq!(store.dispense_lines("d1").unwrap(), vec![line()]);
        let outbox = store.outbox().unwrap();
        assert_eq!(outbox.len(), 1);
        assert_eq!(outbox[0].id, id);
        assert_eq!(outbox[0].payload, row.request_json);
        assert_eq!(outbox[0].dispense_id.as_deref(), Some("d1"));
    }

    #[test]
    fn a_failed_insert_leaves_nothing_behind() {
        let (_dir, store) = temp_store();
        let mut bad = line();
        bad.quantity = 0; // violates the CHECK constraint after the dispense row was written
        assert!(store
            .insert_dispense(
                &new_dispense("d1", "2026-11-21T10:00:00Z"),
                &[bad],
                "dispense"
            )
            .is_err());
        assert!(store.dispense("d1").unwrap().is_none());
        assert!(store.outbox().unwrap().is_empty());
    }

    #[test]
    fn outbox_is_returned_in_creation_order() {
        let (_dir, store) = temp_store();
        // Written in this order, even though the wall clock went back in between.
        for (id, at) in [
            ("first", "2026-11-21T10:05:00.000000Z"),
            ("second", "2026-11-21T10:00:00.000000Z"),
            ("third", "2026-11-21T10:07:00.000000Z"),
            ("fourth", "2026-11-21T10:07:00.000000Z"),
        ] {
            store
                .insert_dispense(&new_dispense(id, at), &[line()], "dispense")
                .unwrap();
        }
        let order: Vec<String> = store
            .outbox()
            .unwrap()
            .into_iter()
            .filter_map(|r| r.dispense_id)
            .collect();
        assert_eq!(order, ["first", "second", "third", "fourth"]);
    }

    #[test]
    fn timestamps_have_a_fixed_width_so_text_order_is_time_order() {
        use time::macros::datetime;
        let whole = timestamp(datetime!(2026-11-21 10:00:00 UTC));
        let later = timestamp(datetime!(2026-11-21 10:00:00.1 UTC));
        let tashkent = timestamp(datetime!(2026-11-21 15:00:00.2 +5));
        assert_eq!(whole, "2026-11-21T10:00:00.000000Z");
        assert!(
            whole < later && later < tashkent,
            "{whole} {later} {tashkent}"
        );
    }

    #[test]
    fn delivery_and_rejection_remove_the_outbox_row() {
        let (_dir, store) = temp_store();
        let a = store
            .insert_dispense(
                &new_dispense("a", "2026-11-21T10:00:00Z"),
                &[line()],
                "dispense",
            )
            .unwrap();
        store
            .insert_dispense(
                &new_dispense("b", "2026-11-21T10:01:00Z"),
                &[line()],
                "dispense",
            )
            .unwrap();
        store
            .record_attempt_failure(a, "NETWORK_UNAVAILABLE", "2026-11-21T10:00:30Z")
            .unwrap();
        let row = store.outbox_row(a).unwrap().unwrap();
        assert_eq!(row.attempts, 1);
        assert_eq!(row.last_error.as_deref(), Some("NETWORK_UNAVAILABLE"));
        store
            .mark_delivered("a", "offline_retry", "{}", "2026-11-21T10:02:00Z")
            .unwrap();
        store.mark_rejected("b", "{\"code\":\"EXPIRED\"}").unwrap();
        assert!(store.outbox().unwrap().is_empty());
        let a = store.dispense("a").unwrap().unwrap();
        assert_eq!(
            (a.state.as_str(), a.mode.as_str()),
            ("delivered", "offline_retry")
        );
        assert_eq!(a.last_error, None);
        let b = store.dispense("b").unwrap().unwrap();
        assert_eq!(b.state, "rejected");
        assert!(b.last_error.unwrap().contains("EXPIRED"));
    }

    #[test]
    fn prescriptions_are_cached_and_replaced() {
        let (_dir, store) = temp_store();
        store
            .put_prescription("N1", "30211975910033", "{\"v\":1}", "2026-11-21T10:00:00Z")
            .unwrap();
        store
            .put_prescription("N1", "30211975910033", "{\"v\":2}", "2026-11-21T11:00:00Z")
            .unwrap();
        let (json, at) = store.prescription("N1").unwrap().unwrap();
        assert_eq!(json, "{\"v\":2}");
        assert_eq!(at, "2026-11-21T11:00:00Z");
        assert!(store.prescription("N2").unwrap().is_none());
    }
}
