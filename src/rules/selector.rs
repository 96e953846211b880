//! Selectors: how a user names rules, the same everywhere: in `--select`
//! and `--ignore`, in `claimlint.toml` (`select`, `ignore`, `[severity]`,
//! `[[per-path]]`) and in suppression comments. See [`Selector`].

use std::fmt;

use globset::{Glob, GlobMatcher};

use crate::diagnostic::Diagnostic;
use crate::document::Suppression;
use crate::rules::{Rule, RuleSet};

/// A parsed selector, one of:
/// - a rule id: `ketamine/fda-approved-psychiatric`;
/// - a pack id: `ketamine` (or `ketamine/`), every rule of the pack;
/// - a category: `fda-status`, `missing-off-label`;
/// - a glob over rule ids: `ketamine/fda-*`, `*/off-label` (`*` matches any
///   characters, `/` included; `?` one character; `[abc]` one of those).
///   There is no `{a,b}`: commas separate selectors on the command line
///   and in suppression comments, so two selectors are written instead.
///
/// Nothing else: `ketamine/fda` is neither an id nor a pack, so it names
/// nothing, and [`Selector::new`] refuses a selector that names no loaded
/// rule. A typo in an ignore list would otherwise leave a rule failing CI
/// with no hint why, and one in a suppression would hide nothing.
///
/// # Example
/// ```
/// use claimlint::{RuleSet, Selector};
///
/// let rules = RuleSet::builtin()?;
/// let glob = Selector::new("ketamine/fda-*", &rules)?;
/// let rule = rules.rule("ketamine/fda-approved-psychiatric").unwrap();
/// assert!(glob.matches_rule(rule));
/// assert!(Selector::new("ketamine", &rules)?.matches_rule(rule));
/// assert!(Selector::new("fda-status", &rules)?.matches_rule(rule));
/// assert!(Selector::new("ketamine/fda-approved-psychiatric", &rules)?.matches_rule(rule));
/// // Not an id, a pack, a category or a glob of any rule: an error.
/// let error = Selector::new("ketamine/fda-approved-p", &rules).unwrap_err();
/// assert!(error.to_string().contains("matches no rule"), "{error}");
/// assert!(error.to_string().ends_with(r#"(did you mean "ketamine/fda-approved-p*"?)"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Selector {
    text: String,
    matcher: Matcher,
}

#[derive(Clone, Debug)]
enum Matcher {
    /// A rule id, a pack id (its trailing `/` dropped) or a category.
    Name(String),
    Glob(GlobMatcher),
}

/// The characters that make a selector a glob. None of them can be in a
/// rule id, a pack id or a category.
const GLOB_CHARS: &[char] = &['*', '?', '[', ']'];

impl Selector {
    /// Parse `text` and check that it names at least one rule of `rules`
    /// or one of the engine's own (the [`Suppression::RULES`]).
    ///
    /// # Errors
    /// A [`SelectorError`] when `text` is empty, an invalid glob, or names
    /// no such rule (with the nearest id, pack or category as a hint).
    pub fn new(text: &str, rules: &RuleSet) -> Result<Selector, SelectorError> {
        let selector = Selector::parse(text)?;
        let engine = Suppression::RULES
            .iter()
            .map(|(id, _)| (*id, Suppression::CATEGORY));
        let loaded = rules.rules().map(|r| (r.id(), r.category()));
        let names: Vec<(&str, &str)> = loaded.chain(engine).collect();
        if selector.names_any(names.iter().copied()) {
            return Ok(selector);
        }
        Err(SelectorError {
            kind: SelectorErrorKind::NamesNothing,
            message: format!(
                "{text:?} matches no rule id, pack, category or glob of the loaded rules{}",
                hint(selector.as_str(), &names)
            ),
        })
    }

