//! The command line, as clap parses it. Only shapes and help text live here;
//! what each flag does lives in the module named after it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lint clinic marketing copy for risky health claims.
#[derive(Debug, Parser)]
#[command(name = "claimlint", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files, folders or standard input.
    Check(CheckArgs),
    /// List the rules that would run: id, category, severity and summary.
    Rules(RulesArgs),
    /// Explain a rule: the fact behind it, its references and examples.
    Explain(ExplainArgs),
    /// Write a commented starter claimlint.toml in the current folder.
    Init,
    /// Serve the JSON API (under /v1) and the review page (at /) over HTTP.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on. Any address but loopback needs
    /// --token-file.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub addr: std::net::SocketAddr,

    /// A file holding a secret token that every /v1 request must send as
    /// `Authorization: Bearer TOKEN`.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// The largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 5 * 1024 * 1024)]
    pub max_body: usize,

    /// Seconds a request may take, from its arrival to the answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,

    /// API requests handled at once; more wait their turn.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_concurrent: u32,

    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub selection: SelectionArgs,
    #[command(flatten)]
    pub project: ConfigArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to lint; `-` reads standard input. Folders are walked
    /// for .txt, .md, .markdown, .html and .htm files, honouring .gitignore.
    /// Default: the current folder (or standard input with --stdin-filename).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The name (and so the format) of the copy read from standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// Read every input as this format, whatever its extension or
    /// --stdin-filename says.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// How to report what was found [default: human].
    #[arg(long, value_enum, help_heading = "Output")]
    pub format: Option<OutputFormat>,

    /// Count the findings by rule, most frequent first. Alone, only the
    /// counts; after the human and concise reports on stdout, after the
    /// others on stderr (their stdout stays machine-readable).
    #[arg(long, help_heading = "Output")]
    pub statistics: bool,

    /// The least severity that makes the exit code 1 [default: the config's
    /// fail-on, else warning].
    #[arg(long, value_enum, value_name = "LEVEL", help_heading = "Output")]
    pub fail_on: Option<Level>,

    /// When to colour the human output (NO_COLOR is honoured in `auto`).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto, help_heading = "Output")]
    pub color: ColorWhen,

    /// Print the findings and nothing else: no summary, no progress bar.
    #[arg(short, long, help_heading = "Output")]
    pub quiet: bool,

    #[command(flatten)]
    pub fix: FixArgs,

    #[command(flatten)]
    pub baseline: BaselineArgs,

    #[command(flatten)]
    pub packs: PackArgs,

    #[command(flatten)]
    pub selection: SelectionArgs,

    #[command(flatten)]
    pub project: ConfigArgs,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Configuration")]
pub struct ConfigArgs {
    /// Use this config file instead of the nearest claimlint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every config file: only the command line counts.
    #[arg(long)]
    pub isolated: bool,
}

#[derive(Debug, Args)]
#[group(id = "fix_mode", multiple = false)]
pub struct FixModeArgs {
    /// Apply the safe suggestions in place, then report what is left. On
    /// standard input (`-`), print the fixed text on stdout and the report
    /// on stderr.
    #[arg(long)]
    pub fix: bool,
    /// Print the edits --fix would make as a unified diff; write nothing.
    /// Exits 1 when there is something to fix.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Fixes")]
pub struct FixArgs {
    #[command(flatten)]
    pub mode: FixModeArgs,
    /// With --fix or --diff, also apply the unsafe suggestions (wording
    /// changes and disclosure sentences a human should read).
    #[arg(long, requires = "fix_mode")]
    pub unsafe_fixes: bool,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Adoption")]
pub struct BaselineArgs {
    /// Report only the findings this baseline file (from --write-baseline)
    /// does not hold.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record every finding in this baseline file (JSON), report nothing
    /// and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "fix_mode")]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Rules")]
pub struct PackArgs {
    /// Add a rule pack (TOML file); repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Leave out the built-in packs: use only the --rules packs.
    #[arg(long)]
    pub no_builtin: bool,
    /// The region of the copy's readers (us, ca, uk, ie, au, nz): which
    /// crisis and emergency numbers count and are suggested. Overrides the
    /// config's `region`; default us.
    #[arg(long, value_name = "REGION", value_parser = clap::builder::PossibleValuesParser::new(claimlint::REGIONS))]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Rules")]
pub struct SelectionArgs {
    /// Run only these rules: a rule id, a pack (`ketamine`), a category
    /// (`fda-status`) or a glob over rule ids (`ketamine/fda-*`).
    /// Comma-separated, repeatable.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Leave out these rules (same forms as --select; wins over it).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub selection: SelectionArgs,
    #[command(flatten)]
    pub project: ConfigArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, as `claimlint rules` lists it.
    pub rule: String,
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub project: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Source snippets with the finding underlined, for people.
    Human,
    /// One line a finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON document, stable and documented, for scripts.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML: a testsuite per file, a failing testcase per finding.
    Junit,
}

/// An input format (`claimlint::Format` is not a clap value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Text,
    Markdown,
    Mdx,
    Html,
}

impl From<InputFormat> for claimlint::Format {
    fn from(format: InputFormat) -> Self {
        match format {
            InputFormat::Text => claimlint::Format::Text,
            InputFormat::Markdown => claimlint::Format::Markdown,
            InputFormat::Mdx => claimlint::Format::Mdx,
            InputFormat::Html => claimlint::Format::Html,
        }
    }
}

/// A severity as a threshold (`claimlint::Severity` is not a clap value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for claimlint::Severity {
    fn from(level: Level) -> Self {
        match level {
            Level::Error => claimlint::Severity::Error,
            Level::Warning => claimlint::Severity::Warning,
            Level::Info => claimlint::Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when standard output is a terminal and NO_COLOR is unset.
    Auto,
    /// Colour even into a pipe or a file.
    Always,
    /// Never colour.
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
