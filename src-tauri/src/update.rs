//! Updates of the app (decision 0023): checking a signed feed and installing what it offers,
//! through the Tauri updater plugin and the counter's update gate
//! ([`counter::update_gate`]).
//!
//! - **Where from** ([`update_source`]): the feed's address from `DORIXONA_UPDATE_URL` (the
//!   machine config will take its place); the release key's public half from
//!   `plugins.updater.pubkey` in `tauri.conf.json`, else the one built in with
//!   `DORIXONA_UPDATE_PUBKEY` at compile time, overridden at run time by
//!   `DORIXONA_UPDATE_PUBKEY` (tests and staging chains). No private key is in the repository.
//! - **Checking** ([`check`]): the feed is a static `latest.json` in Tauri's format; what it
//!   offers is compared with the running version by the gate, so an older or equal version is
//!   said so and never offered.
//! - **Installing** ([`install`]): the offer is fetched again and must be the version the person
//!   saw; the gate decides (newer only; while a dispense is open or the outbox holds unsent
//!   work, only with "install anyway"); [`counter::Counter::before_update`] runs (the backup
//!   hook); the plugin downloads the package and verifies its minisign signature against the
//!   release key (and that it was signed for the version announced) before installing it: with
//!   `dpkg`/`rpm` through `pkexec` for a deb/rpm install, by replacing the file for an AppImage.
//!   A copy not installed from a package is never overwritten. The new version runs after a
//!   restart ([`restart_after_update`]).
//!
//! The plugin's own JavaScript commands are not granted to the window (see
//! `capabilities/default.json`): the UI goes through the commands here, which check the role
//! and the gate.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use counter::access::Permission;
use counter::update_gate::{self, CounterBusy, Refusal, UpdateOffer};
use dmed_api::ErrorCode;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_updater::{Update, UpdaterExt};
use url::Url;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The feed's address (run time): a static `latest.json`, `https://` (or `http://` to
/// loopback); `{{target}}`, `{{arch}}`, `{{current_version}}` and `{{bundle_type}}` in it are
/// filled in by the updater.
pub const ENV_UPDATE_URL: &str = "DORIXONA_UPDATE_URL";
/// The release key's public half, base64 as `tauri signer generate` prints it (run time
/// override; also read at compile time, see [`BUILT_IN_PUBKEY`]).
pub const ENV_UPDATE_PUBKEY: &str = "DORIXONA_UPDATE_PUBKEY";
/// The release key's public half built into this binary by packaging, used when
/// `tauri.conf.json` leaves `plugins.updater.pubkey` empty: `DORIXONA_UPDATE_PUBKEY` at compile
/// time, or `DORIXONA_UPDATER_PUBKEY`, the name `scripts/package.sh` gives the same key.
pub const BUILT_IN_PUBKEY: Option<&str> = match option_env!("DORIXONA_UPDATE_PUBKEY") {
    Some(key) => Some(key),
    None => option_env!("DORIXONA_UPDATER_PUBKEY"),
};

/// How long checking the feed may take.
const CHECK_WITHIN: Duration = Duration::from_secs(15);
/// How long downloading the package may take.
const DOWNLOAD_WITHIN: Duration = Duration::from_secs(15 * 60);

/// The updater plugin, for the app's builder.
pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().build()
}

/// Where updates come from and whose signature they carry, besides `tauri.conf.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateSource {
    /// The feed's address, as configured (checked by [`feed_url`]).
    pub feed: Option<String>,
    /// The release key's public half, overriding `tauri.conf.json` and the built-in one.
    pub pubkey: Option<String>,
}

/// This counter's update source: the environment first (tests, a one-off mirror), else the
/// machine configuration's `update_url` (`/etc/dorixona/config.toml`, see
/// [`counter::machine_config`]); an unreadable machine configuration counts as none here (the
/// start-up reports it).
pub fn update_source() -> UpdateSource {
    let value = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    UpdateSource {
        feed: value(ENV_UPDATE_URL).or_else(|| {
            counter::machine_config::MachineConfig::load()
                .ok()
                .and_then(|m| m.update_url())
        }),
        pubkey: value(ENV_UPDATE_PUBKEY),
    }
}

