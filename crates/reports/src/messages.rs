//! Messages in the four languages through Project Fluent. A [`Catalog`] holds one bundle per
//! [`Lang`], made from `.ftl` text embedded in the program, and is shared between threads. The
//! documents' catalog is [`crate::labels`]'s; the command line builds its own from its own files
//! with this same type.
//!
//! - Counts choose their words by the language's plural rules (`{ $n -> [one] … *[other] … }`;
//!   Russian also has `few` and `many`).
//! - Whole numbers in placeables are grouped as [`Lang::number`] writes them.
//! - Unicode isolation marks around placeables are off: they would print as stray characters
//!   in PDFs, CSV files and terminals.
//! - A message missing from a language gives its id, so a gap shows instead of failing; each
//!   catalog's tests run [`problems`] on its files, which finds syntax errors, messages missing
//!   from or extra to a language, and messages whose variables differ between languages.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::FluentNumberStyle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::Lang;

/// A value given to a message: text, or a number (which plural rules can select on).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Number(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {
        $(impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        })*
    };
}
number_args!(u32, u64, usize, i32, i64);

/// One bundle of messages per language.
pub struct Catalog {
    bundles: Vec<FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog").finish_non_exhaustive()
    }
}

/// A whole number grouped with a no-break space (Uzbek, Russian).
fn grouped_space<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(value, '\u{a0}')
}

/// A whole number grouped with a comma (English).
fn grouped_comma<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(value, ',')
}

fn grouped(value: &FluentValue, separator: char) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let o = &n.options;
    let plain = o.use_grouping
        && o.style == FluentNumberStyle::Decimal
        && o.minimum_integer_digits.is_none()
        && o.minimum_fraction_digits.is_none()
        && o.maximum_fraction_digits.is_none()
        && o.minimum_significant_digits.is_none()
        && o.maximum_significant_digits.is_none();
    let whole = n.value.fract() == 0.0 && n.value.abs() < 9.0e15;
    (plain && whole).then(|| crate::lang::group(n.value as i64, separator))
}

impl Catalog {
    /// A catalog of the `.ftl` text `source` gives for each language. Syntax errors leave out
    /// the entries they spoil (each catalog's tests parse its files).
    pub fn new(source: impl Fn(Lang) -> &'static str) -> Catalog {
        let bundles = Lang::ALL
            .iter()
            .map(|&lang| {
                let resource = FluentResource::try_new(source(lang).to_owned())
                    .unwrap_or_else(|(partial, _errors)| partial);
                let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                bundle.set_use_isolating(false);
                bundle.set_formatter(Some(match lang.group_separator() {
                    ',' => grouped_comma,
                    _ => grouped_space,
                }));
                // A second definition of an id keeps the first.
                let _ = bundle.add_resource(resource);
                bundle
            })
            .collect();
        Catalog { bundles }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        let at = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        &self.bundles[at]
    }

    /// Whether `lang` has the message `id`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// The message `id` in `lang`, without variables.
    pub fn text(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, &[])
    }

    /// The message `id` in `lang` with the variables `args`; its id when `lang` lacks it.
    pub fn format(&self, lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = match value {
                Arg::Text(s) => FluentValue::from(s.as_ref()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

/// The messages (and `-terms`) of one `.ftl` text, each with the variables (`$name`) and
/// the other messages (`name`, `-term`) it refers to; or its syntax errors.
pub fn entries(ftl: &str) -> Result<BTreeMap<String, BTreeSet<String>>, Vec<String>> {
    let resource = fluent_syntax::parser::parse(ftl).map_err(|(_, errors)| {
        errors
            .iter()
            .map(|e| format!("{:?} at {:?}", e.kind, e.pos))
            .collect::<Vec<_>>()
    })?;
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            _ => continue,
        };
        let mut used = BTreeSet::new();
        value
            .into_iter()
            .chain(attributes.iter().map(|a| &a.value))
            .for_each(|p| pattern_uses(p, &mut used));
        out.insert(id, used);
    }
    Ok(out)
}

fn pattern_uses(pattern: &ast::Pattern<&str>, used: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_uses(expression, used);
        }
    }
}

fn expression_uses(expression: &ast::Expression<&str>, used: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_uses(selector, used);
            for v in variants {
                pattern_uses(&v.value, used);
            }
        }
        ast::Expression::Inline(inline) => inline_uses(inline, used),
    }
}

fn arguments_uses(arguments: &ast::CallArguments<&str>, used: &mut BTreeSet<String>) {
    for a in &arguments.positional {
        inline_uses(a, used);
    }
    for a in &arguments.named {
        inline_uses(&a.value, used);
    }
}

