//! Adopting claimlint on a site with existing findings:
//! `--write-baseline FILE` records today's findings, and `--baseline FILE`
//! reports only the findings it does not hold, so CI fails on new claims
//! while the old ones are worked off.
//!
//! A finding is known by its file, its rule and its claim (the text under
//! its span, with case and whitespace folded), and by its occurrence among
//! the identical claims of its file: the first, the second, and so on.
//! Lines added above an old finding do not bring it back; rewording the
//! claim does, and so does a second copy of an old claim.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use claimlint::Diagnostic;
use serde::{Deserialize, Serialize};

use crate::check::FileReport;

/// Bumped only for an incompatible change of the file's shape.
const VERSION: u32 = 1;

/// The file: its version, then its findings in a stable order, so that
/// rewriting it after a change shows only that change in a diff.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: BTreeSet<Entry>,
}

/// Only the version, read first: a file of another version may have
/// another shape.
#[derive(Deserialize)]
struct Version {
    version: u32,
}

/// One known finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// Relative to the baseline's folder, with `/` separators, so the
    /// baseline holds wherever claimlint runs from.
    path: String,
    rule: String,
    /// The claim's text, lower-cased, each run of whitespace one space.
    claim: String,
    /// Which of the identical claims of the file this is, from 0.
    occurrence: usize,
}

/// A baseline read from its file.
pub struct Baseline {
    known: BTreeSet<Entry>,
    dir: PathBuf,
}

impl Baseline {
    /// Read `--baseline FILE`. A missing, unreadable or malformed file is
    /// an error: linting without the baseline would report every old
    /// finding, and linting as if it were empty would hide nothing.
    pub fn read(path: &Path) -> Result<Baseline> {
        let shown = path.display();
        let text = std::fs::read_to_string(path).with_context(|| {
            format!("{shown}: cannot read the baseline (write one with --write-baseline {shown})")
        })?;
        let malformed = |e: serde_json::Error| {
            anyhow::anyhow!(
                "{shown}:{}:{}: not a claimlint baseline: {e}",
                e.line(),
                e.column()
            )
        };
        let version: Version = serde_json::from_str(&text).map_err(malformed)?;
        if version.version != VERSION {
            bail!(
                "{shown}: baseline version {} is not one this claimlint reads ({VERSION}); write it again with --write-baseline",
                version.version
            );
        }
        let file: File = serde_json::from_str(&text).map_err(malformed)?;
        Ok(Baseline {
            known: file.findings,
            dir: folder_of(path)?,
        })
    }

    /// Drop from the reports the findings the baseline holds, and say how
    /// many. Suppressed findings stay: they are listed for the audit.
    pub fn hide(&self, reports: &mut [FileReport]) -> usize {
        let mut hidden = 0;
        for report in reports {
            let keys = keys(&self.dir, report);
            let mut keys = keys.into_iter();
            report.diagnostics.retain(|d| {
                if d.is_suppressed() {
                    return true;
                }
                let known = keys.next().is_some_and(|k| self.known.contains(&k));
                hidden += usize::from(known);
                !known
            });
        }
        hidden
    }
}

/// `--write-baseline FILE`: record every finding of the reports that no
/// approved exception covers, replacing the file atomically (a temporary
/// file in the same folder, renamed over it), so an interrupted run never
/// leaves half a baseline. Returns how many findings it holds.
pub fn write(path: &Path, reports: &[FileReport]) -> Result<usize> {
    let dir = folder_of(path)?;
    let findings: BTreeSet<Entry> = reports.iter().flat_map(|r| keys(&dir, r)).collect();
    let count = findings.len();
    let mut json = serde_json::to_string_pretty(&File {
        version: VERSION,
        findings,
    })?;
    json.push('\n');
    let shown = path.display();
    let mut tmp = tempfile::Builder::new()
        .prefix(".claimlint-baseline-")
        .tempfile_in(&dir)
        .with_context(|| {
            format!(
                "{shown}: cannot create a temporary file in {}",
                dir.display()
            )
        })?;
    tmp.write_all(json.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("{shown}: writing the baseline"))?;
    tmp.persist(path)
        .with_context(|| format!("{shown}: replacing the baseline"))?;
    Ok(count)
}

/// The folder a baseline's paths are relative to: the one it is in,
/// resolved (`..` and symlinks), as the linted paths are.
fn folder_of(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let parent = absolute.parent().unwrap_or(Path::new("/"));
    std::fs::canonicalize(parent)
        .with_context(|| format!("{}: cannot resolve its folder", path.display()))
}

/// `path` made absolute with its folder resolved (`..` and symlinks), so
/// that it compares with [`folder_of`]; a name whose folder does not exist
/// (standard input's) is only made absolute.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => {
            std::fs::canonicalize(parent).map_or_else(|_| absolute.clone(), |p| p.join(name))
        }
        _ => absolute,
    }
}

/// The key of each finding of the report that is not suppressed, in
/// order.
fn keys(dir: &Path, report: &FileReport) -> Vec<Entry> {
    let path = relative(dir, &report.path);
    let mut seen: Vec<(&str, String)> = Vec::new();
    let active = report.diagnostics.iter().filter(|d| !d.is_suppressed());
    active
        .map(|d: &Diagnostic| {
            let claim = fold(&d.text);
            let occurrence = seen
                .iter()
                .filter(|(rule, c)| *rule == d.rule && *c == claim)
                .count();
            seen.push((&d.rule, claim.clone()));
            Entry {
                path: path.clone(),
                rule: d.rule.clone(),
                claim,
                occurrence,
            }
        })
        .collect()
}

/// `path` relative to `dir` with `/` separators, or absolute when it is
/// outside `dir`.
fn relative(dir: &Path, path: &Path) -> String {
    let absolute = resolved(path);
    match absolute.strip_prefix(dir) {
        Ok(inside) => {
            let parts: Vec<String> = (inside.components())
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.join("/")
        }
        Err(_) => absolute.to_string_lossy().replace('\\', "/"),
    }
}

/// Case and whitespace folded: `Completely\n  SAFE` is `completely safe`.
fn fold(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_fold_case_and_whitespace() {
        assert_eq!(fold(" Completely\n  SAFE\t"), "completely safe");
        assert_eq!(fold("Ünique"), "ünique");
    }

    #[test]
    fn paths_are_relative_to_the_baseline_with_slashes() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("site/blog")).unwrap();
        let dir = folder_of(&tmp.path().join("site/blog/../baseline.json")).unwrap();
        let page = tmp.path().join("site/blog/a.md");
        assert_eq!(relative(&dir, &page), "blog/a.md");
        let outside = relative(&dir, &tmp.path().join("other.md"));
        assert!(
            outside.ends_with("/other.md") && !outside.contains("site"),
            "{outside}"
        );
    }
}
