//! claimlint lints healthcare-clinic marketing copy for risky claims: false
//! FDA status, cure and safety promises, wrong mechanisms, unsourced
//! statistics, and disclosures a page needs but lacks.
//!
//! The library does no I/O while linting and never panics on any input. Load
//! rule packs into a [`RuleSet`], compile it once into a [`Linter`] (`Send +
//! Sync`, cheap to clone), and call [`Linter::check`] for every document.
//!
//! # Example: lint a sentence
//! ```
//! use claimlint::{Linter, RuleSet, Severity};
//!
//! let linter = Linter::new(&RuleSet::builtin()?)?;
//! let text = "Our ketamine infusions are completely safe.";
//! let found = linter.check(text);
//! let d = found.iter().find(|d| d.category == "safety-absolute").unwrap();
//! assert_eq!(d.severity, Severity::Error);
//! assert_eq!(&text[d.span.start..d.span.end], d.text);
//! assert_eq!((d.start.line, d.start.column), (1, d.span.start + 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Example: a pack of your own
//! ```
//! use claimlint::{Linter, RuleSet};
//!
//! let pack = r#"
//! [pack]
//! id = "house"
//! name = "House style"
//! version = "1.0.0"
//! description = "Words our compliance team asked us to avoid."
//!
//! [[rule]]
//! id = "house/ground-breaking"
//! category = "hype"
//! severity = "warning"
//! message = "'{match}' is hype; describe the treatment instead"
//! rationale = "The FTC expects health claims to be substantiated."
//! references = ["https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance"]
//! phrases = [{ phrase = "ground-breaking", replace = ["newer"] }]
//! fix = "safe"
//! unless = [{ any = ['\bnot\b'], within = "before:3" }]
//! fire = ["A ground-breaking therapy.", "Groundbreaking care.", "Truly ground breaking."]
//! clean = ["It is not ground-breaking.", "A newer therapy.", "We broke ground in May."]
//! "#;
//! let linter = Linter::new(&RuleSet::from_toml("house.toml", pack)?)?;
//! let text = "A Ground-breaking infusion.";
//! let found = linter.check(text);
//! assert_eq!(found.len(), 1);
//! let fixed = claimlint::apply_fixes(text, &found, claimlint::Applicability::Safe);
//! assert_eq!(fixed.text, "A Newer infusion.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Hosts: a project's config and JSON
//! A CMS plugin or a server applies a site's `claimlint.toml` with
//! [`Config`] (read from its text; the library opens no file): to the rules
//! before compiling them, then to each document's findings, exactly as the
//! command line does. [`Selector`] is the one selector language of flags,
//! configs and suppression comments. [`Diagnostic`] implements
//! `serde::Serialize` as the objects `claimlint check --format json` prints.
//!
//! # Crate features
//! - `cli` (default): the `claimlint` binary and what only it needs (clap,
//!   terminal rendering, parallel file walking). Build with
//!   `default-features = false` to embed the bare library.

#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod config;
mod diagnostic;
mod document;
mod engine;
mod error;
mod fix;
mod linter;
mod rules;
mod segment;
mod span;

pub use engine::limits;

pub use config::Config;
pub use diagnostic::{Diagnostic, Suggestion};
pub use document::{DocumentOptions, Format, Suppression, SuppressionKind, FRONT_MATTER_FIELDS};
pub use error::{ConfigError, RuleError, RuleErrorKind};
pub use fix::{apply_fixes, Fixed};
pub use linter::Linter;
pub use rules::{
    Applicability, Example, Pack, Rule, RuleKind, RuleSet, Selection, Selector, SelectorError,
    SelectorErrorKind, Severity, BUILTIN_PACKS, CLAIM_CATEGORIES, DEFAULT_REGION, DISCLOSURE_NAMES,
    REGIONS,
};
pub use span::{LineIndex, Position, Span};

/// The README's Rust examples, compiled and run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
