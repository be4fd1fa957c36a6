//! Updates against a real feed: a static `latest.json` in Tauri's format and its package, served
//! over HTTP on loopback by a small server in the test, signed with a minisign key made here.
//! The real updater plugin runs in a mock app (`tauri::test`) with the `plugins.updater`
//! section of the app's own `tauri.conf.json`, driven through `dorixona::update` (the same
//! functions the commands call), so what is checked is the plugin's own download and signature
//! verification, the gate, and the AppImage install step, which really replaces a file here.
//! Not run here: a deb/rpm install (`pkexec dpkg -i` / `rpm -U` as root) and the restart.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use counter::update_gate::{CounterBusy, UpdateOffer};
use dmed_api::ErrorCode;
use dorixona::ipc_error::IpcError;
use dorixona::update::{self, InstallPlace, UpdateSource};
use tauri::test::MockRuntime;

// ------------------------------------------------------------------ the feed

/// A tiny HTTP/1.1 server on 127.0.0.1 serving fixed files; it stops when dropped, and by
/// itself after a minute or 100 requests.
struct Feed {
    addr: SocketAddr,
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    stop: Arc<AtomicBool>,
}

impl Feed {
    fn start() -> Feed {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let files: Arc<Mutex<HashMap<String, Vec<u8>>>> = Arc::default();
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (f, h, s) = (files.clone(), hits.clone(), stop.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            let served = AtomicUsize::new(0);
            while !s.load(Ordering::Relaxed)
                && Instant::now() < deadline
                && served.load(Ordering::Relaxed) < 100
            {
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        served.fetch_add(1, Ordering::Relaxed);
                        stream.set_nonblocking(false).unwrap();
                        stream
                            .set_read_timeout(Some(Duration::from_secs(5)))
                            .unwrap();
                        let mut buf = Vec::new();
                        let mut chunk = [0u8; 1024];
                        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                            match stream.read(&mut chunk) {
                                Ok(0) | Err(_) => break,
                                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                            }
                        }
                        let head = String::from_utf8_lossy(&buf);
                        let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                        *h.lock().unwrap().entry(path.clone()).or_default() += 1;
                        let body = f.lock().unwrap().get(&path).cloned();
                        let (status, body) = match body {
                            Some(b) => ("200 OK", b),
                            None => ("404 Not Found", b"not here".to_vec()),
                        };
                        let head = format!(
                            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = stream.write_all(head.as_bytes());
                        let _ = stream.write_all(&body);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => break,
                }
            }
        });
        Feed {
            addr,
            files,
            hits,
            stop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn put(&self, path: &str, body: impl Into<Vec<u8>>) {
        self.files
            .lock()
            .unwrap()
            .insert(path.to_owned(), body.into());
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    /// Publishes `latest.json` announcing `version` with the package at `/pkg` and `signature`.
    fn publish(&self, version: &str, package: &[u8], signature: &str) {
        self.put("/pkg", package.to_vec());
        let latest = serde_json::json!({
            "version": version,
            "notes": format!("Dorixona {version}: test release"),
            "pub_date": "2026-12-01T09:00:00Z",
            "platforms": {
                "linux-x86_64": { "url": self.url("/pkg"), "signature": signature },
                "linux-x86_64-deb": { "url": self.url("/pkg"), "signature": signature },
                "linux-x86_64-rpm": { "url": self.url("/pkg"), "signature": signature },
            }
        });
        self.put("/latest.json", serde_json::to_vec(&latest).unwrap());
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

// ------------------------------------------------------------------ keys and packages

/// A release key made for the test, as `tauri signer generate` would print its public half.
struct Key {
    pk: minisign::PublicKey,
    sk: minisign::SecretKey,
}

impl Key {
    fn new() -> Key {
        let minisign::KeyPair { pk, sk } =
            minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        Key { pk, sk }
    }

    /// The public half: base64 of the minisign public key file.
    fn public(&self) -> String {
        b64(self.pk.to_box().unwrap().to_string())
    }

    /// The `.sig` of `data` as the Tauri CLI writes it for `version` (base64 of the minisign
    /// signature file; the version in the trusted comment).
    fn sign(&self, data: &[u8], version: &str) -> String {
        let trusted = format!(
            "timestamp:1764579600\tfile:Dorixona_{version}_amd64.AppImage\tversion:{version}"
        );
        let sig = minisign::sign(
            Some(&self.pk),
            &self.sk,
            std::io::Cursor::new(data),
            Some(&trusted),
            Some("signature from tauri secret key"),
        )
        .unwrap();
        b64(sig.to_string())
    }
}

fn b64(text: String) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// A stand-in AppImage of `version` (an ELF header, which the plugin checks, and a text).
fn appimage(version: &str) -> Vec<u8> {
    let mut bytes = vec![0x7F, b'E', b'L', b'F', 2, 1, 1, 0];
    bytes.resize(64, 0);
    bytes.extend_from_slice(format!("Dorixona {version} stand-in AppImage").as_bytes());
    bytes
}

// ------------------------------------------------------------------ the app

fn running() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// A version `bump` minor versions from the running one (may go below: `-1`).
fn version(bump: i64) -> String {
    let mut parts = running()
        .split('.')
        .map(|p| p.parse::<i64>().unwrap())
        .collect::<Vec<_>>();
    if parts[1] + bump < 0 {
        parts[0] -= 1;
        parts[1] = 99;
    } else {
        parts[1] += bump;
    }
    format!("{}.{}.0", parts[0], parts[1])
}

/// A mock app with the updater plugin, configured by the app's own `tauri.conf.json`
/// (`plugins.updater`: an empty key, `requireSignedVersion`), running this crate's version.
fn app() -> tauri::App<MockRuntime> {
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json"))
            .unwrap(),
    )
    .unwrap();
    let updater = conf["plugins"]["updater"].clone();
    assert_eq!(updater["pubkey"], "", "no release key in the repository");
    assert_eq!(updater["requireSignedVersion"], true);
    let mut ctx = tauri::test::mock_context(tauri::test::noop_assets());
    ctx.config_mut().plugins.0.insert("updater".into(), updater);
    ctx.package_info_mut().version = running().parse().unwrap();
    tauri::test::mock_builder()
        .plugin(update::plugin())
        .build(ctx)
        .unwrap()
}

fn source(feed: &Feed, key: &Key) -> UpdateSource {
    UpdateSource {
        feed: Some(feed.url("/latest.json")),
        pubkey: Some(key.public()),
    }
}

/// The installed AppImage of the running version, in a temporary folder.
fn installed(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("Dorixona.AppImage");
    std::fs::write(&path, appimage(&running())).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

const IDLE: CounterBusy = CounterBusy {
    open_dispenses: 0,
    parked_sessions: 0,
    outbox_pending: 0,
};

/// Runs [`update::install`], counting the calls of the backup hook.
fn install(
    app: &tauri::App<MockRuntime>,
    source: &UpdateSource,
    place: &InstallPlace,
    version: &str,
    busy: CounterBusy,
    anyway: bool,
    backups: &AtomicUsize,
) -> Result<update::UpdateInstalled, IpcError> {
    tauri::async_runtime::block_on(update::install(
        app.handle(),
        source,
        place,
        version,
        busy,
        anyway,
        || {
            backups.fetch_add(1, Ordering::SeqCst);
            Ok(())
        },
    ))
}

/// Installs `version` from `feed` on an idle counter into a fresh installed copy, expecting a
/// refusal: returns the error, after checking the installed copy was left as it was.
fn refused_install(
    app: &tauri::App<MockRuntime>,
    feed: &Feed,
    key: &Key,
    version: &str,
) -> IpcError {
    let dir = tempfile::tempdir().unwrap();
    let path = installed(&dir);
    let backups = AtomicUsize::new(0);
    let place = InstallPlace::AppImage(path.clone());
    let err = install(
        app,
        &source(feed, key),
        &place,
        version,
        IDLE,
        false,
        &backups,
    )
    .unwrap_err();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        appimage(&running()),
        "the installed copy was changed"
    );
    err
}

fn check(
    app: &tauri::App<MockRuntime>,
    source: &UpdateSource,
    place: &InstallPlace,
    busy: CounterBusy,
) -> Result<update::UpdateCheck, IpcError> {
    tauri::async_runtime::block_on(update::check(app.handle(), source, place, busy))
}

// ------------------------------------------------------------------ the tests

#[test]
fn a_correctly_signed_newer_version_is_offered_verified_and_installed() {
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let newer = version(1);
    let package = appimage(&newer);
    feed.publish(&newer, &package, &key.sign(&package, &newer));
    let dir = tempfile::tempdir().unwrap();
    let place = InstallPlace::AppImage(installed(&dir));

    let found = check(&app, &source(&feed, &key), &place, IDLE).unwrap();
    assert_eq!(found.current, running());
    assert_eq!(found.offer, Some(UpdateOffer::Newer));
    let release = found.release.unwrap();
    assert_eq!(release.version, newer);
    assert_eq!(
        release.notes.as_deref(),
        Some(&*format!("Dorixona {newer}: test release"))
    );
    assert_eq!(release.date.as_deref(), Some("2026-12-01T09:00:00Z"));
    assert_eq!(found.install_kind, "appimage");
    assert!(found.may_install_now);
    assert_eq!(feed.hits("/pkg"), 0, "checking downloads nothing");

    let backups = AtomicUsize::new(0);
    let done = install(
        &app,
        &source(&feed, &key),
        &place,
        &newer,
        IDLE,
        false,
        &backups,
    )
    .unwrap();
    assert_eq!(done.version, newer);
    assert!(!done.anyway);
    assert_eq!(
        backups.load(Ordering::SeqCst),
        1,
        "the backup hook ran first"
    );
    assert_eq!(feed.hits("/pkg"), 1);
    let InstallPlace::AppImage(path) = &place else {
        unreachable!()
    };
    assert_eq!(
        std::fs::read(path).unwrap(),
        package,
        "the AppImage was replaced"
    );
    let mode = std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o755, "it stays executable");
}

#[test]
fn a_tampered_package_is_refused_and_nothing_is_replaced() {
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let newer = version(1);
    let package = appimage(&newer);
    let signature = key.sign(&package, &newer);
    let mut tampered = package.clone();
    *tampered.last_mut().unwrap() ^= 1;
    feed.publish(&newer, &tampered, &signature);

    let err = refused_install(&app, &feed, &key, &newer);
    assert_eq!(
        err.code,
        ErrorCode::UpdateSignatureInvalid,
        "{}",
        err.message
    );
    assert_eq!(feed.hits("/pkg"), 1, "it was downloaded, then refused");
}

#[test]
fn a_package_signed_with_another_key_is_refused() {
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let other = Key::new();
    let newer = version(1);
    let package = appimage(&newer);
    feed.publish(&newer, &package, &other.sign(&package, &newer));

    let err = refused_install(&app, &feed, &key, &newer);
    assert_eq!(
        err.code,
        ErrorCode::UpdateSignatureInvalid,
        "{}",
        err.message
    );
}

#[test]
fn an_old_package_announced_as_a_newer_version_is_refused() {
    // A genuine, correctly signed old release, which a tampered feed announces as new: the
    // signature names the version it was signed for (`requireSignedVersion`).
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let older = version(-1);
    let package = appimage(&older);
    let newer = version(1);
    feed.publish(&newer, &package, &key.sign(&package, &older));

    let err = refused_install(&app, &feed, &key, &newer);
    assert_eq!(
        err.code,
        ErrorCode::UpdateSignatureInvalid,
        "{}",
        err.message
    );
    assert!(err.message.contains(&older), "{}", err.message);
}

#[test]
fn a_downgrade_is_said_so_and_refused_even_with_anyway() {
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let older = version(-1);
    let package = appimage(&older);
    feed.publish(&older, &package, &key.sign(&package, &older));
    let dir = tempfile::tempdir().unwrap();
    let path = installed(&dir);
    let place = InstallPlace::AppImage(path.clone());

    let found = check(&app, &source(&feed, &key), &place, IDLE).unwrap();
    assert_eq!(found.offer, Some(UpdateOffer::Older));
    assert_eq!(found.release.unwrap().version, older);
    assert!(!found.may_install_now);

    let backups = AtomicUsize::new(0);
    let err = install(
        &app,
        &source(&feed, &key),
        &place,
        &older,
        IDLE,
        true,
        &backups,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::UpdateDowngrade);
    assert_eq!(err.details["offer"], "older");
    assert_eq!(err.details["offered"], older.as_str());
    assert_eq!(backups.load(Ordering::SeqCst), 0);
    assert_eq!(feed.hits("/pkg"), 0, "nothing downloaded");
    assert_eq!(std::fs::read(&path).unwrap(), appimage(&running()));
}

#[test]
fn the_running_version_is_up_to_date_and_not_installed_again() {
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let package = appimage(&running());
    feed.publish(&running(), &package, &key.sign(&package, &running()));
    let dir = tempfile::tempdir().unwrap();
    let place = InstallPlace::AppImage(installed(&dir));

    let found = check(&app, &source(&feed, &key), &place, IDLE).unwrap();
    assert_eq!(found.offer, Some(UpdateOffer::Same));
    assert!(!found.may_install_now);
    let backups = AtomicUsize::new(0);
    let err = install(
        &app,
        &source(&feed, &key),
        &place,
        &running(),
        IDLE,
        true,
        &backups,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::UpdateDowngrade);
    assert_eq!(err.details["offer"], "same");
}

#[test]
fn a_busy_counter_installs_only_with_anyway_after_the_backup_hook() {
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let newer = version(1);
    let package = appimage(&newer);
    feed.publish(&newer, &package, &key.sign(&package, &newer));
    let dir = tempfile::tempdir().unwrap();
    let path = installed(&dir);
    let place = InstallPlace::AppImage(path.clone());
    let busy = CounterBusy {
        open_dispenses: 1,
        parked_sessions: 0,
        outbox_pending: 2,
    };

    let found = check(&app, &source(&feed, &key), &place, busy).unwrap();
    assert_eq!(found.offer, Some(UpdateOffer::Newer));
    assert_eq!(found.busy, busy);
    assert!(!found.may_install_now, "newer, but not without asking");

    let backups = AtomicUsize::new(0);
    let err = install(
        &app,
        &source(&feed, &key),
        &place,
        &newer,
        busy,
        false,
        &backups,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::UpdateBusy);
    assert_eq!(
        err.details["reasons"],
        serde_json::json!(["open_dispense", "outbox"])
    );
    assert_eq!(err.details["outbox_pending"], 2);
    assert_eq!(backups.load(Ordering::SeqCst), 0, "no backup, no download");
    assert_eq!(feed.hits("/pkg"), 0);
    assert_eq!(std::fs::read(&path).unwrap(), appimage(&running()));

    let done = install(
        &app,
        &source(&feed, &key),
        &place,
        &newer,
        busy,
        true,
        &backups,
    )
    .unwrap();
    assert!(done.anyway);
    assert_eq!(backups.load(Ordering::SeqCst), 1);
    assert_eq!(std::fs::read(&path).unwrap(), package);
}

#[test]
fn a_failing_backup_hook_stops_the_install() {
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let newer = version(1);
    let package = appimage(&newer);
    feed.publish(&newer, &package, &key.sign(&package, &newer));
    let dir = tempfile::tempdir().unwrap();
    let path = installed(&dir);
    let err = tauri::async_runtime::block_on(update::install(
        app.handle(),
        &source(&feed, &key),
        &InstallPlace::AppImage(path.clone()),
        &newer,
        IDLE,
        false,
        || Err(IpcError::new(ErrorCode::StorageError, "disk full")),
    ))
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::StorageError);
    assert_eq!(feed.hits("/pkg"), 0);
    assert_eq!(std::fs::read(&path).unwrap(), appimage(&running()));
}

