//! `dorixona doctor`: runs the counter's self-check ([`doctor`]) and prints one line a check,
//! `ok`, `warn` or `FAIL` with what it found, and under each problem what to do; `--report FILE`
//! also writes the same text, headed by the time, the version and the system, for support. The
//! findings hold no secret and no personal data, so neither does the file. Exits 1 when a check
//! failed, else 0.
//!
//! The endpoint is `--endpoint URL`, else the one the app would use (`DORIXONA_ENDPOINT`, else
//! the settings); none means training mode. Cameras and printers are listed as the settings
//! screen lists them.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use counter::reports::Lang;
use doctor::{Context, Fact, Finding, Status};

use crate::cli::args::value;
use crate::cli::console::Console;
use crate::cli::text::Msg;

/// Runs `dorixona doctor` with its parsed command line; returns the process exit code.
pub fn run(c: &mut Console<'_>, m: &ArgMatches) -> i32 {
    let Some(data_dir) = crate::cli::data_dir_of(value(m, "data-dir").map(PathBuf::from)) else {
        return c.fail_with(&Msg::new("no-data-dir"), 2);
    };
    let ctx = match context(&data_dir, value(m, "endpoint")) {
        Ok(ctx) => ctx,
        Err(e) => return c.fail_counter(&e),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let findings = match runtime {
        Ok(rt) => rt.block_on(doctor::run(&ctx)),
        Err(e) => {
            let m = Msg::new("cannot-write")
                .with("path", "-")
                .with("error", e.to_string());
            return c.fail_with(&m, 1);
        }
    };
    let text = lines(&findings, c.lang).join("\n");
    c.say(&text);
    if let Some(file) = value(m, "report") {
        let report = format!("{}\n\n{text}\n", header(&ctx, c.lang));
        if let Err(e) = std::fs::write(&file, report) {
            let m = Msg::new("cannot-write")
                .with("path", file)
                .with("error", e.to_string());
            return c.fail_with(&m, 1);
        }
    }
    i32::from(doctor::worst(&findings) == Status::Fail)
}

/// What the checks look at on this machine: the data directory, the endpoint the app would
/// use (or `endpoint`), the keyring, the cameras and printers, the version.
pub fn context(
    data_dir: &Path,
    endpoint: Option<String>,
) -> Result<Context, counter::CounterError> {
    let settings = counter::read_settings(data_dir)?;
    let choice = crate::startup::choose_endpoint(
        endpoint.or_else(|| crate::startup::env_value(crate::startup::ENV_ENDPOINT)),
        crate::startup::env_value(crate::startup::ENV_ADAPTER),
        &settings,
    )?;
    let endpoint = match choice {
        crate::startup::EndpointChoice::Configured(e) => Some(doctor::endpoint::Target {
            adapter: e.adapter,
            url: e.url,
        }),
        crate::startup::EndpointChoice::Training(_) => None,
    };
    Ok(Context {
        data_dir: data_dir.to_owned(),
        endpoint,
        tokens: counter::secrets::TokenStore::default(),
        cameras: Ok(crate::camera::manager::list_cameras()
            .into_iter()
            .map(|c| c.name)
            .collect()),
        printers: counter::printing::cups::Cups::default()
            .printers()
            .map(|p| p.into_iter().map(|p| p.name).collect())
            .map_err(|e| format!("{e:?}")),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        update_feed: crate::update::update_source().feed,
    })
}

/// The report's head: when, which version, which system.
fn header(ctx: &Context, lang: Lang) -> String {
    let now = time::OffsetDateTime::now_utc();
    let time = format!("{} {:02}:{:02}", now.date(), now.hour(), now.minute());
    let made = Msg::new("doctor-made")
        .with("time", time)
        .with("version", ctx.version.clone())
        .with(
            "os",
            format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        );
    format!(
        "{}\n{}",
        Msg::new("doctor-title").text(lang),
        made.text(lang)
    )
}

/// A finding's message: its id with the facts as its variables.
fn message(id: String, f: &Finding) -> Msg {
    let mut m = Msg::owned(id);
    for (name, fact) in &f.facts {
        m = match fact {
            Fact::Text(t) => m.with_owned(name.clone(), t.clone()),
            Fact::Number(n) => m.with_owned(name.clone(), *n),
        };
    }
    m
}

/// The findings as lines in `lang`: `status  check: words`, advice under each problem, and a
/// summary.
pub fn lines(findings: &[Finding], lang: Lang) -> Vec<String> {
    let width = findings
        .iter()
        .map(|f| label(f, lang).chars().count())
        .max()
        .unwrap_or(0);
    let status_width = [Status::Ok, Status::Warn, Status::Fail, Status::Skip]
        .iter()
        .map(|s| status_word(*s, lang).chars().count())
        .max()
        .unwrap_or(4);
    let mut out = Vec::new();
    for f in findings {
        let words = message(format!("doctor-{}-{}", f.check, f.outcome), f).text(lang);
        let status = status_word(f.status, lang);
        let label = label(f, lang);
        out.push(format!(
            "{status}{}  {label}{}  {words}",
            " ".repeat(status_width - status.chars().count()),
            " ".repeat(width - label.chars().count()),
        ));
        if matches!(f.status, Status::Warn | Status::Fail) {
            let advice = message(format!("doctor-{}-{}-advice", f.check, f.outcome), f);
            out.push(format!(
                "{}  → {}",
                " ".repeat(status_width),
                advice.text(lang)
            ));
        }
    }
    let count = |s| findings.iter().filter(|f| f.status == s).count() as i64;
    let summary = Msg::new("doctor-summary")
        .with("fail", count(Status::Fail))
        .with("warn", count(Status::Warn));
    out.push(String::new());
    out.push(summary.text(lang));
    out
}

fn label(f: &Finding, lang: Lang) -> String {
    Msg::owned(format!("doctor-check-{}", f.check)).text(lang)
}

fn status_word(s: Status, lang: Lang) -> String {
    Msg::new(match s {
        Status::Ok => "doctor-status-ok",
        Status::Warn => "doctor-status-warn",
        Status::Fail => "doctor-status-fail",
        Status::Skip => "doctor-status-skip",
    })
    .text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A finding of each outcome, with every fact any of them needs.
    fn every_outcome() -> Vec<Finding> {
        doctor::OUTCOMES
            .iter()
            .map(|(check, outcome, problem)| {
                let status = if *problem { Status::Warn } else { Status::Ok };
                let mut f = Finding::new(check, status, outcome);
                for name in [
                    "url", "reason", "problem", "until", "date", "names", "version", "latest",
                ] {
                    f = f.text(name, format!("<{name}>"));
                }
                for name in [
                    "ms", "status", "days", "seconds", "problems", "rows", "row", "mb", "count",
                    "hours",
                ] {
                    f = f.number(name, 3);
                }
                f
            })
            .collect()
    }

    #[test]
    fn every_outcome_and_its_advice_has_words_in_every_language() {
        for lang in Lang::ALL {
            let text = lines(&every_outcome(), lang).join("\n");
            assert!(!text.contains("doctor-"), "{lang:?}: a raw id\n{text}");
            assert!(
                !text.contains("{$") && !text.contains("{ $"),
                "{lang:?}\n{text}"
            );
            let advice = text.matches('→').count();
            let problems = doctor::OUTCOMES.iter().filter(|o| o.2).count();
            assert_eq!(advice, problems, "{lang:?}");
        }
    }

    #[test]
    fn lines_line_up_and_end_with_a_summary() {
        let findings = vec![
            Finding::new("database", Status::Ok, "sound").number("mb", 12),
            Finding::new("outbox", Status::Fail, "pending")
                .number("count", 5)
                .number("hours", 30),
        ];
        let en = lines(&findings, Lang::En);
        assert_eq!(en[0], "ok    database  whole and encrypted (12 MB)");
        assert_eq!(
            en[1],
            "FAIL  outbox    5 records wait to be sent, the oldest for 30 h"
        );
        assert!(
            en[2].starts_with("      → restore the connection"),
            "{en:?}"
        );
        assert_eq!(en.last().unwrap(), "1 failure, no warnings");
        let ru = lines(&findings, Lang::Ru);
        assert!(ru.last().unwrap().contains("1 ошибка"), "{ru:?}");
    }
}
