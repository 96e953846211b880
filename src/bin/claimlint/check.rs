//! `claimlint check`: lint every input in parallel, fix or diff if asked,
//! render the reports, and pick the exit code.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use claimlint::{Applicability, Diagnostic, Format, Linter, Selection, Severity};
use rayon::prelude::*;

use crate::args::CheckArgs;
use crate::baseline::{self, Baseline};
use crate::config::{self, Project};
use crate::inputs::{self, Input, Source};
use crate::output::Stream;
use crate::packs;
use crate::{fix, output, progress};

/// What linting one document produced.
pub struct FileReport {
    pub path: PathBuf,
    /// The text the diagnostics point into: the file as read, or as fixed.
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Edits applied (`--fix`) or that would be (`--diff`).
    pub fixed: usize,
    /// The unified diff, with `--diff`, when the text would change.
    pub diff: Option<String>,
}

/// What became of one input.
enum Linted {
    Report(FileReport),
    /// A binary file (a NUL byte near its start), skipped with a note.
    Binary(PathBuf),
}

/// How far into a file to look for a NUL byte, the sign of a binary file
/// that `git` and `ripgrep` use too.
const BINARY_SNIFF: usize = 8 * 1024;

/// What to do with suggestions.
#[derive(Clone, Copy)]
enum Mode {
    Report,
    Fix(Applicability),
    Diff(Applicability),
}

pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    // Read first: a run that cannot honour its baseline stops before linting.
    let baseline = (args.baseline.baseline.as_deref())
        .map(Baseline::read)
        .transpose()?;
    let mut project = config::find(&args.project, config_start(&args.paths))?;
    let linter = packs::linter(&args.packs, &args.selection, &mut project)?;
    let project = &project;
    let walked = |path: &Path| project.walks(path);
    let mapped = |path: &Path| project.format_for(path);
    let inputs = inputs::collect(&inputs::Request {
        paths: &args.paths,
        stdin_filename: args.stdin_filename.as_deref(),
        format: args.input_format.map(Into::into),
        walked: &walked,
        mapped: &mapped,
    })?;
    let min = if args.fix.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mode = match (args.fix.mode.fix, args.fix.mode.diff) {
        (true, _) => Mode::Fix(min),
        (_, true) => Mode::Diff(min),
        _ => Mode::Report,
    };
    // `--fix -`: the fixed text goes to stdout, where an editor or a CMS
    // hook reads it, and the report to stderr.
    let fixing_stdin =
        matches!(mode, Mode::Fix(_)) && inputs.iter().any(|i| matches!(i.source, Source::Stdin(_)));
    if fixing_stdin && inputs.len() > 1 {
        anyhow::bail!(
            "--fix on standard input writes the fixed text to standard output, so `-` must be the only input"
        );
    }
    if inputs.is_empty() {
        // A site whose pages all have an extension claimlint does not know
        // would otherwise pass CI having checked nothing.
        anyhow::bail!(
            "nothing to lint: no file under {} has a format claimlint reads (.txt, .md, .mdx, .html, templates such as .njk or .liquid); map other extensions in claimlint.toml, e.g. [formats] \"*.mdoc\" = \"markdown\", or name the files",
            shown(&args.paths)
        );
    }

    let bar = progress::bar(inputs.len(), args.quiet);
    let results: Vec<Result<Linted>> = inputs
        .par_iter()
        .map(|input| {
            let report = lint(&linter, project, input, mode);
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            report
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let mut failed = false;
    let mut reports = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(Linted::Report(report)) => reports.push(report),
            Ok(Linted::Binary(path)) => {
                if !args.quiet {
                    eprintln!("note: {}: binary file, skipped", path.display());
                }
            }
            Err(e) => {
                failed = true;
                eprintln!("error: {e:#}");
            }
        }
    }

    if let Mode::Diff(_) = mode {
        let would_fix = print_diffs(&reports, args.quiet)?;
        return Ok(exit_code(failed, would_fix));
    }
    if let Some(path) = &args.baseline.write_baseline {
        if failed {
            anyhow::bail!(
                "{}: not written, since some inputs could not be read",
                path.display()
            );
        }
        let count = baseline::write(path, &reports)?;
        if !args.quiet {
            eprintln!(
                "Wrote {count} {} to {}.",
                plural(count, "finding", "findings"),
                path.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let baselined = baseline.map_or(0, |b| b.hide(&mut reports));

    if fixing_stdin {
        let mut out = io::stdout().lock();
        for report in &reports {
            out.write_all(report.text.as_bytes())?;
        }
        out.flush()?;
    }

    let context = output::Context {
        linter: &linter,
        selection: project.config.selection(),
        reports: &reports,
        quiet: args.quiet,
        unsafe_fixes: args.fix.unsafe_fixes,
        fixing: matches!(mode, Mode::Fix(_)),
        baselined,
    };
    let stream = if fixing_stdin {
        Stream::Stderr
    } else {
        Stream::Stdout
    };
    output::write(args, &context, stream)?;
    let threshold = args
        .fail_on
        .map(Severity::from)
        .or(project.config.fail_on())
        .unwrap_or(Severity::Warning);
    let found = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold && !d.is_suppressed());
    Ok(exit_code(failed, found))
}

/// Where to look for `claimlint.toml`: from the one PATH given, else (no
/// PATH, several, or standard input) from the current folder.
fn config_start(paths: &[PathBuf]) -> Option<&Path> {
    match paths {
        [one] if one.as_os_str() != "-" => Some(one),
        _ => None,
    }
}

/// The PATH arguments as a user typed them, for a message (`.` when none).
fn shown(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return ".".to_string();
    }
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

fn lint(linter: &Linter, project: &Project, input: &Input, mode: Mode) -> Result<Linted> {
    // Borrowed from standard input, owned from a file: the report keeps the
    // file's text without a second copy of a possibly large file.
    let original: Cow<str> = match &input.source {
        Source::Stdin(text) => Cow::Borrowed(text),
        Source::File => match read_text(&input.path)? {
            Some(text) => Cow::Owned(text),
            None => return Ok(Linted::Binary(input.path.clone())),
        },
    };
    let check = findings(linter, project, &input.path, input.format);
    let diagnostics = check(&original);
    let min = match mode {
        Mode::Report => {
            return Ok(Linted::Report(FileReport {
                path: input.path.clone(),
                text: original.into_owned(),
                diagnostics,
                fixed: 0,
                diff: None,
            }))
        }
        Mode::Fix(min) | Mode::Diff(min) => min,
    };
    let outcome = fix::fix(&original, diagnostics, min, &Selection::default(), check);
    let changed = outcome.text != original;
    // Standard input's fixed text is printed, not written.
    let is_file = matches!(input.source, Source::File);
    if changed && is_file && matches!(mode, Mode::Fix(_)) {
        fix::write_atomic(&input.path, &original, &outcome.text)?;
    }
    let diffing = matches!(mode, Mode::Diff(_));
    Ok(Linted::Report(FileReport {
        diff: (changed && diffing).then(|| fix::diff(&input.path, &original, &outcome.text)),
        path: input.path.clone(),
        text: outcome.text,
        diagnostics: outcome.diagnostics,
        fixed: if changed { outcome.applied } else { 0 },
    }))
}

/// What linting a document's text finds, the project's config applied
/// (for the document at `path`): what `check` reports, what `--fix`
/// re-lints after each pass, and what `serve` answers.
pub fn findings<'a>(
    linter: &'a Linter,
    project: &'a Project,
    path: &'a Path,
    format: Format,
) -> impl Fn(&str) -> Vec<Diagnostic> + 'a {
    let options = project.config.document_options();
    move |text: &str| {
        let mut found = linter.check_document_with(text, format, &options);
        project.apply(path, &mut found);
        found
    }
}

