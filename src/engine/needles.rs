//! Literals a pattern cannot match without: the needles of the scan.
//!
//! Every match of `\b(?:cures?|heals?)\s+(?:your\s+)?depression` begins with
//! "cure", "cures", "heal" or "heals" and ends with "depression". A search
//! for a handful of such literals (one Aho-Corasick automaton, built whole
//! when the linter compiles) tells the paragraphs where a pattern may
//! match, as a lazy DFA of all the patterns at once does, but at a cost
//! that does not grow with the text: that DFA computes a new state every
//! few bytes of text it has not seen (each one a set of threads of hundreds
//! of patterns), so a fresh page cost 25,000 instructions a byte.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::cmp::Reverse;

use regex_syntax::hir::{Hir, HirKind, Look};

/// The shortest needle worth searching for: shorter ones ("a", "is") are in
/// every paragraph.
const MIN_LEN: usize = 3;

/// The most needles for one pattern (`(?:a|b|c)(?:d|e|f)` is nine).
const MAX_NEEDLES: usize = 128;

/// Which end of a match its needles are at.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Side {
    /// Every match begins with one of the needles.
    Prefix,
    /// Every match ends with one of the needles.
    Suffix,
}

/// The needles of a pattern: literals one of which every match holds,
/// each the start of a match of `part` (or its end: `side`), where `part`
/// is the pattern itself or, when its ends have no needles, a part of it
/// in sequence that every match holds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Needles {
    pub(crate) side: Side,
    pub(crate) at: Vec<Vec<u8>>,
    pub(crate) part: Option<Hir>,
}

/// The needles of `hir`: the literals that begin or end every match,
/// whichever set has the longer shortest literal (then the fewer
/// literals). Where neither will do, each of the parts in sequence of the
/// pattern (`a`, `b`, `c` in `abc`) splits it in two, and the literals that
/// begin every match of the second half (`bc`), or end every match of the
/// first (`ab`), are needles of it too. `None` when no set is finite, small
/// and made of literals of at least [`MIN_LEN`] letters.
pub(crate) fn necessary(hir: &Hir) -> Option<Needles> {
    let best = |halves: Vec<(Side, Option<Hir>)>, clinic: bool, class: usize| {
        (halves.into_iter())
            .filter_map(|(side, part)| {
                let at = literals(side, part.as_ref().unwrap_or(hir), clinic, class)?;
                Some((at, side, part))
            })
            .max_by_key(|(at, ..)| rank(at))
    };
    let ends = || vec![(Side::Prefix, None), (Side::Suffix, None)];
    // A clinic word is a needle only where nothing else is, and so is a
    // class of up to ten characters spelled out (each digit of `[0-9]`).
    let (at, side, part) = (best(ends(), true, 1))
        .or_else(|| best(halves(hir), true, 1))
        .or_else(|| best(ends(), false, 1))
        .or_else(|| best(ends(), false, 10))?;
    Some(Needles { side, at, part })
}

/// The branches of `hir`, one of which every match is a match of: its
/// own, or, for a sequence of look-arounds and one alternation
/// (`\b(?:a|b)\b`), each branch between the look-arounds.
pub(crate) fn branches(hir: &Hir) -> Vec<Hir> {
    let inner = uncaptured(hir);
    let parts = match inner.kind() {
        HirKind::Concat(parts) => parts.as_slice(),
        _ => std::slice::from_ref(inner),
    };
    let is_look = |h: &Hir| matches!(h.kind(), HirKind::Look(_));
    let mut alternations = parts.iter().enumerate().filter(|(_, h)| !is_look(h));
    let (Some((j, alternation)), None) = (alternations.next(), alternations.next()) else {
        return vec![hir.clone()];
    };
    let HirKind::Alternation(branches) = uncaptured(alternation).kind() else {
        return vec![hir.clone()];
    };
    // Each branch's sequence copies the look-arounds, not the whole
    // alternation: a pattern of hundreds of branches would copy it hundreds
    // of times (1.5 s to compile the huge-alternations pack of
    // `benches/hostile_packs.rs`).
    (branches.iter())
        .map(|b| {
            let parts = (parts.iter().enumerate())
                .map(|(k, part)| if k == j { b.clone() } else { part.clone() })
                .collect();
            Hir::concat(parts)
        })
        .collect()
}

