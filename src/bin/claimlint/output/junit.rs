//! `--format junit`: JUnit XML, which most CI systems show as a test
//! report. Each file is a testsuite and each finding a failing testcase; a
//! finding under an approved exception is a skipped one, with the reason;
//! a file without findings gets one passing testcase, so it shows as checked.

use std::io::{self, Write};

use claimlint::Diagnostic;

use super::{Context, Summary};

pub fn write(out: &mut dyn Write, cx: &Context<'_>) -> io::Result<()> {
    let summary = Summary::new(cx);
    let tests: usize = cx.reports.iter().map(|r| cases(&r.diagnostics)).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="claimlint" tests="{tests}" failures="{}" errors="0" skipped="{}">"#,
        summary.diagnostics, summary.suppressed
    )?;
    for report in cx.reports {
        let path = escape(&report.path.display().to_string());
        let skipped = report
            .diagnostics
            .iter()
            .filter(|d| d.is_suppressed())
            .count();
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0" skipped="{skipped}">"#,
            cases(&report.diagnostics),
            report.diagnostics.len() - skipped
        )?;
        if report.diagnostics.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="no problems" classname="{path}" file="{path}"/>"#
            )?;
        }
        for d in &report.diagnostics {
            let at = format!("{}:{}", d.start.line, d.start.column);
            let message = escape(&d.message);
            writeln!(
                out,
                r#"    <testcase name="{} at {at}" classname="{path}" file="{path}" line="{}">"#,
                escape(&d.rule),
                d.start.line
            )?;
            match &d.suppression {
                Some(s) => writeln!(
                    out,
                    r#"      <skipped message="suppressed: {}"/>"#,
                    escape(&s.reason)
                )?,
                None => writeln!(
                    out,
                    r#"      <failure type="{}" message="{message}">{path}:{at}: {}: {message} (“{}”)</failure>"#,
                    d.severity,
                    d.severity,
                    escape(&d.text),
                )?,
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Testcases of a file: one per finding, or the one passing case.
fn cases(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.len().max(1)
}

/// Escape text for an XML attribute or element, and drop the control
/// characters XML 1.0 cannot hold at all.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_special_and_control_characters() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("x\ny"), "x&#10;y");
    }
}
