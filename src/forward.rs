//! Automata searched forward only, for the questions that need no match
//! start: where do the triggers' matches end (so in which paragraphs), and
//! does a condition match in a range.
//!
//! A `meta::Regex` also builds a reverse automaton (to find where a match
//! starts), a one-pass DFA and a backtracker; for these questions they are
//! never used, and the reverse automaton alone costs as much to build as the
//! forward one. [`Forward`] keeps what `meta` would search with: the lazy
//! DFA, with a prefilter of literal prefixes where every pattern has some,
//! and the PikeVM when the lazy DFA gives up (on a non-ASCII byte next to a
//! Unicode word boundary, or when its cache thrashes).

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid;
use regex_automata::nfa::thompson::{self, pikevm, BuildError, WhichCaptures, NFA};
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::hir::Hir;

use crate::limits;

/// One or many patterns, searched forward only (see the module docs).
pub(crate) struct Forward {
    nfa: NFA,
    dfa: Option<hybrid::dfa::DFA>,
    pikevm: pikevm::PikeVM,
    caches: Pool<Cache, CacheFn>,
}

type CacheFn = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The per-search scratch space of both engines.
struct Cache {
    dfa: Option<hybrid::dfa::Cache>,
    pikevm: pikevm::Cache,
}

/// How to build a [`Forward`].
pub(crate) struct Config {
    /// `All` to learn which of several patterns match, `LeftmostFirst` for
    /// one pattern.
    pub(crate) kind: MatchKind,
    /// The largest NFA, in bytes; the lazy DFA's cache gets twice that (it
    /// needs about 1.5 times, or it is not built at all and every search
    /// falls back to the PikeVM, 1,000 times slower on a large automaton).
    pub(crate) size_limit: usize,
    /// Whether to skip ahead with a prefilter of the patterns' literal
    /// prefixes, when every pattern has some (and there are not too many).
    pub(crate) prefilter: bool,
}

impl Forward {
    /// Compile `hirs`, one pattern each, as `meta` would for a forward
    /// search. The error is boxed: it is large, and rare.
    pub(crate) fn new<H: std::borrow::Borrow<Hir>>(
        config: &Config,
        hirs: &[H],
    ) -> Result<Forward, Box<BuildError>> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(config.size_limit)),
            )
            .build_many_from_hir(hirs)?;
        let prefilter = (config.prefilter && hirs.len() <= limits::PREFILTER_MAX_PATTERNS)
            .then(|| Prefilter::from_hirs_prefix(config.kind, hirs))
            .flatten();
        let dfa = hybrid::dfa::Builder::new()
            .configure(
                hybrid::dfa::Config::new()
                    .prefilter(prefilter)
                    .match_kind(config.kind)
                    .unicode_word_boundary(true)
                    .cache_capacity(2 * config.size_limit)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok();
        let pikevm = pikevm::PikeVM::builder()
            .configure(pikevm::Config::new().match_kind(config.kind))
            .build_from_nfa(nfa.clone())?;
        let caches = {
            let (dfa, pikevm) = (dfa.clone(), pikevm.clone());
            let create: CacheFn = Box::new(move || Cache {
                dfa: dfa.as_ref().map(hybrid::dfa::DFA::create_cache),
                pikevm: pikevm.create_cache(),
            });
            Pool::new(create)
        };
        Ok(Forward {
            nfa,
            dfa,
            pikevm,
            caches,
        })
    }

    /// How many patterns the automaton searches for.
    pub(crate) fn pattern_len(&self) -> usize {
        self.nfa.pattern_len()
    }

    /// The heap memory of the automaton, without its search caches.
    pub(crate) fn memory_usage(&self) -> usize {
        self.nfa.memory_usage() + self.dfa.as_ref().map_or(0, hybrid::dfa::DFA::memory_usage)
    }

    /// Whether any pattern matches in `input`.
    pub(crate) fn is_match(&self, input: Input<'_>) -> bool {
        let input = input.earliest(true);
        let mut cache = self.cache();
        if let (Some(dfa), Some(dfa_cache)) = (&self.dfa, &mut cache.dfa) {
            if let Ok(m) = dfa.try_search_fwd(dfa_cache, &input) {
                return m.is_some();
            }
        }
        self.pikevm.is_match(&mut cache.pikevm, input)
    }

    /// Add to `set` every pattern that matches in `input`.
    pub(crate) fn which_overlapping_matches(&self, input: &Input<'_>, set: &mut PatternSet) {
        let mut cache = self.cache();
        if let (Some(dfa), Some(dfa_cache)) = (&self.dfa, &mut cache.dfa) {
            if dfa
                .try_which_overlapping_matches(dfa_cache, input, set)
                .is_ok()
            {
                return;
            }
        }
        self.pikevm
            .which_overlapping_matches(&mut cache.pikevm, input, set);
    }

    /// Call `each(pattern, end)` for every end of every pattern's matches
    /// in `input`, in order (an `All` automaton). `false` when the lazy DFA
    /// cannot search this text, and some ends may be missing: on a
    /// non-ASCII byte next to a Unicode word boundary, or when its cache
    /// thrashes.
    pub(crate) fn overlapping_ends(
        &self,
        input: &Input<'_>,
        mut each: impl FnMut(usize, usize),
    ) -> bool {
        let mut cache = self.cache();
        let (Some(dfa), Some(dfa_cache)) = (&self.dfa, &mut cache.dfa) else {
            return false;
        };
        let mut state = hybrid::dfa::OverlappingState::start();
        loop {
            if dfa
                .try_search_overlapping_fwd(dfa_cache, input, &mut state)
                .is_err()
            {
                return false;
            }
            match state.get_match() {
                Some(m) => each(m.pattern().as_usize(), m.offset()),
                None => return true,
            }
        }
    }

    /// [`Forward::overlapping_ends`] over all of `text`, as two walks of
    /// the lazy DFA taken a step each in turn, one from the start and one
    /// from `mid`: the processor overlaps their memory loads, where a single
    /// walk waits on each (on a large automaton, most steps miss the
    /// first-level cache). Reports, in order, the ends before `mid` of the
    /// matches in `text`, then the ends of the matches in `text[mid..]`.
    pub(crate) fn overlapping_ends_in_two(
        &self,
        text: &[u8],
        mid: usize,
        mut each: impl FnMut(usize, usize),
    ) -> bool {
        let walked = {
            let mut cache = self.cache();
            let (Some(dfa), Some(cache)) = (&self.dfa, &mut cache.dfa) else {
                return false;
            };
            walk_in_two(dfa, cache, text, mid)
        };
        match walked {
            Ok((first, second)) => {
                for (p, e) in first.into_iter().chain(second) {
                    each(p, e);
                }
                true
            }
            Err(Halt::Quit) => false,
            // A state ID is valid only until the cache is next cleared,
            // which computing a state for one walk may do: the other walk's
            // state is then lost. The same ends, by two searches in turn.
            Err(Halt::Cleared) => {
                let whole = Input::new(text);
                let before = |p, e| {
                    if e < mid {
                        each(p, e);
                    }
                };
                self.overlapping_ends(&whole.clone().range(..mid), before)
                    && self.overlapping_ends(&whole.range(mid..), each)
            }
        }
    }

    fn cache(&self) -> PoolGuard<'_, Cache, CacheFn> {
        self.caches.get()
    }
}

