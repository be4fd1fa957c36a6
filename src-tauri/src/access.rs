//! Who may call each command: the table behind `docs/roles.md` (a test renders it and fails when
//! the committed copy differs, and another fails when a command is missing from it or checks a
//! different permission than the table says). Each command checks its permission first through
//! [`crate::state::AppState::counter_for`]; the counter's facade checks the same permissions
//! again for everything it does, so the headless commands are held to them too.

use counter::access::{Permission, ROLES};

/// One command and the permission it needs.
pub struct CommandAccess {
    /// The Rust name of the command (`dispense`), or `dorixona …` for a headless one.
    pub command: &'static str,
    /// What it needs.
    pub permission: Permission,
    /// A note for the table (what more the counter checks), or empty.
    pub note: &'static str,
}

const fn cmd(command: &'static str, permission: Permission) -> CommandAccess {
    CommandAccess {
        command,
        permission,
        note: "",
    }
}

const fn noted(command: &'static str, permission: Permission, note: &'static str) -> CommandAccess {
    CommandAccess {
        command,
        permission,
        note,
    }
}

use Permission::*;

/// Every command of the app, in the order of the bindings, then the headless ones.
pub const COMMANDS: &[CommandAccess] = &[
    cmd("app_info", Anyone),
    cmd("sign_in", Anyone),
    cmd("current_session", Anyone),
    cmd("sign_out", Anyone),
    cmd("lock_state", Anyone),
    cmd("still_here", Anyone),
    noted("lock_counter", Anyone, "needs a session (the counter checks)"),
    noted(
        "unlock",
        Anyone,
        "the signed-in person's own secret; five wrong ones sign them out",
    ),
    noted(
        "switch_user",
        Anyone,
        "from the lock screen only; the locked person's draft stays theirs",
    ),
    cmd("save_lock_after", Manage),
    cmd("lookup", Read),
    cmd("hold", Dispense),
    cmd("release_hold", Dispense),
    cmd("search_products", Read),
    cmd("find_products", Read),
    cmd("dispense", Dispense),
    cmd("prescription_history", Read),
    noted(
        "reprint_receipt",
        Dispense,
        "this pharmacy's dispenses only, made at any of its counters",
    ),
    noted(
        "reprint_withdrawal_slip",
        Dispense,
        "this pharmacy's withdrawals only, made at any of its counters",
    ),
    cmd("printers", SignedIn),
    cmd("print_settings", SignedIn),
    cmd("save_print_settings", Manage),
    cmd("print_report", Manage),
    noted(
        "print_receipt",
        Dispense,
        "this pharmacy's dispenses only, on the printer chosen in Settings",
    ),
    noted(
        "withdraw",
        Dispense,
        "the newest dispense of this pharmacy, within 24 hours",
    ),
    cmd("get_settings", Anyone),
    noted(
        "save_settings",
        Anyone,
        "the language: anyone; the camera and the central endpoint: administrators, except the first choice of an endpoint on a fresh install",
    ),
    noted(
        "user_language",
        SignedIn,
        "the signed-in person's own language at this counter",
    ),
    noted(
        "save_user_language",
        SignedIn,
        "the signed-in person's own language; the device's default stays",
    ),
    cmd("report", Manage),
    cmd("report_drill", Manage),
    cmd("export_report", Manage),
    cmd("receipt_pdf", Dispense),
    cmd("withdrawal_slip_pdf", Dispense),
    cmd("print_paper_log", Dispense),
    noted(
        "open_document",
        SignedIn,
        "only a document this app wrote, in its own documents folder",
    ),
    cmd("audit_log", Manage),
    cmd("connection_status", Anyone),
    cmd("outbox_status", Anyone),
    cmd("send_now", SignedIn),
    cmd("get_cache_policy", Anyone),
    cmd("save_cache_policy", Manage),
    noted(
        "record_paper",
        Dispense,
        "while the central system is reachable, only a manager, with an override reason",
    ),
    cmd("paper_log", Dispense),
    cmd("conflicts", Manage),
    cmd("note_conflict", Manage),
    cmd("acknowledge_conflict", Manage),
    cmd("list_cameras", Anyone),
    cmd("start_camera", SignedIn),
    cmd("stop_camera", Anyone),
    cmd("camera_status", SignedIn),
    cmd("check_pack", Dispense),
    cmd("scan_rendered", Anyone),
    cmd("scan_latency", Anyone),
    noted(
        "check_update",
        SignedIn,
        "administrators and managers only (the update gate checks the role)",
    ),
    noted(
        "install_update",
        SignedIn,
        "administrators and managers only; a newer signed version only; while a dispense is open or the outbox holds unsent work, only with \"install anyway\"",
    ),
    noted(
        "restart_after_update",
        SignedIn,
        "administrators and managers, once an update was installed in this run",
    ),
    noted(
        "run_doctor",
        Administer,
        "the diagnostics screen: the same checks as `dorixona doctor`",
    ),
    cmd("backup_status", Administer),
    cmd("save_backup_settings", Administer),
    noted(
        "set_backup_passphrase",
        Administer,
        "the administrator confirms with their own secret",
    ),
    cmd("backup_now", Administer),
    noted("setup_printers", Anyone, "while the counter is not set up yet (first run, nobody can sign in); afterwards administrators (the counter checks)"),
    noted("test_endpoint", Anyone, "while the counter is not set up yet (first run, nobody can sign in); afterwards administrators (the counter checks)"),
    noted("finish_setup", Anyone, "while the counter is not set up yet (first run, nobody can sign in); afterwards administrators (the counter checks)"),
    noted(
        "dorixona doctor",
        Anyone,
        "headless: checks this machine; prints and reports no secret and no personal data",
    ),
    noted(
        "dorixona backup",
        Anyone,
        "headless: the daily backup's work, into --to or the configured folder; needs the passphrase set",
    ),
    noted(
        "dorixona backup-passphrase",
        Administer,
        "headless: the administrator signs in on the command line",
    ),
    noted(
        "dorixona restore",
        Manage,
        "headless, with the app closed: a manager or administrator signs in; the passphrase too",
    ),
    noted(
        "dorixona audit verify",
        Anyone,
        "headless: prints the row count or the first broken link; it shows no personal data",
    ),
    noted(
        "dorixona audit export",
        Manage,
        "headless: the manager signs in on the command line, as for `dorixona report`",
    ),
    noted(
        "dorixona report",
        Manage,
        "headless: the manager signs in on the command line against the verifier kept from their last sign-in on this counter",
    ),
];

