//! Applying suggestions to the text.

use crate::diagnostic::Diagnostic;
use crate::rules::Applicability;

/// The result of [`apply_fixes`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    /// The text with the edits applied.
    pub text: String,
    /// How many edits were applied.
    pub applied: usize,
    /// How many were left out because they overlapped an earlier edit. Lint
    /// the result again to get them.
    pub skipped: usize,
}

/// Apply the first suggestion of each diagnostic whose applicability is at
/// least `min` (`Safe` applies only safe ones; `Unsafe` applies both). A
/// display-only suggestion holds a placeholder to fill in and is never
/// applied, whatever `min`.
///
/// Edits are applied in order of position, in one pass; an edit that
/// overlaps one already applied is skipped, never merged, so the result is
/// always the original text with whole, disjoint edits.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], min: Applicability) -> Fixed {
    let mut edits: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.suggestions.first())
        .filter(|s| s.applicability >= min.max(Applicability::Unsafe))
        .filter(|s| {
            s.span.end <= text.len()
                && text.is_char_boundary(s.span.start)
                && text.is_char_boundary(s.span.end)
        })
        .collect();
    edits.sort_by_key(|s| (s.span.start, s.span.end));
    edits.dedup_by(|a, b| a.span == b.span && a.replacement == b.replacement);

    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    let (mut applied, mut skipped) = (0, 0);
    for edit in edits {
        if edit.span.start < last {
            skipped += 1;
            continue;
        }
        out.push_str(&text[last..edit.span.start]);
        out.push_str(&edit.replacement);
        last = edit.span.end;
        applied += 1;
    }
    out.push_str(&text[last..]);
    Fixed {
        text: out,
        applied,
        skipped,
    }
}