/// The file's text, or `None` for a binary file. Text that is not UTF-8 is
/// an error for this file alone, pointing at the first bad byte: guessing
/// an encoding would shift every span, and `--fix` would rewrite the file.
fn read_text(path: &Path) -> Result<Option<String>> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some() {
        return Ok(None);
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..at];
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        anyhow::anyhow!(
            "{}: not UTF-8 text (invalid byte at offset {at}, line {line}); save it as UTF-8 to lint it",
            path.display(),
        )
    })
}

/// `--diff`: the diffs on stdout, a count on stderr. Whether any file
/// would change.
fn print_diffs(reports: &[FileReport], quiet: bool) -> Result<bool> {
    let mut out = io::stdout().lock();
    for diff in reports.iter().filter_map(|r| r.diff.as_deref()) {
        out.write_all(diff.as_bytes())?;
    }
    out.flush()?;
    let files = reports.iter().filter(|r| r.diff.is_some()).count();
    let edits: usize = reports.iter().map(|r| r.fixed).sum();
    if !quiet {
        eprintln!(
            "Would apply {edits} {} in {files} {}.",
            plural(edits, "fix", "fixes"),
            plural(files, "file", "files")
        );
    }
    Ok(files > 0)
}

/// 2 for an unreadable input (it was not checked, so the run proves
/// nothing), else 1 when something was found.
fn exit_code(failed: bool, found: bool) -> ExitCode {
    match (failed, found) {
        (true, _) => ExitCode::from(2),
        (false, true) => ExitCode::from(1),
        (false, false) => ExitCode::SUCCESS,
    }
}

pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
