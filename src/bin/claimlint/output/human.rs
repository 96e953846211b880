//! `--format human`: codespan-reporting snippets, then one summary line.

use std::io::Write;

use anyhow::Result;
use claimlint::{Diagnostic, Severity};
use codespan_reporting::diagnostic::{self as snippet, Label};
use codespan_reporting::files::{self, SimpleFile};
use codespan_reporting::term::{
    self,
    termcolor::{BufferedStandardStream, ColorChoice, WriteColor},
};

use super::{active, help, Context, Stream, Summary};
use crate::check::plural;

pub fn write(cx: &Context<'_>, color: bool, stream: Stream) -> Result<()> {
    let choice = if color {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    };
    let mut out = match stream {
        Stream::Stdout => BufferedStandardStream::stdout(choice),
        Stream::Stderr => BufferedStandardStream::stderr(choice),
    };
    render(&mut out, cx)?;
    out.flush()?;
    Ok(())
}

fn render(out: &mut dyn WriteColor, cx: &Context<'_>) -> Result<()> {
    let config = term::Config::default();
    for report in cx.reports {
        let file = SimpleFile::new(report.path.display().to_string(), report.text.as_str());
        for d in active(report) {
            term::emit(out, &config, &file, &snippet(d)).map_err(|e| match e {
                // Keep the io::Error visible, so a closed pipe stays quiet.
                files::Error::Io(e) => anyhow::Error::from(e),
                other => anyhow::anyhow!("rendering {}: {other}", report.path.display()),
            })?;
        }
    }
    if !cx.quiet {
        writeln!(out, "{}", summary_line(&Summary::new(cx), cx))?;
    }
    Ok(())
}

fn snippet(d: &Diagnostic) -> snippet::Diagnostic<()> {
    let severity = match d.severity {
        Severity::Error => snippet::Severity::Error,
        Severity::Warning => snippet::Severity::Warning,
        // codespan has no "info"; a note is the same rank.
        Severity::Info => snippet::Severity::Note,
    };
    snippet::Diagnostic::new(severity)
        .with_code(&d.rule)
        .with_message(&d.message)
        .with_labels(vec![
            Label::primary((), d.span.start..d.span.end).with_message(&d.category)
        ])
        .with_notes(help(d).into_iter().map(|h| format!("help: {h}")).collect())
}

/// "Found 3 problems (1 error, 2 warnings) in 2 of 5 files." and what
/// `--fix` can do about them, or what it did.
pub(super) fn summary_line(s: &Summary, cx: &Context<'_>) -> String {
    let files = format!("{} {}", s.files, plural(s.files, "file", "files"));
    let mut line = String::new();
    if cx.fixing {
        line.push_str(&format!(
            "Applied {} {}. ",
            s.fixed,
            plural(s.fixed, "fix", "fixes")
        ));
    }
    // Approved exceptions and known findings are not problems, but the
    // counts keep them in sight.
    let mut suppressed = String::new();
    if s.suppressed > 0 {
        suppressed.push_str(&format!(
            " {} suppressed by approved exceptions.",
            s.suppressed
        ));
    }
    if s.baselined > 0 {
        suppressed.push_str(&format!(
            " {} known {} hidden by the baseline.",
            s.baselined,
            plural(s.baselined, "finding", "findings")
        ));
    }
    if s.diagnostics == 0 {
        line.push_str(&format!("No problems found in {files}.{suppressed}"));
        return line;
    }
    let counts: Vec<String> = [
        (s.errors, "error", "errors"),
        (s.warnings, "warning", "warnings"),
        (s.info, "info", "info"),
    ]
    .into_iter()
    .filter(|(n, ..)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", plural(n, one, many)))
    .collect();
    line.push_str(&format!(
        "Found {} {} ({}) in {} {} ({} checked).",
        s.diagnostics,
        plural(s.diagnostics, "problem", "problems"),
        counts.join(", "),
        s.files_with_diagnostics,
        plural(s.files_with_diagnostics, "file", "files"),
        s.files,
    ));
    let unsafe_more = if cx.unsafe_fixes { 0 } else { s.unsafe_fixable };
    let now = if cx.unsafe_fixes {
        s.fixable + s.unsafe_fixable
    } else {
        s.fixable
    };
    let how = if cx.unsafe_fixes {
        "--fix --unsafe-fixes"
    } else {
        "--fix"
    };
    if now > 0 {
        line.push_str(&format!(" {now} fixable with {how}"));
        if unsafe_more > 0 {
            line.push_str(&format!(" ({unsafe_more} more with --fix --unsafe-fixes)"));
        }
        line.push('.');
    } else if unsafe_more > 0 {
        line.push_str(&format!(
            " {unsafe_more} fixable with --fix --unsafe-fixes."
        ));
    }
    line.push_str(&suppressed);
    line
}
