//! Shared set-up of the integration tests: a real `dmed-sandbox` process, a counter signed in
//! against it, and a raw client for what the facade deliberately does not send.
#![allow(dead_code)]

use counter::client::{Central, ClientConfig};
use counter::secrets::TokenStore;
use counter::store::Store;
use counter::{Counter, Sensitive};
use counter::{DispenseDraft, DraftLine};
use dmed_api::types::{
    DispenseItem, DispenseMode, DispenseRequest, Item, Prescription, TokenRequest,
};
use dmed_sandbox::{DemoInfo, DemoLogin, DemoPrescription};
use sandbox_process::SandboxProcess;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use uuid::Uuid;

/// Looks up the demo's first active chronic prescription on `counter`: the prescription, its
/// first item, and a product of that item's INN from the catalogue.
pub async fn chronic_with_product<'a>(
    counter: &Counter,
    demo: &'a DemoInfo,
) -> (&'a DemoPrescription, Item, String) {
    let p = rx(demo, "chronic_active");
    let found = counter.lookup(&p.payload, None).await.unwrap();
    let item = found.prescriptions[0].items[0].clone();
    let product = counter.search_products(&item.inn, "").await.unwrap()[0]
        .product_id
        .clone();
    (p, item, product)
}

/// A one-line draft: `quantity` of `product` for `item` of prescription `number`, no hold.
pub fn one_line_draft(number: &str, item: &Item, product: &str, quantity: u32) -> DispenseDraft {
    DispenseDraft {
        receiver: None,
        prescription_number: number.to_owned(),
        hold_id: None,
        lines: vec![DraftLine {
            not_dispensed: None,
            item_id: item.item_id.clone(),
            product_id: product.to_owned(),
            quantity,
            ..DraftLine::default()
        }],
    }
}

/// The text of a PDF as `pdftotext` reads it (by its installed path), words wrapped onto the
/// next line joined by one space.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let out = Command::new("/usr/bin/pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Waits until `check` holds, up to `within`; its last answer when time is up.
pub async fn eventually(within: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + within;
    while std::time::Instant::now() < deadline {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    check()
}

/// The keyring service of the test counters (tokens and database keys).
pub const KEYRING_SERVICE: &str = "dorixona-test";

/// A counter with its own data directory.
pub struct TestCounter {
    pub counter: Counter,
    pub dir: tempfile::TempDir,
}

impl TestCounter {
    /// A plain connection to the counter's encrypted database, keyed (for tests that hold locks
    /// or read rows the store does not expose).
    pub fn raw_connection(&self) -> rusqlite::Connection {
        raw_connection(self.dir.path())
    }

    /// The counter's local database, opened alongside it (WAL allows both) with its key.
    pub fn store(&self) -> Store {
        counter::open_data_store(self.dir.path(), &test_tokens(self.dir.path()))
            .expect("open the counter's store")
    }
}

/// Where a test counter keeps its secrets: tokens in the test keyring service, the database's
/// key, salt and audit head in a key file of its data directory (dozens of tests creating
/// keyring items at once overwhelm the Secret Service; the keyring path of the database key is
/// tested by the app's own end-to-end suite and the secrets tests).
pub fn test_tokens(dir: &Path) -> TokenStore {
    TokenStore::new(KEYRING_SERVICE).with_key_file(dir.join("test.key"))
}

/// Where the database's secrets of data directory `dir` are kept in the tests.
pub fn test_key_place(dir: &Path) -> counter::db_key::KeyPlace {
    counter::db_key::KeyPlace::choose(&test_tokens(dir))
}

/// A connection to the encrypted database of data directory `dir`, keyed as the test counter is.
pub fn raw_connection(dir: &Path) -> rusqlite::Connection {
    use counter::db_key::database_key;
    let path = dir.join(counter::DB_FILE);
    let key = database_key(&test_key_place(dir), &path).expect("the database key");
    let conn = rusqlite::Connection::open(&path).expect("open the database");
    counter::store::cipher::key_connection(&conn, &key).expect("keyed");
    conn
}

/// Opens a counter against `endpoint` with short timeouts and a test keyring service.
pub fn open_counter(endpoint: &str) -> TestCounter {
    let dir = tempfile::tempdir().expect("temp dir");
    let counter = open_counter_in(dir.path(), endpoint);
    TestCounter { counter, dir }
}

/// Opens a counter on an existing data directory.
pub fn open_counter_in(dir: &Path, endpoint: &str) -> Counter {
    let config = ClientConfig {
        connect_timeout: Duration::from_millis(500),
        request_timeout: Duration::from_millis(2500),
        ..ClientConfig::default()
    };
    Counter::open_with(dir, endpoint, config, test_tokens(dir)).expect("open counter")
}

/// The active member of staff of the first demo pharmacy in `role` (`pharmacist`, `manager` …).
pub fn staff_of(demo: &DemoInfo, role: &str) -> DemoLogin {
    demo.staff
        .iter()
        .find(|s| s.pharmacy_id == demo.pharmacies[0].pharmacy_id && s.role == role)
        .unwrap_or_else(|| panic!("the demo pharmacy has a {role}"))
        .clone()
}

/// A counter with its own data folder, signed in as `who`.
pub async fn signed_in_as(sbx: &SandboxProcess, who: &DemoLogin) -> TestCounter {
    let tc = open_counter(&sbx.base_url);
    tc.counter
        .sign_in(
            &who.pharmacy_id,
            &who.login,
            Sensitive::new(who.secret.clone()),
        )
        .await
        .expect("sign in");
    tc
}

/// Starts the sandbox's outage and waits until `counter` (its background tasks running) sees
/// it is offline.
pub async fn go_offline(sbx: &SandboxProcess, counter: &Counter) {
    sbx.admin("/_sandbox/faults", serde_json::json!({ "outage": true }));
    assert!(
        eventually(Duration::from_secs(6), || !counter
            .connection_status()
            .online)
        .await,
        "the counter goes offline"
    );
}

/// A counter signed in as the demo pharmacy `index` (0, 1 or 2).
pub async fn signed_in(sbx: &SandboxProcess, index: usize) -> TestCounter {
    let demo = sbx.demo();
    let login = &demo.pharmacies[index];
    let tc = open_counter(&sbx.base_url);
    tc.counter
        .sign_in(
            &login.pharmacy_id,
            &login.login,
            Sensitive::new(login.secret.clone()),
        )
        .await
        .expect("sign in");
    tc
}

/// A raw client signed in as `login`.
pub async fn raw_client(base_url: &str, login: &DemoLogin) -> Central {
    let client = counter::client::open(base_url, ClientConfig::default()).expect("client");
    let token = client
        .sign_in(&TokenRequest {
            pharmacy_id: login.pharmacy_id.clone(),
            login: login.login.clone(),
            secret: login.secret.clone(),
        })
        .await
        .expect("raw sign in");
    client.set_token(Some(Sensitive::new(token.access_token)));
    client
}

/// The first demo prescription in `state`.
pub fn rx<'a>(demo: &'a DemoInfo, state: &str) -> &'a DemoPrescription {
    demo.prescriptions
        .iter()
        .find(|p| p.state == state)
        .unwrap_or_else(|| panic!("the demo has no prescription in state {state}"))
}

