//! The pattern dialect of rule files, translated to `regex-automata` syntax.
//!
//! Rule authors write ordinary `regex` syntax. Two rewrites keep their
//! patterns both fast and forgiving of web typography:
//! - `\b` and `\B` become ASCII word boundaries (`(?-u:\b)`). A Unicode word
//!   boundary stops the lazy DFA on non-ASCII text and costs 20-100x in
//!   throughput; for English copy the ASCII one gives the same answers.
//! - A straight apostrophe outside a character class also matches the curly
//!   one (`’`), which is what most CMSs publish.
//!
//! Phrases are literal text: they are escaped, and in addition a space matches
//! any run of whitespace and a hyphen matches a hyphen, a space or nothing
//! ("FDA-approved", "FDA approved"; "ground-breaking", "groundbreaking").

use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look,
};

/// Rewrite an author's pattern into the engine's syntax (see module docs).
pub(crate) fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') if class_depth == 0 => out.push_str(r"(?-u:\b)"),
                Some('B') if class_depth == 0 => out.push_str(r"(?-u:\B)"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            '\'' if class_depth == 0 => out.push_str("['’]"),
            _ => out.push(c),
        }
    }
    out
}

/// The regex for a literal phrase, whole words only (see module docs).
pub(crate) fn phrase(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len() * 2 + 20);
    if text.chars().next().is_some_and(is_ascii_word) {
        out.push_str(r"(?-u:\b)");
    }
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push_str(r"\s+");
            }
            in_space = true;
            continue;
        }
        in_space = false;
        match c {
            '\'' | '’' => out.push_str("['’]"),
            '-' => out.push_str(r"(?:[-‐‑]|\s+)?"),
            _ => out.push_str(&regex_syntax::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    if text.chars().last().is_some_and(is_ascii_word) {
        out.push_str(r"(?-u:\b)");
    }
    out
}

/// `hir` (parsed case-insensitively) with the Kelvin sign (K) and the long
/// s (ſ) taken out of the folded classes of "k" and "s": with them, an ASCII
/// letter is the only one whose case variants are not all ASCII. Without,
/// a pattern searched in the text as written matches the same letters as
/// one searched in the lower-cased view (see [`lowered`]). Neither
/// character appears in real copy.
pub(crate) fn ascii_letters_fold_in_ascii(hir: Hir) -> Hir {
    let exotic = |leaf: &HirKind| match leaf {
        HirKind::Class(Class::Unicode(c)) => {
            (c.ranges().iter()).any(|r| r.start() <= '\u{212A}' && '\u{17F}' <= r.end())
        }
        _ => false,
    };
    map_leaves(hir, &exotic, &|leaf| match leaf {
        HirKind::Class(Class::Unicode(c)) => {
            for (upper, lower, exotic) in [('K', 'k', '\u{212A}'), ('S', 's', '\u{17F}')] {
                let folded = [upper, lower, exotic].map(|c| ClassUnicodeRange::new(c, c));
                if c.ranges() == folded {
                    let ascii = ClassUnicode::new(folded.into_iter().take(2));
                    return Hir::class(Class::Unicode(ascii));
                }
            }
            Hir::class(Class::Unicode(c))
        }
        other => rebuild(other),
    })
}

/// `hir` with `leaf` applied to each literal and class that `changes` (and
/// given the other leaves, empty and look-around, to rebuild as they are).
/// Only the parts with such a leaf are rebuilt: rebuilding a whole pattern
/// (every `Hir::concat` normalizes its parts again) was a sixth of the
/// linter's compile time.
fn map_leaves(
    hir: Hir,
    changes: &impl Fn(&HirKind) -> bool,
    leaf: &impl Fn(HirKind) -> Hir,
) -> Hir {
    if !any_leaf(&hir, changes) {
        return hir;
    }
    let each = |parts: Vec<Hir>| {
        (parts.into_iter())
            .map(|h| map_leaves(h, changes, leaf))
            .collect()
    };
    match hir.into_kind() {
        HirKind::Repetition(mut r) => {
            r.sub = Box::new(map_leaves(*r.sub, changes, leaf));
            Hir::repetition(r)
        }
        HirKind::Capture(mut c) => {
            c.sub = Box::new(map_leaves(*c.sub, changes, leaf));
            Hir::capture(c)
        }
        HirKind::Concat(parts) => Hir::concat(each(parts)),
        HirKind::Alternation(parts) => Hir::alternation(each(parts)),
        other => leaf(other),
    }
}

/// Whether a leaf of `hir` satisfies `test`.
fn any_leaf(hir: &Hir, test: &impl Fn(&HirKind) -> bool) -> bool {
    match hir.kind() {
        HirKind::Repetition(r) => any_leaf(&r.sub, test),
        HirKind::Capture(c) => any_leaf(&c.sub, test),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            parts.iter().any(|h| any_leaf(h, test))
        }
        other => test(other),
    }
}

