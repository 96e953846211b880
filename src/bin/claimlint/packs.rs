//! Loading rule packs and selecting rules: `--rules`, `--no-builtin`,
//! `--select` and `--ignore`, on top of the config file's `packs`,
//! `select` and `ignore`.

use anyhow::{anyhow, Result};
use claimlint::{Diagnostic, Linter, RuleSet, Selector};

use crate::args::{PackArgs, SelectionArgs};
use crate::config::Project;

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
pub struct Selection(claimlint::Selection);

impl Selection {
    /// `--select` replaces the config's `select` (the command line says
    /// what to look at now); `--ignore` adds to its `ignore` (a project's
    /// exclusions still hold).
    fn new(set: &RuleSet, args: &SelectionArgs, project: Option<&Project>) -> Result<Selection> {
        let mut select = check_selectors(set, "--select", &args.select)?;
        let mut ignore = check_selectors(set, "--ignore", &args.ignore)?;
        if let Some(project) = project {
            let at = project.path().display();
            let own_select = check_selectors(set, &format!("{at}: select"), project.select())?;
            let own_ignore = check_selectors(set, &format!("{at}: ignore"), project.ignore())?;
            if select.is_empty() {
                select = own_select;
            }
            ignore.extend(own_ignore);
        }
        Ok(Selection(claimlint::Selection::new(select, ignore)))
    }

    /// Whether a rule with this id and category runs: one `--select` names
    /// (or there is no `--select`) and no `--ignore` names.
    pub fn keeps(&self, id: &str, category: &str) -> bool {
        self.0.keeps(id, category)
    }

    /// Whether the diagnostic comes from a selected rule.
    pub fn keeps_diagnostic(&self, d: &Diagnostic) -> bool {
        self.0.keeps_diagnostic(d)
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

/// Parse selectors, each of which must name a loaded rule (see
/// [`Selector::new`]). `origin` says where they were written (a flag or a
/// config key).
pub fn check_selectors<S: AsRef<str>>(
    set: &RuleSet,
    origin: &str,
    selectors: impl IntoIterator<Item = S>,
) -> Result<Vec<Selector>> {
    selectors
        .into_iter()
        .map(|s| {
            Selector::new(s.as_ref(), set)
                .map_err(|e| anyhow!("{origin} {e}; `claimlint rules` lists the rules"))
        })
        .collect()
}
