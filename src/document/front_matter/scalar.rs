//! Which source bytes each character of a front-matter string came from.
//!
//! The parsers give a string's value and the source range of the whole
//! string. The copy of a field is built from the source, line by line:
//! each line's text, trimmed, is a run whose bytes are the source's
//! (linear); an escape (`\"`, `\u00e9`, YAML's `''`) is a run of its own
//! (atomic); the line break between two lines is a space standing for the
//! break and the indentation after it, and one or more blank lines end a
//! paragraph. Runs made this way are checked against the parser's value:
//! if their words are not the value's words (a construct this walk does
//! not foresee), the field is left out rather than given inexact spans.

use std::borrow::Cow;
use std::ops::Range;

/// How a string writes characters it cannot hold as themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Escapes {
    /// No escapes: YAML plain and block scalars, TOML literal strings.
    None,
    /// Backslash escapes and line continuations: YAML double-quoted,
    /// TOML basic strings.
    Backslash,
    /// `''` for `'`: YAML single-quoted.
    DoubledQuote,
}

/// One run of a field's copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// Text standing for these source bytes.
    Text(Range<usize>, Cow<'static, str>),
    /// A blank line inside the value: the end of a paragraph.
    Paragraph,
}

/// The runs of a string whose content (between its quotes, if any) is
/// `source[content]` and whose value, as the parser read it, is `value`.
/// `None` if the two cannot be lined up.
pub(crate) fn parts(
    source: &str,
    content: Range<usize>,
    escapes: Escapes,
    value: &str,
) -> Option<Vec<Part>> {
    let text = source.get(content.clone())?;
    let mut parts = Vec::new();
    // Where the last line with text ended, and whether it ended with a
    // line continuation (a backslash before the line break).
    let mut last: Option<(usize, bool)> = None;
    let mut blank_lines = 0usize;
    let mut line_start = content.start;
    for line in text.split('\n') {
        let start = line_start;
        line_start += line.len() + 1;
        let trimmed = line.trim_matches([' ', '\t', '\r']);
        if trimmed.is_empty() {
            blank_lines += usize::from(last.is_some());
            continue;
        }
        let lead = line.len() - line.trim_start_matches([' ', '\t', '\r']).len();
        let mut from = start + lead;
        let mut to = from + trimmed.len();
        let continued = escapes == Escapes::Backslash && ends_with_continuation(trimmed);
        if continued {
            to -= 1;
        }
        match last {
            // A continuation joins the lines with nothing between.
            Some((_, true)) => {}
            Some(_) if blank_lines > 0 => parts.push(Part::Paragraph),
            Some((end, false)) => parts.push(Part::Text(end..from, Cow::Borrowed(" "))),
            None => {}
        }
        blank_lines = 0;
        while from < to {
            let (run, decoded) = next_run(source, from, to, escapes)?;
            parts.push(Part::Text(from..run, decoded));
            from = run;
        }
        last = Some((to, continued));
    }
    let copy: String = parts
        .iter()
        .map(|p| match p {
            Part::Text(_, t) => t.as_ref(),
            Part::Paragraph => " ",
        })
        .collect();
    copy.split_whitespace()
        .eq(value.split_whitespace())
        .then_some(parts)
}

/// Whether a line ends with a backslash that escapes the line break (an
/// odd number of backslashes).
fn ends_with_continuation(line: &str) -> bool {
    let backslashes = line.len() - line.trim_end_matches('\\').len();
    backslashes % 2 == 1
}

/// The run of text from `from` (before `to`): plain text up to the next
/// escape, or one escape, and what it decodes to.
fn next_run(
    source: &str,
    from: usize,
    to: usize,
    escapes: Escapes,
) -> Option<(usize, Cow<'static, str>)> {
    let rest = source.get(from..to)?;
    let special = match escapes {
        Escapes::None => None,
        Escapes::Backslash => Some('\\'),
        Escapes::DoubledQuote => Some('\''),
    };
    let at = special.and_then(|c| rest.find(c)).unwrap_or(rest.len());
    if at > 0 {
        return Some((from + at, Cow::Owned(rest[..at].to_string())));
    }
    if escapes == Escapes::DoubledQuote {
        return rest
            .starts_with("''")
            .then_some((from + 2, Cow::Borrowed("'")));
    }
    let (len, decoded) = backslash_escape(rest)?;
    Some((from + len, decoded))
}

