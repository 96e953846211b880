//! Clauses: the parts of a sentence that each say one thing.
//!
//! "Spravato is FDA-approved for depression, but ketamine is not" makes two
//! statements about two drugs; a condition that asks "is Spravato named?"
//! must look in the clause of the match, not the whole sentence, or the
//! true half would excuse (or condemn) the other. A clause ends at a
//! semicolon, a colon or a spaced dash, and before a conjunction that opens
//! a new statement: "but", "whereas", "while", "although", "though" (with or
//! without a comma), or "and", "so", "yet", "because", "since" after a
//! comma. A plain comma does not end one: lists ("fast, safe, effective")
//! and asides stay with their clause.

use std::ops::Range;

/// Conjunctions that open a clause wherever they stand.
const ALWAYS: &[&str] = &["but", "whereas", "while", "although", "though"];
/// Conjunctions that open a clause after a comma (without one, "and" joins
/// words: "safe and effective").
const AFTER_COMMA: &[&str] = &["and", "so", "yet", "because", "since"];

/// The clause boundaries of one sentence, found once: each match in it
/// then finds its clause by a binary search, not by a walk from the
/// sentence's start (40,000 matches in a sentence of 500 kB took minutes).
pub(crate) struct Clauses {
    sentence: Range<usize>,
    bounds: Vec<Range<usize>>,
}

impl Clauses {
    pub(crate) fn new(text: &str, sentence: Range<usize>) -> Clauses {
        Clauses {
            bounds: boundaries(text, sentence.clone()).collect(),
            sentence,
        }
    }

    /// The sentence whose clauses these are.
    pub(crate) fn sentence(&self) -> &Range<usize> {
        &self.sentence
    }

    /// The clause that holds `span`, widened to cover the span where a
    /// boundary falls inside it.
    pub(crate) fn at(&self, span: &Range<usize>) -> Range<usize> {
        let mut start = self.sentence.start.min(span.start);
        let mut end = self.sentence.end.max(span.end);
        // Boundaries come in order and do not overlap: those before the
        // span are a prefix.
        let before = self.bounds.partition_point(|b| b.end <= span.start);
        if let Some(b) = before.checked_sub(1).map(|i| &self.bounds[i]) {
            start = start.max(b.end);
        }
        if let Some(b) = self.bounds[before..].iter().find(|b| b.start >= span.end) {
            end = end.min(b.start);
        }
        start..end
    }
}

/// The clause boundaries of `sentence`, in order: each a range of `text`
/// that belongs to neither clause (the punctuation, or the space and
/// comma before a conjunction, which stays with the clause it opens).
fn boundaries(text: &str, sentence: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let s = &text[sentence.clone()];
    let bytes = s.as_bytes();
    let base = sentence.start;
    s.char_indices().filter_map(move |(i, c)| {
        let next = s[i + c.len_utf8()..].chars().next();
        let spaced = |n: Option<char>| n.is_some_and(char::is_whitespace);
        let prev = s[..i].chars().next_back();
        let at = |len: usize| Some(base + i..base + i + len);
        match c {
            ';' => at(1),
            ':' if spaced(next) => at(1),
            '—' => at(c.len_utf8()),
            '–' | '-' if spaced(prev) && spaced(next) => at(c.len_utf8()),
            c if c.is_whitespace() && i > 0 => {
                let word = word_after(s, i + 1)?;
                let comma = bytes[..i].last() == Some(&b',');
                let opens = ALWAYS.iter().any(|w| w.eq_ignore_ascii_case(word))
                    || (comma && AFTER_COMMA.iter().any(|w| w.eq_ignore_ascii_case(word)));
                opens.then(|| base + i - usize::from(comma)..base + i + 1)
            }
            _ => None,
        }
    })
}

/// The word that starts at byte `i` of `s` (ASCII letters), if a word
/// starts there.
fn word_after(s: &str, i: usize) -> Option<&str> {
    let rest = s.get(i..)?;
    let len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let after = rest[len..].chars().next();
    (len > 0 && !after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '\''))
        .then(|| &rest[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clause of the first occurrence of `needle` in `text` (one sentence).
    fn clause<'a>(text: &'a str, needle: &str) -> &'a str {
        let at = text.find(needle).unwrap();
        &text[Clauses::new(text, 0..text.len()).at(&(at..at + needle.len()))]
    }

    #[test]
    fn conjunctions_and_punctuation_end_a_clause() {
        let s = "Spravato is FDA-approved for depression, and the FDA approves ketamine for PTSD.";
        assert_eq!(
            clause(s, "FDA-approved"),
            "Spravato is FDA-approved for depression"
        );
        assert_eq!(
            clause(s, "approves"),
            "and the FDA approves ketamine for PTSD."
        );
        let s = "It eases pain; it is not a cure: ask us — or your doctor.";
        assert_eq!(clause(s, "pain"), "It eases pain");
        assert_eq!(clause(s, "cure"), " it is not a cure");
        assert_eq!(clause(s, "doctor"), " or your doctor.");
        let s = "You relax in a safe room while the ketamine works but results vary.";
        assert_eq!(clause(s, "safe"), "You relax in a safe room");
        assert_eq!(clause(s, "works"), "while the ketamine works");
    }

    #[test]
    fn lists_asides_and_joined_words_stay_in_one_clause() {
        let s = "Fast, safe and effective, ketamine works - sometimes.";
        assert_eq!(
            clause(s, "effective"),
            "Fast, safe and effective, ketamine works "
        );
        let s = "Doses at 10:30, butter-free snacks, andante music.";
        assert_eq!(clause(s, "snacks"), s);
    }

    #[test]
    fn a_match_across_a_boundary_keeps_its_whole_span() {
        let s = "It is approved; for depression it is not.";
        assert_eq!(
            clause(s, "approved; for depression"),
            "It is approved; for depression it is not."
        );
    }
}