/// The feed's address: `https://`, or `http://` to a loopback address only (a local mirror or
/// a test). `UPDATE_NOT_CONFIGURED` otherwise.
pub fn feed_url(source: &UpdateSource) -> Result<Url, IpcError> {
    let Some(raw) = source.feed.as_deref() else {
        return Err(not_configured(
            "feed",
            format!("no update feed is set up: set {ENV_UPDATE_URL} (or the machine config)"),
        ));
    };
    let url = Url::parse(raw).map_err(|e| {
        not_configured("feed", format!("the update feed {raw:?} is not a URL: {e}"))
    })?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(not_configured(
            "feed",
            format!("the update feed {raw} must use https (plain http only to this machine)"),
        )),
    }
}

/// The release key's public half in force: the run-time override, else `tauri.conf.json`'s,
/// else the built-in one. `UPDATE_NOT_CONFIGURED` when there is none.
pub fn public_key<R: Runtime>(
    app: &AppHandle<R>,
    source: &UpdateSource,
) -> Result<String, IpcError> {
    if let Some(key) = &source.pubkey {
        tracing::warn!("the update key comes from {ENV_UPDATE_PUBKEY}, not from the build");
        return Ok(key.clone());
    }
    let configured = app
        .config()
        .plugins
        .0
        .get("updater")
        .and_then(|u| u.get("pubkey"))
        .and_then(|k| k.as_str())
        .map(str::trim)
        .filter(|k| !k.is_empty());
    configured
        .or(BUILT_IN_PUBKEY.map(str::trim).filter(|k| !k.is_empty()))
        .map(str::to_owned)
        .ok_or_else(|| {
            not_configured(
                "pubkey",
                "no release key is set up: plugins.updater.pubkey in tauri.conf.json is empty and none was built in",
            )
        })
}

/// How this copy of the app was installed, which decides how an update is installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallPlace {
    /// From a `.deb` package: `dpkg -i` through `pkexec` (the system asks for authorisation).
    Deb,
    /// From an `.rpm` package: `rpm -U` through `pkexec`.
    Rpm,
    /// An AppImage file, replaced in place.
    AppImage(PathBuf),
    /// A build run from its folder (`cargo build`): never overwritten by an update.
    NotPackaged,
}

impl InstallPlace {
    /// This copy's place: the bundle type the packager wrote into the binary, or the AppImage
    /// the app runs from.
    pub fn of<R: Runtime>(app: &AppHandle<R>) -> Self {
        use tauri::utils::config::BundleType;
        match tauri::utils::platform::bundle_type() {
            Some(BundleType::Deb) => Self::Deb,
            Some(BundleType::Rpm) => Self::Rpm,
            _ => match app.env().appimage {
                Some(path) => Self::AppImage(PathBuf::from(path)),
                None => Self::NotPackaged,
            },
        }
    }

    /// Its name for the UI: `deb`, `rpm`, `appimage`, `not_packaged`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Deb => "deb",
            Self::Rpm => "rpm",
            Self::AppImage(_) => "appimage",
            Self::NotPackaged => "not_packaged",
        }
    }
}

/// A release the feed offers.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct UpdateRelease {
    /// Its version.
    pub version: String,
    /// Its release notes, as the feed gives them.
    pub notes: Option<String>,
    /// When it was published (RFC 3339).
    pub date: Option<String>,
}

/// What checking found.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct UpdateCheck {
    /// The running version.
    pub current: String,
    /// What the feed offers (`None`: it answered that there is nothing).
    pub release: Option<UpdateRelease>,
    /// How that compares with the running version: only `newer` is installed.
    pub offer: Option<UpdateOffer>,
    /// What installing now would interrupt.
    pub busy: CounterBusy,
    /// How this copy was installed (`deb`, `rpm`, `appimage`, `not_packaged`).
    pub install_kind: String,
    /// Whether the release may be installed now without asking: newer, installable here, and
    /// nothing would be interrupted.
    pub may_install_now: bool,
}

/// What installing did.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct UpdateInstalled {
    /// The version installed; it runs after a restart.
    pub version: String,
    /// Whether "install anyway" was needed (work was interrupted).
    pub anyway: bool,
}

/// The feed's answer: the release it describes, and the plugin's update when it is newer.
struct Fetched {
    release: Option<UpdateRelease>,
    offer: Option<UpdateOffer>,
    update: Option<Update>,
}

