//! The system's printers through CUPS, by its own command-line client (`lpstat`, `lp`, called
//! by their installed paths): the printers and which is the default, whether one is ready, and
//! a job sent to one. The CUPS server is the system's, or the one `CUPS_SERVER` names (as every
//! CUPS client reads it).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

/// Where the CUPS client programs are installed (Debian's `cups-client`).
const LPSTAT: &str = "/usr/bin/lpstat";
const LP: &str = "/usr/bin/lp";

/// One printer of the system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Printer {
    pub name: String,
    /// The system's default printer.
    pub is_default: bool,
    pub ready: bool,
}

/// Why nothing was printed (English, for logs; the caller words it for people).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintProblem {
    /// The CUPS client is not installed.
    NoCups,
    /// No such printer.
    Unknown(String),
    /// The printer is stopped (off, out of paper, jammed) or refuses jobs.
    NotReady { printer: String, why: String },
    /// CUPS refused the job.
    Refused(String),
}

/// A CUPS client.
#[derive(Debug, Clone)]
pub struct Cups {
    lpstat: PathBuf,
    lp: PathBuf,
}

impl Default for Cups {
    fn default() -> Self {
        Cups {
            lpstat: PathBuf::from(LPSTAT),
            lp: PathBuf::from(LP),
        }
    }
}

/// The state `lpstat -p` reports for one printer: its line says `printer NAME is idle.
/// enabled since …`, `… now printing …`, or `… disabled since …` with the reason on the lines
/// that follow.
pub fn parse_state(output: &str, name: &str) -> Option<(bool, String)> {
    let mut lines = output.lines();
    let head = lines.find(|l| {
        l.strip_prefix("printer ")
            .and_then(|rest| rest.split_whitespace().next())
            == Some(name)
    })?;
    let disabled = head.contains("disabled");
    let why: Vec<&str> = lines
        .take_while(|l| l.starts_with('\t') || l.starts_with(' '))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    Some((!disabled, why.join("; ")))
}

/// The printer names `lpstat -e` lists, one per line.
pub fn parse_names(output: &str) -> Vec<String> {
    output
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The default printer `lpstat -d` names (`system default destination: NAME`).
pub fn parse_default(output: &str) -> Option<String> {
    output
        .lines()
        .find_map(|l| l.strip_prefix("system default destination: "))
        .map(|n| n.trim().to_owned())
}

/// The job id `lp` prints (`request id is NAME-12 (1 file(s))`).
pub fn parse_job(output: &str) -> Option<String> {
    output
        .lines()
        .find_map(|l| l.strip_prefix("request id is "))
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
}

impl Cups {
    fn run(
        &self,
        program: &PathBuf,
        args: &[&str],
    ) -> Result<(bool, String, String), PrintProblem> {
        if !program.is_file() {
            return Err(PrintProblem::NoCups);
        }
        let out = Command::new(program)
            .args(args)
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .output()
            .map_err(|_| PrintProblem::NoCups)?;
        Ok((
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ))
    }

    /// The system's printers, the default first.
    pub fn printers(&self) -> Result<Vec<Printer>, PrintProblem> {
        let (_, names, _) = self.run(&self.lpstat, &["-e"])?;
        let (_, default, _) = self.run(&self.lpstat, &["-d"])?;
        let default = parse_default(&default);
        let (_, states, _) = self.run(&self.lpstat, &["-p"])?;
        let mut printers: Vec<Printer> = parse_names(&names)
            .into_iter()
            .map(|name| Printer {
                is_default: default.as_deref() == Some(name.as_str()),
                ready: parse_state(&states, &name).is_some_and(|(ready, _)| ready),
                name,
            })
            .collect();
        printers.sort_by_key(|p| !p.is_default);
        Ok(printers)
    }

    /// Whether `printer` takes jobs now; `NotReady` says why not.
    pub fn check_ready(&self, printer: &str) -> Result<(), PrintProblem> {
        let (ok, out, _) = self.run(&self.lpstat, &["-p", printer])?;
        let Some((ready, why)) = ok.then(|| parse_state(&out, printer)).flatten() else {
            return Err(PrintProblem::Unknown(printer.to_owned()));
        };
        if !ready {
            return Err(PrintProblem::NotReady {
                printer: printer.to_owned(),
                why,
            });
        }
        let (_, accepting, _) = self.run(&self.lpstat, &["-a", printer])?;
        if accepting.contains("not accepting") {
            return Err(PrintProblem::NotReady {
                printer: printer.to_owned(),
                why: "it does not accept jobs".to_owned(),
            });
        }
        Ok(())
    }

    /// Sends `bytes` to `printer` as one job titled `title`; `raw` passes them to the printer
    /// untouched (ESC/POS), else CUPS converts them (PDF). Returns the job id.
    pub fn print(
        &self,
        printer: &str,
        title: &str,
        bytes: &[u8],
        raw: bool,
    ) -> Result<String, PrintProblem> {
        self.check_ready(printer)?;
        if !self.lp.is_file() {
            return Err(PrintProblem::NoCups);
        }
        let mut args = vec!["-d", printer, "-t", title];
        if raw {
            args.extend(["-o", "raw"]);
        }
        let mut child = Command::new(&self.lp)
            .args(&args)
            .env("LC_ALL", "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|_| PrintProblem::NoCups)?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(bytes)
                .map_err(|e| PrintProblem::Refused(e.to_string()))?;
        }
        let out = child
            .wait_with_output()
            .map_err(|e| PrintProblem::Refused(e.to_string()))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        match (out.status.success(), parse_job(&stdout)) {
            (true, Some(job)) => Ok(job),
            _ => Err(PrintProblem::Refused(
                String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lpstat_and_lp_answers_are_read() {
        let states = "printer counter80 is idle.  enabled since Wed Dec  2 16:12:03 2026\n\
                      printer office disabled since Wed Dec  2 16:12:09 2026 -\n\
                      \tPaper out\n\
                      printer other is now printing other-3.  enabled since Wed Dec  2 2026\n";
        assert_eq!(
            parse_state(states, "counter80"),
            Some((true, String::new()))
        );
        assert_eq!(
            parse_state(states, "office"),
            Some((false, "Paper out".to_owned()))
        );
        assert_eq!(parse_state(states, "other"), Some((true, String::new())));
        assert_eq!(parse_state(states, "counter8"), None);
        assert_eq!(
            parse_names("counter80\noffice\n\n"),
            ["counter80", "office"]
        );
        assert_eq!(
            parse_default("system default destination: office\n").as_deref(),
            Some("office")
        );
        assert_eq!(parse_default("no system default destination\n"), None);
        assert_eq!(
            parse_job("request id is counter80-12 (0 file(s))\n").as_deref(),
            Some("counter80-12")
        );
    }
}