/// Why two walks stopped.
enum Halt {
    /// The lazy DFA cannot search this text (a quit byte), or gave up.
    Quit,
    /// The cache was cleared: the other walk's state is no longer valid.
    Cleared,
}

/// The ends found by the two walks of [`Forward::overlapping_ends_in_two`]:
/// before `mid`, and from `mid` on.
type Ends = Vec<(usize, usize)>;

fn walk_in_two(
    dfa: &hybrid::dfa::DFA,
    cache: &mut hybrid::dfa::Cache,
    text: &[u8],
    mid: usize,
) -> Result<(Ends, Ends), Halt> {
    let clears = cache.clear_count();
    let starts = (
        dfa.start_state_forward(cache, &Input::new(text).range(..mid)),
        dfa.start_state_forward(cache, &Input::new(text).range(mid..)),
    );
    let (Ok(mut a), Ok(mut b)) = starts else {
        return Err(Halt::Quit);
    };
    if cache.clear_count() != clears {
        return Err(Halt::Cleared);
    }
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let both = mid.min(text.len() - mid);
    cache.search_start(0);
    let halves = text[..both].iter().zip(&text[mid..mid + both]);
    for (i, (&x, &y)) in halves.enumerate() {
        a = step(dfa, cache, (a, x), (i, 2 * i), &mut first)?;
        b = step(dfa, cache, (b, y), (mid + i, 2 * i + 1), &mut second)?;
    }
    // The rest of the longer part, alone.
    for at in (both..mid).chain(mid + both..text.len()) {
        let (sid, ends, walked) = if at < mid {
            (&mut a, &mut first, both + at)
        } else {
            (&mut b, &mut second, both + at - mid)
        };
        *sid = step(dfa, cache, (*sid, text[at]), (at, walked), ends)?;
    }
    let eoi = dfa.next_eoi_state(cache, b).map_err(|_| Halt::Quit)?;
    if eoi.is_tagged() && !report(dfa, cache, eoi, text.len(), &mut second) {
        return Err(Halt::Quit);
    }
    cache.search_finish(text.len());
    Ok((first, second))
}

