//! What a restore must not lose: the work the current database still has to send. Before the
//! restored database is put in place, for every dispense the current database knows that
//!
//! - still waits in its outbox (queued, unsent: a dispense, a paper record or a withdrawal), or
//! - waits in the *backup's* outbox (the current database may have sent or settled it since:
//!   its state is the newer one, and sending it again from the old copy is avoided),
//!
//! the current database's rows replace the backup's: the dispense, its lines, its paper record,
//! its conflicts and its outbox rows (appended after the backup's own, in the order they were
//! queued). Outbox rows that name no dispense are carried when the backup does not have them.
//! Everything else comes from the backup. It all runs in the caller's transaction, on a
//! connection where the current database is `main` and the restored one is attached as
//! `restored`, both at the same schema version.

use rusqlite::Connection;

use crate::error::CounterError;

/// What was carried into the restored database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Carried {
    /// Dispenses whose current state replaced the backup's.
    pub dispenses: usize,
    /// Outbox rows of the current database carried (all it had to send).
    pub outbox: usize,
}

fn columns(conn: &Connection, schema: &str, table: &str) -> Result<Vec<String>, CounterError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name FROM pragma_table_info('{table}', '{schema}')"
    ))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(names)
}

/// The columns `table` has in both databases (all but `skip`), as an SQL list.
fn shared_columns(conn: &Connection, table: &str, skip: &str) -> Result<String, CounterError> {
    let restored = columns(conn, "restored", table)?;
    Ok(columns(conn, "main", table)?
        .into_iter()
        .filter(|c| c != skip && restored.contains(c))
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", "))
}

/// The dispenses whose rows are carried (in `temp.carrying`).
const CARRIED: &str = "(SELECT id FROM temp.carrying)";

/// Carries the current database's unsent work into `restored` (see the module documentation).
pub fn carry(conn: &Connection) -> Result<Carried, CounterError> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.carrying;
         CREATE TEMP TABLE carrying (id TEXT PRIMARY KEY);
         INSERT OR IGNORE INTO temp.carrying
              SELECT o.dispense_id FROM main.outbox o
               WHERE o.dispense_id IN (SELECT dispense_id FROM main.dispenses);
         INSERT OR IGNORE INTO temp.carrying
              SELECT o.dispense_id FROM restored.outbox o
               WHERE o.dispense_id IN (SELECT dispense_id FROM main.dispenses);",
    )?;
    let dispenses: i64 = conn.query_row("SELECT count(*) FROM temp.carrying", [], |r| r.get(0))?;
    let paper_ids = |schema: &str| {
        format!("(SELECT record_id FROM {schema}.paper_records WHERE dispense_id IN {CARRIED})")
    };
    // Out with the backup's rows of these dispenses (children first) …
    conn.execute_batch(&format!(
        "DELETE FROM restored.outbox WHERE dispense_id IN {CARRIED};
         DELETE FROM restored.conflicts WHERE dispense_id IN {CARRIED}
                OR record_id IN {} OR record_id IN {};
         DELETE FROM restored.paper_records WHERE dispense_id IN {CARRIED};
         DELETE FROM restored.dispense_lines WHERE dispense_id IN {CARRIED};
         DELETE FROM restored.dispenses WHERE dispense_id IN {CARRIED};",
        paper_ids("restored"),
        paper_ids("main"),
    ))?;
    // … in with the current ones (parents first), conflicts and outbox rows in their order.
    for (table, skip, which) in [
        ("dispenses", "", format!("dispense_id IN {CARRIED}")),
        ("dispense_lines", "", format!("dispense_id IN {CARRIED}")),
        ("paper_records", "", format!("dispense_id IN {CARRIED}")),
        (
            "conflicts",
            "id",
            format!(
                "dispense_id IN {CARRIED} OR record_id IN {} ORDER BY id",
                paper_ids("main")
            ),
        ),
        (
            "outbox",
            "id",
            format!("dispense_id IN {CARRIED} ORDER BY id"),
        ),
    ] {
        let cols = shared_columns(conn, table, skip)?;
        conn.execute(
            &format!(
                "INSERT INTO restored.{table} ({cols}) SELECT {cols} FROM main.{table} WHERE {which}"
            ),
            [],
        )?;
    }
    let cols = shared_columns(conn, "outbox", "id")?;
    conn.execute(
        &format!(
            "INSERT INTO restored.outbox ({cols})
             SELECT {cols} FROM main.outbox o
              WHERE o.dispense_id IS NULL
                AND NOT EXISTS (SELECT 1 FROM restored.outbox r
                                 WHERE r.dispense_id IS NULL AND r.kind = o.kind
                                   AND r.payload = o.payload)
              ORDER BY o.id"
        ),
        [],
    )?;
    let outbox: i64 = conn.query_row("SELECT count(*) FROM main.outbox", [], |r| r.get(0))?;
    conn.execute_batch("DROP TABLE temp.carrying;")?;
    Ok(Carried {
        dispenses: dispenses as usize,
        outbox: outbox as usize,
    })
}
