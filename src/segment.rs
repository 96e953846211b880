//! Paragraphs and sentences of web copy, as spans into the original text.
//!
//! The base is Unicode sentence segmentation (UAX #29, `unicode-segmentation`),
//! corrected for what clinic pages look like once their markup is gone:
//! - a blank line ends a paragraph;
//! - a line break ends a sentence unless the next line starts in lower case
//!   (a wrapped line). Headings, buttons and list items carry no final
//!   punctuation, and must not be glued to what follows;
//! - a line that starts with a bullet (•, -, *, +, "1.", "2)", ✅ ...) always
//!   starts a new sentence;
//! - abbreviations ("Dr.", "e.g.", "U.S.", "et al.") do not end a sentence,
//!   while UAX #29 already keeps "0.5 mg/kg" and "1–3 days" whole.
//!
//! The linter segments lazily: only paragraphs that hold a candidate match.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

use crate::span::floor_char_boundary;

/// The paragraph around byte `pos`: the run of non-blank lines holding it.
pub(crate) fn paragraph_at(text: &str, pos: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut start = line_start(bytes, pos);
    if is_blank(&bytes[start..line_end(bytes, pos)]) {
        return start..line_end(bytes, pos);
    }
    while start > 0 {
        let prev = line_start(bytes, start - 1);
        if is_blank(&bytes[prev..start]) {
            break;
        }
        start = prev;
    }
    let mut end = line_end(bytes, pos);
    while end < bytes.len() {
        let next = line_end(bytes, end + 1);
        if is_blank(&bytes[end + 1..next]) {
            break;
        }
        end = next;
    }
    start..end
}

/// The paragraphs of `text`, in order (blank lines between them left out).
pub(crate) fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < text.len() {
            let para = paragraph_at(text, pos);
            pos = para.end + 1;
            if !is_blank(&text.as_bytes()[para.clone()]) {
                return Some(para);
            }
        }
        None
    })
}

fn line_start(bytes: &[u8], pos: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..pos.min(bytes.len())]).map_or(0, |i| i + 1)
}

fn line_end(bytes: &[u8], pos: usize) -> usize {
    let pos = pos.min(bytes.len());
    memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i)
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// The sentences of `text[para]`, as trimmed, non-empty spans of `text`.
pub(crate) fn sentences(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for block in blocks(text, para) {
        let mut pending: Option<Range<usize>> = None;
        for (i, seg) in text[block.clone()].split_sentence_bound_indices() {
            let seg_range = block.start + i..block.start + i + seg.len();
            pending = Some(match pending {
                Some(prev) if !ends_sentence(&text[prev.clone()]) => prev.start..seg_range.end,
                Some(prev) => {
                    out.push(prev);
                    seg_range
                }
                None => seg_range,
            });
        }
        out.extend(pending);
    }
    out.into_iter().filter_map(|r| trim(text, r)).collect()
}

/// Lines grouped into blocks: a block ends where a line break ends a sentence.
fn blocks(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = para.start;
    let mut pos = para.start;
    while let Some(nl) = memchr::memchr(b'\n', &text.as_bytes()[pos..para.end]) {
        let next = pos + nl + 1;
        // Only the next line's own indentation: trimming all whitespace would
        // rescan a run of blank-looking lines (U+00A0) at every line break.
        let rest =
            text[next..para.end].trim_start_matches(|c: char| c != '\n' && c.is_whitespace());
        let continues =
            rest.chars().next().is_some_and(char::is_lowercase) && !starts_with_bullet(rest);
        if !continues {
            out.push(start..next);
            start = next;
        }
        pos = next;
    }
    if start < para.end {
        out.push(start..para.end);
    }
    out
}

fn starts_with_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '◦' | '▪' | '·' | '‣' | '–' | '—') => {
            chars.next().is_some_and(char::is_whitespace)
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
                && line[digits + 1..].starts_with(char::is_whitespace)
        }
        // Emoji and other pictographs used as bullets (✅, ✔, ➤, 👉).
        Some(c) => !c.is_alphanumeric() && !c.is_ascii() && !is_quote(c),
        None => false,
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '«' | '»' | '„')
}

