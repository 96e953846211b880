//! The span promises every diagnostic keeps (the README's "Guarantees"),
//! checked on any text: by the property tests, and by the fuzz targets,
//! which include this file by path.

use claimlint::{Diagnostic, Position};

/// The line and column of byte `offset`, counted from scratch.
fn position(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// Whether `found` keeps every promise for `text`: each span (and each
/// suggestion's) within the text and on char boundaries, `text` the source
/// under the span, start and end positions recounted the same, and the
/// diagnostics sorted by start. The error says which promise broke, where.
pub fn check(text: &str, found: &[Diagnostic]) -> Result<(), String> {
    let mut last = 0;
    for d in found {
        let (start, end) = (d.span.start, d.span.end);
        if !(start <= end && end <= text.len()) {
            return Err(format!("span out of the text: {d:?}"));
        }
        if !(text.is_char_boundary(start) && text.is_char_boundary(end)) {
            return Err(format!("span off a char boundary: {d:?}"));
        }
        if d.text != text[start..end] {
            return Err(format!("text is not the source under the span: {d:?}"));
        }
        if d.start != position(text, start) || d.end != position(text, end) {
            return Err(format!("line or column disagree with the offsets: {d:?}"));
        }
        for s in &d.suggestions {
            let (s_start, s_end) = (s.span.start, s.span.end);
            let within = s_start <= s_end && s_end <= text.len();
            if !(within && text.is_char_boundary(s_start) && text.is_char_boundary(s_end)) {
                return Err(format!(
                    "suggestion span out of the text or off a boundary: {d:?}"
                ));
            }
        }
        if start < last {
            return Err(format!("diagnostics out of order at {start}"));
        }
        last = start;
    }
    Ok(())
}
