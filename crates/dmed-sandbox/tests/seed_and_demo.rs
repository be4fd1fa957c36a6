//! The seeded database meets its counts, and `demo --json` has the documented shape.

use dmed_api::{Pinfl, RxNumber};
use rusqlite::Connection;
use sandbox_process::{sandbox_binary, SandboxProcess};
use std::collections::HashSet;
use std::process::Command;

fn strings(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn the_seed_meets_the_counts_with_valid_identifiers() {
    let sandbox = SandboxProcess::start();
    let conn = Connection::open(&sandbox.db_path).unwrap();

    let pinfls = strings(&conn, "SELECT pinfl FROM patients");
    assert!(pinfls.len() >= 200, "{} patients", pinfls.len());
    for p in &pinfls {
        assert!(Pinfl::parse(p).is_ok(), "{p}");
    }
    let names = strings(&conn, "SELECT full_name FROM patients");
    assert!(
        names.iter().all(|n| n.split(' ').count() == 3),
        "surname, given name, patronymic"
    );

    let numbers = strings(&conn, "SELECT number FROM prescriptions");
    assert!(numbers.len() >= 1_000, "{} prescriptions", numbers.len());
    for n in &numbers {
        assert_eq!(RxNumber::parse(n).unwrap().as_str(), n);
    }
    let codes = strings(&conn, "SELECT access_code FROM prescriptions");
    assert!(codes
        .iter()
        .all(|c| c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit())));

    let statuses: HashSet<String> = strings(&conn, "SELECT DISTINCT status FROM prescriptions")
        .into_iter()
        .collect();
    for s in [
        "active",
        "partially_dispensed",
        "completed",
        "cancelled",
        "expired",
    ] {
        assert!(statuses.contains(s), "no {s} prescription");
    }
    let kinds: HashSet<String> = strings(&conn, "SELECT DISTINCT kind FROM prescriptions")
        .into_iter()
        .collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    let chronic_days = strings(
        &conn,
        "SELECT DISTINCT CAST(julianday(valid_until) - julianday(valid_from) + 1 AS INTEGER) || '' FROM prescriptions WHERE kind = 'chronic'",
    );
    assert!(
        chronic_days.iter().all(|d| d == "60" || d == "90"),
        "{chronic_days:?}"
    );
    let acute_days = strings(
        &conn,
        "SELECT DISTINCT CAST(julianday(valid_until) - julianday(valid_from) + 1 AS INTEGER) || '' FROM prescriptions WHERE kind = 'acute'",
    );
    assert!(
        acute_days
            .iter()
            .all(|d| (5..=30).contains(&d.parse::<i32>().unwrap())),
        "{acute_days:?}"
    );

    let products = strings(&conn, "SELECT product_id FROM products");
    assert!(products.len() >= 300, "{} products", products.len());
    let inns = strings(&conn, "SELECT DISTINCT inn FROM products");
    assert!(inns.len() >= 100, "{} INNs", inns.len());
    let icd = strings(&conn, "SELECT DISTINCT diagnosis_icd10 FROM prescriptions");
    assert!(icd.len() >= 20);
}

#[test]
fn the_same_seed_gives_the_same_numbers() {
    let a = SandboxProcess::start();
    let b = SandboxProcess::start();
    let numbers = |s: &SandboxProcess| {
        strings(
            &Connection::open(&s.db_path).unwrap(),
            "SELECT number FROM prescriptions ORDER BY number",
        )
    };
    assert_eq!(numbers(&a), numbers(&b));
    let staff = |s: &SandboxProcess| s.demo().staff;
    assert_eq!(staff(&a), staff(&b), "staff, administrators included");
    let c = SandboxProcess::start_with(&["--seed", "7"]);
    assert_ne!(numbers(&a), numbers(&c));
}

#[test]
fn demo_json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let out = Command::new(sandbox_binary())
        .args(["demo", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    let pharmacies = v["pharmacies"].as_array().unwrap();
    let ids: HashSet<&str> = pharmacies
        .iter()
        .map(|p| p["pharmacy_id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 2);
    for p in pharmacies {
        for k in ["pharmacy_id", "login", "secret"] {
            assert!(p[k].is_string(), "{k} in {p}");
        }
    }
    let revoked = v["revoked"].as_array().unwrap();
    assert!(!revoked.is_empty() && revoked[0]["login"].is_string());

    let rxs = v["prescriptions"].as_array().unwrap();
    for state in dmed_sandbox::STATES {
        let of_state: Vec<_> = rxs.iter().filter(|r| r["state"] == state).collect();
        assert!(of_state.len() >= 3, "state {state}: {}", of_state.len());
    }
    let product_inns: HashSet<&str> = v["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["inn"].as_str().unwrap())
        .collect();
    for rx in rxs {
        for k in [
            "number", "payload", "code", "pinfl", "status", "kind", "state",
        ] {
            assert!(rx[k].is_string(), "{k} in {rx}");
        }
        let payload = format!(
            "DMEDRX:1:{}:{}",
            rx["number"].as_str().unwrap(),
            rx["code"].as_str().unwrap()
        );
        assert_eq!(rx["payload"], payload.as_str());
        assert!(Pinfl::parse(rx["pinfl"].as_str().unwrap()).is_ok());
        if rx["state"] == "active" {
            assert_eq!(rx["status"], "active");
            let inns = rx["inns"].as_array().unwrap();
            assert!(
                inns.iter()
                    .any(|i| product_inns.contains(i.as_str().unwrap())),
                "{rx}"
            );
        }
    }
    let codes = v["marking_codes"].as_array().unwrap();
    assert!(!codes.is_empty());
    for m in codes {
        assert!(
            dmed_api::PackCode::parse(m["code"].as_str().unwrap()).is_ok(),
            "{m}"
        );
        assert!(m["product_id"].is_string());
    }

    // The library reads the same information.
    let info = dmed_sandbox::demo_info(&db).unwrap();
    assert_eq!(serde_json::to_value(&info).unwrap(), v);

    // The table form lists every state.
    let table = Command::new(sandbox_binary())
        .args(["demo", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    for state in dmed_sandbox::STATES {
        assert!(text.contains(state), "{state} missing from the table");
    }
    assert!(text.contains("DMEDRX:1:"));
}