/// Asks the feed what it offers, with the release key in force and the gate's comparison.
async fn fetch<R: Runtime>(
    app: &AppHandle<R>,
    source: &UpdateSource,
    place: &InstallPlace,
) -> Result<Fetched, IpcError> {
    let url = feed_url(source)?;
    let pubkey = public_key(app, source)?;
    let seen: Arc<Mutex<Option<UpdateRelease>>> = Arc::default();
    let saw = seen.clone();
    let mut builder = app
        .updater_builder()
        .pubkey(pubkey)
        .timeout(CHECK_WITHIN)
        .version_comparator(move |running, release| {
            let offered = UpdateRelease {
                version: release.version.to_string(),
                notes: release.notes.clone(),
                date: release.pub_date.and_then(|d| {
                    d.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                }),
            };
            let newer = update_gate::compare(&running.to_string(), &offered.version)
                == Some(UpdateOffer::Newer);
            if let Ok(mut slot) = saw.lock() {
                *slot = Some(offered);
            }
            newer
        })
        .endpoints(vec![url])
        .map_err(|e| plugin_error(e, "the update feed"))?;
    if let InstallPlace::AppImage(path) = place {
        builder = builder.executable_path(path);
    }
    let update = builder
        .build()
        .map_err(|e| plugin_error(e, "the updater"))?
        .check()
        .await
        .map_err(|e| plugin_error(e, "the update feed"))?;
    let release = seen.lock().ok().and_then(|s| s.clone());
    let running = app.package_info().version.to_string();
    let offer = release
        .as_ref()
        .and_then(|r| update_gate::compare(&running, &r.version));
    Ok(Fetched {
        release,
        offer,
        update,
    })
}

/// Checks the feed: what it offers, how that compares with the running version, and whether it
/// may be installed now given `busy`.
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    source: &UpdateSource,
    place: &InstallPlace,
    busy: CounterBusy,
) -> Result<UpdateCheck, IpcError> {
    let fetched = fetch(app, source, place).await?;
    let may_install_now = fetched.update.is_some()
        && *place != InstallPlace::NotPackaged
        && fetched
            .offer
            .is_some_and(|o| update_gate::decide(o, busy, false).is_ok());
    Ok(UpdateCheck {
        current: app.package_info().version.to_string(),
        release: fetched.release,
        offer: fetched.offer,
        busy,
        install_kind: place.kind().to_owned(),
        may_install_now,
    })
}

/// Installs `version` (the one the person was shown) from the feed: the gate decides with
/// `busy` and `anyway`, then `before_update` runs, then the plugin downloads, verifies and
/// installs. The running version stays as it is on any error.
pub async fn install<R: Runtime>(
    app: &AppHandle<R>,
    source: &UpdateSource,
    place: &InstallPlace,
    version: &str,
    busy: CounterBusy,
    anyway: bool,
    before_update: impl FnOnce() -> Result<(), IpcError>,
) -> Result<UpdateInstalled, IpcError> {
    if *place == InstallPlace::NotPackaged {
        return Err(failed(
            "not_packaged",
            "this copy of the app was not installed from a package (deb, rpm or AppImage); update it the way it was installed",
        ));
    }
    let fetched = fetch(app, source, place).await?;
    let running = app.package_info().version.to_string();
    let Some(release) = fetched.release else {
        return Err(IpcError::new(
            ErrorCode::UpdateDowngrade,
            format!("the update feed offers nothing newer than {running}"),
        )
        .with("current", running)
        .with("offer", "none"));
    };
    if release.version != version {
        return Err(failed(
            "offer_changed",
            format!(
                "the update feed now offers {} instead of {version}; check again",
                release.version
            ),
        )
        .with("offered", release.version));
    }
    let offer = fetched.offer.ok_or_else(|| {
        failed(
            "bad_feed",
            format!("the update feed's version {version} is not a version"),
        )
    })?;
    match update_gate::decide(offer, busy, anyway) {
        Ok(()) => {}
        Err(Refusal::NotNewer(offer)) => {
            return Err(IpcError::new(
                ErrorCode::UpdateDowngrade,
                format!(
                    "the update feed offers {version}, {} the running {running}: not installed",
                    if offer == UpdateOffer::Same {
                        "the same as"
                    } else {
                        "older than"
                    }
                ),
            )
            .with("current", running)
            .with("offered", version)
            .with(
                "offer",
                if offer == UpdateOffer::Same {
                    "same"
                } else {
                    "older"
                },
            ))
        }
        Err(Refusal::Busy(busy)) => return Err(busy_error(busy)),
    }
    let Some(update) = fetched.update else {
        return Err(IpcError::new(
            ErrorCode::UpdateDowngrade,
            format!("the update feed offers nothing newer than {running}"),
        )
        .with("current", running));
    };
    before_update()?;
    let mut update = update;
    update.timeout = Some(DOWNLOAD_WITHIN);
    let bytes = update
        .download(|_, _| {}, || {})
        .await
        .map_err(|e| plugin_error(e, "the update"))?;
    tracing::info!(
        version,
        anyway,
        place = place.kind(),
        "installing a verified update"
    );
    // Writing the package (and `pkexec dpkg -i`, which waits for the authorisation prompt)
    // blocks: off the async runtime.
    tauri::async_runtime::spawn_blocking(move || update.install(bytes))
        .await
        .map_err(|e| failed("other", format!("the install stopped: {e}")))?
        .map_err(|e| plugin_error(e, "the update"))?;
    Ok(UpdateInstalled {
        version: version.to_owned(),
        anyway: anyway && !busy.is_idle(),
    })
}

