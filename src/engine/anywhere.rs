//! Whether a pattern matches anywhere in a document, found from the
//! literals its matches begin or end with (its needles, see
//! [`crate::engine::needles`]) rather than by its automaton's walk through the
//! text.
//!
//! A document-level condition (a disclosure's accepted forms, say) is
//! searched through the whole document when the document lacks it, which is
//! what the linter is for. Its automaton's prefilter skips to where a match
//! may begin, but the medical-advice forms begin with "not", "no", "for",
//! "does": on a clinic page it stopped every few dozen bytes, and the two
//! disclosures' forms took a tenth of the time a page that lacks them took
//! to lint. Their needles are rarer ("advice", "substitute", "vary"): one
//! packed (Teddy) search finds them, and from each, an anchored search tells
//! whether a match begins (or ends) there.

use aho_corasick::{packed, Span};
use memchr::memmem;
use regex_syntax::hir::Hir;

use crate::engine::anchored::{Anchored, Needle};
use crate::engine::limits;
use crate::engine::needles::{self, Side};

/// The most needles a packed searcher takes (Teddy's limit).
const MAX_NEEDLES: usize = 64;

/// A pattern searched for from its needles.
pub(crate) struct Anywhere {
    finder: Finder,
    /// Each needle, and whether it begins or ends the matches it is in.
    needles: Vec<(Vec<u8>, Side)>,
    /// The branches whose matches begin with a needle, and those whose
    /// matches end with one.
    forward: Option<Anchored>,
    reverse: Option<Anchored>,
}

impl Anywhere {
    /// The needles of `hir`: `None` unless each of its branches begins or
    /// ends with some (a branch found by a part in its middle is not), and
    /// one packed searcher takes them all.
    pub(crate) fn new(hir: &Hir) -> Option<Anywhere> {
        let mut needles: Vec<(Vec<u8>, Side)> = Vec::new();
        let (mut prefixed, mut suffixed) = (Vec::new(), Vec::new());
        for branch in needles::branches(hir) {
            let found = needles::necessary(&branch).filter(|n| n.part.is_none())?;
            for at in found.at {
                let needle = (at, found.side);
                if !needles.contains(&needle) {
                    needles.push(needle);
                }
            }
            if needles.len() > MAX_NEEDLES {
                return None;
            }
            match found.side {
                Side::Prefix => prefixed.push(branch),
                Side::Suffix => suffixed.push(branch),
            }
        }
        let finder = match needles.as_slice() {
            [(one, _)] => Finder::One(memmem::Finder::new(one).into_owned()),
            _ => Finder::Many(
                (packed::Config::new().builder())
                    .extend(needles.iter().map(|(n, _)| n))
                    .build()?,
            ),
        };
        let anchored = |hirs: &[Hir], reverse| match hirs.is_empty() {
            true => Some(None),
            false => Anchored::new(hirs, reverse).ok().map(Some),
        };
        Some(Anywhere {
            finder,
            needles,
            forward: anchored(&prefixed, false)?,
            reverse: anchored(&suffixed, true)?,
        })
    }

    /// The heap memory of the automata, without their search caches.
    pub(crate) fn memory_usage(&self) -> usize {
        let anchored =
            [&self.forward, &self.reverse].map(|a| a.as_ref().map_or(0, Anchored::memory_usage));
        let finder = match &self.finder {
            Finder::One(f) => f.needle().len(),
            Finder::Many(p) => p.memory_usage(),
        };
        finder + anchored.iter().sum::<usize>()
    }

