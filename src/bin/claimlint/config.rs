//! Finding and reading the project config, `claimlint.toml`, and writing
//! a starter one (`claimlint init`). What a config means lives in the
//! library ([`claimlint::Config`]), which hosts share; here are the parts
//! that touch the disk: where the file is, the pack files it names, and
//! which folder its globs are relative to.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use claimlint::{Config, Diagnostic, Format, RuleSet};

use crate::args::ConfigArgs;

/// The name searched for from the linted path upward.
pub const FILE_NAME: &str = "claimlint.toml";

/// What `claimlint init` writes: every key, commented out, so the file is
/// valid as written and documents itself.
const STARTER: &str = include_str!("starter.toml");

/// The project a run lints: its config (the default one when there is no
/// file, or with `--isolated`) and the folder its relative paths and globs
/// start from.
#[derive(Clone)]
pub struct Project {
    pub config: Config,
    dir: PathBuf,
}

/// The config to use: none with `--isolated`, the `--config` file, or the
/// nearest `claimlint.toml` from `start` (a linted path, or the current
/// folder) upward.
pub fn find(args: &ConfigArgs, start: Option<&Path>) -> Result<Project> {
    let none = || -> Result<Project> {
        Ok(Project {
            config: Config::default(),
            dir: std::path::absolute(".")?,
        })
    };
    if args.isolated {
        return none();
    }
    if let Some(path) = &args.config {
        return load(path);
    }
    let start = std::path::absolute(start.unwrap_or(Path::new(".")))?;
    match start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
    {
        Some(path) => load(&path),
        None => none(),
    }
}

fn load(path: &Path) -> Result<Project> {
    let source = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read config", path.display()))?;
    let config = Config::from_toml(&path.display().to_string(), &source)?;
    let dir = std::path::absolute(path)?
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Ok(Project { config, dir })
}

impl Project {
    /// The packs the config names (with `no_builtin`, only its files),
    /// pack files read relative to the config's folder.
    pub fn rules(&self, no_builtin: bool) -> Result<RuleSet> {
        let mut set = if no_builtin {
            RuleSet::new()
        } else {
            self.config.builtin_rules()?
        };
        for file in self.config.pack_files() {
            set.add_file(&self.dir.join(file))?;
        }
        Ok(set)
    }

    /// The path relative to the config's folder, which globs match; `None`
    /// for a file outside it (no glob applies there).
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let path = std::path::absolute(path).ok()?;
        path.strip_prefix(&self.dir).ok().map(Path::to_path_buf)
    }

    /// Whether a file found by walking a folder is linted: the config's
    /// `include` and `exclude` (a file named on the command line always is).
    pub fn walks(&self, path: &Path) -> bool {
        self.relative(path)
            .is_none_or(|relative| self.config.includes(&relative))
    }

    /// The format the config's `[formats]` gives the file at `path`.
    pub fn format_for(&self, path: &Path) -> Option<Format> {
        self.config.format_for(&self.relative(path)?)
    }

    /// The config applied to the findings of the file at `path`.
    pub fn apply(&self, path: &Path, diagnostics: &mut Vec<Diagnostic>) {
        self.config
            .apply(self.relative(path).as_deref(), diagnostics);
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
        Config::from_toml(FILE_NAME, STARTER).unwrap();
    }

    /// Its commented examples, uncommented, are a config too, whose
    /// selectors and disclosure names the built-in packs know.
    #[test]
    fn starter_examples_are_a_valid_config() {
        let key = |line: &str| {
            line.starts_with(['[', '"'])
                || line
                    .split_once(" = ")
                    .is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        };
        let examples: Vec<&str> = STARTER
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if key(rest) => rest,
                _ => line,
            })
            .collect();
        let examples = examples.join("\n");
        assert!(examples.contains("\n[[per-path]]\n"), "{examples}");
        let config = Config::from_toml(FILE_NAME, &examples).unwrap_or_else(|e| panic!("{e}"));
        let mut rules = config.builtin_rules().unwrap();
        config
            .configure(&mut rules)
            .unwrap_or_else(|e| panic!("{e}"));
    }
}
