//! Footnote markers and reference notes belong to the sentence they follow.
//!
//! A source counts for a claim only when it is the claim's own: in its
//! sentence, or in a marker or note right after it (`...relief.[3]`,
//! `...relief.²`, `...relief.3 Ketamine is...`, `...relief. (Lee et al.,
//! 2021) Book now.`). Unicode segmentation gets these wrong in two ways:
//! a number glued to a period joins the next sentence to this one (SB6
//! keeps "0.5" whole, and so "visits.1 Fibromyalgia is ..." too), so a marker
//! would vouch for the next sentence's claim; and a superscript or a
//! parenthetical after the space starts the next sentence, so the claim it
//! cites looks unsourced. Here the marker is cut loose from what follows and
//! given to the sentence before.
//!
//! Both fixes are local to a sentence end and need no more text than the
//! sentences themselves, so segmenting a stretch alone (as
//! [`super::Sentences`] does) gives the same answer as the whole paragraph.

use std::ops::Range;

/// Longest bracketed marker (`[12]`, `[^fda-2018]`) taken for a note.
const MAX_BRACKETED: usize = 40;
/// Longest parenthetical taken for a reference note.
const MAX_PARENTHETICAL: usize = 120;

/// Give the footnote markers among `out[from..]` (sentences of `text`, in
/// order) to the sentences they follow.
pub(super) fn attach(text: &str, out: &mut Vec<Range<usize>>, from: usize) {
    if out.len() == from {
        return;
    }
    let mut fixed = Vec::with_capacity(out.len() - from);
    for sentence in out.drain(from..) {
        split_after_glued_notes(text, sentence, &mut fixed);
    }
    let mut kept: Vec<Range<usize>> = Vec::with_capacity(fixed.len());
    for mut sentence in fixed {
        if let Some(prev) = kept.last_mut() {
            if ends_with_terminal(&text[prev.clone()]) {
                if let Some(len) = leading_note(&text[sentence.clone()]) {
                    prev.end = sentence.start + len;
                    let rest = &text[prev.end..sentence.end];
                    sentence.start = sentence.end - rest.trim_start().len();
                }
            }
        }
        if sentence.start < sentence.end {
            kept.push(sentence);
        }
    }
    out.extend(kept);
}

/// Push `sentence`, cut after each note glued to terminal punctuation that
/// is followed by a space and then anything but a lower-case letter.
fn split_after_glued_notes(text: &str, mut sentence: Range<usize>, out: &mut Vec<Range<usize>>) {
    loop {
        let s = &text[sentence.clone()];
        let Some(cut) = glued_note_end(s) else {
            break;
        };
        let rest = &s[cut..];
        let next = sentence.end - rest.trim_start().len();
        out.push(sentence.start..sentence.start + cut);
        sentence.start = next;
    }
    if sentence.start < sentence.end {
        out.push(sentence);
    }
}

/// The end of the first note glued to a sentence end inside `s` ("pain.3
/// Ketamine", `it.[4] Call`, "relief.¹ Book"): terminal punctuation after a
/// letter or a closing mark, the marker, then a space and no lower-case
/// letter. `None` where there is none before the end of `s`.
fn glued_note_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(k) = bytes[i..]
        .iter()
        .position(|b| matches!(b, b'.' | b'!' | b'?'))
    {
        let p = i + k;
        i = p + 1;
        let before = s[..p].chars().next_back();
        if !before.is_some_and(|c| c.is_alphabetic() || matches!(c, ')' | '%' | '"' | '”' | '’'))
        {
            continue;
        }
        let after = &s[p + 1..];
        let len = marker_len(after).or_else(|| digits_len(after));
        let Some(len) = len else {
            continue;
        };
        let rest = &after[len..];
        let trimmed = rest.trim_start();
        if trimmed.len() < rest.len()
            && !trimmed.starts_with(char::is_lowercase)
            && !trimmed.is_empty()
        {
            return Some(p + 1 + len);
        }
    }
    None
}

/// Whether `s` ends with terminal punctuation, before closing quotes and
/// brackets.
fn ends_with_terminal(s: &str) -> bool {
    s.trim_end_matches(['"', '\'', ')', ']', '’', '”', '»'])
        .ends_with(['.', '!', '?'])
}