#[test]
fn the_offer_must_be_the_version_the_person_saw() {
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let newer = version(2);
    let package = appimage(&newer);
    feed.publish(&newer, &package, &key.sign(&package, &newer));
    let dir = tempfile::tempdir().unwrap();
    let backups = AtomicUsize::new(0);
    let err = install(
        &app,
        &source(&feed, &key),
        &InstallPlace::AppImage(installed(&dir)),
        &version(1),
        IDLE,
        false,
        &backups,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::UpdateFailed);
    assert_eq!(err.details["reason"], "offer_changed");
    assert_eq!(err.details["offered"], newer.as_str());
}

#[test]
fn a_feed_that_does_not_answer_is_unreachable() {
    let (key, app) = (Key::new(), app());
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let source = UpdateSource {
        feed: Some(format!("http://{closed}/latest.json")),
        pubkey: Some(key.public()),
    };
    let dir = tempfile::tempdir().unwrap();
    let err = check(
        &app,
        &source,
        &InstallPlace::AppImage(installed(&dir)),
        IDLE,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::UpdateUnreachable, "{}", err.message);

    let feed = Feed::start(); // serves nothing: 404
    let err = check(
        &app,
        &UpdateSource {
            feed: Some(feed.url("/latest.json")),
            pubkey: Some(key.public()),
        },
        &InstallPlace::AppImage(installed(&dir)),
        IDLE,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::UpdateUnreachable, "{}", err.message);
}