    /// Parse `text` as a selector without checking what it names: for a
    /// host that checks selectors against rules of its own.
    ///
    /// # Errors
    /// A [`SelectorError`] when `text` is empty or an invalid glob.
    pub fn parse(text: &str) -> Result<Selector, SelectorError> {
        let text = text.trim();
        if text.is_empty() || text == "/" {
            return Err(SelectorError {
                kind: SelectorErrorKind::Invalid,
                message: "an empty selector names no rule".to_string(),
            });
        }
        if text.contains(['{', '}']) {
            return Err(SelectorError {
                kind: SelectorErrorKind::Invalid,
                message: format!(
                    "{text:?}: a selector has no {{a,b}} alternatives; write one selector for each"
                ),
            });
        }
        let matcher = if text.contains(GLOB_CHARS) {
            let glob = Glob::new(text).map_err(|e| SelectorError {
                kind: SelectorErrorKind::Invalid,
                message: format!("{text:?} is not a valid glob: {}", e.kind()),
            })?;
            Matcher::Glob(glob.compile_matcher())
        } else {
            Matcher::Name(text.strip_suffix('/').unwrap_or(text).to_string())
        };
        Ok(Selector {
            text: text.to_string(),
            matcher,
        })
    }

    /// The selector as written (trimmed).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether it names the rule with this id and category.
    pub fn matches(&self, id: &str, category: &str) -> bool {
        match &self.matcher {
            Matcher::Name(name) => {
                name == category
                    || id
                        .strip_prefix(name.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            }
            Matcher::Glob(glob) => glob.is_match(id),
        }
    }

    /// Whether it names this rule.
    pub fn matches_rule(&self, rule: &Rule) -> bool {
        self.matches(rule.id(), rule.category())
    }

    /// Whether it names any of these `(id, category)` pairs.
    pub(crate) fn names_any<'a>(
        &self,
        mut names: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> bool {
        names.any(|(id, category)| self.matches(id, category))
    }

    /// Whether it is a glob (and so cannot be looked up by name).
    pub(crate) fn is_glob(&self) -> bool {
        matches!(self.matcher, Matcher::Glob(_))
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// ` (did you mean "hype"?)`: the id, pack or category nearest to a
/// selector that names nothing, when one is near enough to be a typo; or,
/// for the start of some ids (what selected them before globs did), the
/// glob that names them.
fn hint(selector: &str, names: &[(&str, &str)]) -> String {
    if names.iter().any(|(id, _)| id.starts_with(selector)) {
        return format!(" (did you mean \"{selector}*\"?)");
    }
    let packs = names
        .iter()
        .filter_map(|(id, _)| id.split_once('/'))
        .map(|(p, _)| p);
    let candidates = (names.iter().flat_map(|(id, cat)| [*id, *cat])).chain(packs);
    let nearest = candidates
        .map(|c| (strsim::osa_distance(selector, c), c))
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 5))
        .min();
    match nearest {
        Some((_, name)) => format!(" (did you mean {name:?}?)"),
        None => String::new(),
    }
}

/// What is wrong with a selector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SelectorErrorKind {
    /// Empty, or a glob that cannot be parsed.
    Invalid,
    /// Well formed, but it names none of the loaded rules.
    NamesNothing,
}

/// A selector that is malformed or names no loaded rule. `Display` says
/// which selector and why, without saying where it was written: the caller
/// knows that (a flag, a config key, a comment).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SelectorError {
    kind: SelectorErrorKind,
    message: String,
}

impl SelectorError {
    /// What kind of problem it is.
    pub fn kind(&self) -> SelectorErrorKind {
        self.kind
    }
}

/// Which rules run: those a `select` selector names (every rule when there
/// is none) that no `ignore` selector names.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    select: Vec<Selector>,
    ignore: Vec<Selector>,
}

impl Selection {
    /// A selection from its two lists. [`Selection::default`] keeps every rule.
    pub fn new(select: Vec<Selector>, ignore: Vec<Selector>) -> Selection {
        Selection { select, ignore }
    }

    /// The `select` selectors.
    pub fn select(&self) -> &[Selector] {
        &self.select
    }

    /// The `ignore` selectors.
    pub fn ignore(&self) -> &[Selector] {
        &self.ignore
    }