/// The length of a note that opens `s`: a marker, or a parenthetical that
/// reads like a reference (a year, "et al", a DOI), followed by a space or
/// the end.
fn leading_note(s: &str) -> Option<usize> {
    let len = marker_len(s).or_else(|| reference_len(s))?;
    let rest = &s[len..];
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(len)
}

/// The length of a footnote marker that opens `s`: superscript digits
/// ("²", "¹,³") or a short bracketed number or footnote name (`[4]`,
/// "[1, 2]", "[^fda-2018]").
fn marker_len(s: &str) -> Option<usize> {
    let superscripts = s
        .char_indices()
        .take_while(|&(_, c)| is_superscript(c) || c == ',')
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(len) = superscripts.filter(|_| s.starts_with(is_superscript)) {
        return Some(len);
    }
    let inner = s.strip_prefix('[')?;
    let close = inner.find(']').filter(|&c| c <= MAX_BRACKETED)?;
    let body = &inner[..close];
    let numbered = body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | ' ' | '-' | '–'));
    let named = body.starts_with('^') && !body.contains(char::is_whitespace);
    (numbered || named).then_some(close + 2)
}

/// The length of a footnote number glued to a period: one to three digits,
/// and more after commas or dashes ("3", "1,2", "4-6").
fn digits_len(s: &str) -> Option<usize> {
    let mut len = 0;
    loop {
        let run = s[len..].bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=3).contains(&run) {
            return None;
        }
        len += run;
        match s[len..].chars().next() {
            Some(c @ (',' | '-' | '–'))
                if s[len + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit()) =>
            {
                len += c.len_utf8();
            }
            _ => return Some(len),
        }
    }
}

/// The length of a parenthetical reference that opens `s`: "(Lee et al.,
/// 2021)", "(Journal of X, 2019)", "(doi:10.1/x)".
fn reference_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('(')?;
    let close = inner.find(')').filter(|&c| c <= MAX_PARENTHETICAL)?;
    let body = &inner[..close];
    let year = body.as_bytes().windows(4).any(|w| {
        (w.starts_with(b"19") || w.starts_with(b"20")) && w.iter().all(u8::is_ascii_digit)
    });
    let lower = body.to_ascii_lowercase();
    (year || lower.contains("et al") || lower.contains("doi")).then_some(close + 2)
}

fn is_superscript(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹')
}

#[cfg(test)]
mod tests {
    use super::super::sentences;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn a_number_glued_to_a_period_ends_its_sentence() {
        assert_eq!(
            split("It affects 20% of visits.1  Fibro is common."),
            ["It affects 20% of visits.1", "Fibro is common."]
        );
        assert_eq!(
            split("It acts on GABA.2  A review found relief.3,4  Ketamine helps."),
            [
                "It acts on GABA.2",
                "A review found relief.3,4",
                "Ketamine helps."
            ]
        );
        assert_eq!(
            split("Studies show it works.[4] Call us. See [^fda-2018] too."),
            [
                "Studies show it works.[4]",
                "Call us.",
                "See [^fda-2018] too."
            ]
        );
    }

    #[test]
    fn a_marker_or_reference_after_the_space_joins_the_sentence_before() {
        assert_eq!(
            split("Studies show it works.² Call us."),
            ["Studies show it works.²", "Call us."]
        );
        assert_eq!(
            split("Studies show it works. (Lee et al., 2020) Call us."),
            ["Studies show it works. (Lee et al., 2020)", "Call us."]
        );
        assert_eq!(split("It works. [1, 2]"), ["It works. [1, 2]"]);
    }

    #[test]
    fn decimals_numbers_in_prose_and_asides_are_left_alone() {
        assert_eq!(
            split("Give 0.5 mg/kg over 40 minutes. Then rest."),
            ["Give 0.5 mg/kg over 40 minutes.", "Then rest."]
        );
        assert_eq!(
            split("It works.3 patients said so."),
            ["It works.3 patients said so."]
        );
        assert_eq!(
            split("Call us. (We answer every day.) Then book."),
            ["Call us.", "(We answer every day.)", "Then book."]
        );
        assert_eq!(
            split("See version 2.0 Beta for details."),
            ["See version 2.0 Beta for details."]
        );
    }
}
