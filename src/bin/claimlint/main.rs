//! The `claimlint` command line: reads files, calls the library, renders.
//! Every decision about what is a risky claim lives in the library.

mod args;
mod baseline;
mod catalog;
mod check;
mod config;
mod fix;
mod inputs;
mod output;
mod packs;
mod progress;
#[cfg(feature = "serve")]
mod serve;

use std::io;
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => catalog::list(args).map(|()| ExitCode::SUCCESS),
        Command::Explain(args) => catalog::explain(args).map(|()| ExitCode::SUCCESS),
        Command::Init => config::init().map(|()| ExitCode::SUCCESS),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`claimlint check | head`): nothing is wrong
        // and nobody is left to tell.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(rule_error) = e.downcast_ref::<claimlint::RuleError>() {
                // `file:line:col: message`, the form editors turn into a link.
                eprintln!("{rule_error}");
            } else if let Some(config_error) = e.downcast_ref::<claimlint::ConfigError>() {
                eprintln!("{config_error}");
            } else {
                eprintln!("error: {e:#}");
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|io| io.kind() == io::ErrorKind::BrokenPipe)
}