/// A leaf as it was.
fn rebuild(leaf: HirKind) -> Hir {
    match leaf {
        HirKind::Class(c) => Hir::class(c),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Look(l) => Hir::look(l),
        _ => Hir::empty(),
    }
}

/// Whether an author's pattern turns case-insensitivity on or off in part
/// (`(?-i:PRP)`): such a pattern is searched in the text as written, the
/// others in its lower-cased view (see [`lowered`]). Errs on the side of
/// `true` (an escaped `\(?i` counts).
pub(crate) fn sets_case_flag(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(i, _)| {
        let flags = pattern[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == '-');
        flags.into_iter().any(|c| c == 'i')
    })
}

/// A pattern in engine syntax, parsed case-sensitively, made to match the
/// text's lower-cased view (ASCII letters in lower case, every other byte as
/// written) exactly where the case-insensitive pattern matches the text:
/// ASCII letters in lower case, other letters as the class of their case
/// variants. Classes need nothing: the rule loader writes each one already
/// folded. Literals stay literals, which gives the regex engine literal
/// prefilters that case-insensitive classes (`[Kk]etamine`) defeat.
pub(crate) fn lowered(hir: Hir) -> Hir {
    // A literal of lower-case ASCII stays as it is.
    let cased = |leaf: &HirKind| match leaf {
        HirKind::Literal(l) => l.0.iter().any(|b| !b.is_ascii() || b.is_ascii_uppercase()),
        _ => false,
    };
    map_leaves(hir, &cased, &|leaf| match leaf {
        HirKind::Literal(l) => match String::from_utf8(l.0.into_vec()) {
            Ok(s) => {
                let mut parts = Vec::new();
                let mut run = String::new();
                for c in s.chars() {
                    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
                    if !c.is_ascii() {
                        class.case_fold_simple();
                    }
                    if c.is_ascii() || class.ranges().len() == 1 {
                        run.push(c.to_ascii_lowercase());
                        continue;
                    }
                    parts.push(Hir::literal(std::mem::take(&mut run).into_bytes()));
                    parts.push(Hir::class(Class::Unicode(class)));
                }
                parts.push(Hir::literal(run.into_bytes()));
                Hir::concat(parts)
            }
            Err(e) => Hir::literal(e.into_bytes()),
        },
        other => rebuild(other),
    })
}

/// `hir` (parsed case-insensitively, with the author's case flags) made
/// to match the text's lower-cased view wherever it matches the text as
/// written, and maybe elsewhere: every ASCII capital it would match, it
/// matches in lower case instead (the view has none). A necessary condition
/// of a pattern searched in the text as written, to be searched in the
/// lower-cased view (`(?-i:PRP)` becomes `prp`, and `[Tt]` `t`, a literal
/// the regex engine can skip ahead to).
pub(crate) fn relaxed(hir: Hir) -> Hir {
    let capitals = |leaf: &HirKind| match leaf {
        HirKind::Literal(l) => l.0.iter().any(u8::is_ascii_uppercase),
        HirKind::Class(Class::Unicode(c)) => {
            (c.ranges().iter()).any(|r| r.start() <= 'Z' && 'A' <= r.end())
        }
        HirKind::Class(Class::Bytes(c)) => {
            (c.ranges().iter()).any(|r| r.start() <= b'Z' && b'A' <= r.end())
        }
        _ => false,
    };
    map_leaves(hir, &capitals, &|leaf| match leaf {
        HirKind::Literal(l) => Hir::literal(l.0.to_ascii_lowercase()),
        HirKind::Class(Class::Unicode(mut c)) => {
            let lower: Vec<ClassUnicodeRange> = c
                .iter()
                .filter_map(|r| {
                    let (lo, hi) = (r.start().max('A'), r.end().min('Z'));
                    (lo <= hi).then(|| {
                        ClassUnicodeRange::new(lo.to_ascii_lowercase(), hi.to_ascii_lowercase())
                    })
                })
                .collect();
            c.union(&ClassUnicode::new(lower));
            c.difference(&ClassUnicode::new([ClassUnicodeRange::new('A', 'Z')]));
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(Class::Bytes(mut c)) => {
            let lower: Vec<ClassBytesRange> = c
                .iter()
                .filter_map(|r| {
                    let (lo, hi) = (r.start().max(b'A'), r.end().min(b'Z'));
                    (lo <= hi).then(|| {
                        ClassBytesRange::new(lo.to_ascii_lowercase(), hi.to_ascii_lowercase())
                    })
                })
                .collect();
            c.union(&ClassBytes::new(lower));
            c.difference(&ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]));
            Hir::class(Class::Bytes(c))
        }
        other => rebuild(other),
    })
}

