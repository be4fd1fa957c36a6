//! Finding the `dmed-sandbox` executable: `DMED_SANDBOX_BIN`, else next to the running
//! executable in the cargo target directory.

use std::path::{Path, PathBuf};

/// Name of the executable on this platform.
fn exe_name() -> String {
    format!("dmed-sandbox{}", std::env::consts::EXE_SUFFIX)
}

/// The `dmed-sandbox` binary to run; panics with a hint when it cannot be found.
pub fn sandbox_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("DMED_SANDBOX_BIN") {
        let path = PathBuf::from(path);
        if path.is_file() {
            return path;
        }
        panic!(
            "DMED_SANDBOX_BIN points to {}, which is not a file",
            path.display()
        );
    }
    let exe = std::env::current_exe()
        .unwrap_or_else(|e| panic!("cannot tell where the running executable is: {e}"));
    match find_next_to(&exe) {
        Some(path) => path,
        None => panic!(
            "dmed-sandbox binary not found next to {} (or set DMED_SANDBOX_BIN); \
             build it first: cargo build -p dmed-sandbox",
            exe.display()
        ),
    }
}

/// Walks up from `exe` (e.g. `target/debug/deps/foo-1234`) past `deps/`, `examples/` and
/// similar folders, and returns the first `dmed-sandbox` executable found.
fn find_next_to(exe: &Path) -> Option<PathBuf> {
    let name = exe_name();
    exe.ancestors()
        .skip(1)
        .take(4)
        .map(|dir| dir.join(&name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_up_past_deps() {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("debug");
        let deps = profile.join("deps");
        std::fs::create_dir_all(&deps).unwrap();
        let bin = profile.join(exe_name());
        std::fs::write(&bin, b"").unwrap();
        assert_eq!(find_next_to(&deps.join("some_test-0123")), Some(bin));
    }

    #[test]
    fn nothing_found_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let deps = dir.path().join("debug").join("deps");
        std::fs::create_dir_all(&deps).unwrap();
        assert_eq!(find_next_to(&deps.join("some_test-0123")), None);
    }
}