    /// Whether the pattern matches in `text`; `None` when an anchored
    /// search cannot tell (a non-ASCII byte next to a Unicode word
    /// boundary), or the searches would walk more than
    /// [`limits::SCAN_STEPS_PER_BYTE`] bytes for each byte of `text`.
    pub(crate) fn is_match(&self, text: &[u8]) -> Option<bool> {
        let mut forward = self.forward.as_ref().map(Anchored::searcher);
        let mut reverse = self.reverse.as_ref().map(Anchored::searcher);
        let mut steps = limits::scan_steps(text.len());
        let mut from = 0;
        // The packed searcher finds one needle where several begin: each
        // offset where one does is searched for all of them.
        while let Some(start) = self.finder.find(text, from) {
            let mut searched_forward = false;
            for (id, (needle, side)) in self.needles.iter().enumerate() {
                if !text[start..].starts_with(needle) {
                    continue;
                }
                let (searcher, range) = match side {
                    Side::Prefix if searched_forward => continue,
                    Side::Prefix => {
                        searched_forward = true;
                        (&mut forward, start..text.len())
                    }
                    Side::Suffix => (&mut reverse, 0..start + needle.len()),
                };
                let needle = Needle {
                    id,
                    len: needle.len(),
                };
                let mut found = false;
                let told = searcher.as_mut().is_some_and(|s| {
                    s.each_match(text, range, needle, &mut steps, |_| found = true)
                });
                if !told {
                    return None;
                }
                if found {
                    return Some(true);
                }
            }
            from = start + 1;
        }
        Some(false)
    }
}

/// What finds the needles: `memmem` finds one faster than a packed
/// searcher of one does.
enum Finder {
    One(memmem::Finder<'static>),
    Many(packed::Searcher),
}

impl Finder {
    /// Where the first needle at or after `from` begins.
    fn find(&self, text: &[u8], from: usize) -> Option<usize> {
        match self {
            Finder::One(f) => f.find(&text[from..]).map(|i| from + i),
            Finder::Many(p) => (p.find_in(text, Span::from(from..text.len()))).map(|m| m.start()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::meta::Regex;

    /// Branches found by needles at their end ("advice", "only") and at
    /// their start ("results", "individual").
    const PATTERNS: &[&str] = &[
        r"(?-u:\b)(?:not|no)\s+(?:[a-z]+\s+){0,2}medical\s+advice(?-u:\b)",
        r"(?-u:\b)results\s+(?:may\s+)?vary(?-u:\b)|(?-u:\b)individual\s+results(?-u:\b)",
        r"(?-u:\b)for\s+(?:educational|informational)\s+purposes\s+only(?-u:\b)",
    ];

    fn anywhere(pattern: &str) -> Option<Anywhere> {
        Anywhere::new(&regex_syntax::parse(pattern).unwrap())
    }

    #[test]
    fn a_pattern_whose_branch_has_needles_only_in_its_middle_is_not_searched_so() {
        assert!(anywhere(PATTERNS[0]).is_some());
        assert!(anywhere(r"(?-u:\b)(?:is|are)\s+medical\s+(?:in|on)(?-u:\b)").is_none());
    }

    #[test]
    fn a_match_is_found_from_a_needle_at_either_end() {
        let a = anywhere(&PATTERNS.join("|")).unwrap();
        let yes: &[&str] = &[
            "this page is not medical advice.",
            "individual results",
            "results may vary, and so on",
            "for educational purposes only",
            "advice: no\nmedical advice",
        ];
        let no: &[&str] = &[
            "",
            "medical advice",
            "not medical advisers",
            "results rarely vary",
            "for educational purposes, only",
        ];
        for (texts, found) in [(yes, true), (no, false)] {
            for text in texts {
                assert_eq!(a.is_match(text.as_bytes()), Some(found), "{text:?}");
            }
        }
    }

    proptest! {
        /// It says what the pattern's own automaton says.
        #[test]
        fn it_finds_what_the_automaton_finds(
            words in prop::collection::vec(prop::sample::select(&[
                "not", "no", "medical", "advice", "advices", "a", "results", "may",
                "vary", "individual", "for", "educational", "informational",
                "purposes", "only", " ", "\n", ".", "x",
            ][..]), 0..30),
        ) {
            let text: String = words.iter().flat_map(|w| [*w, " "]).collect();
            // Many needles at both ends, and one ("only").
            for pattern in [PATTERNS.join("|"), PATTERNS[2].to_string()] {
                let exact = Regex::new(&pattern).unwrap().is_match(&text);
                let a = anywhere(&pattern).unwrap();
                prop_assert_eq!(a.is_match(text.as_bytes()), Some(exact), "{:?}", text);
            }
        }
    }
}
