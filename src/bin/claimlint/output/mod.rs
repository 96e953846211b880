//! Rendering the reports of a `check` run, one module per `--format`.

mod concise;
mod github;
mod human;
pub mod json;
mod junit;
mod sarif;
mod statistics;

use std::io::{self, BufWriter, IsTerminal, Write};

use anyhow::Result;
use claimlint::{Applicability, Diagnostic, Linter, Selection, Severity};

use crate::args::{CheckArgs, ColorWhen, OutputFormat};
use crate::check::FileReport;

/// Everything a renderer may need about the run.
pub struct Context<'a> {
    pub linter: &'a Linter,
    /// The rules that ran, of those the linter holds.
    pub selection: &'a Selection,
    /// Sorted by path.
    pub reports: &'a [FileReport],
    pub quiet: bool,
    /// Whether `--unsafe-fixes` was given (unsafe fixes count as fixable).
    pub unsafe_fixes: bool,
    /// Whether `--fix` ran, so the diagnostics are what is left.
    pub fixing: bool,
    /// Findings `--baseline` held, and so left out of `reports`.
    pub baselined: usize,
}

/// Where a report goes: stdout, unless stdout carries the fixed text of
/// standard input (`--fix -`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// The report in `--format`, and the `--statistics` table: alone, only the
/// table; after a report for people, on the same stream; after a report
/// for machines, on stderr.
pub fn write(args: &CheckArgs, cx: &Context<'_>, stream: Stream) -> Result<()> {
    let format = args.format.unwrap_or(OutputFormat::Human);
    if !args.statistics || args.format.is_some() {
        report(format, args.color, cx, stream)?;
    }
    if args.statistics {
        let for_people = matches!(format, OutputFormat::Human | OutputFormat::Concise);
        let to = if for_people { stream } else { Stream::Stderr };
        buffered(to, |out| statistics::write(out, cx))?;
    }
    Ok(())
}

fn report(format: OutputFormat, color: ColorWhen, cx: &Context<'_>, stream: Stream) -> Result<()> {
    match format {
        OutputFormat::Human => human::write(cx, use_color(color, stream), stream),
        OutputFormat::Concise => buffered(stream, |out| concise::write(out, cx)),
        OutputFormat::Json => buffered(stream, |out| json::write(out, cx)),
        OutputFormat::Sarif => buffered(stream, |out| sarif::write(out, cx)),
        OutputFormat::Github => buffered(stream, |out| github::write(out, cx)),
        OutputFormat::Junit => buffered(stream, |out| junit::write(out, cx)),
    }
}

/// Machine formats go to a buffered, locked stream: one lock, few writes.
fn buffered(stream: Stream, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let mut out: BufWriter<Box<dyn Write>> = BufWriter::new(match stream {
        Stream::Stdout => Box::new(io::stdout().lock()),
        Stream::Stderr => Box::new(io::stderr().lock()),
    });
    render(&mut out)?;
    out.flush()?;
    Ok(())
}

/// Colour only for a person at a terminal, and never when `NO_COLOR` is set
/// to anything non-empty (<https://no-color.org>), unless forced.
fn use_color(when: ColorWhen, stream: Stream) -> bool {
    let terminal = match stream {
        Stream::Stdout => io::stdout().is_terminal(),
        Stream::Stderr => io::stderr().is_terminal(),
    };
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal,
    }
}

/// Counts over the whole run, shown by the human summary line and the JSON
/// `summary` object.
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Files with at least one diagnostic.
    pub files_with_diagnostics: usize,
    pub diagnostics: usize,
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    /// Diagnostics `--fix` would resolve.
    pub fixable: usize,
    /// Diagnostics only `--fix --unsafe-fixes` would resolve.
    pub unsafe_fixable: usize,
    /// Edits `--fix` applied in this run.
    pub fixed: usize,
    /// Findings covered by an approved exception (a suppression comment):
    /// listed in JSON and SARIF, left out of every other count.
    pub suppressed: usize,
    /// Known findings the `--baseline` file held: left out of the report.
    pub baselined: usize,
}

impl Summary {
    pub fn new(cx: &Context<'_>) -> Summary {
        Summary::of(cx.reports, cx.baselined)
    }

    /// The counts over `reports`, `baselined` findings having been left out
    /// of them: for a `check` run, or one document linted by `serve`.
    pub fn of(reports: &[FileReport], baselined: usize) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            baselined,
            ..Summary::default()
        };
        for report in reports {
            s.fixed += report.fixed;
            s.files_with_diagnostics += usize::from(active(report).next().is_some());
            s.suppressed += report.diagnostics.len() - active(report).count();
            for d in active(report) {
                s.diagnostics += 1;
                match d.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.info += 1,
                }
                match fix_of(d) {
                    Some(Applicability::Safe) => s.fixable += 1,
                    Some(Applicability::Unsafe) => s.unsafe_fixable += 1,
                    Some(Applicability::DisplayOnly) | None => {}
                }
            }
        }
        s
    }
}

/// The findings of a report that count: those no approved exception covers.
fn active(report: &FileReport) -> impl Iterator<Item = &Diagnostic> {
    report.diagnostics.iter().filter(|d| !d.is_suppressed())
}

/// How `--fix` would treat the diagnostic: it applies the first suggestion.
fn fix_of(d: &Diagnostic) -> Option<Applicability> {
    d.suggestions.first().map(|s| s.applicability)
}

/// The help lines shown under a finding: the suggested edits and the
/// rule's compliant rewrite, each in plain words.
fn help(d: &Diagnostic) -> Vec<String> {
    let mut lines = Vec::new();
    let (applicable, display_only): (Vec<_>, Vec<_>) =
        (d.suggestions.iter()).partition(|s| s.applicability != Applicability::DisplayOnly);
    if let Some(first) = applicable.first() {
        let which = if applicable.len() > 1 {
            "the first"
        } else {
            "it"
        };
        let how = if first.applicability == Applicability::Safe {
            format!("safe fix: --fix applies {which}")
        } else {
            format!("unsafe fix: --fix --unsafe-fixes applies {which}")
        };
        if first.span.is_empty() {
            lines.push(format!("add “{}” ({how})", first.replacement.trim()));
        } else {
            let options: Vec<String> = applicable
                .iter()
                .map(|s| format!("“{}”", s.replacement))
                .collect();
            lines.push(format!("replace with {} ({how})", options.join(" or ")));
        }
    }
    for s in display_only {
        lines.push(format!(
            "or write “{}”, filling in the brackets (never applied by --fix)",
            s.replacement
        ));
    }
    // A disclosure's rewrite is usually the very sentence it inserts.
    let inserted = d.suggestions.first().map(|s| s.replacement.trim());
    if let Some(rewrite) = d.rewrite.as_deref().filter(|r| Some(r.trim()) != inserted) {
        lines.push(format!("say instead: {rewrite}"));
    }
    lines
}
