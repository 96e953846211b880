//! `--format json`: the documented, stable shape that scripts (and
//! `eval/score.py`) read. Fields may be added; none is renamed or removed.
//! Structs rather than `json!` keep the field order as documented.

use std::io::{self, Write};

use claimlint::Diagnostic;
use serde::Serialize;

use super::{Context, Summary};
use crate::check::FileReport;

/// Bumped only for an incompatible change of this shape.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

/// One document's report: its path and its diagnostics.
#[derive(Serialize)]
pub struct File<'a> {
    path: String,
    /// Each as the library serializes it, so the two cannot drift.
    diagnostics: &'a [Diagnostic],
}

impl<'a> File<'a> {
    pub fn new(report: &'a FileReport) -> File<'a> {
        File {
            path: report.path.display().to_string(),
            diagnostics: &report.diagnostics,
        }
    }
}

/// One document as `claimlint serve` answers for it: the object of
/// `files` above and the summary of that one file, side by side.
#[cfg(feature = "serve")]
#[derive(Serialize)]
pub struct Document<'a> {
    pub version: u32,
    #[serde(flatten)]
    pub file: File<'a>,
    pub summary: Summary,
}

#[cfg(feature = "serve")]
impl<'a> Document<'a> {
    pub fn new(report: &'a FileReport) -> Document<'a> {
        Document {
            version: VERSION,
            file: File::new(report),
            summary: Summary::of(std::slice::from_ref(report), 0),
        }
    }
}

pub fn write(out: &mut dyn Write, cx: &Context<'_>) -> io::Result<()> {
    let report = Report {
        version: VERSION,
        files: cx.reports.iter().map(File::new).collect(),
        summary: Summary::new(cx),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