/// `hir` with every class that holds many non-ASCII characters (`\w`,
/// `\pL`) widened to hold every one: it matches wherever `hir` does, and
/// compiles to a far smaller automaton (Unicode `\w` alone is hundreds of
/// UTF-8 states, "any non-ASCII character" a handful). For the scan that
/// only tells where a pattern may match.
pub(crate) fn widened(hir: Hir) -> Hir {
    /// Non-ASCII ranges a class keeps as they are.
    const KEPT_RANGES: usize = 4;
    let non_ascii = |c: &ClassUnicode| c.ranges().iter().filter(|r| !r.end().is_ascii()).count();
    let wide = |leaf: &HirKind| match leaf {
        HirKind::Class(Class::Unicode(c)) => non_ascii(c) > KEPT_RANGES,
        _ => false,
    };
    map_leaves(hir, &wide, &|leaf| match leaf {
        HirKind::Class(Class::Unicode(mut c)) => {
            if non_ascii(&c) > KEPT_RANGES {
                c.union(&ClassUnicode::new([ClassUnicodeRange::new(
                    '\u{80}',
                    char::MAX,
                )]));
            }
            Hir::class(Class::Unicode(c))
        }
        other => rebuild(other),
    })
}

/// Whether a pattern matches the empty text (and so would match everywhere).
///
/// Exact: every look-around assertion is decided as it is at offset 0 of an
/// empty haystack, with no character on either side.
pub(crate) fn matches_empty(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Literal(_) | HirKind::Class(_) => false,
        HirKind::Look(look) => matches!(
            look,
            Look::Start
                | Look::End
                | Look::StartLF
                | Look::EndLF
                | Look::StartCRLF
                | Look::EndCRLF
                | Look::WordAsciiNegate
                | Look::WordUnicodeNegate
                | Look::WordStartHalfAscii
                | Look::WordEndHalfAscii
                | Look::WordStartHalfUnicode
                | Look::WordEndHalfUnicode
        ),
        HirKind::Repetition(r) => r.min == 0 || matches_empty(&r.sub),
        HirKind::Capture(c) => matches_empty(&c.sub),
        HirKind::Concat(parts) => parts.iter().all(matches_empty),
        HirKind::Alternation(parts) => parts.iter().any(matches_empty),
    }
}