    /// Whether the rule with this id and category runs.
    pub fn keeps(&self, id: &str, category: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s.matches(id, category)))
            && !self.ignore.iter().any(|s| s.matches(id, category))
    }

    /// Whether the diagnostic comes from a rule that runs.
    pub fn keeps_diagnostic(&self, d: &Diagnostic) -> bool {
        self.keeps(&d.rule, &d.category)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(text: &str) -> Selector {
        Selector::parse(text).unwrap()
    }

    const ID: &str = "ketamine/fda-approved";
    const CAT: &str = "fda-status";

    #[test]
    fn a_rule_id_names_that_rule_only() {
        assert!(sel(ID).matches(ID, CAT));
        assert!(!sel(ID).matches("ketamine/fda-approved-2", CAT));
        assert!(!sel("ketamine/fda-approved-p").matches(ID, CAT));
    }

    #[test]
    fn a_pack_names_its_rules_with_or_without_the_slash() {
        assert!(sel("ketamine").matches(ID, CAT));
        assert!(sel("ketamine/").matches(ID, CAT));
        assert!(!sel("keta").matches(ID, CAT));
        assert!(!sel("ketamine/fda").matches(ID, CAT));
    }

    #[test]
    fn a_category_names_its_rules() {
        assert!(sel("fda-status").matches(ID, CAT));
        assert!(sel(" fda-status ").matches(ID, CAT));
        assert!(!sel("fda").matches(ID, CAT));
    }

    #[test]
    fn a_glob_matches_rule_ids_not_categories() {
        assert!(sel("ketamine/fda-*").matches(ID, CAT));
        assert!(sel("*/fda-approved").matches(ID, CAT));
        assert!(sel("ketamine/fda-approve?").matches(ID, CAT));
        assert!(sel("ketamine/[ef]da-*").matches(ID, CAT));
        assert!(!sel("ketamine/off-*").matches(ID, CAT));
        assert!(!sel("fda-*").matches(ID, CAT));
    }

    #[test]
    fn malformed_selectors_are_errors() {
        for bad in [
            "",
            " ",
            "/",
            "ketamine/[fda",
            "{ketamine,glp1}/fda-*",
            "ketamine/{a",
        ] {
            let e = Selector::parse(bad).unwrap_err();
            assert_eq!(e.kind(), SelectorErrorKind::Invalid, "{bad:?}");
        }
    }

    #[test]
    fn a_selector_naming_nothing_is_an_error_with_a_hint() {
        let rules = RuleSet::builtin().unwrap();
        for text in ["ketamine/fda-approved-p", "ketamine/fda", "hyp", "nope/*"] {
            let e = Selector::new(text, &rules).unwrap_err();
            assert_eq!(e.kind(), SelectorErrorKind::NamesNothing, "{text}");
            assert!(e.to_string().contains("matches no rule"), "{e}");
        }
        let e = Selector::new("hpye", &rules).unwrap_err();
        assert!(e.to_string().ends_with("(did you mean \"hype\"?)"), "{e}");
        let e = Selector::new("ketamine/fda-approved-psychiatrc", &rules).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("(did you mean \"ketamine/fda-approved-psychiatric\"?)"),
            "{e}"
        );
        let e = Selector::new("ketamine/fda-approved-p", &rules).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("(did you mean \"ketamine/fda-approved-p*\"?)"),
            "{e}"
        );
    }

    #[test]
    fn engine_rules_are_selectable_by_id_pack_category_and_glob() {
        let none = RuleSet::new();
        for text in [
            Suppression::UNUSED,
            "claimlint",
            "suppression",
            "claimlint/*-suppression",
        ] {
            let s = Selector::new(text, &none).unwrap();
            assert!(
                s.matches(Suppression::UNUSED, Suppression::CATEGORY),
                "{text}"
            );
        }
    }

    #[test]
    fn a_selection_keeps_what_select_names_and_ignore_does_not() {
        let all = Selection::default();
        assert!(all.keeps(ID, CAT));
        let s = Selection::new(vec![sel("ketamine")], vec![sel("*/fda-*")]);
        assert!(!s.keeps(ID, CAT));
        assert!(s.keeps("ketamine/off-label", "missing-off-label"));
        assert!(!s.keeps("health-claims/hype", "hype"));
    }
}