/// Abbreviations that end in a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "u.s", "u.k", "al", "approx", "fig",
    "no", "jr", "sr", "inc", "ltd", "dept", "est", "min", "hr", "mg", "ml", "cf", "ca",
];

/// Whether a UAX #29 segment really ends a sentence. Inside a block a
/// segment can also end at a wrapped line or after an abbreviation; only
/// terminal punctuation (before any closing quotes or brackets) that does
/// not close an abbreviation ends one.
fn ends_sentence(seg: &str) -> bool {
    let trimmed = seg
        .trim_end()
        .trim_end_matches(|c: char| is_quote(c) || matches!(c, '"' | ')' | ']'));
    if trimmed.ends_with(['!', '?', '…', ':', ';']) {
        return true;
    }
    let Some(body) = trimmed.strip_suffix('.') else {
        return false;
    };
    // The last word, looked for in the last few bytes only: `body` grows
    // with every segment that did not end the sentence, and scanning all of
    // it each time would be quadratic on a long run of "Dr. Dr. Dr. ...".
    let window = floor_char_boundary(body, body.len().saturating_sub(MAX_WORD_LOOKED_AT));
    let is_separator = |c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"';
    let last_word = body[window..].rsplit(is_separator).next().unwrap_or("");
    let before = &body[..body.len() - last_word.len()];
    if window > 0 && !before.ends_with(is_separator) {
        return true; // a word longer than any abbreviation or list number
    }
    let lower = last_word.to_lowercase();
    let single_initial = lower.chars().count() == 1 && lower.chars().all(char::is_alphabetic);
    let list_number = last_word.bytes().all(|b| b.is_ascii_digit())
        && before.chars().rev().all(char::is_whitespace);
    !(ABBREVIATIONS.contains(&lower.as_str()) || single_initial || list_number)
}

/// Longest word, in bytes, that [`ends_sentence`] looks at as a possible
/// abbreviation, initial or list number.
const MAX_WORD_LOOKED_AT: usize = 24;

fn trim(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.start + s.trim_end().len();
    (start < end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let para = paragraph_at(text, pos);
            out.extend(sentences(text, para.clone()).into_iter().map(|r| &text[r]));
            pos = para.end + 1;
        }
        out
    }

    #[test]
    fn abbreviations_numbers_and_quotes_stay_whole() {
        let text = "Dr. Lee gives 0.5 mg/kg over 40 min. in the U.S. for adults, e.g. Ann. Relief in 1–3 days. “It helped.” Done";
        assert_eq!(
            split(text),
            vec![
                "Dr. Lee gives 0.5 mg/kg over 40 min. in the U.S. for adults, e.g. Ann.",
                "Relief in 1–3 days.",
                "“It helped.”",
                "Done"
            ]
        );
    }

    #[test]
    fn headings_bullets_and_buttons_are_their_own_sentences() {
        let text = "Why Ketamine Works\nIt acts on glutamate — not serotonin.\n• Fast relief\n- Safe for all\n✅ Proven results\n3. Book now\nBook a Call";
        assert_eq!(
            split(text),
            vec![
                "Why Ketamine Works",
                "It acts on glutamate — not serotonin.",
                "• Fast relief",
                "- Safe for all",
                "✅ Proven results",
                "3. Book now",
                "Book a Call"
            ]
        );
    }

    #[test]
    fn wrapped_lines_join_and_blank_lines_split_paragraphs() {
        let text = "Ketamine is not approved\nfor depression in adults.\n\nSecond paragraph.";
        assert_eq!(paragraph_at(text, 3), 0..50);
        assert_eq!(
            split(text),
            vec![
                "Ketamine is not approved\nfor depression in adults.",
                "Second paragraph."
            ]
        );
    }

    #[test]
    fn blank_lines_with_spaces_and_crlf_split_paragraphs() {
        let text = "One.\r\n  \r\nTwo.";
        assert_eq!(paragraph_at(text, 0), 0..5);
        assert_eq!(paragraph_at(text, text.len() - 1), 10..14);
    }
}
