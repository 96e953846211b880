//! What the linter reports.

use crate::document::Suppression;
use crate::rules::{Applicability, Severity};
use crate::span::{Position, Span};

/// One finding: a risky passage, or a disclosure the document lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The rule id, `<pack>/<name>`.
    pub rule: String,
    /// The taxonomy category (`missing-<name>` for a disclosure).
    pub category: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// UTF-8 byte offsets into the original text (on char boundaries).
    pub span: Span,
    /// Line and column (1-based, columns in chars) of `span.start`.
    pub start: Position,
    /// Line and column of `span.end`.
    pub end: Position,
    /// The text under the span, as it stands in the original.
    pub text: String,
    /// Edits that would resolve it, best first.
    pub suggestions: Vec<Suggestion>,
    /// A compliant way to say it, from the rule, where one exists.
    pub rewrite: Option<String>,
    /// The approved exception that covers this finding, if any. Suppressed
    /// findings are returned so that reports can list every exception for
    /// an audit; hosts leave them out of counts and exit codes.
    pub suppression: Option<Suppression>,
}

impl Diagnostic {
    /// Whether an approved exception covers this finding.
    pub fn is_suppressed(&self) -> bool {
        self.suppression.is_some()
    }
}

/// A proposed edit: replace `span` with `replacement` (an empty span is an
/// insertion, an empty replacement a deletion).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// UTF-8 byte offsets into the original text.
    pub span: Span,
    /// The new text.
    pub replacement: String,
    /// Whether `--fix` may apply it without a human.
    pub applicability: Applicability,
}
