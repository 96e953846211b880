//! Loading rule packs and selecting rules: `--rules`, `--no-builtin`,
//! `--select` and `--ignore`.

use anyhow::{bail, Result};
use claimlint::{Linter, Rule, RuleSet};

use crate::args::{PackArgs, SelectionArgs};

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

/// Load, select and compile: the linter `check` runs.
pub fn linter(packs: &PackArgs, selection: &SelectionArgs) -> Result<Linter> {
    let mut set = load(packs)?;
    select(&mut set, selection)?;
    Ok(Linter::new(&set)?)
}

/// Keep the rules `--select` names (all when it is empty), then drop those
/// `--ignore` names.
///
/// A selector that names no loaded rule is an error rather than a silent
/// no-op: a typo in `--ignore` would otherwise leave a CI gate on the rule
/// it was meant to silence, and one in `--select` would check nothing.
pub fn select(set: &mut RuleSet, args: &SelectionArgs) -> Result<()> {
    for (flag, selectors) in [("--select", &args.select), ("--ignore", &args.ignore)] {
        if let Some(unknown) = selectors
            .iter()
            .find(|s| !set.rules().any(|rule| matches(s, rule)))
        {
            bail!("{flag} {unknown:?} matches no rule id, id prefix or category; `claimlint rules` lists them");
        }
    }
    set.retain(|rule| {
        (args.select.is_empty() || args.select.iter().any(|s| matches(s, rule)))
            && !args.ignore.iter().any(|s| matches(s, rule))
    });
    Ok(())
}

/// A selector names a rule by its category or by any prefix of its id (the
/// whole id, the pack id `ketamine`, or `ketamine/fda`).
fn matches(selector: &str, rule: &Rule) -> bool {
    !selector.is_empty() && (rule.category() == selector || rule.id().starts_with(selector))
}
