//! The automata of one linter: each pattern and condition compiled the
//! first time a document needs it, in the view of the text it searches.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, MatchKind};

use crate::error::RuleErrorKind;
use regex_syntax::hir::Hir;

use crate::engine::anywhere::Anywhere;
use crate::engine::forward::{self, Forward};
use crate::engine::{limits, pattern};

/// A document as the automata search it: as written, and with ASCII
/// letters in lower case (the same bytes otherwise, so the same offsets).
/// Most patterns are searched in the lower-cased view, where they compile
/// to smaller automata with literal prefilters (see [`pattern::lowered`]);
/// those that are case-sensitive in part, in the text as written.
#[derive(Clone, Copy)]
pub(super) struct Texts<'t> {
    pub(super) original: &'t str,
    pub(super) lowered: &'t str,
}

/// How a pattern is compiled and which view of the text it searches.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum View {
    /// Case-sensitively, lowered, in the lower-cased view.
    Lowered,
    /// Case-insensitively, in the text as written.
    Original,
}

impl View {
    pub(super) fn of(sets_case_flag: bool) -> View {
        if sets_case_flag {
            View::Original
        } else {
            View::Lowered
        }
    }

    /// The pattern's syntax tree for this view.
    fn parse(self, pattern: &str) -> Result<Hir, String> {
        match self {
            View::Original => parse(pattern),
            View::Lowered => regex_syntax::ParserBuilder::new()
                .nest_limit(limits::ENGINE_NEST_LIMIT)
                .build()
                .parse(pattern)
                .map(pattern::lowered)
                .map_err(|e| format!("invalid regular expression:\n{e}")),
        }
    }

    /// The pattern's syntax tree in the scanner, which searches the
    /// lower-cased view: for a pattern searched as written, a relaxed form
    /// that matches wherever it does (see [`pattern::relaxed`]).
    pub(super) fn scan_parse(self, pattern: &str) -> Result<Hir, String> {
        let hir = self.parse(pattern)?;
        Ok(match self {
            View::Lowered => hir,
            View::Original => pattern::relaxed(hir),
        })
    }

    /// The search from needles of a pattern asked of a whole document, in
    /// its scan form; `None` where the pattern has none to search from.
    fn anywhere(self, pattern: &str) -> Option<Anywhere> {
        Anywhere::new(&self.scan_parse(pattern).ok()?)
    }

    pub(super) fn text<'t>(self, texts: Texts<'t>) -> &'t str {
        match self {
            View::Lowered => texts.lowered,
            View::Original => texts.original,
        }
    }
}

/// A pattern compiled the first time a match position is needed.
pub(super) struct LazyRegex {
    pub(super) pattern: String,
    pub(super) view: View,
    pub(super) regex: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    pub(super) fn new(pattern: &str, view: View) -> LazyRegex {
        LazyRegex {
            pattern: pattern.to_string(),
            view,
            regex: OnceLock::new(),
        }
    }

    /// The regex, compiled within `size_limit`; an error says whether it
    /// is the limit that the automaton went over.
    pub(super) fn build(&self, size_limit: usize) -> Result<Regex, (String, bool)> {
        let hir = self.view.parse(&self.pattern).map_err(|e| (e, false))?;
        builder(size_limit)
            .build_from_hir(&hir)
            .map_err(|e| (e.to_string(), e.size_limit().is_some()))
    }

    /// Compile now, paid for out of `budget` (what is left of
    /// `TRIGGERS_SIZE_LIMIT`): a user pack's pattern, whose limits are
    /// enforced when the linter compiles.
    pub(super) fn compile(&self, budget: &mut usize) -> Result<(), String> {
        let limit = limits::REGEX_SIZE_LIMIT.min(*budget);
        let regex = self.build(limit).map_err(|(e, over_limit)| {
            if limit < limits::REGEX_SIZE_LIMIT && over_limit {
                format!(
                    "the rules' patterns are too large to compile: their automata together would take more than {} bytes",
                    limits::TRIGGERS_SIZE_LIMIT
                )
            } else {
                format!("a pattern of this rule is too large to compile: {e}")
            }
        })?;
        *budget = budget.saturating_sub(regex.memory_usage());
        let _ = self.regex.set(Some(regex));
        Ok(())
    }

