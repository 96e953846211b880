//! `--format json`: the documented, stable shape that scripts (and
//! `eval/score.py`) read. Fields may be added; none is renamed or removed.
//! Structs rather than `json!` keep the field order as documented.

use std::io::{self, Write};

use claimlint::{Applicability, Diagnostic, Severity, Suppression};
use serde::Serialize;

use super::{Context, Summary};

/// Bumped only for an incompatible change of this shape.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: String,
    diagnostics: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    category: &'a str,
    severity: Severity,
    message: &'a str,
    /// UTF-8 byte offsets into the file.
    start: usize,
    end: usize,
    /// 1-based; columns count characters.
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    text: &'a str,
    suggestions: Vec<Edit<'a>>,
    rewrite: Option<&'a str>,
    /// Covered by an approved exception: listed for the audit, not counted.
    suppressed: bool,
    /// The exception: `{"reason", "kind", "span", "start"}`, or `null`.
    suppression: Option<&'a Suppression>,
}

#[derive(Serialize)]
struct Edit<'a> {
    start: usize,
    end: usize,
    replacement: &'a str,
    applicability: Applicability,
}

pub fn write(out: &mut dyn Write, cx: &Context<'_>) -> io::Result<()> {
    let report = Report {
        version: VERSION,
        files: cx
            .reports
            .iter()
            .map(|r| File {
                path: r.path.display().to_string(),
                diagnostics: r.diagnostics.iter().map(finding).collect(),
            })
            .collect(),
        summary: Summary::new(cx),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

fn finding(d: &Diagnostic) -> Finding<'_> {
    Finding {
        rule: &d.rule,
        category: &d.category,
        severity: d.severity,
        message: &d.message,
        start: d.span.start,
        end: d.span.end,
        line: d.start.line,
        column: d.start.column,
        end_line: d.end.line,
        end_column: d.end.column,
        text: &d.text,
        suggestions: d
            .suggestions
            .iter()
            .map(|s| Edit {
                start: s.span.start,
                end: s.span.end,
                replacement: &s.replacement,
                applicability: s.applicability,
            })
            .collect(),
        rewrite: d.rewrite.as_deref(),
        suppressed: d.is_suppressed(),
        suppression: d.suppression.as_ref(),
    }
}
