//! Every needle in a text, found by one Aho-Corasick automaton walked
//! through four stretches of it at once.
//!
//! A step of the automaton is one load from its transition table (a
//! megabyte for the built-in packs' needles), and the next step needs its
//! result: one walk waits on memory at every byte. Four walks through four
//! stretches do not wait on each other, so the processor overlaps their
//! loads: the pass over the text went three times as fast (364 -> 1,166
//! MB/s on generated clinic copy, measured alone).

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, Anchored, MatchKind, PatternID};

/// How many stretches are walked at once: two walks ran at twice the
/// speed of one, four at three times, eight no faster. (The lock-step loop
/// names each of the four.)
const LANES: usize = 4;

/// How much text the walks take at once, so that what they find (a needle
/// every ten to forty bytes) stays small.
const WINDOW: usize = 1 << 16;

/// An automaton of needles.
pub(crate) struct Lanes {
    dfa: dfa::DFA,
    start: StateID,
    /// The length of the longest needle.
    longest: usize,
}

impl Lanes {
    /// The automaton of `needles`, needle `i` being `needles[i]`. The error
    /// says what is too large.
    pub(crate) fn new(needles: &[Vec<u8>]) -> Result<Lanes, String> {
        let dfa = dfa::Builder::new()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(needles)
            .map_err(|e| e.to_string())?;
        let start = dfa.start_state(Anchored::No).map_err(|e| e.to_string())?;
        Ok(Lanes {
            dfa,
            start,
            longest: needles.iter().map(Vec::len).max().unwrap_or(0),
        })
    }

    /// The length of the longest needle.
    pub(crate) fn longest(&self) -> usize {
        self.longest
    }

    /// Call `each(needle, range)` for every needle in `text`, overlapping
    /// ones too, in the order of their ends (needles that end together in
    /// the order the automaton lists them, as its overlapping search does).
    pub(crate) fn each(&self, text: &[u8], mut each: impl FnMut(usize, std::ops::Range<usize>)) {
        let mut found: [Vec<(usize, PatternID)>; LANES] = Default::default();
        for window in (0..text.len()).step_by(WINDOW) {
            let window = window..(window + WINDOW).min(text.len());
            self.walk(text, window, &mut found);
            for (end, needle) in found.iter_mut().flat_map(|f| f.drain(..)) {
                let start = end - self.dfa.pattern_len(needle);
                each(needle.as_usize(), start..end);
            }
        }
    }

    /// Walk `window` of `text` in [`LANES`] stretches, the needles that end
    /// in stretch `i` going to `found[i]`. A walk begins a needle's length
    /// before its stretch, to find the needles that begin before it.
    fn walk(
        &self,
        text: &[u8],
        window: std::ops::Range<usize>,
        found: &mut [Vec<(usize, PatternID)>; LANES],
    ) {
        let stretch = window.len().div_ceil(LANES);
        let ends: [usize; LANES] =
            std::array::from_fn(|i| (window.start + stretch * (i + 1)).min(window.end));
        let firsts: [usize; LANES] =
            std::array::from_fn(|i| (window.start + stretch * i).min(window.end));
        let mut at: [usize; LANES] =
            std::array::from_fn(|i| firsts[i].saturating_sub(self.longest.saturating_sub(1)));
        let mut states = [self.start; LANES];
        let dfa = &self.dfa;
        // The needles that end at `at + 1`, in walk `i`'s `state` there.
        let report = |i: usize, at: usize, state: StateID, found: &mut Vec<_>| {
            if dfa.is_match(state) && at >= firsts[i] {
                for k in 0..dfa.match_len(state) {
                    found.push((at + 1, dfa.match_pattern(state, k)));
                }
            }
        };
        // The walks in lock step as long as all have text, then each to its
        // end. In lock step, a step only loads the next state (a needle
        // ends at one byte in ten to forty): what ends there is looked at
        // when some walk is in a match state.
        let together = (0..LANES).map(|i| ends[i] - at[i]).min().unwrap_or(0);
        let texts = at.map(|a| &text[a..a + together]);
        let mut stops = [(0, [self.start; LANES]); STOPS];
        let mut k = 0;
        while k < together {
            let noted;
            (k, noted) = lock_step(dfa, texts, &mut states, k, &mut stops);
            for &(stop, stop_states) in &stops[..noted] {
                for i in 0..LANES {
                    report(i, at[i] + stop, stop_states[i], &mut found[i]);
                }
            }
        }
        for a in &mut at {
            *a += together;
        }
        for i in 0..LANES {
            for (a, &b) in (at[i]..ends[i]).zip(&text[at[i]..ends[i]]) {
                states[i] = dfa.next_state(Anchored::No, states[i], b);
                report(i, a, states[i], &mut found[i]);
            }
        }
    }
}