    /// The matches in `range` of the document. The pattern compiled within
    /// a smaller limit when the linter did (a user pack's), or in the
    /// crate's tests (a built-in one); were it not to compile, there are none.
    pub(super) fn find_iter<'a>(
        &'a self,
        texts: Texts<'a>,
        range: Range<usize>,
    ) -> impl Iterator<Item = regex_automata::Match> + 'a {
        let regex = (self.regex).get_or_init(|| self.build(limits::SCANNER_SIZE_LIMIT).ok());
        let input = Input::new(self.view.text(texts)).range(range);
        regex.iter().flat_map(move |r| r.find_iter(input.clone()))
    }
}

/// A condition's automaton: compiled with the linter for a user pack (to
/// enforce the size limits), else the first time a document needs it.
pub(super) struct LazyCondition {
    pub(super) pattern: String,
    pub(super) view: View,
    automaton: OnceLock<Option<Forward>>,
    /// For a condition searched in the text as written, its relaxed form in
    /// the lower-cased view (see [`pattern::relaxed`]): where that is
    /// absent from a document, so is the condition. Its literal prefilter
    /// skips through a document in lower case far faster than the exact
    /// automaton's, with every case variant of its literals, does.
    relaxed: OnceLock<Option<Forward>>,
    /// For a condition asked of the whole document, its form in the
    /// lower-cased view (the pattern, or its relaxed form) searched from its
    /// needles ([`Anywhere`]), where every branch begins or ends with some:
    /// on a page that lacks it, the automaton's prefilter stopped at every
    /// "not" and "for". Built once the automaton has searched
    /// [`NEEDLES_AFTER`] bytes in vain, or with the linter for a user pack.
    anywhere: OnceLock<Option<Anywhere>>,
    /// How many bytes of documents the automaton has searched through for
    /// the condition as a whole without finding it.
    missed: AtomicUsize,
}

/// How many bytes a document-level condition's automaton searches in vain
/// before its search from needles is built: building that costs about
/// what the automaton takes for 256 KB of clinic copy (0.2 ms), more than it
/// saves on one page.
const NEEDLES_AFTER: usize = 256 << 10;

impl LazyCondition {
    /// A condition compiled the first time a document needs it.
    pub(super) fn new(pattern: String, view: View) -> LazyCondition {
        LazyCondition {
            pattern,
            view,
            automaton: OnceLock::new(),
            relaxed: OnceLock::new(),
            anywhere: OnceLock::new(),
            missed: AtomicUsize::new(0),
        }
    }

    /// A user pack's condition, compiled now and paid for out of `budget`
    /// (what is left of `COMPILED_SIZE_LIMIT`); for one asked of whole
    /// documents, also its relaxed form and its search from needles, which
    /// only save time: within what is left of the budget, or not at all.
    pub(super) fn compiled(
        pattern: String,
        view: View,
        document: bool,
        budget: &mut usize,
    ) -> Result<LazyCondition, (RuleErrorKind, String)> {
        let c = LazyCondition::new(pattern, view);
        let hir = view
            .parse(&c.pattern)
            .map_err(|e| (RuleErrorKind::Regex, e))?;
        let compiled = condition_automaton(&hir, budget).map_err(|e| (RuleErrorKind::Limit, e))?;
        let _ = c.automaton.set(Some(compiled));
        if document && view == View::Original {
            let hir = view.scan_parse(&c.pattern).ok();
            let _ = (c.relaxed).set(hir.and_then(|h| condition_automaton(&h, budget).ok()));
        }
        let from_needles = document
            .then(|| view.anywhere(&c.pattern))
            .flatten()
            .filter(|a| a.memory_usage() <= *budget);
        *budget -= from_needles.as_ref().map_or(0, Anywhere::memory_usage);
        let _ = c.anywhere.set(from_needles);
        Ok(c)
    }