/// The backslash escape that starts `text`: its length and what it stands
/// for. YAML's and TOML's escapes (TOML's are a subset). `None` for an
/// escape neither has.
fn backslash_escape(text: &str) -> Option<(usize, Cow<'static, str>)> {
    let mut chars = text.chars();
    chars.next().filter(|&c| c == '\\')?;
    let c = chars.next()?;
    let digits = match c {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => {
            let decoded = match c {
                '0' => '\0',
                'a' => '\x07',
                'b' => '\x08',
                't' | '\t' => '\t',
                'n' => '\n',
                'v' => '\x0b',
                'f' => '\x0c',
                'r' => '\r',
                'e' => '\x1b',
                ' ' => ' ',
                '"' => '"',
                '/' => '/',
                '\\' => '\\',
                'N' => '\u{85}',
                '_' => '\u{a0}',
                'L' => '\u{2028}',
                'P' => '\u{2029}',
                _ => return None,
            };
            return Some((1 + c.len_utf8(), Cow::Owned(decoded.to_string())));
        }
    };
    let hex = text.get(2..2 + digits)?;
    let code = u32::from_str_radix(hex, 16).ok()?;
    let decoded = char::from_u32(code)?;
    Some((2 + digits, Cow::Owned(decoded.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each run as (source text, copy), paragraphs as ("", "¶").
    fn runs(source: &str, escapes: Escapes, value: &str) -> Option<Vec<(String, String)>> {
        let all = 0..source.len();
        Some(
            parts(source, all, escapes, value)?
                .into_iter()
                .map(|p| match p {
                    Part::Text(r, t) => (source[r].to_string(), t.into_owned()),
                    Part::Paragraph => (String::new(), "¶".to_string()),
                })
                .collect(),
        )
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|&(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn folded_lines_and_paragraphs() {
        let source = "Calm care\n   for  everyone\n\n  second para";
        assert_eq!(
            runs(
                source,
                Escapes::None,
                "Calm care for  everyone\nsecond para"
            ),
            Some(pairs(&[
                ("Calm care", "Calm care"),
                ("\n   ", " "),
                ("for  everyone", "for  everyone"),
                ("", "¶"),
                ("second para", "second para"),
            ]))
        );
    }

    #[test]
    fn escapes_are_runs_of_their_own() {
        let source = r#"Caf\u00e9 \"cures\" \\ it\x21"#;
        assert_eq!(
            runs(source, Escapes::Backslash, r#"Café "cures" \ it!"#),
            Some(pairs(&[
                ("Caf", "Caf"),
                (r"\u00e9", "é"),
                (" ", " "),
                (r#"\""#, "\""),
                ("cures", "cures"),
                (r#"\""#, "\""),
                (" ", " "),
                (r"\\", "\\"),
                (" it", " it"),
                (r"\x21", "!"),
            ]))
        );
        assert_eq!(
            runs("it''s", Escapes::DoubledQuote, "it's"),
            Some(pairs(&[("it", "it"), ("''", "'"), ("s", "s")]))
        );
    }

    #[test]
    fn a_line_continuation_joins_without_a_space() {
        let source = "safe and \\\n   effective, always\\\n  safe";
        assert_eq!(
            runs(source, Escapes::Backslash, "safe and effective, alwayssafe"),
            Some(pairs(&[
                ("safe and ", "safe and "),
                ("effective, always", "effective, always"),
                ("safe", "safe"),
            ]))
        );
    }

    #[test]
    fn text_that_does_not_line_up_with_the_value_is_left_out() {
        assert_eq!(runs("abc", Escapes::None, "abd"), None);
        // An escape neither YAML nor TOML has.
        assert_eq!(runs(r"a \q b", Escapes::Backslash, "a q b"), None);
        assert_eq!(runs(r"bad \u12", Escapes::Backslash, "bad"), None);
    }
}