/// The names of a pattern's named groups (`(?P<name>...)`), which its
/// replacements may refer to; none if it does not parse.
pub(crate) fn group_names(pattern: &str) -> Vec<String> {
    fn walk(hir: &Hir, out: &mut Vec<String>) {
        match hir.kind() {
            HirKind::Capture(c) => {
                out.extend(c.name.as_deref().map(str::to_string));
                walk(&c.sub, out);
            }
            HirKind::Repetition(r) => walk(&r.sub, out),
            HirKind::Concat(parts) | HirKind::Alternation(parts) => {
                parts.iter().for_each(|p| walk(p, out));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(hir) = regex_syntax::ParserBuilder::new()
        .nest_limit(crate::engine::limits::REGEX_NEST_LIMIT)
        .build()
        .parse(pattern)
    {
        walk(&hir, &mut out);
    }
    out
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether the match `start..end` in `text` stands as whole words: no letter
/// or digit touches it on either side, nor does a hyphenated compound go on
/// ("miracle" is not found in "miracle-free"). The ASCII boundaries in the
/// compiled regex miss non-ASCII letters ("é"), so phrases are checked again
/// here.
pub(crate) fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let mut after = text[end..].chars();
    !continues_word(&mut before) && !continues_word(&mut after)
}

/// Whether the characters next to a match (nearest first) continue its word.
fn continues_word(next: &mut impl Iterator<Item = char>) -> bool {
    match next.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('-' | '‐' | '‑') => next.next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lower-cased view finds exactly what the case-insensitive pattern
    /// finds in the text as written.
    #[test]
    fn the_lowered_view_matches_where_case_insensitive_matching_does() {
        let patterns = [
            r"(?-u:\b)Ketamine\s+(?:cures?|HEALS)(?-u:\b)",
            r"(?-i:[\x{4B}\x{6B}])ETAMINE",
            r"élan\s+Vital",
            r"FDA(?:[-‐‑]|\s+)?approved",
        ];
        let texts = [
            "ketamine cures",
            "KETAMINE HEALS",
            "Ketamine Cure",
            "kETAMINE",
            "Élan VITAL",
            "ÉLAN vital",
            "fda‐Approved",
            "FDA approved",
            "fda approve",
        ];
        for p in patterns {
            let ci = regex_automata::meta::Regex::builder()
                .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
                .build(p)
                .expect("compiles");
            let cs = regex_syntax::Parser::new().parse(p).expect("parses");
            let low = regex_automata::meta::Regex::builder()
                .build_from_hir(&lowered(cs))
                .expect("compiles");
            for t in texts {
                let lower = t.to_ascii_lowercase();
                let want = ci.find(t).map(|m| m.range());
                assert_eq!(low.find(&lower).map(|m| m.range()), want, "{p} on {t}");
            }
        }
    }

    /// Folded case-insensitively, "k" and "s" match the Kelvin sign and the
    /// long s; in the text as written, as in the lower-cased view, they
    /// match only ASCII letters.
    #[test]
    fn ascii_letters_fold_in_ascii_only() {
        let folded = |p: &str| {
            let hir = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(p)
                .unwrap();
            regex_automata::meta::Regex::builder()
                .build_from_hir(&ascii_letters_fold_in_ascii(hir))
                .unwrap()
        };
        for (p, ascii, exotic) in [
            ("ketamine", "KETAMINE", "\u{212A}etamine"),
            ("s", "S", "\u{17F}"),
        ] {
            let re = folded(p);
            assert!(re.is_match(ascii), "{p}");
            assert!(!re.is_match(exotic), "{p}");
        }
        // Other letters keep their folds.
        assert!(folded("é").is_match("É"));
    }

    /// A pattern with case flags, relaxed, finds in the lower-cased view
    /// every match it has in the text as written (and some more).
    #[test]
    fn the_relaxed_pattern_matches_wherever_the_case_sensitive_one_does() {
        let patterns = [
            r"(?-i:PRP)",
            r"(?-i:[A-Z][a-z]+)\s+\((?:19|20)[0-9][0-9]\)",
            r"stem\s+(?-i:C)ells",
            r"(?-i:(?-u:[A-Z])x)",
        ];
        let texts = [
            "PRP injections",
            "prp injections",
            "Smith (2023)",
            "smith (2023)",
            "STEM Cells",
            "stem cells",
            "Ax",
            "ax",
        ];
        let mut found_more = false;
        for p in patterns {
            let exact = regex_automata::meta::Regex::builder()
                .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
                .build(p)
                .expect("compiles");
            let ci = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(p)
                .expect("parses");
            let relaxed = regex_automata::meta::Regex::builder()
                .build_from_hir(&relaxed(ci))
                .expect("compiles");
            for t in texts {
                let lower = t.to_ascii_lowercase();
                if let Some(m) = exact.find(t) {
                    let input =
                        regex_automata::Input::new(&lower).anchored(regex_automata::Anchored::Yes);
                    let at = relaxed.find(input.range(m.start()..)).map(|r| r.range());
                    assert_eq!(at, Some(m.range()), "{p} on {t}");
                } else {
                    found_more |= relaxed.is_match(&lower);
                }
            }
        }
        assert!(found_more, "the lower-case forms match only when relaxed");
    }

    /// Widened classes match wherever the exact ones do, with an automaton
    /// a fraction of the size.
    #[test]
    fn widened_classes_match_more_with_fewer_states() {
        let nfa_states = |hir: &Hir| {
            regex_automata::nfa::thompson::NFA::compiler()
                .build_from_hir(hir)
                .expect("compiles")
                .states()
                .len()
        };
        let mut more = false;
        for p in [
            r"cure\w*",
            r"(?:[\w-]+\s+){0,3}disease",
            r"\pL{2}x",
            r"isn['’]t",
        ] {
            let exact = regex_syntax::parse(p).expect("parses");
            let wide = widened(exact.clone());
            if p.contains('’') {
                assert_eq!(wide, exact, "a class of few characters is kept");
                continue;
            }
            assert!(nfa_states(&wide) * 4 < nfa_states(&exact), "{p}");
            let exact = regex_automata::meta::Regex::builder()
                .build_from_hir(&exact)
                .unwrap();
            let wide = regex_automata::meta::Regex::builder()
                .build_from_hir(&wide)
                .unwrap();
            for t in [
                "cures",
                "curé",
                "some héalthy disease",
                "éλx",
                "a——x",
                "cure—",
                "a—b disease",
            ] {
                if let Some(m) = exact.find(t) {
                    let input =
                        regex_automata::Input::new(t).anchored(regex_automata::Anchored::Yes);
                    assert!(
                        wide.find(input.range(m.start()..))
                            .is_some_and(|w| w.end() >= m.end()),
                        "{p} on {t}"
                    );
                } else {
                    more |= wide.is_match(t);
                }
            }
        }
        assert!(more, "a widened class matches non-ASCII non-letters");
    }

    #[test]
    fn only_flags_that_touch_case_count() {
        assert!(sets_case_flag(r"(?-i:\bPRP\b)"));
        assert!(sets_case_flag(r"x(?i)y"));
        assert!(!sets_case_flag(r"(?:is|are)\s+(?s:.)"));
    }

    #[test]
    fn word_boundaries_become_ascii_outside_classes() {
        assert_eq!(translate(r"\bcure\b"), r"(?-u:\b)cure(?-u:\b)");
        assert_eq!(translate(r"\\b"), r"\\b");
        assert_eq!(translate(r"[\w']"), r"[\w']");
        assert_eq!(translate("isn't"), "isn['’]t");
    }

    #[test]
    fn phrases_are_escaped_and_flexible() {
        let re = regex_automata::meta::Regex::builder()
            .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
            .build(&phrase("ground-breaking (new)"))
            .unwrap();
        assert!(re.is_match("a Ground breaking (new) idea"));
        assert!(re.is_match("groundbreaking (NEW)"));
        assert!(!re.is_match("groundxbreaking (new)"));
        let re = regex_automata::meta::Regex::new(&phrase("isn't safe")).unwrap();
        assert!(re.is_match("it isn’t  safe"));
        assert!(!re.is_match("misn't safe"));
    }

    #[test]
    fn empty_match_is_decided_like_a_search_of_empty_text() {
        for p in [
            "",
            "a*",
            "(?:x|)",
            "^",
            r"\B",
            r"(?-u:\B)",
            "(a?)(b?)",
            r"\b{start-half}",
        ] {
            let hir = regex_syntax::parse(p).unwrap();
            let searched = regex_automata::meta::Regex::new(p).unwrap().is_match("");
            assert!(searched && matches_empty(&hir), "{p}");
        }
        for p in ["a", r"\b", r"(?-u:\b)", "a+", r"\b{start}", "x|y*z", "[^a]"] {
            let hir = regex_syntax::parse(p).unwrap();
            let searched = regex_automata::meta::Regex::new(p).unwrap().is_match("");
            assert!(!searched && !matches_empty(&hir), "{p}");
        }
    }

    #[test]
    fn whole_word_check_sees_non_ascii_letters() {
        assert!(is_whole_word("a cure.", 2, 6));
        assert!(!is_whole_word("écure", 2, 6));
        assert!(is_whole_word("“cure”", 3, 7));
        assert!(!is_whole_word("miracle-free", 0, 7));
        assert!(is_whole_word("a miracle - really", 2, 9));
    }
}
