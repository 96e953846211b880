//! The `claimlint` command line: reads files, calls the library, renders.

use std::process::ExitCode;

use anyhow::{Context, Result};
use claimlint::{Linter, RuleSet};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "claimlint",
    version,
    about = "Lint clinic marketing copy for risky health claims"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint files and folders.
    Check {
        /// Files to lint.
        paths: Vec<std::path::PathBuf>,
        /// Output format.
        #[arg(long, default_value = "json")]
        format: String,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let Command::Check { paths, format: _ } = Cli::parse().command;
    let linter = Linter::new(&RuleSet::builtin()?)?;
    let mut files = Vec::new();
    let mut any = false;
    for path in &paths {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let diags: Vec<_> = linter
            .check(&text)
            .into_iter()
            .map(|d| {
                serde_json::json!({
                    "rule": d.rule, "category": d.category, "severity": d.severity.as_str(),
                    "message": d.message, "start": d.span.start, "end": d.span.end,
                    "line": d.start.line, "column": d.start.column,
                    "end_line": d.end.line, "end_column": d.end.column, "text": d.text,
                })
            })
            .collect();
        any |= !diags.is_empty();
        files.push(serde_json::json!({"path": path.display().to_string(), "diagnostics": diags}));
    }
    println!("{}", serde_json::json!({"version": 1, "files": files}));
    Ok(if any {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
