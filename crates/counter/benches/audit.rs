//! Audit benchmark: `audit seed DIR ROWS` writes a hash-chained log of ROWS rows into an
//! encrypted counter database (key file in DIR, as `DORIXONA_DB_KEY_FILE` would give) with its
//! head kept beside the key; `audit verify DIR` times a full `audit::verify` of it. Run by
//! `tests/bench/audit-verify.sh`.

use std::path::Path;
use std::time::Instant;

use counter::audit::chain::{Head, Link, GENESIS};
use counter::audit::{self, HeadPlace, Verdict};
use counter::db_key::{database_key, keep, KeyPlace};
use counter::store::Store;

fn place(dir: &Path) -> HeadPlace {
    HeadPlace {
        place: KeyPlace::File(dir.join("bench.key")),
        db: dir.join(counter::DB_FILE),
    }
}

fn open(dir: &Path) -> Result<Store, Box<dyn std::error::Error>> {
    let p = place(dir);
    let key = database_key(&p.place, &p.db)?;
    Ok(Store::open_keyed(&p.db, Some(&key))?)
}

fn seed(dir: &Path, rows: i64) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    drop(open(dir)?);
    let p = place(dir);
    let key = database_key(&p.place, &p.db)?;
    let mut conn = rusqlite::Connection::open(&p.db)?;
    counter::store::cipher::key_connection(&conn, &key)?;
    let tx = conn.transaction()?;
    let mut prev = (0i64, GENESIS.to_owned());
    {
        let mut insert = tx.prepare(
            "INSERT INTO audit_log(seq, at, actor, action, subject, details, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for i in 0..rows {
            let at = format!(
                "2026-{:02}-{:02}T{:02}:{:02}:{:02}.000000Z",
                1 + (i / 100_000) % 12,
                1 + (i / 4_000) % 28,
                (i / 3600) % 24,
                (i / 60) % 60,
                i % 60
            );
            let action = ["lookup", "dispense", "hold", "release", "sign_in"][(i % 5) as usize];
            let link = Link::next(
                prev.0,
                &prev.1,
                &at,
                "PH-0042/provizor1",
                action,
                "30**********33",
                "{\"kind\":\"pinfl\",\"found\":1}",
            );
            insert.execute(rusqlite::params![
                link.seq,
                link.at,
                link.actor,
                link.action,
                link.subject,
                link.details,
                link.prev_hash,
                link.hash
            ])?;
            prev = (link.seq, link.hash);
        }
    }
    tx.commit()?;
    keep(
        &p.place,
        "audit-head",
        &p.db,
        &Head {
            len: prev.0,
            hash: prev.1,
        }
        .encode(),
    )?;
    Ok(())
}

fn verify(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let store = open(dir)?;
    let verdict = audit::verify(&store, Some(&place(dir)))?;
    let took = start.elapsed();
    match verdict {
        Verdict::Intact { rows } => {
            println!("verify: {rows} rows intact in {:.3} s", took.as_secs_f64())
        }
        Verdict::Broken(b) => {
            println!("verify: BROKEN ({b}) after {:.3} s", took.as_secs_f64());
            std::process::exit(1);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["seed", dir, rows] => seed(Path::new(dir), rows.parse()?),
        ["verify", dir] => verify(Path::new(dir)),
        _ => {
            eprintln!("usage: audit seed DIR ROWS | audit verify DIR");
            std::process::exit(2);
        }
    }
}
