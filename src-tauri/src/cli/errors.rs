//! The counter's errors and audit verdicts in the command line's language. The counter words
//! its errors in English for logs; a headless command shows the code, then what it means and
//! what to do, from its own catalog, chosen by the code (and the storage problem, the missing
//! permission or the kind of break in the audit chain).

use counter::audit::chain::Break;
use counter::reports::Lang;
use counter::CounterError;
use dmed_api::ErrorCode;

use super::text::Msg;

/// `e` as `[CODE] words`, the words from the command line's catalog in `lang`.
pub fn counter_error(e: &CounterError, lang: Lang) -> String {
    let code = e.code();
    let details = e.details();
    let detail = |key: &str| {
        details
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let words = match code {
        ErrorCode::Unauthenticated | ErrorCode::NotSignedIn => Msg::new("error-unauthenticated"),
        ErrorCode::Forbidden => Msg::new("error-forbidden")
            .with("permission", detail("permission"))
            .with("role", detail("role")),
        ErrorCode::TooManyAttempts => Msg::new("error-too-many-attempts"),
        ErrorCode::StorageError => Msg::new("error-storage").with("problem", detail("problem")),
        ErrorCode::NetworkUnavailable | ErrorCode::Timeout => Msg::new("error-network"),
        ErrorCode::ServiceUnavailable => Msg::new("error-service-unavailable"),
        ErrorCode::ProtocolError => Msg::new("error-protocol"),
        ErrorCode::InvalidSetting if detail("setting") == "machine_config" => {
            Msg::new("error-machine-config").with("reason", detail("reason"))
        }
        ErrorCode::InvalidSetting => Msg::new("error-setting").with("setting", detail("setting")),
        _ => Msg::new("error-other"),
    };
    format!("[{}] {}", code.as_str(), words.text(lang))
}

/// The first broken link of the audit chain, in words.
pub fn audit_break(b: &Break) -> Msg {
    match *b {
        Break::Edited { seq } => Msg::new("audit-break-edited").with("row", seq),
        Break::OutOfOrder { expected, found } => Msg::new("audit-break-out-of-order")
            .with("expected", expected)
            .with("found", found),
        Break::Unlinked { seq } => Msg::new("audit-break-unlinked").with("row", seq),
        Break::Truncated { len, kept } => Msg::new("audit-break-truncated")
            .with("rows", len)
            .with("kept", kept),
        Break::HeadMismatch { seq } => Msg::new("audit-break-rewritten").with("row", seq),
        Break::Unrecorded { seq } => Msg::new("audit-break-unrecorded").with("row", seq),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use counter::StorageProblem;

    #[test]
    fn an_error_shows_its_code_and_the_words_of_the_language() {
        let wrong = CounterError::rejected(ErrorCode::Unauthenticated, "Wrong pharmacy, login");
        let ru = counter_error(&wrong, Lang::Ru);
        assert!(ru.starts_with("[UNAUTHENTICATED] "), "{ru}");
        assert!(!ru.contains("Wrong"), "{ru}");
        assert!(ru.contains("секрет"), "{ru}");
        let full = CounterError::Storage {
            problem: StorageProblem::DiskFull,
            reason: "no space left on device".into(),
        };
        for lang in Lang::ALL {
            let text = counter_error(&full, lang);
            assert!(text.starts_with("[STORAGE_ERROR] "), "{text}");
            assert!(!text.contains("no space left"), "{text}");
        }
        assert!(counter_error(&full, Lang::En).contains("disk is full"));
        assert!(counter_error(&full, Lang::UzCyrl).contains("диск"));
    }

    #[test]
    fn a_refusal_names_who_may() {
        let e = counter::access::forbidden(
            counter::access::Permission::Manage,
            dmed_api::types::StaffRole::Nurse,
            "export reports",
        );
        let en = counter_error(&e, Lang::En);
        assert!(en.contains("manager") && en.contains("nurse"), "{en}");
        let ru = counter_error(&e, Lang::Ru);
        assert!(ru.contains("менеджер") && ru.contains("медсестр"), "{ru}");
    }

    #[test]
    fn every_break_of_the_audit_chain_is_worded_in_every_language() {
        let breaks = [
            Break::Edited { seq: 7 },
            Break::OutOfOrder {
                expected: 7,
                found: 9,
            },
            Break::Unlinked { seq: 7 },
            Break::Truncated { len: 7, kept: 9 },
            Break::HeadMismatch { seq: 7 },
            Break::Unrecorded { seq: 7 },
        ];
        for b in &breaks {
            for lang in Lang::ALL {
                let text = audit_break(b).text(lang);
                assert!(text.contains('7'), "{lang:?} {b:?}: {text}");
                assert!(!text.contains("audit-break"), "{lang:?} {b:?}: {text}");
                if lang != Lang::En {
                    assert_ne!(text, b.to_string(), "{lang:?} {b:?}");
                }
            }
        }
    }
}
