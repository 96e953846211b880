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
    let set = load(packs, project)?;
    select(&set, args, project)?;
    Ok(Linter::new(&set)?)
}

/// Put `--select` and `--ignore` into the project's selection, each
/// checked against the loaded rules: `--select` replaces the config's
/// `select` (the command line says what to look at now); `--ignore` adds
/// to its `ignore` (a project's exclusions still hold).
pub fn select(set: &RuleSet, args: &SelectionArgs, project: &mut Project) -> Result<()> {
    let select = check_selectors(set, "--select", &args.select)?;
    let ignore = check_selectors(set, "--ignore", &args.ignore)?;
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
/// [`Selector::new`]). `origin` says where they were written.
fn check_selectors(set: &RuleSet, origin: &str, selectors: &[String]) -> Result<Vec<Selector>> {
    selectors
        .iter()
        .map(|s| {
            Selector::new(s, set)
                .map_err(|e| anyhow!("{origin} {e}; `claimlint rules` lists the rules"))
        })
        .collect()
}
