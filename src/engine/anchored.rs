//! Anchored searches of many patterns: which of them match from this
//! offset on (or, searched in reverse, up to this offset)? The scan asks
//! this where their needles are (see [`crate::engine::needles`]).
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

use crate::engine::limits;

/// Patterns searched anchored, forward or in reverse.
pub(crate) struct Anchored {
    dfa: hybrid::dfa::DFA,
    caches: Pool<Cache, CacheFn>,
    reverse: bool,
}

type CacheFn = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// What one thread's searches keep: the lazy DFA's states, and for each
/// needle, the state its walk reached at the needle's end.
struct Cache {
    dfa: hybrid::dfa::Cache,
    past: Vec<Option<Past>>,
}

/// Where the walk over a needle led, from the state it began in, while
/// the lazy DFA's cache was in the generation it was (its states are
/// numbered anew when it is cleared). A walk that met a match or died
/// within the needle is not kept.
#[derive(Clone, Copy)]
struct Past {
    generation: usize,
    from: LazyStateID,
    to: LazyStateID,
}

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
            let create: CacheFn = Box::new(move || Cache {
                dfa: dfa.create_cache(),
                past: Vec::new(),
            });
            Pool::new(create)
        };
        Ok(Anchored {
            dfa,
            caches,
            reverse,
        })
    }

    /// The heap memory of the automaton, without its search caches.
    pub(crate) fn memory_usage(&self) -> usize {
        self.dfa.get_nfa().memory_usage() + self.dfa.memory_usage()
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
    cache: PoolGuard<'a, Cache, CacheFn>,
}

/// The needle a search begins (forward) or ends (in reverse) with: its
/// id among the needles, and its length.
#[derive(Clone, Copy)]
pub(crate) struct Needle {
    pub(crate) id: usize,
    pub(crate) len: usize,
}

impl Searcher<'_> {
    /// Call `each(i)` for every pattern `i` that matches in `text` within
    /// `range`, from its start (forward) or up to its end (in reverse),
    /// where the range begins (ends) with `needle`; `false` when the lazy
    /// DFA cannot tell (a non-ASCII byte next to a Unicode word boundary, or
    /// a cache that thrashes), or when it would walk more than `steps`
    /// bytes past the needle (each byte walked is taken from `steps`).
    ///
    /// The automaton is walked here, byte by byte, rather than through its
    /// overlapping search, which returns at each match to be called again:
    /// most searches die within a few bytes, and that bookkeeping cost more
    /// than the walk (5% of all the instructions on the development corpus).
    /// Most of the bytes walked are the needle's, the same at every
    /// occurrence: the state at its end is kept, and the walk goes on from
    /// there the next time (each step waits on memory).
    pub(crate) fn each_match(
        &mut self,
        text: &[u8],
        range: Range<usize>,
        needle: Needle,
        steps: &mut usize,
        each: impl FnMut(usize),
    ) -> bool {
        self.walk(text, range, needle, steps, each).is_some()
    }

    /// [`Self::each_match`], `None` where it is `false`.
    fn walk(
        &mut self,
        text: &[u8],
        range: Range<usize>,
        needle: Needle,
        steps: &mut usize,
        each: impl FnMut(usize),
    ) -> Option<()> {
        let input = Input::new(text).range(range.clone()).anchored(Anchor::Yes);
        let dfa = &self.anchored.dfa;
        let cache = &mut *self.cache;
        if cache.past.len() <= needle.id {
            cache.past.resize(needle.id + 1, None);
        }
        let bytes = &text[range.clone()];
        let len = needle.len.min(bytes.len());
        // A needle cut short by its paragraph's start is walked only in
        // part: where that walk led is no place to take up a whole one.
        let mut cut = None;
        let past = match len == needle.len {
            true => &mut cache.past[needle.id],
            false => &mut cut,
        };
        // A lazy DFA enters a match state one byte after the match ends,
        // so the byte past the range (or the end of the text) comes last.
        let reverse = self.anchored.reverse;
        let (start, after) = match reverse {
            true => (
                dfa.start_state_reverse(&mut cache.dfa, &input),
                range.start.checked_sub(1).map(|b| text[b]),
            ),
            false => (
                dfa.start_state_forward(&mut cache.dfa, &input),
                text.get(range.end).copied(),
            ),
        };
        let start = start.ok()?;
        // The walk past the needle is cut to the steps left (counted when
        // it ends, not at every byte).
        let left = bytes.len() - len;
        let cut = left > *steps;
        let left = left.min(*steps);
        let walk = Walk {
            dfa,
            cache: &mut cache.dfa,
            past,
            steps,
            cut,
        };
        if reverse {
            let (rest, needle) = bytes.split_at(bytes.len() - len);
            let rest = &rest[rest.len() - left..];
            walk.run(start, needle.iter().rev(), rest.iter().rev(), after, each)
        } else {
            let (needle, rest) = bytes.split_at(len);
            walk.run(start, needle.iter(), rest[..left].iter(), after, each)
        }
    }
}

