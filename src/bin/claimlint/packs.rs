//! Loading rule packs and selecting rules: `--rules`, `--no-builtin`,
//! `--region`, `--select` and `--ignore`, on top of the project config's
//! `packs`, `select` and `ignore`.

use anyhow::{anyhow, Result};
use claimlint::{Linter, RuleSet, Selection, Selector};

use crate::args::{PackArgs, SelectionArgs};
use crate::config::Project;

/// The config's packs (or every built-in one) unless `--no-builtin`, plus
/// every `--rules` file, in the order given, so a duplicate id is reported
/// against the later file; then the config's region, severities and
/// disclosure wording, and `--region` over them.
pub fn load(args: &PackArgs, project: &Project) -> Result<RuleSet> {
    let mut set = project.rules(args.no_builtin)?;
    for path in &args.rules {
        set.add_file(path)?;
    }
    project.config.configure(&mut set)?;
    if let Some(region) = &args.region {
        set.set_region(region);
    }
    Ok(set)
}

/// Load and compile every rule, and set the selection.
///
/// The linter keeps the rules `--select` and `--ignore` leave out, and
/// their findings are dropped afterwards: a suppression comment naming an
/// ignored rule still has its finding to cover, so it is not reported as
/// unused because of a command-line flag.
pub fn linter(packs: &PackArgs, args: &SelectionArgs, project: &mut Project) -> Result<Linter> {
    compile(packs, args, project).map(|(_, linter)| linter)
}

/// [`linter`], and the rules it was compiled from (which `serve` checks
/// selectors against and explains).
pub fn compile(
    packs: &PackArgs,
    args: &SelectionArgs,
    project: &mut Project,
) -> Result<(RuleSet, Linter)> {
    let set = load(packs, project)?;
    select(&set, args, project)?;
    let linter = Linter::new(&set)?;
    Ok((set, linter))
}

/// Where selectors were written, for their error messages.
pub struct Origins {
    pub select: &'static str,
    pub ignore: &'static str,
    /// What lists the rules, as a hint after an unknown selector.
    pub listed_by: &'static str,
}

/// The command line's flags.
const FLAGS: Origins = Origins {
    select: "--select",
    ignore: "--ignore",
    listed_by: "`claimlint rules`",
};

/// Put `--select` and `--ignore` into the project's selection, each
/// checked against the loaded rules: `--select` replaces the config's
/// `select` (the command line says what to look at now); `--ignore` adds
/// to its `ignore` (a project's exclusions still hold).
pub fn select(set: &RuleSet, args: &SelectionArgs, project: &mut Project) -> Result<()> {
    narrow(set, &args.select, &args.ignore, &FLAGS, project)
}

/// [`select`] for selectors written anywhere (flags, or the fields of a
/// `serve` request).
pub fn narrow(
    set: &RuleSet,
    select: &[String],
    ignore: &[String],
    origins: &Origins,
    project: &mut Project,
) -> Result<()> {
    let select = check_selectors(set, origins.select, origins.listed_by, select)?;
    let ignore = check_selectors(set, origins.ignore, origins.listed_by, ignore)?;
    let own = project.config.selection();
    let select = if select.is_empty() {
        own.select().to_vec()
    } else {
        select
    };
    let ignore = own.ignore().iter().cloned().chain(ignore).collect();
    project.config.set_selection(Selection::new(select, ignore));
    Ok(())
}

/// Parse selectors, each of which must name a loaded rule (see
/// [`Selector::new`]). `origin` says where they were written, `listed_by`
/// what lists the rules.
pub fn check_selectors(
    set: &RuleSet,
    origin: &str,
    listed_by: &str,
    selectors: &[String],
) -> Result<Vec<Selector>> {
    selectors
        .iter()
        .map(|s| {
            Selector::new(s, set).map_err(|e| anyhow!("{origin} {e}; {listed_by} lists the rules"))
        })
        .collect()
}
