//! Loading rule packs and selecting rules: `--rules`, `--no-builtin`,
//! `--select` and `--ignore`.

use anyhow::{bail, Result};
use claimlint::{Diagnostic, Linter, RuleSet, Suppression};

use crate::args::{PackArgs, SelectionArgs};

/// The rules the engine itself reports, about suppression comments, with
/// a one-line summary. They belong to no pack, but `--select` and
/// `--ignore` name them as any other (a team may not want
/// `unused-suppression` warnings in CI), and `rules` lists them.
pub const ENGINE_RULES: [(&str, &str); 3] = [
    (
        Suppression::WITHOUT_REASON,
        "A suppression comment gives no reason after `--`, so it suppresses nothing",
    ),
    (
        Suppression::UNUSED,
        "A suppression comment suppresses no finding where it applies",
    ),
    (
        Suppression::INVALID,
        "A `claimlint-` comment that cannot be read as a suppression",
    ),
];

/// The built-in packs (unless `--no-builtin`) plus every `--rules` file, in
/// the order given, so a duplicate id is reported against the later file.
pub fn load(args: &PackArgs) -> Result<RuleSet> {
    let mut set = if args.no_builtin {
        RuleSet::new()
    } else {
        RuleSet::builtin()?
    };
    for path in &args.rules {
        set.add_file(path)?;
    }
    Ok(set)
}

/// Load and compile every rule, and check the selection against them.
///
/// The linter keeps the rules `--select` and `--ignore` leave out, and
/// their findings are dropped afterwards: a suppression comment naming an
/// ignored rule still has its finding to cover, so it is not reported as
/// unused because of a command-line flag.
pub fn linter(packs: &PackArgs, args: &SelectionArgs) -> Result<(Linter, Selection)> {
    let set = load(packs)?;
    let selection = Selection::new(&set, args)?;
    Ok((Linter::new(&set)?, selection))
}

/// `--select` and `--ignore`, checked against the loaded rules.
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Selection {
    /// `--select` and `--ignore` as given. A selector that names no rule is
    /// an error rather than a silent no-op: a typo in `--ignore` would
    /// otherwise leave a CI gate on the rule it was meant to silence, and
    /// one in `--select` would check nothing.
    fn new(set: &RuleSet, args: &SelectionArgs) -> Result<Selection> {
        for (flag, selectors) in [("--select", &args.select), ("--ignore", &args.ignore)] {
            if let Some(unknown) = selectors.iter().find(|s| {
                !set.rules().any(|r| matches(s, r.id(), r.category()))
                    && !ENGINE_RULES
                        .iter()
                        .any(|(id, _)| matches(s, id, Suppression::CATEGORY))
            }) {
                bail!("{flag} {unknown:?} matches no rule id, id prefix or category; `claimlint rules` lists them");
            }
        }
        Ok(Selection {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
        })
    }

    /// Whether a rule with this id and category runs: one `--select` names
    /// (or there is no `--select`) and no `--ignore` names.
    pub fn keeps(&self, id: &str, category: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| matches(s, id, category)))
            && !self.ignore.iter().any(|s| matches(s, id, category))
    }

    /// Whether the diagnostic comes from a selected rule.
    pub fn keeps_diagnostic(&self, d: &Diagnostic) -> bool {
        self.keeps(&d.rule, &d.category)
    }
}

/// Keep the rules of `set` that the selection keeps (for `claimlint rules`).
pub fn select(set: &mut RuleSet, args: &SelectionArgs) -> Result<Selection> {
    let selection = Selection::new(set, args)?;
    set.retain(|rule| selection.keeps(rule.id(), rule.category()));
    Ok(selection)
}

/// A selector names a rule by its category or by any prefix of its id (the
/// whole id, the pack id `ketamine`, or `ketamine/fda`).
fn matches(selector: &str, id: &str, category: &str) -> bool {
    !selector.is_empty() && (category == selector || id.starts_with(selector))
}