/// One walk of a lazy DFA.
struct Walk<'w> {
    dfa: &'w hybrid::dfa::DFA,
    cache: &'w mut hybrid::dfa::Cache,
    /// Where the last walk over this needle led.
    past: &'w mut Option<Past>,
    /// How many more bytes past needles the walks may take.
    steps: &'w mut usize,
    /// Whether the bytes to walk past the needle were cut to those steps.
    cut: bool,
}

impl Walk<'_> {
    /// Walk from `state` over `needle`, then `rest`, then `after` (the byte
    /// after them, `None` at the end of the text), calling `each` with the
    /// patterns of every match state, until the walk dies. `None` when the
    /// lazy DFA cannot tell, or when the walk reaches the end of a `rest`
    /// that was cut short.
    fn run<'t>(
        self,
        mut state: LazyStateID,
        needle: impl Iterator<Item = &'t u8>,
        mut rest: impl ExactSizeIterator<Item = &'t u8>,
        after: Option<u8>,
        mut each: impl FnMut(usize),
    ) -> Option<()> {
        let Walk {
            dfa,
            cache,
            past,
            steps,
            cut,
        } = self;
        let generation = cache.clear_count();
        let kept = past.filter(|p| p.generation == generation && p.from == state);
        if let Some(kept) = kept {
            state = kept.to;
        } else {
            let from = state;
            let mut plain = true;
            for &b in needle {
                state = step(dfa, cache, state, b, &mut each)?;
                plain &= !state.is_tagged();
            }
            if plain && cache.clear_count() == generation {
                *past = Some(Past {
                    generation,
                    from,
                    to: state,
                });
            }
            if state.is_dead() {
                return Some(());
            }
        }
        let walkable = rest.len();
        while let Some(&b) = rest.next() {
            state = step(dfa, cache, state, b, &mut each)?;
            if state.is_dead() {
                *steps -= walkable - rest.len();
                return Some(());
            }
        }
        *steps -= walkable;
        if cut {
            return None;
        }
        state = match after {
            Some(b) => dfa.next_state(cache, state, b).ok()?,
            None => dfa.next_eoi_state(cache, state).ok()?,
        };
        report(dfa, cache, state, &mut each);
        (!state.is_quit()).then_some(())
    }
}

/// One step of the walk over `byte`: the next state, its patterns reported
/// if it is a match state. `None` when the lazy DFA cannot tell.
fn step(
    dfa: &hybrid::dfa::DFA,
    cache: &mut hybrid::dfa::Cache,
    state: LazyStateID,
    byte: u8,
    each: &mut impl FnMut(usize),
) -> Option<LazyStateID> {
    let next = dfa.next_state(cache, state, byte).ok()?;
    if next.is_tagged() {
        if next.is_quit() {
            return None;
        }
        report(dfa, cache, next, each);
    }
    Some(next)
}