/// All demo prescriptions in `state`.
pub fn rxs<'a>(demo: &'a DemoInfo, state: &str) -> Vec<&'a DemoPrescription> {
    demo.prescriptions
        .iter()
        .filter(|p| p.state == state)
        .collect()
}

/// A demo product whose INN equals `inn` (case-insensitive), from the demo list.
pub fn product_for(demo: &DemoInfo, inn: &str) -> String {
    demo.products
        .iter()
        .find(|p| p.inn.eq_ignore_ascii_case(inn))
        .map(|p| p.product_id.clone())
        .unwrap_or_else(|| panic!("the demo lists no product for {inn}"))
}

/// A demo product whose INN differs from `inn`.
pub fn product_not_for(demo: &DemoInfo, inn: &str) -> String {
    demo.products
        .iter()
        .find(|p| !p.inn.eq_ignore_ascii_case(inn))
        .map(|p| p.product_id.clone())
        .expect("the demo lists products of other INNs")
}

/// Looks a prescription up through the raw client (unmasked).
pub async fn fetch(client: &Central, p: &DemoPrescription) -> Prescription {
    client
        .prescription(&p.number, &p.code)
        .await
        .expect("fetch prescription")
}

/// A dispense request for one line, handed over by the member of staff whose PINFL is
/// `pharmacist_pinfl` (e.g. `demo.pharmacies[0].pinfl`).
pub fn request(
    pharmacist_pinfl: &str,
    number: &str,
    item_id: &str,
    product_id: &str,
    quantity: u32,
) -> DispenseRequest {
    DispenseRequest {
        dispense_id: Uuid::new_v4(),
        prescription_number: number.to_owned(),
        pharmacist_pinfl: pharmacist_pinfl.to_owned(),
        hold_id: None,
        handed_over_at: time::OffsetDateTime::now_utc(),
        mode: DispenseMode::Online,
        receiver: None,
        paper_ref: None,
        items: vec![DispenseItem {
            item_id: item_id.to_owned(),
            product_id: product_id.to_owned(),
            quantity,
            marking_codes: vec![],
            batch: None,
            expiry: None,
            substituted: false,
            not_dispensed_reason: None,
        }],
    }
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// A `dmed-sandbox` child on a fixed port and database, so it can be stopped and started again
/// with its state (tokens, prescriptions, dispenses) kept.
pub struct RestartableSandbox {
    pub port: u16,
    pub db: PathBuf,
    child: Option<Child>,
    _dir: tempfile::TempDir,
}

impl RestartableSandbox {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = RestartableSandbox {
            port: free_port(),
            db: dir.path().join("sandbox.sqlite"),
            child: None,
            _dir: dir,
        };
        s.up();
        s
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn demo(&self) -> DemoInfo {
        dmed_sandbox::demo_info(&self.db).expect("demo info")
    }

    /// Starts the child and waits for its `listening on` line.
    pub fn up(&mut self) {
        let mut child = Command::new(sandbox_process::sandbox_binary())
            .arg("--control-routes")
            .arg("--addr")
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("--db")
            .arg(&self.db)
            .arg("--seed")
            .arg("42")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dmed-sandbox");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        loop {
            line.clear();
            let n = reader.read_line(&mut line).expect("read stdout");
            assert!(n > 0, "dmed-sandbox exited before listening");
            if line.starts_with("listening on ") {
                break;
            }
        }
        std::thread::spawn(move || {
            let mut sink = String::new();
            while reader.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                sink.clear();
            }
        });
        self.child = Some(child);
    }

    /// Kills the child (the database stays).
    pub fn down(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for RestartableSandbox {
    fn drop(&mut self) {
        self.down();
    }
}