/// `UPDATE_BUSY` with what is busy: `details.reasons` and the counts.
pub fn busy_error(busy: CounterBusy) -> IpcError {
    let reasons = busy.reasons();
    IpcError::new(
        ErrorCode::UpdateBusy,
        format!(
            "not installed while the counter is busy ({}); choose \"install anyway\" or install later",
            reasons.join(", ")
        ),
    )
    .with("reasons", reasons)
    .with("open_dispenses", busy.open_dispenses)
    .with("parked_sessions", busy.parked_sessions)
    .with("outbox_pending", busy.outbox_pending)
}

fn not_configured(what: &str, message: impl Into<String>) -> IpcError {
    IpcError::new(ErrorCode::UpdateNotConfigured, message).with("missing", what)
}

fn failed(reason: &str, message: impl Into<String>) -> IpcError {
    IpcError::new(ErrorCode::UpdateFailed, message).with("reason", reason)
}

/// The plugin's error as the UI's code: the signature, the network, the feed, the install.
pub fn plugin_error(e: tauri_plugin_updater::Error, what: &str) -> IpcError {
    use tauri_plugin_updater::Error as E;
    let message = format!("{what}: {e}");
    match e {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => IpcError::new(ErrorCode::UpdateSignatureInvalid, message),
        E::Reqwest(ref r) if r.is_decode() => failed("bad_feed", message),
        E::Reqwest(_) | E::Network(_) | E::ReleaseNotFound => {
            IpcError::new(ErrorCode::UpdateUnreachable, message)
        }
        E::EmptyEndpoints | E::InsecureTransportProtocol | E::UrlParse(_) => {
            not_configured("feed", message)
        }
        E::Serialization(_) | E::Semver(_) => failed("bad_feed", message),
        E::TargetNotFound(_) | E::TargetsNotFound(_) => {
            failed("no_package_for_this_system", message)
        }
        E::InvalidUpdaterFormat | E::BinaryNotFoundInArchive => failed("bad_package", message),
        E::AuthenticationFailed | E::PackageInstallFailed | E::DebInstallFailed => {
            failed("install_refused", message)
        }
        E::Io(_)
        | E::TempDirNotFound
        | E::TempDirNotOnSameMountPoint
        | E::PreviousAppNotRestored(_) => failed("disk", message),
        _ => failed("other", message),
    }
}

/// Remembers, for this run, the version installed and waiting for a restart.
#[derive(Default)]
pub struct Pending(Mutex<Option<String>>);

impl Pending {
    /// The version installed and not yet running.
    pub fn version(&self) -> Option<String> {
        self.0.lock().ok().and_then(|v| v.clone())
    }

    fn set(&self, version: String) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(version);
        }
    }
}

/// `Ok` when the signed-in person may check and install updates (administrators and
/// managers); `FORBIDDEN` otherwise. After [`AppState::counter_for`] (`SignedIn`).
fn may_update(counter: &counter::Counter, what: &str) -> Result<(), IpcError> {
    let session = counter
        .session()
        .ok_or_else(|| IpcError::new(ErrorCode::NotSignedIn, "nobody is signed in"))?;
    if !update_gate::may_install(session.pharmacist.role) {
        return Err(IpcError::new(
            ErrorCode::Forbidden,
            format!(
                "only administrators and managers can {what}; you are signed in as a {}",
                counter::access::role_name(session.pharmacist.role)
            ),
        )
        .with("role", counter::access::role_name(session.pharmacist.role)));
    }
    Ok(())
}