/// Report the patterns of `state`, if it is a match state.
fn report(
    dfa: &hybrid::dfa::DFA,
    cache: &hybrid::dfa::Cache,
    state: LazyStateID,
    each: &mut impl FnMut(usize),
) {
    if state.is_match() {
        for k in 0..dfa.match_len(cache, state) {
            each(dfa.match_pattern(cache, state, k).as_usize());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The patterns that match in `range`, searched twice with the needle
    /// of length `len` at its start (forward) or end (in reverse): the
    /// second search goes on from where the first one's walk over the
    /// needle led.
    fn matches(
        patterns: &[&str],
        reverse: bool,
        text: &str,
        range: Range<usize>,
        len: usize,
    ) -> Vec<usize> {
        let hirs: Vec<Hir> = (patterns.iter())
            .map(|p| regex_syntax::parse(p).unwrap())
            .collect();
        let anchored = Anchored::new(&hirs, reverse).unwrap();
        let mut searcher = anchored.searcher();
        let needle = Needle { id: 3, len };
        let mut steps = usize::MAX;
        let mut twice = [(); 2].map(|_| {
            let mut found = Vec::new();
            let told =
                searcher.each_match(text.as_bytes(), range.clone(), needle, &mut steps, |i| {
                    found.push(i)
                });
            assert!(told);
            found.sort();
            found.dedup();
            found
        });
        assert_eq!(twice[0], twice[1], "{patterns:?} on {text:?}");
        std::mem::take(&mut twice[0])
    }

    #[test]
    fn the_text_past_the_range_decides_its_look_arounds() {
        let patterns = [r"cure\b", r"cure", r"\bcure", r"secure"];
        // Forward from offset 0: "cure" then "s" past the range.
        assert_eq!(matches(&patterns, false, "cures", 0..4, 4), vec![1, 2]);
        assert_eq!(matches(&patterns, false, "cure s", 0..4, 4), vec![0, 1, 2]);
        assert_eq!(matches(&patterns, false, "cure", 0..4, 4), vec![0, 1, 2]);
        // Back from offset 6: "cure", with "e" before the range.
        assert_eq!(matches(&patterns, true, "secure", 2..6, 4), vec![0, 1]);
        assert_eq!(matches(&patterns, true, "a cure", 2..6, 4), vec![0, 1, 2]);
        assert_eq!(matches(&patterns, true, "secure", 0..6, 4), vec![0, 1, 3]);
    }

    #[test]
    fn a_walk_past_a_needle_is_taken_up_where_it_led() {
        let patterns = [r"cures?\s+pain", r"cu", r"cures\b", r"ures\s+pain"];
        // Matches within the needle ("cu") and after it, both times.
        assert_eq!(
            matches(&patterns, false, "cures pain", 0..10, 5),
            vec![0, 1, 2]
        );
        assert_eq!(
            matches(&patterns, false, "cures  pain", 0..11, 5),
            vec![0, 1, 2]
        );
        assert_eq!(
            matches(&patterns[2..], false, "cures pain", 0..10, 5),
            vec![0]
        );
        assert_eq!(matches(&patterns, true, "cures pain", 0..10, 4), vec![0, 3]);
        // A needle whose walk dies: nothing, both times.
        assert_eq!(
            matches(&patterns, false, "pain", 0..4, 4),
            Vec::<usize>::new()
        );
    }

    /// Whether each of `searches` (a text and a range) finds a match of
    /// `pattern`, searched one after the other with one searcher, from (or
    /// back to) a needle of length `len`.
    fn found(
        pattern: &str,
        reverse: bool,
        len: usize,
        searches: &[(&str, Range<usize>)],
    ) -> Vec<bool> {
        let hirs = [regex_syntax::parse(pattern).unwrap()];
        let anchored = Anchored::new(&hirs, reverse).unwrap();
        let mut searcher = anchored.searcher();
        let needle = Needle { id: 0, len };
        let mut steps = usize::MAX;
        (searches.iter())
            .map(|(text, range)| {
                let mut found = false;
                let told =
                    searcher.each_match(text.as_bytes(), range.clone(), needle, &mut steps, |_| {
                        found = true
                    });
                assert!(told);
                found
            })
            .collect()
    }

    #[test]
    fn a_walk_over_part_of_a_needle_is_not_kept() {
        // A needle can begin before its paragraph (the scan places it by
        // its end): a search back from it then walks only part of it.
        assert_eq!(
            found(r"a\n7", true, 2, &[("\n7", 1..2), ("xa\n7", 0..4)]),
            [false, true]
        );
    }

    #[test]
    fn a_walk_past_the_steps_left_cannot_tell() {
        let hirs = [regex_syntax::parse(r"dose.*ok").unwrap()];
        let anchored = Anchored::new(&hirs, false).unwrap();
        let mut searcher = anchored.searcher();
        let needle = Needle { id: 0, len: 4 };
        let text = b"dose 12345 ok";
        let mut search = |steps: &mut usize| {
            let mut found = false;
            let told = searcher.each_match(text, 0..text.len(), needle, steps, |_| found = true);
            told.then_some(found)
        };
        // Nine bytes past the needle.
        let mut steps = 9;
        assert_eq!(search(&mut steps), Some(true));
        assert_eq!(steps, 0);
        let mut steps = 8;
        assert_eq!(search(&mut steps), None);
    }

    #[test]
    fn a_walk_is_taken_up_only_from_the_state_it_began_in() {
        // A letter before the needle: no word boundary, another start.
        let searches = [
            ("cures pain", 0..10),
            ("xcures pain", 1..11),
            (" cures pain", 1..11),
        ];
        assert_eq!(
            found(r"\bcures\s+pain", false, 5, &searches),
            [true, false, true]
        );
    }
}
