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

use regex_automata::hybrid;
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
    pub(crate) fn each_match(
        &mut self,
        text: &[u8],
        range: Range<usize>,
        mut each: impl FnMut(usize),
    ) -> bool {
        let input = Input::new(text).range(range).anchored(Anchor::Yes);
        let (dfa, cache) = (&self.anchored.dfa, &mut *self.cache);
        let mut state = hybrid::dfa::OverlappingState::start();
        loop {
            let searched = if self.anchored.reverse {
                dfa.try_search_overlapping_rev(cache, &input, &mut state)
            } else {
                dfa.try_search_overlapping_fwd(cache, &input, &mut state)
            };
            if searched.is_err() {
                return false;
            }
            match state.get_match() {
                Some(m) => each(m.pattern().as_usize()),
                None => return true,
            }
        }
    }
}
