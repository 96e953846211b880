//! What the linter reports.

use serde::{Serialize, Serializer};

use crate::document::Suppression;
use crate::rules::{Applicability, Severity};
use crate::span::{Position, Span};

/// One finding: a risky passage, or a disclosure the document lacks.
///
/// It serializes as the object `claimlint check --format json` prints for
/// each finding (the CLI uses this very impl): `rule`, `category`,
/// `severity`, `message`, `start` and `end` (UTF-8 byte offsets), `line`,
/// `column`, `end_line` and `end_column` (1-based, columns in chars),
/// `text`, `suggestions`, `rewrite`, `suppressed` and `suppression`.
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
/// insertion, an empty replacement a deletion). It serializes as `{"start",
/// "end", "replacement", "applicability"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// UTF-8 byte offsets into the original text.
    pub span: Span,
    /// The new text.
    pub replacement: String,
    /// Whether `--fix` may apply it without a human.
    pub applicability: Applicability,
}

/// The JSON shape of a [`Diagnostic`]: flat, with the span's ends and their
/// positions side by side, as scripts read it.
#[derive(Serialize)]
struct DiagnosticJson<'a> {
    rule: &'a str,
    category: &'a str,
    severity: Severity,
    message: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    text: &'a str,
    suggestions: &'a [Suggestion],
    rewrite: Option<&'a str>,
    /// Covered by an approved exception: listed for the audit, not counted.
    suppressed: bool,
    suppression: Option<&'a Suppression>,
}

impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DiagnosticJson {
            rule: &self.rule,
            category: &self.category,
            severity: self.severity,
            message: &self.message,
            start: self.span.start,
            end: self.span.end,
            line: self.start.line,
            column: self.start.column,
            end_line: self.end.line,
            end_column: self.end.column,
            text: &self.text,
            suggestions: &self.suggestions,
            rewrite: self.rewrite.as_deref(),
            suppressed: self.is_suppressed(),
            suppression: self.suppression.as_ref(),
        }
        .serialize(serializer)
    }
}

#[derive(Serialize)]
struct SuggestionJson<'a> {
    start: usize,
    end: usize,
    replacement: &'a str,
    applicability: Applicability,
}

impl Serialize for Suggestion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SuggestionJson {
            start: self.span.start,
            end: self.span.end,
            replacement: &self.replacement,
            applicability: self.applicability,
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_serializes_flat_in_the_documented_order() {
        let d = Diagnostic {
            rule: "p/hype".to_string(),
            category: "hype".to_string(),
            severity: Severity::Warning,
            message: "hype".to_string(),
            span: Span::new(2, 7),
            start: Position { line: 1, column: 3 },
            end: Position { line: 1, column: 8 },
            text: "great".to_string(),
            suggestions: vec![Suggestion {
                span: Span::new(2, 7),
                replacement: "good".to_string(),
                applicability: Applicability::Safe,
            }],
            rewrite: None,
            suppression: None,
        };
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(
            json,
            r#"{"rule":"p/hype","category":"hype","severity":"warning","message":"hype","start":2,"end":7,"line":1,"column":3,"end_line":1,"end_column":8,"text":"great","suggestions":[{"start":2,"end":7,"replacement":"good","applicability":"safe"}],"rewrite":null,"suppressed":false,"suppression":null}"#
        );
    }
}
