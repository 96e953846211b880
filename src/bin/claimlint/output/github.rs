//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the changed lines of a pull request.

use std::io::{self, Write};

use claimlint::Severity;

use super::{active, help, Context};

pub fn write(out: &mut dyn Write, cx: &Context<'_>) -> io::Result<()> {
    for report in cx.reports {
        let file = property(&report.path.display().to_string());
        for d in active(report) {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message.clone();
            for line in help(d) {
                message.push_str(&format!("\nhelp: {line}"));
            }
            writeln!(
                out,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                d.start.line,
                d.start.column,
                d.end.line,
                d.end.column,
                property(&d.rule),
                data(&message),
            )?;
        }
    }
    Ok(())
}

/// Escape a command's message, as the runner's own toolkit does.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value, where `:` and `,` are separators too.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_escaped() {
        assert_eq!(data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