/// Administrators and managers: what the update feed offers, and whether it may be installed
/// now (and if not, why).
#[tauri::command]
#[specta::specta]
pub async fn check_update(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<UpdateCheck, IpcError> {
    let counter = state.counter_for(Permission::SignedIn, "check for updates")?;
    may_update(&counter, "check for updates")?;
    let busy = counter.update_busy().await?;
    check(&app, &update_source(), &InstallPlace::of(&app), busy).await
}

/// Administrators and managers: installs `version` from the feed (downloaded, its signature
/// verified); while a dispense is open or the outbox holds unsent work only with `anyway`.
/// The new version runs after [`restart_after_update`].
#[tauri::command]
#[specta::specta]
pub async fn install_update(
    app: AppHandle,
    state: State<'_, AppState>,
    pending: State<'_, Pending>,
    version: String,
    anyway: bool,
) -> Result<UpdateInstalled, IpcError> {
    let counter = state.counter_for(Permission::SignedIn, "install updates")?;
    may_update(&counter, "install updates")?;
    let busy = counter.update_busy().await?;
    let installed = install(
        &app,
        &update_source(),
        &InstallPlace::of(&app),
        &version,
        busy,
        anyway,
        || counter.before_update().map_err(IpcError::from),
    )
    .await?;
    pending.set(installed.version.clone());
    Ok(installed)
}

/// Administrators and managers, after an update was installed in this run: hands the holds of
/// open drafts back (as closing does) and restarts into the new version.
#[tauri::command]
#[specta::specta]
pub async fn restart_after_update(
    app: AppHandle,
    state: State<'_, AppState>,
    pending: State<'_, Pending>,
) -> Result<(), IpcError> {
    let counter = state.counter_for(Permission::SignedIn, "restart into an update")?;
    may_update(&counter, "restart into an update")?;
    let Some(version) = pending.version() else {
        return Err(failed(
            "nothing_installed",
            "no update was installed since the app started",
        ));
    };
    if tokio::time::timeout(Duration::from_secs(2), counter.hand_back_holds("update"))
        .await
        .is_err()
    {
        tracing::info!(
            "holds not handed back in time before the restart; they run out by themselves"
        );
    }
    tracing::info!(version, "restarting into the installed update");
    app.restart()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(feed: &str) -> UpdateSource {
        UpdateSource {
            feed: Some(feed.to_owned()),
            pubkey: None,
        }
    }

    #[test]
    fn the_feed_is_https_or_plain_http_to_this_machine_only() {
        assert!(feed_url(&source("https://updates.example.uz/dorixona/latest.json")).is_ok());
        assert!(feed_url(&source("http://127.0.0.1:8080/latest.json")).is_ok());
        assert!(feed_url(&source("http://localhost/latest.json")).is_ok());
        assert!(feed_url(&source("http://[::1]:9/latest.json")).is_ok());
        for bad in [
            "http://updates.example.uz/latest.json",
            "http://10.0.0.5/latest.json",
            "ftp://127.0.0.1/latest.json",
            "not a url",
        ] {
            let err = feed_url(&source(bad)).unwrap_err();
            assert_eq!(err.code, ErrorCode::UpdateNotConfigured, "{bad}");
            assert_eq!(err.details["missing"], "feed");
        }
        let none = feed_url(&UpdateSource::default()).unwrap_err();
        assert_eq!(none.code, ErrorCode::UpdateNotConfigured);
        assert!(none.message.contains(ENV_UPDATE_URL));
    }

    #[test]
    fn a_busy_refusal_names_every_reason_and_count() {
        let err = busy_error(CounterBusy {
            open_dispenses: 1,
            parked_sessions: 0,
            outbox_pending: 4,
        });
        assert_eq!(err.code, ErrorCode::UpdateBusy);
        assert_eq!(
            err.details["reasons"],
            serde_json::json!(["open_dispense", "outbox"])
        );
        assert_eq!(err.details["outbox_pending"], 4);
        assert_eq!(err.details["open_dispenses"], 1);
    }

    #[test]
    fn signature_errors_are_update_signature_invalid() {
        let e = plugin_error(
            tauri_plugin_updater::Error::SignedVersionMismatch {
                signed: "0.1.0".into(),
                announced: "9.0.0".into(),
            },
            "the update",
        );
        assert_eq!(e.code, ErrorCode::UpdateSignatureInvalid);
        assert_eq!(
            plugin_error(tauri_plugin_updater::Error::MissingSignedVersion, "x").code,
            ErrorCode::UpdateSignatureInvalid
        );
        assert_eq!(
            plugin_error(tauri_plugin_updater::Error::ReleaseNotFound, "x").code,
            ErrorCode::UpdateUnreachable
        );
        assert_eq!(
            plugin_error(tauri_plugin_updater::Error::PackageInstallFailed, "x").details["reason"],
            "install_refused"
        );
    }
}