    /// Whether the condition matches in `range` of the document; `false` if
    /// its automaton cannot be built, which the limits checked at compile
    /// time rule out.
    pub(super) fn is_match(&self, texts: Texts<'_>, range: Range<usize>) -> bool {
        self.lazily(&self.automaton, View::parse)
            .is_some_and(|a| a.is_match(Input::new(self.view.text(texts)).range(range)))
    }

    /// Whether the condition matches in one of `paras` (the paragraphs
    /// where the scan saw it may).
    pub(super) fn is_match_in_any(&self, texts: Texts<'_>, paras: &[Range<usize>]) -> bool {
        paras.iter().any(|para| self.is_match(texts, para.clone()))
    }

    /// The automaton in `cell`, compiled from the pattern parsed by `parse`
    /// if it is not yet (a user pack's were compiled with the linter).
    fn lazily<'a>(
        &self,
        cell: &'a OnceLock<Option<Forward>>,
        parse: fn(View, &str) -> Result<Hir, String>,
    ) -> Option<&'a Forward> {
        cell.get_or_init(|| {
            let hir = parse(self.view, &self.pattern).ok()?;
            let mut budget = limits::REGEX_SIZE_LIMIT;
            condition_automaton(&hir, &mut budget).ok()
        })
        .as_ref()
    }

    /// Whether the condition matches anywhere in the document: its form
    /// in the lower-cased view tells where it is the pattern itself, and
    /// where it is absent; else the exact automaton does.
    pub(super) fn is_match_in_document(&self, texts: Texts<'_>) -> bool {
        let len = texts.original.len();
        let anywhere = match self.missed.load(Ordering::Relaxed) >= NEEDLES_AFTER {
            true => (self.anywhere)
                .get_or_init(|| self.view.anywhere(&self.pattern))
                .as_ref(),
            false => self.anywhere.get().and_then(Option::as_ref),
        };
        let from_needles = anywhere.and_then(|a| a.is_match(texts.lowered.as_bytes()));
        let in_lowered = match (from_needles, self.view) {
            (None, View::Original) => (self.lazily(&self.relaxed, View::scan_parse))
                .map(|a| a.is_match(Input::new(texts.lowered))),
            (found, _) => found,
        };
        let found = match (in_lowered, self.view) {
            (Some(false), _) => false,
            (Some(true), View::Lowered) => true,
            _ => self.is_match(texts, 0..len),
        };
        if !found && from_needles.is_none() {
            self.missed.fetch_add(len, Ordering::Relaxed);
        }
        found
    }
}

/// A trigger's pattern with its named groups, run again on a finding's
/// span only to fill in its replacements (see [`crate::rules::template`]).
pub(super) struct LazyGroups {
    pub(super) pattern: String,
    pub(super) regex: OnceLock<Option<Regex>>,
}

impl LazyGroups {
    pub(super) fn new(pattern: &str) -> LazyGroups {
        LazyGroups {
            pattern: pattern.to_string(),
            regex: OnceLock::new(),
        }
    }

    /// The groups of the match at `span` of `text`; `None` if the pattern
    /// does not compile within the limit or (its words' boundaries being
    /// Unicode-aware here) does not match there exactly.
    pub(super) fn captures(&self, text: &str, span: Range<usize>) -> Option<Captures> {
        let regex = (self.regex).get_or_init(|| {
            let hir = parse(&self.pattern).ok()?;
            let mut b = builder(limits::REGEX_SIZE_LIMIT);
            b.configure(Regex::config().which_captures(WhichCaptures::All));
            b.build_from_hir(&hir).ok()
        });
        let regex = regex.as_ref()?;
        let mut caps = regex.create_captures();
        let input = Input::new(text).range(span.clone()).anchored(Anchored::Yes);
        regex.search_captures(&input, &mut caps);
        (caps.get_match()?.end() == span.end).then_some(caps)
    }
}

/// A pattern in engine syntax, parsed case-insensitively, with ASCII
/// letters matching ASCII letters only, as in the lower-cased view (see
/// [`pattern::ascii_letters_fold_in_ascii`]).
fn parse(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .nest_limit(limits::ENGINE_NEST_LIMIT)
        .build()
        .parse(pattern)
        .map(pattern::ascii_letters_fold_in_ascii)
        .map_err(|e| format!("invalid regular expression:\n{e}"))
}

