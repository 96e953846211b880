//! The project config file, `claimlint.toml`: finding it, reading it, and
//! turning it into rules, a walk filter and per-path overrides.
//!
//! A clinic's site keeps its compliance choices (which packs, which rules,
//! its own disclaimer wording) next to its copy, so every run (an editor,
//! CI, a colleague's laptop) lints the same way without repeating flags.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use claimlint::{Diagnostic, RuleSet, Selector, Severity, BUILTIN_PACKS};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::args::ConfigArgs;
use crate::packs;

/// The name searched for from the linted path upward.
pub const FILE_NAME: &str = "claimlint.toml";

/// What `claimlint init` writes: every key, commented out, so the file is
/// valid as written and documents itself.
const STARTER: &str = include_str!("starter.toml");

/// The file as written. Unknown keys are errors: a misspelt `ignore` would
/// otherwise leave a rule failing CI with no hint why.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Built-in pack names or pack files (relative to this file). Empty:
    /// every built-in pack.
    #[serde(default)]
    packs: Vec<String>,
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    per_path: Vec<PerPath>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    /// Disclosure name (`off-label`) to extra wording that satisfies it.
    #[serde(default)]
    disclosures: BTreeMap<String, Vec<String>>,
    /// The readers' region (`uk`): which crisis numbers count.
    region: Option<String>,
    fail_on: Option<Severity>,
}

/// A `[[per-path]]` table: overrides for the files its glob matches.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PerPath {
    glob: String,
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
}

/// A loaded config file and the folder its relative paths and globs start from.
pub struct Project {
    path: PathBuf,
    dir: PathBuf,
    config: Config,
}

/// The config to use: none with `--isolated`, the `--config` file, or the
/// nearest `claimlint.toml` from `start` (a linted path, or the current
/// folder) upward.
pub fn find(args: &ConfigArgs, start: Option<&Path>) -> Result<Option<Project>> {
    if args.isolated {
        return Ok(None);
    }
    if let Some(path) = &args.config {
        return load(path).map(Some);
    }
    let start = std::path::absolute(start.unwrap_or(Path::new(".")))?;
    match start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
    {
        Some(path) => load(&path).map(Some),
        None => Ok(None),
    }
}

fn load(path: &Path) -> Result<Project> {
    let source = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read config", path.display()))?;
    let config: Config = toml::from_str(&source).map_err(|e| {
        let (line, column) = line_column(&source, e.span().map_or(0, |s| s.start));
        anyhow!(
            "{}:{line}:{column}: {}",
            path.display(),
            e.message().trim_end()
        )
    })?;
    let dir = std::path::absolute(path)?
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Ok(Project {
        path: path.to_path_buf(),
        dir,
        config,
    })
}

/// 1-based line and column (in chars) of a byte offset; an offset past
/// the end or inside a char counts from the char boundary before it.
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let before = &source[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

impl Project {
    /// `file: key:` for errors about a value rather than the syntax.
    fn at(&self, key: &str) -> String {
        format!("{}: {key}", self.path.display())
    }

    /// The packs the config names (with `no_builtin`, only its files).
    pub fn packs(&self, no_builtin: bool) -> Result<RuleSet> {
        let names: Vec<&str> = BUILTIN_PACKS.iter().map(|(name, _)| *name).collect();
        let (builtin, files): (Vec<&String>, Vec<&String>) = self
            .config
            .packs
            .iter()
            .partition(|p| names.contains(&p.as_str()));
        if let Some(bad) = files.iter().find(|p| !p.ends_with(".toml")) {
            bail!(
                "{}: {bad:?} is neither a built-in pack ({}) nor a .toml file",
                self.at("packs"),
                names.join(", ")
            );
        }
        let mut set = if no_builtin {
            RuleSet::new()
        } else {
            let mut set = RuleSet::builtin()?;
            if !self.config.packs.is_empty() {
                set.retain(|r| builtin.iter().any(|b| r.id().starts_with(&format!("{b}/"))));
            }
            set
        };
        for file in files {
            set.add_file(&self.dir.join(file))?;
        }
        Ok(set)
    }

    /// Apply `region`, `[disclosures]` and `[severity]` to the loaded rules. Wording
    /// for a disclosure no loaded rule has is an error, as is a selector
    /// that names no rule: both are typos that would change nothing.
    pub fn adjust(&self, set: &mut RuleSet) -> Result<()> {
        if let Some(region) = &self.config.region {
            if !set.set_region(region) {
                bail!(
                    "{}: unknown region {region:?}: use one of {}",
                    self.at("region"),
                    claimlint::REGIONS.join(", ")
                );
            }
        }
        for (name, wordings) in &self.config.disclosures {
            for wording in wordings {
                if set.accept_disclosure_wording(name, wording) == 0 {
                    bail!(
                        "{}: no loaded disclosure is named {name:?} (or the wording is empty)",
                        self.at("disclosures")
                    );
                }
            }
        }
        for (selector, severity) in
            self.severity(set, &self.at("severity"), &self.config.severity)?
        {
            for rule in set.rules_mut() {
                if selector.matches_rule(rule) {
                    rule.set_severity(severity);
                }
            }
        }
        Ok(())
    }

    /// `select`, `ignore` and `fail-on` as written.
    pub fn select(&self) -> &[String] {
        &self.config.select
    }
    pub fn ignore(&self) -> &[String] {
        &self.config.ignore
    }
    pub fn fail_on(&self) -> Option<Severity> {
        self.config.fail_on
    }
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path relative to the config's folder, which globs match; `None`
    /// for a file outside it (no glob applies there).
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let path = std::path::absolute(path).ok()?;
        path.strip_prefix(&self.dir).ok().map(Path::to_path_buf)
    }

    /// Which walked files to lint: `include` (when given) and `exclude`.
    pub fn walk_filter(&self) -> Result<WalkFilter<'_>> {
        Ok(WalkFilter {
            project: self,
            include: globs(&self.at("include"), &self.config.include)?,
            exclude: globs(&self.at("exclude"), &self.config.exclude)?,
        })
    }

    /// The `[[per-path]]` tables, compiled and checked against the rules,
    /// with the global `[severity]` first (it covers the engine's own
    /// rules, which no pack holds).
    pub fn overrides(&self, set: &RuleSet) -> Result<Overrides<'_>> {
        let mut layers = vec![Layer {
            glob: None,
            select: Vec::new(),
            ignore: Vec::new(),
            severity: self.severity(set, &self.at("severity"), &self.config.severity)?,
        }];
        for (i, per) in self.config.per_path.iter().enumerate() {
            let key = self.at(&format!("per-path[{i}]"));
            let glob = Glob::new(&per.glob)
                .with_context(|| format!("{key}: glob {:?}", per.glob))?
                .compile_matcher();
            layers.push(Layer {
                glob: Some(glob),
                select: packs::check_selectors(set, &format!("{key}: select"), &per.select)?,
                ignore: packs::check_selectors(set, &format!("{key}: ignore"), &per.ignore)?,
                severity: self.severity(set, &format!("{key}: severity"), &per.severity)?,
            });
        }
        Ok(Overrides {
            project: self,
            layers,
        })
    }

    /// Severity selectors, checked, shortest first, so that the longer
    /// (more specific) selector is applied last and wins.
    fn severity(
        &self,
        set: &RuleSet,
        origin: &str,
        map: &BTreeMap<String, Severity>,
    ) -> Result<Vec<(Selector, Severity)>> {
        let selectors = packs::check_selectors(set, origin, map.keys())?;
        let mut pairs: Vec<(Selector, Severity)> =
            selectors.into_iter().zip(map.values().copied()).collect();
        pairs.sort_by_key(|(s, _)| s.as_str().len());
        Ok(pairs)
    }
}