/// Whether every match of `hir` has a word boundary at its `side` end
/// (`\bcure` at its start): a needle there that begins (ends) with a
/// letter is then found only where the letter begins (ends) a word, and
/// "men" inside "treatment" is no place to search from.
pub(crate) fn bounded(hir: &Hir, side: Side) -> bool {
    let hir = uncaptured(hir);
    let end = match hir.kind() {
        HirKind::Concat(parts) => match side {
            Side::Prefix => parts.first(),
            Side::Suffix => parts.last(),
        },
        _ => Some(hir),
    };
    end.is_some_and(|h| match uncaptured(h).kind() {
        HirKind::Look(Look::WordAscii) => true,
        HirKind::Look(Look::WordStartAscii) => side == Side::Prefix,
        HirKind::Look(Look::WordEndAscii) => side == Side::Suffix,
        HirKind::Alternation(branches) => branches.iter().all(|b| bounded(b, side)),
        HirKind::Concat(_) => bounded(h, side),
        _ => false,
    })
}

/// `hir` without the capture groups around it.
fn uncaptured(mut hir: &Hir) -> &Hir {
    while let HirKind::Capture(c) = hir.kind() {
        hir = &c.sub;
    }
    hir
}

/// The halves of `hir` split between two of its parts in sequence: each
/// second half, then each first.
fn halves(hir: &Hir) -> Vec<(Side, Option<Hir>)> {
    let HirKind::Concat(parts) = uncaptured(hir).kind() else {
        return Vec::new();
    };
    let n = parts.len();
    // A half that begins (ends) with a class of several characters has no
    // needles at that end (a class ends a needle): not built.
    let second = (1..n)
        .filter(|&j| !is_wide_class(&parts[j]))
        .map(|j| (Side::Prefix, Some(Hir::concat(parts[j..].to_vec()))));
    let first = (1..n)
        .filter(|&j| !is_wide_class(&parts[j - 1]))
        .map(|j| (Side::Suffix, Some(Hir::concat(parts[..j].to_vec()))));
    second.chain(first).collect()
}

/// Whether `hir` is a class of more than one character, or one or more of
/// one (`\s+`).
fn is_wide_class(hir: &Hir) -> bool {
    match uncaptured(hir).kind() {
        HirKind::Class(c) => !c.is_empty() && c.literal().is_none(),
        HirKind::Repetition(r) => r.min > 0 && is_wide_class(&r.sub),
        _ => false,
    }
}

/// The literals that begin (or end) every match of `hir`, if they are a
/// small set of at least [`MIN_LEN`] letters each; a class of more than
/// `class` characters ends a literal.
fn literals(side: Side, hir: &Hir, clinic: bool, class: usize) -> Option<Vec<Vec<u8>>> {
    let kind = match side {
        Side::Prefix => ExtractKind::Prefix,
        Side::Suffix => ExtractKind::Suffix,
    };
    // With `class` 1, a class ends a needle: `ketamine[ \t\xA0]+therapy`
    // has one, "ketamine", not three (one for each space); the automaton of
    // all needles compiles in half the time, for a few per cent more work
    // in the scan.
    let mut extractor = Extractor::new();
    extractor
        .kind(kind)
        .limit_total(MAX_NEEDLES)
        .limit_class(class);
    let mut seq = extractor.extract(hir);
    seq.dedup();
    let literals: Vec<Vec<u8>> = (seq.literals()?.iter())
        .map(|l| l.as_bytes().to_vec())
        .collect();
    let shortest = literals.iter().map(|l| letters(l, clinic)).min()?;
    (shortest >= MIN_LEN && literals.len() <= MAX_NEEDLES).then_some(literals)
}

/// The longer shortest literal, then the fewer of the words in most
/// sentences of a clinic page ([`FREQUENT`]), then the fewer literals.
fn rank(literals: &[Vec<u8>]) -> (Option<usize>, Reverse<usize>, Reverse<usize>) {
    (
        literals.iter().map(|l| letters(l, true)).min(),
        Reverse(literals.iter().filter(|l| is_one_of(FREQUENT, l)).count()),
        Reverse(literals.len()),
    )
}