/// How many steps where some walk is in a match state [`lock_step`] notes
/// before it returns.
const STOPS: usize = 64;

/// Walk `dfa` from `states` through byte `from` onward of each of `texts`
/// (of one length), one byte of each a step, noting in `stops` each step
/// that leaves some walk in a match state (the byte's index and the walks'
/// states), until `stops` is full or the texts end. Returns where to go on
/// from and how many steps it noted.
///
/// Its own function, not inlined, and what the walks find handled
/// elsewhere: with that code in its loop, the loop kept the states on the
/// stack, and each step waited on a store and a load more. Every step is
/// noted, and kept where some walk is in a match state: on a clinic page
/// that is one step in three or so, as nothing predicts, and a branch on
/// it went wrong often (the development corpus went 1.02 times as fast
/// without it, claim-free copy 0.91 times, still five times 100 MB/s).
#[inline(never)]
fn lock_step(
    dfa: &dfa::DFA,
    texts: [&[u8]; LANES],
    states: &mut [StateID; LANES],
    from: usize,
    stops: &mut [(usize, [StateID; LANES]); STOPS],
) -> (usize, usize) {
    let [t0, t1, t2, t3] = texts.map(|t| t.get(from..).unwrap_or_default());
    let [mut s0, mut s1, mut s2, mut s3] = *states;
    let bytes = t0.iter().zip(t1).zip(t2).zip(t3);
    let mut noted = 0;
    let mut next = from + t0.len();
    for (k, (((&b0, &b1), &b2), &b3)) in bytes.enumerate() {
        s0 = dfa.next_state(Anchored::No, s0, b0);
        s1 = dfa.next_state(Anchored::No, s1, b1);
        s2 = dfa.next_state(Anchored::No, s2, b2);
        s3 = dfa.next_state(Anchored::No, s3, b3);
        stops[noted] = (from + k, [s0, s1, s2, s3]);
        noted +=
            usize::from(dfa.is_match(s0) | dfa.is_match(s1) | dfa.is_match(s2) | dfa.is_match(s3));
        if noted == STOPS {
            next = from + k + 1;
            break;
        }
    }
    *states = [s0, s1, s2, s3];
    (next, noted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind};
    use proptest::prelude::*;

    /// What the automaton's own overlapping search finds, in its order.
    fn oracle(needles: &[Vec<u8>], text: &[u8]) -> Vec<(usize, std::ops::Range<usize>)> {
        let ac = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(needles)
            .unwrap();
        (ac.find_overlapping_iter(text))
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect()
    }

    fn walked(needles: &[Vec<u8>], text: &[u8]) -> Vec<(usize, std::ops::Range<usize>)> {
        let mut found = Vec::new();
        Lanes::new(needles)
            .unwrap()
            .each(text, |n, range| found.push((n, range)));
        found
    }

    #[test]
    fn needles_across_stretches_and_windows_are_found_once() {
        // Text of three letters and spaces, over three windows and a bit:
        // a needle ends at every offset (one of them is each letter), and
        // every stretch and window boundary has longer ones across it.
        let mut seed: u32 = 0x9e37_79b9;
        let text: Vec<u8> = (0..3 * WINDOW + 17)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                b"abc "[(seed % 4) as usize]
            })
            .collect();
        let needles: Vec<Vec<u8>> = ["ab", "bca", "c c", "abcab", "a", "b", "c", " ", "cc a b"]
            .iter()
            .map(|n| n.as_bytes().to_vec())
            .collect();
        let want = oracle(&needles, &text);
        assert!(want.len() > text.len());
        assert_eq!(walked(&needles, &text), want);
    }

    proptest! {
        /// The walks find what one overlapping search finds, in its order.
        #[test]
        fn the_walks_find_what_one_search_does(
            needles in prop::collection::vec(
                prop::collection::vec(prop::sample::select(&b"ab c"[..]), 1..6), 1..8),
            text in prop::collection::vec(prop::sample::select(&b"ab c"[..]), 0..200),
        ) {
            prop_assert_eq!(walked(&needles, &text), oracle(&needles, &text));
        }
    }
}