/// The automaton of one condition, paid for out of `budget` (what is left
/// of `COMPILED_SIZE_LIMIT`): each is small, but a pack of thousands of short
/// conditions with large automata (`\w{0,30}x`) would take a minute to
/// compile.
fn condition_automaton(hir: &Hir, budget: &mut usize) -> Result<Forward, String> {
    let limit = limits::REGEX_SIZE_LIMIT.min(*budget);
    let config = forward::Config {
        kind: MatchKind::LeftmostFirst,
        size_limit: limit,
        prefilter: true,
    };
    let regex = Forward::new(&config, std::slice::from_ref(hir)).map_err(|e| {
            if limit < limits::REGEX_SIZE_LIMIT && e.size_limit().is_some() {
                format!(
                    "the rules' conditions are too large to compile: their automata together would take more than {} bytes",
                    limits::COMPILED_SIZE_LIMIT
                )
            } else {
                format!("condition too large to compile: {e}")
            }
        })?;
    *budget = budget.saturating_sub(regex.memory_usage());
    Ok(regex)
}

/// The builder of one pattern's automaton (a trigger's, or a disclosure's
/// anchor), with this NFA size limit; it finds the pattern's matches in the
/// paragraphs where the scan found some. Compiled lazily, one at a time, it
/// gets the lazy DFA and a literal prefilter (effective on the lower-cased
/// view's plain literals) but no full DFA. No automaton keeps the author's
/// capture groups: only whole matches are used.
fn builder(size_limit: usize) -> meta::Builder {
    let mut b = Regex::builder();
    b.configure(
        Regex::config()
            .match_kind(MatchKind::LeftmostFirst)
            .which_captures(WhichCaptures::Implicit)
            .nfa_size_limit(Some(size_limit))
            // The lazy DFA needs a cache of about 1.5x its NFA, or it is not
            // built at all and every search falls back to the PikeVM, 1,000
            // times slower on a large automaton (11 s for 64 kB of text).
            .hybrid_cache_capacity(2 * size_limit)
            .dfa(false),
    );
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Linter, RuleSet};

    /// A built-in condition that did not compile would never hold: an
    /// `unless` lost without an error.
    #[test]
    fn every_built_in_condition_compiles_within_the_limit() {
        let linter = Linter::new(&RuleSet::builtin().unwrap()).unwrap();
        for c in &linter.inner.conds {
            assert!(
                c.lazily(&c.automaton, View::parse).is_some(),
                "{}",
                c.pattern
            );
        }
    }

    /// Once its automaton has searched `NEEDLES_AFTER` bytes in vain, a
    /// disclosure's accepted forms are searched for from their needles, and
    /// found where they are.
    #[test]
    fn a_document_condition_is_found_from_its_needles_once_its_automaton_has_missed_enough() {
        let linter = Linter::new(&RuleSet::builtin().unwrap()).unwrap();
        let from_needles = || {
            (linter.inner.conds.iter())
                .filter(|c| c.anywhere.get().is_some_and(Option::is_some))
                .count()
        };
        let lacks = |text: &str| {
            (linter.check(text).iter()).any(|d| d.rule == "health-claims/medical-advice")
        };
        let filler = "Ketamine infusions for depression take an hour.\n\n".repeat(6_000);
        assert!(filler.len() > NEEDLES_AFTER);
        // The first document's search is the automaton's; it misses.
        assert!(lacks(&filler));
        assert_eq!(from_needles(), 0);
        assert!(lacks(&filler));
        assert!(from_needles() > 0);
        for text in [
            format!("{filler}This page is not medical advice."),
            format!("Nothing on this page is medical advice.\n\n{filler}"),
            format!("{filler}It is for educational purposes only."),
        ] {
            assert!(!lacks(&text), "{}", &text[text.len() - 40..]);
        }
        assert!(lacks(&filler));
    }
}