/// One step of a walk: the state after `sid` on `byte` at offset `at`, its
/// matches recorded in `ends`. Most steps read the table from an untagged
/// state into an untagged one, and return with no further check; a state
/// not yet computed comes back tagged "unknown", and only then is it
/// computed, once the cache has learned how many bytes the walks have read
/// (`walked`), for its decision to give up. Computing it may clear the
/// cache, which ends both walks.
#[inline(always)]
fn step(
    dfa: &hybrid::dfa::DFA,
    cache: &mut hybrid::dfa::Cache,
    (sid, byte): (hybrid::LazyStateID, u8),
    (at, walked): (usize, usize),
    ends: &mut Ends,
) -> Result<hybrid::LazyStateID, Halt> {
    let next = match (!sid.is_tagged()).then(|| dfa.next_state_untagged(cache, sid, byte)) {
        Some(next) if !next.is_tagged() => return Ok(next),
        Some(next) if !next.is_unknown() => next,
        _ => {
            cache.search_update(walked);
            let clears = cache.clear_count();
            let next = dfa.next_state(cache, sid, byte).map_err(|_| Halt::Quit)?;
            if cache.clear_count() != clears {
                return Err(Halt::Cleared);
            }
            next
        }
    };
    if next.is_tagged() && !report(dfa, cache, next, at, ends) {
        return Err(Halt::Quit);
    }
    Ok(next)
}

/// Record the matches of the tagged state `sid` reached at `at`; `false`
/// when the walk must stop because the lazy DFA cannot go on (a quit
/// byte).
fn report(
    dfa: &hybrid::dfa::DFA,
    cache: &hybrid::dfa::Cache,
    sid: hybrid::LazyStateID,
    at: usize,
    ends: &mut Vec<(usize, usize)>,
) -> bool {
    if sid.is_match() {
        for i in 0..dfa.match_len(cache, sid) {
            ends.push((dfa.match_pattern(cache, sid, i).as_usize(), at));
        }
    }
    !sid.is_quit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::Index;

    fn ends(automaton: &Forward, input: &Input<'_>) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        assert!(automaton.overlapping_ends(input, |p, e| found.push((p, e))));
        found
    }

    /// A state computed for one walk may clear the cache, and the other
    /// walk's state with it: the ends are then found by two searches.
    #[test]
    fn two_walks_survive_a_cache_cleared_under_them() {
        let patterns = ["(?:a|b)*a(?:a|b){7}", "b(?:a|b){6}b"];
        let hirs: Vec<Hir> = patterns
            .iter()
            .map(|p| regex_syntax::parse(p).unwrap())
            .collect();
        let mut x: u32 = 7;
        let text: Vec<u8> = (0..3000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                if (x >> 16) & 1 == 0 {
                    b'a'
                } else {
                    b'b'
                }
            })
            .collect();
        let ample = Config {
            kind: MatchKind::All,
            size_limit: 1 << 20,
            prefilter: false,
        };
        let ample = Forward::new(&ample, &hirs).unwrap();
        let mut want: Vec<(usize, usize)> = ends(&ample, &Input::new(&text))
            .into_iter()
            .filter(|&(_, e)| e < 1500)
            .collect();
        want.extend(ends(&ample, &Input::new(&text).range(1500..)));
        // A cache that holds a fraction of the states these patterns need.
        let small = Config {
            kind: MatchKind::All,
            size_limit: 24_000,
            prefilter: false,
        };
        let small = Forward::new(&small, &hirs).unwrap();
        let mut got = Vec::new();
        assert!(small.overlapping_ends_in_two(&text, 1500, |p, e| got.push((p, e))));
        assert!(small.cache().dfa.as_ref().unwrap().clear_count() > 0);
        assert_eq!(got, want);
    }

    proptest! {
        /// Two walks report what two searches do: the whole text's ends
        /// before `mid`, and every end of the text from `mid` on.
        #[test]
        fn two_walks_find_the_ends_of_two_searches(
            text in "[abc .\n]{2,60}",
            mid in any::<Index>(),
        ) {
            let patterns = [r"(?-u:\b)ab", "a+c", r"b\s+a", r"c(?-u:\b)", "(?m)^a", r"\.$", "a"];
            let hirs: Vec<Hir> = patterns.iter().map(|p| regex_syntax::parse(p).unwrap()).collect();
            let config = Config { kind: MatchKind::All, size_limit: 1 << 20, prefilter: false };
            let automaton = Forward::new(&config, &hirs).unwrap();
            let mid = 1 + mid.index(text.len() - 1);
            let mut want: Vec<(usize, usize)> = ends(&automaton, &Input::new(&text))
                .into_iter()
                .filter(|&(_, e)| e < mid)
                .collect();
            want.extend(ends(&automaton, &Input::new(&text).range(mid..)));
            let mut got = Vec::new();
            prop_assert!(automaton.overlapping_ends_in_two(text.as_bytes(), mid, |p, e| got.push((p, e))));
            prop_assert_eq!(got, want);
        }
    }
}
