//! From a finding to a diagnostic: its span in the user's source, its
//! message and its suggested edits.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Suggestion};
use crate::document::{self, Document, Format, OffsetMap};
use crate::rules::{template, Applicability};
use crate::span::{floor_char_boundary, LineIndex, Span};

use super::{Finding, Linter};

/// Where the findings in the linted text land in the user's source.
pub(super) struct Target<'a> {
    pub(super) source: &'a str,
    /// The text that was linted: the source itself, or a document's copy.
    pub(super) copy: &'a str,
    /// From the copy to the source; `None` when they are the same text.
    pub(super) map: Option<&'a OffsetMap>,
    /// The document the copy was read from, which escapes replacements;
    /// `None` for plain text.
    pub(super) doc: Option<&'a Document>,
    pub(super) format: Format,
    pub(super) insert_at: Option<usize>,
    pub(super) lines: LineIndex,
}

impl Target<'_> {
    /// The source span of a span of the copy, on char boundaries.
    fn to_source(&self, span: Range<usize>) -> Span {
        let span = self.map.map_or(span.clone(), |m| m.to_source(span));
        let start = floor_char_boundary(self.source, span.start);
        let end = floor_char_boundary(self.source, span.end).max(start);
        Span::new(start, end)
    }
}

impl Linter {
    pub(super) fn diagnostic(&self, target: &Target<'_>, f: Finding) -> Diagnostic {
        let inner = &*self.inner;
        let rule = &inner.rules[f.rule];
        let matched = target.copy.get(f.span.clone()).unwrap_or_default();
        let span = target.to_source(f.span.clone());
        let original = &target.source[span.start..span.end];
        let mut suggestions = Vec::new();
        match (&inner.claims[f.rule], f.trigger) {
            // A replacement is an edit of the source: only where the source
            // under the span is the copy itself (no markup, no entity).
            (Some(claim), Some(t)) if original == matched => {
                let trigger = &inner.triggers[t];
                // Several candidates need a human to choose: only a single one is safe.
                let applicability = if trigger.replace.len() == 1 {
                    claim.fix
                } else {
                    claim.fix.min(Applicability::Unsafe)
                };
                let captures =
                    (trigger.groups.as_ref()).and_then(|g| g.captures(target.copy, f.span.clone()));
                let group = |name: &str| {
                    let span = captures.as_ref()?.get_group_by_name(name)?;
                    target.copy.get(span.range())
                };
                // `None` where the text cannot be written there (a front-matter
                // value that cannot hold it).
                let edit = |template: &str, applicability| {
                    let text = match_case(matched, template::expand(template, matched, group));
                    let replacement = match target.doc {
                        Some(doc) => doc.escape(span.start..span.end, &text)?.into_owned(),
                        None => text,
                    };
                    Some(Suggestion {
                        span,
                        replacement,
                        applicability,
                    })
                };
                suggestions.extend(
                    trigger
                        .replace
                        .iter()
                        .filter_map(|r| edit(r, applicability)),
                );
                suggestions.extend(
                    (claim.placeholder.iter()).filter_map(|p| edit(p, Applicability::DisplayOnly)),
                );
            }
            (Some(_), _) => {}
            (None, _) => {
                if let Some(insert) = &f.insert {
                    let (at, replacement) =
                        document::insertion(target.format, target.source, target.insert_at, insert);
                    suggestions.push(Suggestion {
                        span: Span::new(at, at),
                        replacement,
                        applicability: Applicability::Unsafe,
                    });
                }
            }
        }
        let (start, end) = target.lines.span_positions(target.source, span);
        Diagnostic {
            rule: rule.id.clone(),
            category: rule.category.clone(),
            severity: rule.severity,
            message: message(&inner.messages[f.rule], matched),
            span,
            start,
            end,
            text: original.to_string(),
            suggestions,
            rewrite: rule.rewrite.clone(),
            suppression: None,
        }
    }
}

/// A rule's message, split at each `{match}` (once, when the linter is
/// compiled), with the matched text put back in its places, its runs of
/// whitespace (a line break in the source) shown as one space.
pub(super) fn message(parts: &[String], matched: &str) -> String {
    if parts.len() == 1 {
        return parts[0].clone();
    }
    let single_spaced = !matched.contains(|c: char| c.is_whitespace() && c != ' ')
        && !matched.contains("  ")
        && !matched.starts_with(' ')
        && !matched.ends_with(' ');
    if single_spaced {
        return parts.join(matched);
    }
    parts.join(&matched.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The replacement with the case of the text it replaces ("Ground-breaking"
/// becomes "Promising", "GROUND-BREAKING" becomes "PROMISING"). Most
/// matches begin in lower case, and are decided by their first letter.
fn match_case(original: &str, replacement: String) -> String {
    let mut letters = original.chars().filter(|c| c.is_alphabetic());
    if !letters.next().is_some_and(char::is_uppercase) {
        return replacement;
    }
    let mut more = false;
    if letters.all(|c| {
        more = true;
        c.is_uppercase()
    }) && more
    {
        return replacement.to_uppercase();
    }
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => replacement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_shows_the_match_single_spaced() {
        let t = &["'".to_string(), "' is hype".to_string()];
        assert_eq!(message(t, "ground-breaking"), "'ground-breaking' is hype");
        assert_eq!(
            message(t, "ground\n  breaking"),
            "'ground breaking' is hype"
        );
        assert_eq!(
            message(t, "ground\u{a0}breaking"),
            "'ground breaking' is hype"
        );
        assert_eq!(message(t, "a  b"), "'a b' is hype");
        assert_eq!(
            message(&["No placeholder".into()], "x\ny"),
            "No placeholder"
        );
        let twice = &["".to_string(), " or ".to_string(), String::new()];
        assert_eq!(message(twice, "a\tb"), "a b or a b");
    }

    #[test]
    fn a_rewrite_takes_the_case_of_the_words_it_replaces() {
        let case = |original: &str, replacement: &str| match_case(original, replacement.into());
        assert_eq!(case("ground-breaking", "promising"), "promising");
        assert_eq!(case("Ground-breaking", "promising"), "Promising");
        assert_eq!(case("GROUND-BREAKING", "promising"), "PROMISING");
        assert_eq!(
            case("100% Safe", "generally well tolerated"),
            "Generally well tolerated"
        );
        assert_eq!(case("100% SAFE", "well tolerated"), "WELL TOLERATED");
        // One capital letter is a capitalised word, not shouting.
        assert_eq!(case("I", "we"), "We");
        assert_eq!(case("Éclatant", "ça va"), "Ça va");
        assert_eq!(case("90%", "most"), "most");
        assert_eq!(case("Cures", ""), "");
    }
}
