//! `--format concise`: one line a finding, `path:line:col: severity[rule]
//! message`, the form editors, terminals and `grep` work with; then the
//! summary line of the human report.

use std::io::{self, Write};

use super::human::summary_line;
use super::{active, Context, Summary};

pub fn write(out: &mut dyn Write, cx: &Context<'_>) -> io::Result<()> {
    for report in cx.reports {
        let path = report.path.display();
        for d in active(report) {
            // A message is one line; a stray break would split the record.
            let message = d.message.replace(['\r', '\n'], " ");
            writeln!(
                out,
                "{path}:{}:{}: {}[{}] {message}",
                d.start.line, d.start.column, d.severity, d.rule
            )?;
        }
    }
    if !cx.quiet {
        writeln!(out, "{}", summary_line(&Summary::new(cx), cx))?;
    }
    Ok(())
}
