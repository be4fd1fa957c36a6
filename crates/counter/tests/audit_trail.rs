//! The audit trail through the real parts: rows written by the counter's own flows against the
//! sandbox (PINFLs masked), and every kind of tampering with the stored rows (edit, delete,
//! insert, reorder, truncate) caught by `audit::verify`, against a head kept outside the
//! database.

mod common;

use common::*;
use counter::audit::{self, chain::Break, AuditAction, AuditTrail, HeadPlace, Verdict};
use counter::db_key::KeyPlace;
use counter::store::Store;

/// A store with ten rows and a trail whose head is kept in a key file beside it.
fn ten_rows() -> (tempfile::TempDir, Store, HeadPlace) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(counter::DB_FILE);
    let store = Store::open(&db).unwrap();
    let head = HeadPlace {
        place: KeyPlace::File(dir.path().join("keys")),
        db,
    };
    let trail = AuditTrail::new(Some(head.clone()));
    for i in 0..10 {
        trail
            .record(
                &store,
                "PH/aziza",
                AuditAction::Lookup,
                &format!("30**********3{i}"),
                serde_json::json!({ "i": i }),
            )
            .unwrap();
    }
    (dir, store, head)
}

fn broken(store: &Store, head: &HeadPlace) -> Break {
    match audit::verify(store, Some(head)).unwrap() {
        Verdict::Broken(b) => b,
        Verdict::Intact { rows } => panic!("tampering went unnoticed ({rows} rows)"),
    }
}

fn sql(store: &Store, dir: &tempfile::TempDir, statements: &str) {
    let _ = store;
    let conn = rusqlite::Connection::open(dir.path().join(counter::DB_FILE)).unwrap();
    conn.execute_batch(statements).unwrap();
}

#[test]
fn an_untouched_trail_verifies_with_its_row_count() {
    let (_dir, store, head) = ten_rows();
    assert_eq!(
        audit::verify(&store, Some(&head)).unwrap(),
        Verdict::Intact { rows: 10 }
    );
}

#[test]
fn an_edited_row_is_caught() {
    let (dir, store, head) = ten_rows();
    sql(
        &store,
        &dir,
        "UPDATE audit_log SET subject = '40**********31' WHERE seq = 4",
    );
    assert_eq!(broken(&store, &head), Break::Edited { seq: 4 });
}

#[test]
fn a_deleted_row_is_caught() {
    let (dir, store, head) = ten_rows();
    sql(&store, &dir, "DELETE FROM audit_log WHERE seq = 6");
    assert_eq!(
        broken(&store, &head),
        Break::OutOfOrder {
            expected: 6,
            found: 7
        }
    );
}

#[test]
fn an_inserted_row_is_caught() {
    let (dir, store, head) = ten_rows();
    sql(
        &store,
        &dir,
        "UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 5;
         UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000;
         INSERT INTO audit_log(seq, at, actor, action, subject, details, prev_hash, hash)
         SELECT 5, at, 'PH/x', 'export', '-', '{}', hash, hash FROM audit_log WHERE seq = 4;",
    );
    let b = broken(&store, &head);
    assert!(
        matches!(b, Break::Edited { seq: 5 } | Break::Unlinked { seq: 5 }),
        "{b:?}"
    );
}

#[test]
fn reordered_rows_are_caught() {
    let (dir, store, head) = ten_rows();
    sql(
        &store,
        &dir,
        "UPDATE audit_log SET seq = 100 WHERE seq = 3;
         UPDATE audit_log SET seq = 3 WHERE seq = 7;
         UPDATE audit_log SET seq = 7 WHERE seq = 100;",
    );
    assert_eq!(broken(&store, &head), Break::Unlinked { seq: 3 });
}

#[test]
fn a_cut_off_tail_is_caught() {
    let (dir, store, head) = ten_rows();
    sql(&store, &dir, "DELETE FROM audit_log WHERE seq > 7");
    assert_eq!(broken(&store, &head), Break::Truncated { len: 7, kept: 10 });
    sql(&store, &dir, "DELETE FROM audit_log");
    assert_eq!(broken(&store, &head), Break::Truncated { len: 0, kept: 10 });
}

#[tokio::test]
async fn the_counters_own_flows_write_the_trail_with_patients_masked() {
    let sbx = sandbox_process::SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in(&sbx, 0).await;
    let rx = demo
        .prescriptions
        .iter()
        .find(|p| p.state == "active")
        .expect("an active demo prescription");
    tc.counter.lookup(&rx.payload, None).await.unwrap();
    tc.counter
        .lookup(
            &rx.pinfl,
            Some(dmed_api::handover::IdDocumentKind::Passport),
        )
        .await
        .unwrap();
    let wrong = tc
        .counter
        .lookup(&format!("{} 0000", rx.number), None)
        .await;
    assert!(wrong.is_err());
    tc.counter.sign_out().await.unwrap();

    let store = tc.store();
    let rows = store.audit_rows(&Default::default()).unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        ["sign_in", "lookup", "lookup", "lookup", "sign_out"]
    );
    let login = &demo.pharmacies[0];
    assert!(rows
        .iter()
        .all(|r| r.actor == format!("{}/{}", login.pharmacy_id, login.login)));
    assert_eq!(rows[2].subject, counter_masked(&rx.pinfl));
    assert!(rows
        .iter()
        .all(|r| !r.subject.contains(&rx.pinfl) && !r.details.contains(&rx.pinfl)));
    assert!(
        rows[3].details.contains("ACCESS_CODE_MISMATCH"),
        "{}",
        rows[3].details
    );
    // Kept head and rows agree.
    let verdict = audit::verify(&store, None).unwrap();
    assert_eq!(verdict, Verdict::Intact { rows: 5 });
}

fn counter_masked(pinfl: &str) -> String {
    format!("{}{}{}", &pinfl[..2], "*".repeat(10), &pinfl[12..])
}
