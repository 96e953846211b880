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

    /// [`Forward::overlapping_ends`] over all of `text`, as one walk of the
    /// lazy DFA from each of `starts` (0 first, then increasing, at most
    /// [`MAX_WALKS`]), the walks taking a step each in turn: the processor
    /// overlaps their memory loads, where a single walk waits on each (on a
    /// large automaton, most steps miss the first-level cache). Reports, in
    /// order, the ends of the matches from each start, before the next one
    /// (the last walk goes to the end).
    pub(crate) fn overlapping_ends_from(
        &self,
        text: &[u8],
        starts: &[usize],
        each: impl FnMut(usize, usize),
    ) -> bool {
        // One arm per count up to `MAX_WALKS`.
        match *starts {
            [a, b, c, d] => self.walks(text, [a, b, c, d], each),
            [a, b, c] => self.walks(text, [a, b, c], each),
            [a, b] => self.walks(text, [a, b], each),
            _ => self.overlapping_ends(&Input::new(text), each),
        }
    }

    /// [`Forward::overlapping_ends_from`] with `N` walks.
    fn walks<const N: usize>(
        &self,
        text: &[u8],
        starts: [usize; N],
        mut each: impl FnMut(usize, usize),
    ) -> bool {
        let walked = {
            let mut cache = self.cache();
            let (Some(dfa), Some(cache)) = (&self.dfa, &mut cache.dfa) else {
                return false;
            };
            walk(dfa, cache, text, starts)
        };
        match walked {
            Ok(ends) => {
                for (p, e) in ends.into_iter().flatten() {
                    each(p, e);
                }
                true
            }
            Err(Halt::Quit) => false,
            // A state ID is valid only until the cache is next cleared,
            // which computing a state for one walk may do: the other walks'
            // states are then lost. The same ends, by searches in turn.
            Err(Halt::Cleared) => (0..N).all(|k| {
                let end = starts.get(k + 1).copied();
                let before_next = |p, e| {
                    if end.is_none_or(|end| e < end) {
                        each(p, e);
                    }
                };
                let part = starts[k]..end.unwrap_or(text.len());
                self.overlapping_ends(&Input::new(text).range(part), before_next)
            }),
        }
    }

    fn cache(&self) -> PoolGuard<'_, Cache, CacheFn> {
        self.caches.get()
    }
}

/// How many walks [`Forward::overlapping_ends_from`] takes at most: four
/// measured faster than two, three, six or eight.
pub(crate) const MAX_WALKS: usize = 4;

/// Why the walks stopped.
enum Halt {
    /// The lazy DFA cannot search this text (a quit byte), or gave up.
    Quit,
    /// The cache was cleared: the other walks' states are no longer valid.
    Cleared,
}

/// The ends found by one walk of [`Forward::overlapping_ends_from`].
type Ends = Vec<(usize, usize)>;

/// The walks of [`Forward::overlapping_ends_from`]: in step over as many
/// bytes as the shortest part holds, then the rest of each part alone.
fn walk<const N: usize>(
    dfa: &hybrid::dfa::DFA,
    cache: &mut hybrid::dfa::Cache,
    text: &[u8],
    starts: [usize; N],
) -> Result<[Ends; N], Halt> {
    let end_of = |k: usize| starts.get(k + 1).copied().unwrap_or(text.len());
    let clears = cache.clear_count();
    let mut sids = [hybrid::LazyStateID::default(); N];
    for (k, sid) in sids.iter_mut().enumerate() {
        let part = Input::new(text).range(starts[k]..end_of(k));
        *sid = dfa
            .start_state_forward(cache, &part)
            .map_err(|_| Halt::Quit)?;
    }
    if cache.clear_count() != clears {
        return Err(Halt::Cleared);
    }
    let mut ends: [Ends; N] = std::array::from_fn(|_| Vec::new());
    let common = (0..N).map(|k| end_of(k) - starts[k]).min().unwrap_or(0);
    let heads: [&[u8]; N] = std::array::from_fn(|k| &text[starts[k]..starts[k] + common]);
    cache.search_start(0);
    // Byte `i` of every part in turn: an index serves the N parts at once.
    #[allow(clippy::needless_range_loop)]
    for i in 0..common {
        for k in 0..N {
            let (at, walked) = (starts[k] + i, N * i + k);
            sids[k] = step(
                dfa,
                cache,
                (sids[k], heads[k][i]),
                (at, walked),
                &mut ends[k],
            )?;
        }
    }
    let mut walked = N * common;
    for k in 0..N {
        let tail = text
            .iter()
            .enumerate()
            .take(end_of(k))
            .skip(starts[k] + common);
        for (at, &byte) in tail {
            sids[k] = step(dfa, cache, (sids[k], byte), (at, walked), &mut ends[k])?;
            walked += 1;
        }
    }
    let eoi = dfa
        .next_eoi_state(cache, sids[N - 1])
        .map_err(|_| Halt::Quit)?;
    if eoi.is_tagged() && !report(dfa, cache, eoi, text.len(), &mut ends[N - 1]) {
        return Err(Halt::Quit);
    }
    cache.search_finish(text.len());
    Ok(ends)
}