#[test]
fn without_a_feed_or_a_key_nothing_is_checked() {
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let dir = tempfile::tempdir().unwrap();
    let place = InstallPlace::AppImage(installed(&dir));
    let no_feed = UpdateSource {
        feed: None,
        pubkey: Some(key.public()),
    };
    let err = check(&app, &no_feed, &place, IDLE).unwrap_err();
    assert_eq!(err.code, ErrorCode::UpdateNotConfigured);
    assert_eq!(err.details["missing"], "feed");
    if update::BUILT_IN_PUBKEY.is_none() {
        let no_key = UpdateSource {
            feed: Some(feed.url("/latest.json")),
            pubkey: None,
        };
        let err = check(&app, &no_key, &place, IDLE).unwrap_err();
        assert_eq!(err.code, ErrorCode::UpdateNotConfigured);
        assert_eq!(err.details["missing"], "pubkey");
    }
    assert_eq!(feed.hits("/latest.json"), 0);
}

#[test]
fn a_copy_not_installed_from_a_package_is_never_overwritten() {
    let (feed, key, app) = (Feed::start(), Key::new(), app());
    let newer = version(1);
    let package = appimage(&newer);
    feed.publish(&newer, &package, &key.sign(&package, &newer));
    let found = check(&app, &source(&feed, &key), &InstallPlace::NotPackaged, IDLE).unwrap();
    assert_eq!(found.offer, Some(UpdateOffer::Newer));
    assert_eq!(found.install_kind, "not_packaged");
    assert!(!found.may_install_now);
    let backups = AtomicUsize::new(0);
    let err = install(
        &app,
        &source(&feed, &key),
        &InstallPlace::NotPackaged,
        &newer,
        IDLE,
        true,
        &backups,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::UpdateFailed);
    assert_eq!(err.details["reason"], "not_packaged");
    assert_eq!(feed.hits("/pkg"), 0);
}