fn inline_uses(inline: &ast::InlineExpression<&str>, used: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            used.insert(format!("${}", id.name));
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            used.insert(id.name.to_owned());
        }
        ast::InlineExpression::TermReference { id, arguments, .. } => {
            used.insert(format!("-{}", id.name));
            if let Some(arguments) = arguments {
                arguments_uses(arguments, used);
            }
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            arguments_uses(arguments, used)
        }
        ast::InlineExpression::Placeable { expression } => expression_uses(expression, used),
        ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

/// What is wrong with a set of `.ftl` files, one per language, compared with Uzbek (Latin):
/// syntax errors, messages missing or extra, and messages whose variables or references differ.
/// Empty when the languages agree.
pub fn problems(source: impl Fn(Lang) -> &'static str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for lang in Lang::ALL {
        match entries(source(lang)) {
            Ok(e) => parsed.push((lang, e)),
            Err(errors) => problems.extend(
                errors
                    .into_iter()
                    .map(|e| format!("{}: syntax error {e}", lang.code())),
            ),
        }
    }
    let Some((_, reference)) = parsed.iter().find(|(l, _)| *l == Lang::Uz) else {
        return problems;
    };
    for (lang, entries) in &parsed {
        let code = lang.code();
        for (id, used) in reference {
            match entries.get(id) {
                None => problems.push(format!("{code}: {id} is missing")),
                Some(u) if u != used => {
                    problems.push(format!("{code}: {id} uses {u:?}, but uz uses {used:?}"))
                }
                Some(_) => {}
            }
        }
        for id in entries.keys().filter(|id| !reference.contains_key(*id)) {
            problems.push(format!("{code}: {id} is not in uz"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const FTL: &str = "\
count = { $n ->
    [one] { $n } thing
   *[other] { $n } things
}
plain = Plain words
";

    const RU: &str = "\
count = { $n ->
    [one] { $n } вещь
    [few] { $n } вещи
    [many] { $n } вещей
   *[other] { $n } вещи
}
plain = Просто слова
";

    fn catalog() -> Catalog {
        Catalog::new(|lang| match lang {
            Lang::Ru => RU,
            _ => FTL,
        })
    }

    #[test]
    fn counts_follow_plural_rules_numbers_are_grouped_and_no_isolation_marks_appear() {
        let c = catalog();
        let ru = |n: i64| c.format(Lang::Ru, "count", &[("n", n.into())]);
        assert_eq!(ru(1), "1 вещь");
        assert_eq!(ru(3), "3 вещи");
        assert_eq!(ru(5), "5 вещей");
        assert_eq!(ru(12345), "12\u{a0}345 вещей");
        assert_eq!(c.format(Lang::En, "count", &[("n", 1.into())]), "1 thing");
        assert_eq!(
            c.format(Lang::En, "count", &[("n", 1234.into())]),
            "1,234 things"
        );
        assert_eq!(
            c.format(Lang::UzCyrl, "count", &[("n", 2.into())]),
            "2 things"
        );
        assert_eq!(c.text(Lang::Ru, "plain"), "Просто слова");
        assert!(c.has(Lang::En, "plain"));
        assert!(!c.has(Lang::En, "nothing"));
        assert_eq!(c.text(Lang::En, "nothing"), "nothing");
    }

    #[test]
    fn problems_name_syntax_errors_gaps_extras_and_other_variables() {
        assert_eq!(problems(|_| FTL), Vec::<String>::new());
        let found = problems(|lang| match lang {
            Lang::Uz => "a = A { $x }\nb = B\n",
            Lang::UzCyrl => "a = A { $y }\nb = B\n",
            Lang::Ru => "a = A { $x }\n",
            Lang::En => "a = A { $x }\nb = B\nc = { -t }\n-t = T\nd = {\n",
        });
        let has = |needle: &str| found.iter().any(|p| p.contains(needle));
        assert!(has("uz-Cyrl: a uses"), "{found:?}");
        assert!(has("ru: b is missing"), "{found:?}");
        assert!(has("en: syntax error"), "{found:?}");
        let en = "a = A { $x }\nb = B\nc = { -t } { NUMBER($n) }\n-t = T\n";
        let e = entries(en).unwrap();
        assert_eq!(e["c"], BTreeSet::from(["-t".to_owned(), "$n".to_owned()]));
        assert!(e.contains_key("-t"));
        let extra = problems(|lang| match lang {
            Lang::En => en,
            _ => "a = A { $x }\nb = B\n",
        });
        assert!(extra.iter().any(|p| p == "en: c is not in uz"), "{extra:?}");
        assert!(
            extra.iter().any(|p| p == "en: -t is not in uz"),
            "{extra:?}"
        );
    }
}