/// One step of a walk: the state after `sid` on `byte` at offset `at`, its
/// matches recorded in `ends`. Most steps read the table from an untagged
/// state into an untagged one, and return with no further check; a state
/// not yet computed comes back tagged "unknown", and only then is it
/// computed, once the cache has learned how many bytes the walks have read
/// (`walked`), for its decision to give up. Computing it may clear the
/// cache, which ends all the walks.
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

    /// What the walks from `starts` must report: the ends of the matches
    /// that a search from each start finds before the next start.
    fn ends_from(automaton: &Forward, text: &[u8], starts: &[usize]) -> Vec<(usize, usize)> {
        let mut want = Vec::new();
        for (k, &start) in starts.iter().enumerate() {
            let next = starts.get(k + 1).copied().unwrap_or(usize::MAX);
            let found = ends(automaton, &Input::new(text).range(start..));
            want.extend(found.into_iter().filter(|&(_, e)| e < next));
        }
        want
    }

    /// A state computed for one walk may clear the cache, and the other
    /// walks' states with it: the ends are then found by searches in turn.
    #[test]
    fn walks_survive_a_cache_cleared_under_them() {
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
        // A cache that holds a fraction of the states these patterns need.
        let small = Config {
            kind: MatchKind::All,
            size_limit: 24_000,
            prefilter: false,
        };
        for starts in [&[0, 1500][..], &[0, 700, 1500, 2900], &[0, 1, 2]] {
            let small = Forward::new(&small, &hirs).unwrap();
            let mut got = Vec::new();
            assert!(small.overlapping_ends_from(&text, starts, |p, e| got.push((p, e))));
            assert!(small.cache().dfa.as_ref().unwrap().clear_count() > 0);
            assert_eq!(got, ends_from(&ample, &text, starts), "from {starts:?}");
        }
    }

    proptest! {
        /// The walks report what a search from each start does, up to the
        /// next start.
        #[test]
        fn walks_find_the_ends_of_a_search_from_each_start(
            text in "[abc .\n]{2,60}",
            cuts in proptest::collection::vec(any::<Index>(), 0..MAX_WALKS),
        ) {
            let patterns = [r"(?-u:\b)ab", "a+c", r"b\s+a", r"c(?-u:\b)", "(?m)^a", r"\.$", "a"];
            let hirs: Vec<Hir> = patterns.iter().map(|p| regex_syntax::parse(p).unwrap()).collect();
            let config = Config { kind: MatchKind::All, size_limit: 1 << 20, prefilter: false };
            let automaton = Forward::new(&config, &hirs).unwrap();
            let mut starts: Vec<usize> = cuts.iter().map(|c| 1 + c.index(text.len() - 1)).collect();
            starts.push(0);
            starts.sort_unstable();
            starts.dedup();
            let mut got = Vec::new();
            prop_assert!(automaton.overlapping_ends_from(text.as_bytes(), &starts, |p, e| got.push((p, e))));
            prop_assert_eq!(got, ends_from(&automaton, text.as_bytes(), &starts));
        }
    }
}
