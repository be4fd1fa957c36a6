//! The pharmacies' OAuth clients of the FHIR face: one per pharmacy (`dorixona-<pharmacy_id>`)
//! with a secret of 32 random bytes, kept only as its SHA-256 in `oauth_clients`, and in clear in
//! the demo information (as the demo staff's secrets are) so training mode and tests can use it.
//!
//! The secrets are drawn like every demo credential: from the seed, on a stream of their own
//! (so the rest of the demo data is the same with or without them), one per pharmacy in id
//! order. A seed thus gives the same demo information every time, which tests and the training
//! screens rely on; like the staff's demo secrets, they are for a training server, not a
//! deployment.
//!
//! They are made on every start for each pharmacy that has none, not only at seeding: a training
//! database kept from before the FHIR face existed then gets its clients too, instead of having
//! none until it is seeded again (and losing its prescriptions and dispenses). A pharmacy keeps
//! its client and secret from then on.

use crate::demo::DemoInfo;
use crate::rules::oauth::client_id;
use crate::store::clients;
use rand::{RngCore, SeedableRng};
use rusqlite::Connection;

/// Mixed into the seed so the secrets are a stream of their own.
const STREAM: u64 = 0x0A07_C11E;

/// Makes a client for each pharmacy that has none, with its secret drawn from `seed`, and notes
/// its credentials on the pharmacy's entries of `info`; returns how many it made.
pub fn ensure(
    conn: &Connection,
    seed: u64,
    info: Option<&mut DemoInfo>,
) -> rusqlite::Result<usize> {
    let missing = clients::pharmacies_without_client(conn)?;
    if missing.is_empty() {
        return Ok(0);
    }
    let pharmacies: Vec<String> = conn
        .prepare("SELECT pharmacy_id FROM pharmacies ORDER BY pharmacy_id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed ^ STREAM);
    let mut made = Vec::with_capacity(missing.len());
    for pharmacy_id in pharmacies {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        if !missing.contains(&pharmacy_id) {
            continue;
        }
        let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let id = client_id(&pharmacy_id);
        clients::insert(conn, &id, &pharmacy_id, &secret)?;
        made.push((pharmacy_id, id, secret));
    }
    if let Some(info) = info {
        for login in &mut info.pharmacies {
            if let Some((_, id, secret)) = made.iter().find(|(p, _, _)| *p == login.pharmacy_id) {
                login.client_id = id.clone();
                login.client_secret = secret.clone();
            }
        }
    }
    Ok(made.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pharmacy_gets_one_client_whose_secret_follows_the_seed() {
        let dir = tempfile::tempdir().unwrap();
        let make = |name: &str, seed: u64| {
            let conn = crate::db::open(&dir.path().join(name)).unwrap();
            conn.execute_batch(
                "INSERT INTO pharmacies VALUES ('PH-1', 'A', 'x'), ('PH-2', 'B', 'y');",
            )
            .unwrap();
            let mut info = DemoInfo {
                pharmacies: vec![crate::demo::DemoLogin {
                    pharmacy_id: "PH-2".into(),
                    login: "a".into(),
                    secret: "s".into(),
                    pharmacy_name: String::new(),
                    full_name: String::new(),
                    role: String::new(),
                    pinfl: String::new(),
                    client_id: String::new(),
                    client_secret: String::new(),
                }],
                prescriptions: vec![],
                products: vec![],
                revoked: vec![],
                marking_codes: vec![],
                staff: vec![],
            };
            assert_eq!(ensure(&conn, seed, Some(&mut info)).unwrap(), 2);
            assert_eq!(ensure(&conn, seed, None).unwrap(), 0, "made once");
            (conn, info.pharmacies.remove(0))
        };
        let (conn, login) = make("a.sqlite", 42);
        assert_eq!(login.client_id, "dorixona-PH-2");
        assert_eq!(login.client_secret.len(), 64);
        let stored = clients::find(&conn, "dorixona-PH-2").unwrap().unwrap();
        assert_eq!(
            stored.secret_sha256,
            crate::store::staff::token_digest(&login.client_secret)
        );
        assert_eq!(
            make("b.sqlite", 42).1,
            login,
            "the same seed, the same secret"
        );
        assert_ne!(make("c.sqlite", 7).1.client_secret, login.client_secret);
    }
}
