//! Opening the platform's sign-in page in the system browser (`dhp-fhir`; RFC 8252 §8.12: a
//! native app signs its users in through the browser, not a window of its own). The program is
//! the desktop's URL opener; `DORIXONA_BROWSER` names another one (a kiosk browser chosen by the
//! installer, or the end-to-end tests' scripted sign-in). It is started with the URL as its one
//! argument and not waited for: the sign-in ends when the platform redirects to the counter.

use std::process::Command;
use std::sync::Arc;

use counter::client::Browser;

/// Env var naming the program that opens the sign-in page.
pub const ENV_BROWSER: &str = "DORIXONA_BROWSER";

/// The opener: `DORIXONA_BROWSER` when set, else the desktop's.
pub fn system_browser() -> Browser {
    let program = crate::startup::env_value(ENV_BROWSER);
    Arc::new(move |url: &str| open(program.as_deref(), url))
}

/// The desktop's URL opener and its leading arguments.
fn desktop_opener() -> (&'static str, &'static [&'static str]) {
    if cfg!(windows) {
        // `start` would need the URL quoted for cmd; the URL handler takes it whole.
        ("rundll32", &["url.dll,FileProtocolHandler"])
    } else if cfg!(target_os = "macos") {
        ("open", &[])
    } else {
        ("xdg-open", &[])
    }
}

fn open(program: Option<&str>, url: &str) -> Result<(), String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err("only web addresses are opened".to_owned());
    }
    let (name, args) = match program {
        Some(p) => (p, &[][..]),
        None => desktop_opener(),
    };
    let mut child = Command::new(name)
        .args(args)
        .arg(url)
        .spawn()
        .map_err(|e| {
            format!("{name} could not be started ({e}); set {ENV_BROWSER} to the browser's program")
        })?;
    // Reaped in the background so no zombie is left behind.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_program_gets_the_url_as_its_argument() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("opened");
        let script = dir.path().join("browser.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s' \"$1\" > {0}.part && mv {0}.part {0}\n",
                out.display()
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let url = "http://127.0.0.1:9/oauth/authorize?a=1&b=2";
        open(Some(script.to_str().unwrap()), url).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !out.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(std::fs::read_to_string(&out).unwrap(), url);
    }

    #[test]
    fn a_missing_program_and_a_non_web_address_are_explained() {
        let e = open(Some("/nonexistent/browser"), "https://x.uz/").unwrap_err();
        assert!(e.contains(ENV_BROWSER), "{e}");
        let e = open(Some("/bin/true"), "file:///etc/passwd").unwrap_err();
        assert!(e.contains("web addresses"), "{e}");
    }
}
