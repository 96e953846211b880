//! Loading rule packs and selecting rules: `--rules`, `--no-builtin`,
//! `--select` and `--ignore`, on top of the config file's `packs`,
//! `select` and `ignore`.

use anyhow::{bail, Result};
use claimlint::{Diagnostic, Linter, RuleSet, Suppression};

use crate::args::{PackArgs, SelectionArgs};
use crate::config::Project;

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

/// The config's packs (or every built-in one) unless `--no-builtin`, plus
/// every `--rules` file, in the order given, so a duplicate id is reported
/// against the later file; then the config's severities and disclosure
/// wording.
pub fn load(args: &PackArgs, project: Option<&Project>) -> Result<RuleSet> {
    let mut set = match project {
        Some(project) => project.packs(args.no_builtin)?,
        None if args.no_builtin => RuleSet::new(),
        None => RuleSet::builtin()?,
    };
    for path in &args.rules {
        set.add_file(path)?;
    }
    if let Some(project) = project {
        project.adjust(&mut set)?;
    }
    if let Some(region) = &args.region {
        set.set_region(region);
    }
    Ok(set)
}

/// Load and compile every rule, and check the selection against them.
///
/// The linter keeps the rules `--select` and `--ignore` leave out, and
/// their findings are dropped afterwards: a suppression comment naming an
/// ignored rule still has its finding to cover, so it is not reported as
/// unused because of a command-line flag.
pub fn linter(
    packs: &PackArgs,
    args: &SelectionArgs,
    project: Option<&Project>,
) -> Result<(Linter, Selection, RuleSet)> {
    let set = load(packs, project)?;
    let selection = Selection::new(&set, args, project)?;
    Ok((Linter::new(&set)?, selection, set))
}

/// `--select` and `--ignore` over the config's `select` and `ignore`,
/// checked against the loaded rules.
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Selection {
    /// `--select` replaces the config's `select` (the command line says
    /// what to look at now); `--ignore` adds to its `ignore` (a project's
    /// exclusions still hold).
    fn new(set: &RuleSet, args: &SelectionArgs, project: Option<&Project>) -> Result<Selection> {
        check_selectors(set, "--select", &args.select)?;
        check_selectors(set, "--ignore", &args.ignore)?;
        let mut select = args.select.clone();
        let mut ignore = args.ignore.clone();
        if let Some(project) = project {
            let at = project.path().display();
            check_selectors(set, &format!("{at}: select"), project.select())?;
            check_selectors(set, &format!("{at}: ignore"), project.ignore())?;
            if select.is_empty() {
                select = project.select().to_vec();
            }
            ignore.extend_from_slice(project.ignore());
        }
        Ok(Selection { select, ignore })
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
pub fn select(
    set: &mut RuleSet,
    args: &SelectionArgs,
    project: Option<&Project>,
) -> Result<Selection> {
    let selection = Selection::new(set, args, project)?;
    set.retain(|rule| selection.keeps(rule.id(), rule.category()));
    Ok(selection)
}

/// A selector that names no rule is an error rather than a silent no-op:
/// a typo in an ignore list would otherwise leave a CI gate on the rule it
/// was meant to silence, and one in a select list would check nothing.
/// `origin` says where the selectors were written (a flag or a config key).
pub fn check_selectors<S: AsRef<str>>(
    set: &RuleSet,
    origin: &str,
    selectors: impl IntoIterator<Item = S>,
) -> Result<()> {
    for selector in selectors {
        let s = selector.as_ref();
        let known = set.rules().any(|r| matches(s, r.id(), r.category()))
            || ENGINE_RULES
                .iter()
                .any(|(id, _)| matches(s, id, Suppression::CATEGORY));
        if !known {
            bail!("{origin} {s:?} matches no rule id, id prefix or category; `claimlint rules` lists them");
        }
    }
    Ok(())
}

/// A selector names a rule by its category or by any prefix of its id (the
/// whole id, the pack id `ketamine`, or `ketamine/fda`).
pub fn matches(selector: &str, id: &str, category: &str) -> bool {
    !selector.is_empty() && (category == selector || id.starts_with(selector))
}
