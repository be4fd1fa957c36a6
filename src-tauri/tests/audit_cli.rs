//! `dorixona audit verify` runs headless for real: on a data folder with no database yet it
//! creates the encrypted database and reports an empty chain; after the trail grew it reports
//! its rows; after tampering it names the first broken link and exits 1.

use std::path::Path;
use std::process::{Command, Output};

fn audit(data: &Path, keys: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dorixona"))
        .arg("audit")
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DORIXONA_DATA_DIR")
        .env("DORIXONA_DB_KEY_FILE", keys)
        .output()
        .unwrap()
}

#[test]
fn verify_creates_the_database_reports_rows_and_catches_tampering() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let keys = tmp.path().join("db.key");

    let empty = audit(&data, &keys, &["verify"]);
    assert!(
        empty.status.success(),
        "{}",
        String::from_utf8_lossy(&empty.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&empty.stdout).trim(),
        "audit log intact: 0 rows"
    );
    let db = data.join(counter::DB_FILE);
    assert!(db.is_file(), "the database was created");
    assert!(
        !counter::store::cipher::is_plaintext(&db).unwrap(),
        "and it is encrypted"
    );

    // The trail grows as the app would write it, under the same key and head place.
    {
        use counter::audit::{AuditAction, AuditTrail, HeadPlace};
        use counter::db_key::{database_key, KeyPlace};
        let place = KeyPlace::File(keys.clone());
        let key = database_key(&place, &db).unwrap();
        let store = counter::store::Store::open_keyed(&db, Some(&key)).unwrap();
        let trail = AuditTrail::new(Some(HeadPlace {
            place,
            db: db.clone(),
        }));
        for _ in 0..3 {
            trail
                .record(
                    &store,
                    "PH/a",
                    AuditAction::SignIn,
                    "-",
                    serde_json::json!({}),
                )
                .unwrap();
        }
    }
    let three = audit(&data, &keys, &["verify"]);
    assert!(three.status.success());
    assert_eq!(
        String::from_utf8_lossy(&three.stdout).trim(),
        "audit log intact: 3 rows"
    );

    // Someone with the key removes the last row.
    {
        use counter::db_key::{database_key, KeyPlace};
        let key = database_key(&KeyPlace::File(keys.clone()), &db).unwrap();
        let conn = rusqlite::Connection::open(&db).unwrap();
        counter::store::cipher::key_connection(&conn, &key).unwrap();
        conn.execute("DELETE FROM audit_log WHERE seq = 3", [])
            .unwrap();
    }
    let cut = audit(&data, &keys, &["verify"]);
    assert_eq!(cut.status.code(), Some(1));
    let out = String::from_utf8_lossy(&cut.stdout);
    assert!(
        out.contains("BROKEN") && out.contains("removed from its end"),
        "{out}"
    );
}