/// How many letters and digits `needle` has: the spaces around a word
/// ("the ", " in") make it no rarer, and one of the commonest words (and,
/// with `clinic`, of the clinic words) is worth one letter, and with
/// `clinic` one of the words in most sentences of a clinic page no more
/// than the shortest needle. A digit or a percent sign, rare in prose (a
/// few in a thousand bytes of clinic copy), makes a needle worth a word:
/// "3 in 4" is found by its digits.
fn letters(needle: &[u8], clinic: bool) -> usize {
    if is_one_of(COMMON, needle) || (clinic && is_one_of(CLINIC, needle)) {
        return 1;
    }
    if clinic && is_one_of(FREQUENT, needle) {
        return MIN_LEN;
    }
    let alphanumeric = needle.iter().filter(|b| b.is_ascii_alphanumeric()).count();
    let rare = needle.iter().any(|&b| b == b'%' || b.is_ascii_digit());
    match rare {
        true => alphanumeric.max(MIN_LEN),
        false => alphanumeric,
    }
}

/// Whether `needle` is one of `words`, the spaces around it aside.
fn is_one_of(words: &[&str], needle: &[u8]) -> bool {
    let word = needle.trim_ascii();
    words.iter().any(|w| w.as_bytes() == word)
}

/// Words of three letters or more in nearly every paragraph of English.
const COMMON: &[&str] = &[
    "the", "and", "for", "you", "your", "our", "are", "with", "this", "that", "can", "may", "has",
    "have", "not", "all", "its", "was", "were", "from", "they", "their", "will", "any", "more",
    "most", "some", "one", "who", "how", "what", "when", "but", "also", "been", "into",
];

/// Words on every line of the clinic pages the built-in packs are for (on
/// a page that sells ketamine therapy): a pattern that begins with one is
/// better found by its other end, or by a part.
const CLINIC: &[&str] = &["ketamine", "treatment", "treatments", "treat"];