fn globs(key: &str, patterns: &[String]) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(Glob::new(pattern).with_context(|| format!("{key}: glob {pattern:?}"))?);
    }
    Ok(builder.build()?)
}

/// The config's `include` and `exclude` globs, for files found by walking
/// a folder (a file named on the command line is always linted).
pub struct WalkFilter<'a> {
    project: &'a Project,
    include: GlobSet,
    exclude: GlobSet,
}

impl WalkFilter<'_> {
    pub fn keeps(&self, path: &Path) -> bool {
        let Some(relative) = self.project.relative(path) else {
            return true;
        };
        (self.include.is_empty() || self.include.is_match(&relative))
            && !self.exclude.is_match(&relative)
    }
}

/// One set of overrides: everywhere (`glob: None`) or where `glob` matches.
struct Layer {
    glob: Option<globset::GlobMatcher>,
    select: Vec<Selector>,
    ignore: Vec<Selector>,
    severity: Vec<(Selector, Severity)>,
}

/// Severity and selection overrides that depend on a finding's file.
pub struct Overrides<'a> {
    project: &'a Project,
    layers: Vec<Layer>,
}

impl Overrides<'_> {
    /// Drop the findings a matching `[[per-path]]` leaves out (its
    /// `select` narrows, its `ignore` removes), and set severities, the
    /// later table winning.
    pub fn apply(&self, path: &Path, diagnostics: &mut Vec<Diagnostic>) {
        let relative = self.project.relative(path);
        let applies = |layer: &Layer| match (&layer.glob, &relative) {
            (None, _) => true,
            (Some(glob), Some(relative)) => glob.is_match(relative),
            (Some(_), None) => false,
        };
        for layer in self.layers.iter().filter(|l| applies(l)) {
            let named = |list: &[Selector], d: &Diagnostic| {
                list.iter().any(|s| s.matches(&d.rule, &d.category))
            };
            diagnostics.retain(|d| {
                (layer.select.is_empty() || named(&layer.select, d)) && !named(&layer.ignore, d)
            });
            for d in diagnostics.iter_mut() {
                for (selector, severity) in &layer.severity {
                    if selector.matches(&d.rule, &d.category) {
                        d.severity = *severity;
                    }
                }
            }
        }
    }
}

/// `claimlint init`: write the starter config into the current folder,
/// never over an existing one.
pub fn init() -> Result<()> {
    let mut file = match OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(FILE_NAME)
    {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            bail!("{FILE_NAME} already exists here; edit it, or remove it to start over")
        }
        Err(e) => return Err(e).context(format!("cannot create {FILE_NAME}")),
    };
    file.write_all(STARTER.as_bytes())?;
    eprintln!("Wrote {FILE_NAME}.");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_is_a_valid_config() {
        toml::from_str::<Config>(STARTER).unwrap();
    }

    #[test]
    fn line_column_counts_chars_from_one() {
        assert_eq!(line_column("a = 1\nbé = x", 10), (2, 4));
        assert_eq!(line_column("", 5), (1, 1));
    }
}
