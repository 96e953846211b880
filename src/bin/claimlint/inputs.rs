//! Turning PATH arguments into the documents to lint: files as given,
//! folders walked with `ignore` (so .gitignore is honoured), and `-` read
//! from standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use claimlint::Format;

/// One document to lint.
pub struct Input {
    /// The path as shown in reports (as given or as walked, never made
    /// absolute, so output is the same on every machine).
    pub path: PathBuf,
    pub format: Format,
    pub source: Source,
}

pub enum Source {
    File,
    /// Standard input, read up front so linting can run in parallel.
    Stdin(String),
}

/// The name standard input goes by when `--stdin-filename` is not given.
const STDIN_NAME: &str = "<stdin>";

/// What to read and how.
pub struct Request<'a> {
    pub paths: &'a [PathBuf],
    pub stdin_filename: Option<&'a Path>,
    /// `--input-format`: every input in this format, whatever its name.
    pub format: Option<Format>,
    /// Whether a file found by walking a folder is linted (the config's
    /// `include` and `exclude`); files named as paths always are.
    pub walked: &'a dyn Fn(&Path) -> bool,
    /// The format the config's `[formats]` gives a path, which wins over
    /// its extension (and makes a walked file of any extension linted).
    pub mapped: &'a dyn Fn(&Path) -> Option<Format>,
}

/// Every document the request names, sorted by path and without
/// duplicates, which makes the output order independent of the walk and of
/// the thread schedule.
pub fn collect(request: &Request) -> Result<Vec<Input>> {
    let Request {
        paths,
        stdin_filename,
        ..
    } = *request;
    let default = if stdin_filename.is_some() { "-" } else { "." };
    let defaults = [PathBuf::from(default)];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };

    let mut inputs = Vec::new();
    let mut stdin_seen = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_seen, true) {
                bail!("`-` (standard input) is given twice");
            }
            let name = stdin_filename.unwrap_or(Path::new(STDIN_NAME));
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading standard input")?;
            inputs.push(Input {
                path: name.to_path_buf(),
                format: format_of(name, request),
                source: Source::Stdin(text),
            });
        } else if path.is_dir() {
            walk(path, request, &mut inputs)?;
        } else if path.exists() {
            inputs.push(file(path.clone(), request));
        } else {
            bail!("{}: no such file or folder", path.display());
        }
    }
    if stdin_filename.is_some() && !stdin_seen {
        bail!("--stdin-filename names standard input, but `-` is not among the paths");
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.dedup_by(|a, b| a.path == b.path);
    Ok(inputs)
}

fn walk(root: &Path, request: &Request, inputs: &mut Vec<Input>) -> Result<()> {
    // Outside a git checkout .gitignore still counts: a site exported to a
    // plain folder keeps its ignore files.
    for entry in ignore::WalkBuilder::new(root).require_git(false).build() {
        let entry = entry.with_context(|| format!("walking {}", root.display()))?;
        // A folder's files in the formats their extensions name (see
        // `Format::from_path`: text, Markdown, MDX, HTML and templates). A
        // file named on the command line is linted whatever its extension
        // (as plain text if unknown).
        let walked = entry.file_type().is_some_and(|t| t.is_file())
            && ((request.mapped)(entry.path()).is_some()
                || Format::from_path(entry.path()).is_some());
        if walked && (request.walked)(entry.path()) {
            // `claimlint check` walks `.`: report `a.md`, not `./a.md`.
            let path = match entry.path().strip_prefix(".") {
                Ok(rest) if root == Path::new(".") => rest.to_path_buf(),
                _ => entry.into_path(),
            };
            inputs.push(file(path, request));
        }
    }
    Ok(())
}

fn file(path: PathBuf, request: &Request) -> Input {
    Input {
        format: format_of(&path, request),
        path,
        source: Source::File,
    }
}

/// `--input-format`, else the config's `[formats]`, else the extension,
/// else plain text.
fn format_of(path: &Path, request: &Request) -> Format {
    (request.format)
        .or_else(|| (request.mapped)(path))
        .or_else(|| Format::from_path(path))
        .unwrap_or(Format::Text)
}
