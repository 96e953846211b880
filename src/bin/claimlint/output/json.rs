//! `--format json`: the documented, stable shape that scripts (and
//! `eval/score.py`) read. Fields may be added; none is renamed or removed.
//! Structs rather than `json!` keep the field order as documented.

use std::io::{self, Write};

use claimlint::Diagnostic;
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
    /// Each as the library serializes it, so the two cannot drift.
    diagnostics: &'a [Diagnostic],
}

pub fn write(out: &mut dyn Write, cx: &Context<'_>) -> io::Result<()> {
    let report = Report {
        version: VERSION,
        files: cx
            .reports
            .iter()
            .map(|r| File {
                path: r.path.display().to_string(),
                diagnostics: &r.diagnostics,
            })
            .collect(),
        summary: Summary::new(cx),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
