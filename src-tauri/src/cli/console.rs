//! What the headless commands share: where they write, in their language, and the complaints
//! they have in common.

use std::fmt::Display;
use std::io::Write;

use counter::reports::Lang;

use super::text::{self, Msg};

/// Where a headless command writes: answers to `out`, complaints to `err` after the command's
/// name, all in the command's language.
pub struct Console<'a> {
    pub lang: Lang,
    command: &'static str,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

impl<'a> Console<'a> {
    /// The console of `command` run with `args` (whose `--lang` and `--data-dir` choose the
    /// language).
    pub fn new(
        command: &'static str,
        args: &[String],
        out: &'a mut dyn Write,
        err: &'a mut dyn Write,
    ) -> Console<'a> {
        Console {
            lang: text::language(args),
            command,
            out,
            err,
        }
    }

    /// `m` in the console's language.
    pub fn text(&self, m: &Msg) -> String {
        m.text(self.lang)
    }

    /// Writes `line` as an answer.
    pub fn say(&mut self, line: impl Display) {
        let _ = writeln!(self.out, "{line}");
    }

    /// Writes `problem` as a complaint; returns `code`, the exit code.
    pub fn fail(&mut self, problem: impl Display, code: i32) -> i32 {
        let _ = writeln!(self.err, "{}: {problem}", self.command);
        code
    }

    /// Writes the message `m` as a complaint; returns `code`.
    pub fn fail_with(&mut self, m: &Msg, code: i32) -> i32 {
        let problem = self.text(m);
        self.fail(problem, code)
    }

    /// Writes the message `m` and the usage text `usage` (a message id) as a complaint;
    /// returns 2.
    pub fn usage_error(&mut self, m: &Msg, usage: &'static str) -> i32 {
        let problem = format!("{}\n{}", self.text(m), self.text(&Msg::new(usage)));
        self.fail(problem, 2)
    }

    /// When `args` ask for help (`--help`, `-h`), writes the usage text `usage` as the answer.
    pub fn help(&mut self, args: &[String], usage: &'static str) -> bool {
        let asked = args.iter().any(|a| a == "--help" || a == "-h");
        if asked {
            let usage = self.text(&Msg::new(usage));
            self.say(usage);
        }
        asked
    }
}

/// `--option needs a value`.
pub fn needs_value(option: &str) -> Msg {
    Msg::new("needs-value").with("option", option.to_owned())
}

/// The refusal of a secret given on the command line as `option`.
pub fn secret_refused(option: &str) -> Msg {
    Msg::new("secret-refused").with("option", option.to_owned())
}

/// `--option is required`.
pub fn required(option: &'static str) -> Msg {
    Msg::new("option-required").with("option", option)
}