/// The permission of `command`, if the table has it.
pub fn permission_of(command: &str) -> Option<Permission> {
    COMMANDS
        .iter()
        .find(|c| c.command == command)
        .map(|c| c.permission)
}

/// `docs/roles.md`: the roles, the permissions and the table of commands.
pub fn render_markdown() -> String {
    let mut s = String::new();
    s.push_str("# Who may do what\n\n");
    s.push_str(
        "Generated from `src-tauri/src/access.rs` by `DORIXONA_WRITE_ROLES=1 cargo test -p dorixona roles`; \
         a test fails when this file is out of date. The Rust side enforces every row (the UI only hides \
         what a role cannot do): each command checks its permission, and the counter checks it again \
         for everything it does.\n\n",
    );
    s.push_str("## Permissions\n\n| permission | held by |");
    for role in ROLES {
        s.push_str(&format!(" {} |", counter::access::role_name(role)));
    }
    s.push_str("\n|---|---|");
    for _ in ROLES {
        s.push_str("---|");
    }
    s.push('\n');
    for p in Permission::ALL {
        s.push_str(&format!("| `{}` | {} |", p.as_str(), p.holders()));
        for role in ROLES {
            s.push_str(if p.allows(role) { " yes |" } else { " no |" });
        }
        s.push('\n');
    }
    s.push_str(
        "\n`anyone` needs no sign-in; every other permission needs one. While the window is locked \
         (after inactivity, or by its user) only the `anyone` commands work; the rest answer `LOCKED`.\n\n",
    );
    s.push_str("## Commands\n\n| command | permission | note |\n|---|---|---|\n");
    for c in COMMANDS {
        s.push_str(&format!(
            "| `{}` | `{}` | {} |\n",
            c.command,
            c.permission.as_str(),
            c.note
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn roles_md() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/roles.md")
    }

    #[test]
    fn roles_table_is_up_to_date() {
        let fresh = render_markdown();
        if std::env::var_os("DORIXONA_WRITE_ROLES").is_some() {
            std::fs::write(roles_md(), &fresh).unwrap();
            return;
        }
        let current = std::fs::read_to_string(roles_md()).unwrap_or_default();
        assert!(
            current == fresh,
            "docs/roles.md is out of date with src-tauri/src/access.rs.\nRegenerate it with:\n    DORIXONA_WRITE_ROLES=1 cargo test -p dorixona roles\nand commit the result."
        );
    }

    /// The commands the UI can call, as the generated bindings name them (camelCase).
    fn bound_commands() -> BTreeSet<String> {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("bindings.ts");
        crate::bindings::export(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let body = &text[text.find("export const commands").unwrap()..];
        let body = &body[..body.find("\n}").unwrap()];
        body.lines()
            .filter_map(|l| l.strip_prefix('\t'))
            .filter_map(|l| l.split_once(": (").map(|(name, _)| name))
            .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric()))
            .map(str::to_owned)
            .collect()
    }

    fn camel(snake: &str) -> String {
        let mut out = String::new();
        let mut up = false;
        for ch in snake.chars() {
            if ch == '_' {
                up = true;
            } else if up {
                out.extend(ch.to_uppercase());
                up = false;
            } else {
                out.push(ch);
            }
        }
        out
    }

    #[test]
    fn every_command_of_the_ui_is_in_the_table_and_nothing_else() {
        let bound = bound_commands();
        assert!(bound.len() > 20, "{bound:?}");
        let table: BTreeSet<String> = COMMANDS
            .iter()
            .filter(|c| !c.command.starts_with("dorixona "))
            .map(|c| camel(c.command))
            .collect();
        assert_eq!(bound, table);
    }

    /// Each command's body asks the app state for the permission the table gives it.
    #[test]
    fn every_command_checks_the_permission_the_table_gives_it() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut sources = String::new();
        for name in [
            "commands.rs",
            "commands_catalog.rs",
            "commands_history.rs",
            "commands_lock.rs",
            "commands_outage.rs",
            "commands_print.rs",
            "commands_reports.rs",
            "commands_scan.rs",
            "update.rs",
            "commands_doctor.rs",
            "commands_setup.rs",
            "commands_backup.rs",
        ] {
            sources.push_str(&std::fs::read_to_string(dir.join(name)).unwrap());
        }
        for c in COMMANDS
            .iter()
            .filter(|c| !c.command.starts_with("dorixona "))
        {
            let start = sources
                .find(&format!("pub async fn {}(", c.command))
                .unwrap_or_else(|| panic!("no command function {}", c.command));
            let rest = &sources[start..];
            let end = rest[1..].find("\npub ").map_or(rest.len(), |i| i + 1);
            let body = &rest[..end];
            let wanted = format!("Permission::{:?}", c.permission);
            assert!(
                body.contains(&format!("counter_for({wanted}"))
                    || body.contains(&format!("allow({wanted}")),
                "{} must check {wanted} first (counter_for / allow)",
                c.command
            );
        }
    }

    #[test]
    fn lookups_are_read_and_dispensing_is_not() {
        assert_eq!(permission_of("lookup"), Some(Permission::Read));
        assert_eq!(permission_of("dispense"), Some(Permission::Dispense));
        assert_eq!(permission_of("export_report"), Some(Permission::Manage));
        assert_eq!(permission_of("nothing"), None);
    }
}