// ------------------------------------------------------------------ the Tauri CLI's own files

/// `tests/update/cli-signed/`: a key pair made by `tauri signer generate` and a package signed
/// by `tauri signer sign --app-version` (the private key was thrown away; see its README).
fn cli_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/update/cli-signed")
}

fn cli_file(name: &str) -> String {
    std::fs::read_to_string(cli_fixture().join(name))
        .unwrap()
        .trim()
        .to_owned()
}

#[test]
fn a_package_signed_by_the_tauri_cli_is_accepted_and_its_tampered_copy_is_not() {
    let app = app();
    let version = cli_file("VERSION");
    let package = std::fs::read(cli_fixture().join("Dorixona.AppImage")).unwrap();
    let signature = cli_file("Dorixona.AppImage.sig");
    let source_with = |feed: &Feed| UpdateSource {
        feed: Some(feed.url("/latest.json")),
        pubkey: Some(cli_file("release.key.pub")),
    };
    let backups = AtomicUsize::new(0);

    let tampered_feed = Feed::start();
    let mut tampered = package.clone();
    tampered[70] ^= 0x20;
    tampered_feed.publish(&version, &tampered, &signature);
    let dir = tempfile::tempdir().unwrap();
    let path = installed(&dir);
    let err = install(
        &app,
        &source_with(&tampered_feed),
        &InstallPlace::AppImage(path.clone()),
        &version,
        IDLE,
        false,
        &backups,
    )
    .unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::UpdateSignatureInvalid,
        "{}",
        err.message
    );
    assert_eq!(std::fs::read(&path).unwrap(), appimage(&running()));

    let feed = Feed::start();
    feed.publish(&version, &package, &signature);
    let done = install(
        &app,
        &source_with(&feed),
        &InstallPlace::AppImage(path.clone()),
        &version,
        IDLE,
        false,
        &backups,
    )
    .unwrap();
    assert_eq!(done.version, version);
    assert_eq!(std::fs::read(&path).unwrap(), package);
}
