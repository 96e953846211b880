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

use crate::engine::limits;

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

    fn cache(&self) -> PoolGuard<'_, Cache, CacheFn> {
        self.caches.get()
    }
}
