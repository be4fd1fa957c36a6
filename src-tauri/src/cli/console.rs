//! What the headless commands share: where they write, in their language, and the complaints
//! they have in common.

use std::fmt::Display;
use std::io::Write;

use counter::reports::Lang;

use super::text::{self, Msg};
use super::{args, errors};

/// Where a headless command writes: answers to `out`, complaints to `err` after the command's
/// name, all in the command's language.
pub struct Console<'a> {
    pub lang: Lang,
    /// The (sub)commands run, e.g. `["audit", "export"]`.
    path: Vec<String>,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

impl<'a> Console<'a> {
    /// The console of the command line `args` (whose `--lang` and `--data-dir` choose the
    /// language, and whose first words name the command).
    pub fn new(args: &[String], out: &'a mut dyn Write, err: &'a mut dyn Write) -> Console<'a> {
        Console {
            lang: text::language(args),
            path: args::path_of(args),
            out,
            err,
        }
    }

    /// The command's name as complaints start with it, e.g. `dorixona audit export`.
    fn name(&self) -> String {
        std::iter::once(args::BIN)
            .chain(self.path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
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
        let name = self.name();
        let _ = writeln!(self.err, "{name}: {problem}");
        code
    }

    /// Writes the counter's error `e` (its code, then its meaning in the console's language);
    /// returns 1.
    pub fn fail_counter(&mut self, e: &counter::CounterError) -> i32 {
        let problem = errors::counter_error(e, self.lang);
        self.fail(problem, 1)
    }

    /// Writes the message `m` as a complaint; returns `code`.
    pub fn fail_with(&mut self, m: &Msg, code: i32) -> i32 {
        let problem = self.text(m);
        self.fail(problem, code)
    }

    /// Writes `problem`, the command's usage line and where its help is, as a complaint;
    /// returns 2.
    pub fn usage_problem(&mut self, problem: &str) -> i32 {
        let usage = args::usage(self.lang, &self.path);
        let more = self.text(&Msg::new("see-help").with("command", self.name()));
        self.fail(format!("{problem}\n{usage}\n{more}"), 2)
    }

    /// [`Console::usage_problem`] with the message `m`.
    pub fn usage_error(&mut self, m: &Msg) -> i32 {
        let problem = self.text(m);
        self.usage_problem(&problem)
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
