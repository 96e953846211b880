//! Anchored searches of many patterns: which of them match from this
//! offset on (or, searched in reverse, up to this offset)? The scan asks
//! this where their needles are (see [`crate::needles`]).
//!
//! An anchored search follows only the threads of the patterns that begin
//! at its offset; the others die on the first bytes. So the states its
//! lazy DFA needs are few, and do not multiply with the number of patterns
//! as those of an unanchored search of them all do.

use std::ops::Range;
use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid::{self, LazyStateID};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::{Anchored as Anchor, Input, MatchKind};
use regex_syntax::hir::Hir;

use crate::limits;

/// Patterns searched anchored, forward or in reverse.
pub(crate) struct Anchored {
    dfa: hybrid::dfa::DFA,
    caches: Pool<hybrid::dfa::Cache, CacheFn>,
    reverse: bool,
}

type CacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

impl Anchored {
    /// `hirs`, pattern `i` being `hirs[i]`, searched forward or in
    /// `reverse`. The error says what is too large.
    pub(crate) fn new(hirs: &[Hir], reverse: bool) -> Result<Anchored, String> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .reverse(reverse)
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(limits::SCANNER_SIZE_LIMIT)),
            )
            .build_many_from_hir(hirs)
            .map_err(|e| e.to_string())?;
        let dfa = hybrid::dfa::Builder::new()
            .configure(
                hybrid::dfa::Config::new()
                    .match_kind(MatchKind::All)
                    .unicode_word_boundary(true)
                    .cache_capacity(limits::SCANNER_SIZE_LIMIT),
            )
            .build_from_nfa(nfa)
            .map_err(|e| e.to_string())?;
        let caches = {
            let dfa = dfa.clone();
            let create: CacheFn = Box::new(move || dfa.create_cache());
            Pool::new(create)
        };
        Ok(Anchored {
            dfa,
            caches,
            reverse,
        })
    }

    /// A searcher of these patterns, for one thread (it holds a cache).
    pub(crate) fn searcher(&self) -> Searcher<'_> {
        Searcher {
            anchored: self,
            cache: self.caches.get(),
        }
    }
}

/// [`Anchored`] patterns, with a cache to search them.
pub(crate) struct Searcher<'a> {
    anchored: &'a Anchored,
    cache: PoolGuard<'a, hybrid::dfa::Cache, CacheFn>,
}

impl Searcher<'_> {
    /// Call `each(i)` for every pattern `i` that matches in `text` within
    /// `range`, from its start (forward) or up to its end (in reverse);
    /// `false` when the lazy DFA cannot tell (a non-ASCII byte next to a
    /// Unicode word boundary, or a cache that thrashes).
    ///
    /// The automaton is walked here, byte by byte, rather than through its
    /// overlapping search, which returns at each match to be called again:
    /// most searches die within a few bytes, and that bookkeeping cost more
    /// than the walk (5% of all the instructions on the development corpus).
    pub(crate) fn each_match(
        &mut self,
        text: &[u8],
        range: Range<usize>,
        each: impl FnMut(usize),
    ) -> bool {
        self.walk(text, range, each).is_some()
    }

    /// [`Self::each_match`], `None` where it is `false`.
    fn walk(&mut self, text: &[u8], range: Range<usize>, each: impl FnMut(usize)) -> Option<()> {
        let input = Input::new(text).range(range.clone()).anchored(Anchor::Yes);
        let (dfa, cache) = (&self.anchored.dfa, &mut *self.cache);
        let bytes = &text[range.clone()];
        // A lazy DFA enters a match state one byte after the match ends,
        // so the byte past the range (or the end of the text) comes last.
        if self.anchored.reverse {
            let start = dfa.start_state_reverse(cache, &input).ok()?;
            let past = range.start.checked_sub(1).map(|b| text[b]);
            walk(dfa, cache, start, bytes.iter().rev(), past, each)
        } else {
            let start = dfa.start_state_forward(cache, &input).ok()?;
            let past = text.get(range.end).copied();
            walk(dfa, cache, start, bytes.iter(), past, each)
        }
    }
}

/// Walk `dfa` from `state` over `bytes`, then `past` (the byte after them,
/// `None` at the end of the text), calling `each` with the patterns of
/// every match state, until the walk dies. `None` when the lazy DFA cannot
/// tell.
fn walk<'t>(
    dfa: &hybrid::dfa::DFA,
    cache: &mut hybrid::dfa::Cache,
    mut state: LazyStateID,
    bytes: impl Iterator<Item = &'t u8>,
    past: Option<u8>,
    mut each: impl FnMut(usize),
) -> Option<()> {
    for &b in bytes {
        state = dfa.next_state(cache, state, b).ok()?;
        if state.is_tagged() {
            if state.is_match() {
                for k in 0..dfa.match_len(cache, state) {
                    each(dfa.match_pattern(cache, state, k).as_usize());
                }
            } else if state.is_dead() {
                return Some(());
            } else if state.is_quit() {
                return None;
            }
        }
    }
    state = match past {
        Some(b) => dfa.next_state(cache, state, b).ok()?,
        None => dfa.next_eoi_state(cache, state).ok()?,
    };
    if state.is_match() {
        for k in 0..dfa.match_len(cache, state) {
            each(dfa.match_pattern(cache, state, k).as_usize());
        }
    }
    (!state.is_quit()).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(patterns: &[&str], reverse: bool, text: &str, range: Range<usize>) -> Vec<usize> {
        let hirs: Vec<Hir> = (patterns.iter())
            .map(|p| regex_syntax::parse(p).unwrap())
            .collect();
        let anchored = Anchored::new(&hirs, reverse).unwrap();
        let mut found = Vec::new();
        let told = (anchored.searcher()).each_match(text.as_bytes(), range, |i| found.push(i));
        assert!(told);
        found.sort();
        found.dedup();
        found
    }

    #[test]
    fn the_text_past_the_range_decides_its_look_arounds() {
        let patterns = [r"cure\b", r"cure", r"\bcure", r"secure"];
        // Forward from offset 0: "cure" then "s" past the range.
        assert_eq!(matches(&patterns, false, "cures", 0..4), vec![1, 2]);
        assert_eq!(matches(&patterns, false, "cure s", 0..4), vec![0, 1, 2]);
        assert_eq!(matches(&patterns, false, "cure", 0..4), vec![0, 1, 2]);
        // Back from offset 6: "cure", with "e" before the range.
        assert_eq!(matches(&patterns, true, "secure", 2..6), vec![0, 1]);
        assert_eq!(matches(&patterns, true, "a cure", 2..6), vec![0, 1, 2]);
        assert_eq!(matches(&patterns, true, "secure", 0..6), vec![0, 1, 3]);
    }
}