/// Words in most sentences of a page about the conditions the packs are
/// for, if not on every line as [`CLINIC`]'s are: still needles, but worth
/// no more letters than the shortest, and of two sets that tie, the one
/// with fewer of them is searched for. A pattern that begins with "cures"
/// and ends with "depression" is found by "cures": on a clinic page the
/// searches from "depression" nearly all find nothing. (As common words
/// worth one letter, as [`CLINIC`]'s, they made the scan slower: their
/// patterns were then found by parts and by digits.)
const FREQUENT: &[&str] = &[
    "depression",
    "anxiety",
    "ptsd",
    "bipolar",
    "disorder",
    "disorders",
    "patient",
    "patients",
    "symptom",
    "symptoms",
    "side",
    "effect",
    "effects",
    "therapy",
    "infusion",
    "infusions",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn needles(pattern: &str) -> Option<Needles> {
        necessary(&regex_syntax::parse(pattern).unwrap())
    }

    fn strings(literals: &[Vec<u8>]) -> Vec<String> {
        (literals.iter())
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    }

    #[test]
    fn the_end_with_the_longer_literals_is_searched_for() {
        let n = needles(r"\bcures?\s+(?:your\s+)?insomnia\b").unwrap();
        assert_eq!(
            (n.side, strings(&n.at)),
            (Side::Suffix, vec!["insomnia".into()])
        );
        // A word on every line of a clinic page counts for little, but is
        // a needle where nothing else is.
        let n = needles(r"\bketamine\b").unwrap();
        assert_eq!(strings(&n.at), vec!["ketamine"]);
        let n = needles(r"\bketamine\s+heals\b").unwrap();
        assert_eq!(
            (n.side, strings(&n.at)),
            (Side::Suffix, vec!["heals".into()])
        );
        assert!(n.part.is_none());
        let n = needles(r"\bguaranteed\s+(?:results|relief)").unwrap();
        assert_eq!(
            (n.side, strings(&n.at)),
            (Side::Prefix, vec!["guaranteed".into()])
        );
    }

    #[test]
    fn a_word_in_most_sentences_of_a_clinic_page_is_a_needle_where_nothing_rarer_is() {
        // Longer than "cure", but in nearly every sentence of the page.
        let n = needles(r"\bcures?\s+(?:your\s+)?depression\b").unwrap();
        assert_eq!(n.side, Side::Prefix);
        assert!(strings(&n.at).iter().all(|s| s.starts_with("cure")));
        // Still a needle: the other end is a common word.
        let n = needles(r"\bthe\s+depression\b").unwrap();
        assert_eq!(
            (n.side, strings(&n.at)),
            (Side::Suffix, vec!["depression".into()])
        );
        // Where both ends' shortest needles are as long, the end without
        // such words is searched for.
        let n = needles(r"\b(?:new|old)\s+(?:patients|symptoms)\b").unwrap();
        assert_eq!(
            (n.side, strings(&n.at)),
            (Side::Prefix, vec!["new".into(), "old".into()])
        );
    }

    #[test]
    fn short_words_are_no_needles_but_a_percent_sign_or_a_digit_is() {
        assert_eq!(needles(r"\b(?:is|are)\s+(?:in|on)\b"), None);
        assert_eq!(needles(r"[a-z]+\s*(?:mg|ml)"), None);
        let n = needles(r"[0-9]+\s?%").unwrap();
        assert_eq!((n.side, strings(&n.at)), (Side::Suffix, vec!["%".into()]));
        // Only where nothing else is: each digit of a class is a needle.
        let n = needles(r"[0-9]+\s*(?:mg|ml)").unwrap();
        let digits: Vec<String> = (0..10).map(|d| d.to_string()).collect();
        assert_eq!((n.side, strings(&n.at)), (Side::Prefix, digits.clone()));
        // "3 in 4": "one" begins too many sentences; its end is a digit or
        // a number word.
        let n = needles(r"\b(?:[0-9]|one|two)\s+in\s+(?:[0-9]|ten|four)\b").unwrap();
        let mut want = digits;
        want.extend(["ten".into(), "four".into()]);
        assert_eq!((n.side, strings(&n.at)), (Side::Suffix, want));
    }

    #[test]
    fn an_alternation_between_look_arounds_is_its_branches() {
        let hir = regex_syntax::parse(r"\b(?:miracle|wonder)\b").unwrap();
        let got: Vec<String> = branches(&hir).iter().map(|b| b.to_string()).collect();
        let want =
            [r"\bmiracle\b", r"\bwonder\b"].map(|p| regex_syntax::parse(p).unwrap().to_string());
        assert_eq!(got, want);
        let hir = regex_syntax::parse(r"\b(?:miracle|wonder)\s+cure").unwrap();
        assert_eq!(branches(&hir), vec![hir]);
    }

    #[test]
    fn a_pattern_whose_ends_have_no_needles_is_found_by_a_part() {
        let n = needles(r"\b(?:a|an)\s+(?:[a-z]+\s+){0,2}breakthrough\s+(?:in|on)\b").unwrap();
        assert_eq!(strings(&n.at), vec!["breakthrough"]);
        let part = n.part.expect("a part");
        let part = regex_automata::meta::Regex::builder()
            .build_from_hir(&part)
            .unwrap();
        // The part begins (or ends) at the needle, wherever the pattern
        // matches.
        let text = "a real breakthrough in care";
        let m = part.find(text).unwrap();
        let needle = text.find("breakthrough").unwrap();
        match n.side {
            Side::Prefix => assert_eq!(m.start(), needle),
            Side::Suffix => assert_eq!(m.end(), needle + "breakthrough".len()),
        }
    }

    #[test]
    fn a_word_boundary_at_an_end_of_every_match_is_seen() {
        let bounded = |p: &str, side| bounded(&regex_syntax::parse(p).unwrap(), side);
        assert!(bounded(r"(?-u:\b)cures?", Side::Prefix));
        assert!(!bounded(r"(?-u:\b)cures?", Side::Suffix));
        assert!(bounded(
            r"(?:(?-u:\b)cure|(?-u:\b)heal)\s+it(?-u:\b)",
            Side::Prefix
        ));
        assert!(bounded(
            r"(?:(?-u:\b)cure|(?-u:\b)heal)\s+it(?-u:\b)",
            Side::Suffix
        ));
        // One branch without: not every match has one.
        assert!(!bounded(r"(?:(?-u:\b)cure|heal)", Side::Prefix));
        assert!(!bounded(r"(?:(?-u:\b)cure)?heal", Side::Prefix));
        // A Unicode boundary is not the ASCII one the scan checks.
        assert!(!bounded(r"\bcure", Side::Prefix));
    }
}
