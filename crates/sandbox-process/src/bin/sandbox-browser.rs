//! `sandbox-browser URL`: the scripted person at the system browser for the end-to-end tests,
//! named by `DORIXONA_BROWSER`. Signs in at the sandbox's training page as
//! `SANDBOX_BROWSER_PHARMACY`, `SANDBOX_BROWSER_LOGIN` (default: the URL's `login_hint`) and
//! `SANDBOX_BROWSER_SECRET`, and delivers the code to the counter.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(url) = std::env::args().nth(1) else {
        eprintln!("usage: sandbox-browser AUTHORIZE_URL");
        return ExitCode::from(2);
    };
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let hint = url::Url::parse(&url).ok().and_then(|u| {
        u.query_pairs()
            .find(|(k, _)| k == "login_hint")
            .map(|(_, v)| v.into_owned())
    });
    let (Some(pharmacy_id), Some(login), Some(secret)) = (
        var("SANDBOX_BROWSER_PHARMACY"),
        var("SANDBOX_BROWSER_LOGIN").or(hint),
        var("SANDBOX_BROWSER_SECRET"),
    ) else {
        eprintln!("sandbox-browser: set SANDBOX_BROWSER_PHARMACY and SANDBOX_BROWSER_SECRET (and SANDBOX_BROWSER_LOGIN when the URL has no login_hint)");
        return ExitCode::from(2);
    };
    let who = sandbox_process::sign_in::Person {
        pharmacy_id,
        login,
        secret,
    };
    match sandbox_process::sign_in::sign_in(&url, &who) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sandbox-browser: {e}");
            ExitCode::FAILURE
        }
    }
}
