//! The compiled linter: one scan for all triggers, context checks after.
//!
//! Linting a document takes one pass over its text, whatever the number of
//! rules: one automaton finds the literals that every match of a phrase or
//! pattern holds, and a short anchored search at each tells the paragraphs
//! where each trigger may match (see [`crate::scan`]). In those paragraphs,
//! those patterns alone then find their spans, and the context conditions
//! run on the sentence or window around each match. Document-level
//! conditions (pack activation, disclosure triggers and accepted forms,
//! `within = "document"`) are searched when a finding or a disclosure first
//! needs them, each stopping at its first match.
//!
//! A match never runs past its paragraph (a blank line), as in Markdown and
//! HTML, where it never runs past its block.
//!
//! Most patterns are searched in the document's lower-cased view (see
//! [`Texts`]), which makes their automata smaller and quicker to build than
//! case-insensitive ones. What no document has needed yet is compiled when
//! one first does: each pattern's own automaton, and each condition's. Packs
//! loaded from user files have their conditions compiled with the linter,
//! where their size limits are enforced; the built-in packs' are within them
//! (the crate's tests compile them as user packs).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Input, MatchKind};
use regex_syntax::hir::Hir;
use rustc_hash::FxHashMap;

use crate::anywhere::Anywhere;
use crate::clause;
use crate::diagnostic::{Diagnostic, Suggestion};
use crate::document::{self, suppress, Document, Format, OffsetMap};
use crate::error::{RuleError, RuleErrorKind};
use crate::forward::{self, Forward};
use crate::limits;
use crate::pattern;
use crate::rewrite;
use crate::rules::{
    Applicability, Condition, Detect, DisclosureDetect, Rule, RuleSet, Scope, Severity,
};
use crate::scan::{Scanned, Scanner};
use crate::segment;
use crate::span::{floor_char_boundary, LineIndex, Span};

/// A rule set compiled for linting. Compile once and reuse it for every
/// document: it is `Send + Sync`, and cloning it is a reference-count bump.
///
/// # Example
/// ```
/// use claimlint::{Linter, RuleSet};
///
/// let linter = Linter::new(&RuleSet::builtin()?)?;
/// let text = "Ketamine cures depression for good.";
/// let found = linter.check(text);
/// assert!(found.iter().any(|d| d.category == "cure-guarantee"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Linter {
    inner: Arc<Inner>,
}

struct Inner {
    rules: Vec<Rule>,
    /// Each rule's message, split at each `{match}`.
    messages: Vec<Vec<String>>,
    /// For each rule, its pack's activation (an index into `activations`),
    /// if the pack has one.
    active: Vec<Option<usize>>,
    /// Each pack's `active-when` condition, which the scan looks for.
    activations: Vec<CondId>,
    claims: Vec<Option<Claim>>,
    disclosures: Vec<(usize, Disclosure)>,
    /// Every trigger (phrase or pattern) of every claim rule.
    triggers: Vec<TriggerInfo>,
    scanner: Option<Scanner>,
    /// Every distinct condition, asked only whether it matches.
    conds: Vec<LazyCondition>,
}

type CondId = usize;

struct Claim {
    scope: Scope,
    requires: Vec<(CondId, Option<Scope>)>,
    unless: Vec<(CondId, Option<Scope>)>,
    fix: Applicability,
    placeholder: Option<String>,
}

struct Disclosure {
    when: Vec<CondId>,
    /// Claim categories whose findings make the disclosure needed; the
    /// finding then points at the sentence of the first of them.
    when_found: Vec<String>,
    /// The first `when` condition, searched for where it matches, when no
    /// finding decides: the finding points at the first sentence where
    /// every `when` condition matches.
    anchor: Option<LazyRegex>,
    accepted: CondId,
    /// Each use the insertion may name, and its condition.
    uses: Vec<(String, CondId)>,
    detect: DisclosureDetect,
}

/// A document as the automata search it: as written, and with ASCII
/// letters in lower case (the same bytes otherwise, so the same offsets).
/// Most patterns are searched in the lower-cased view, where they compile
/// to smaller automata with literal prefilters (see [`pattern::lowered`]);
/// those that are case-sensitive in part, in the text as written.
#[derive(Clone, Copy)]
struct Texts<'t> {
    original: &'t str,
    lowered: &'t str,
}

/// How a pattern is compiled and which view of the text it searches.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    /// Case-sensitively, lowered, in the lower-cased view.
    Lowered,
    /// Case-insensitively, in the text as written.
    Original,
}

impl View {
    fn of(sets_case_flag: bool) -> View {
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
    fn scan_parse(self, pattern: &str) -> Result<Hir, String> {
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

    fn text<'t>(self, texts: Texts<'t>) -> &'t str {
        match self {
            View::Lowered => texts.lowered,
            View::Original => texts.original,
        }
    }
}

/// A pattern compiled the first time a match position is needed.
struct LazyRegex {
    pattern: String,
    view: View,
    regex: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    fn new(pattern: &str, view: View) -> LazyRegex {
        LazyRegex {
            pattern: pattern.to_string(),
            view,
            regex: OnceLock::new(),
        }
    }

    /// The regex, compiled within `size_limit`; an error says whether it
    /// is the limit that the automaton went over.
    fn build(&self, size_limit: usize) -> Result<Regex, (String, bool)> {
        let hir = self.view.parse(&self.pattern).map_err(|e| (e, false))?;
        builder(size_limit)
            .build_from_hir(&hir)
            .map_err(|e| (e.to_string(), e.size_limit().is_some()))
    }

    /// Compile now, paid for out of `budget` (what is left of
    /// `TRIGGERS_SIZE_LIMIT`): a user pack's pattern, whose limits are
    /// enforced when the linter compiles.
    fn compile(&self, budget: &mut usize) -> Result<(), String> {
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
    fn find_iter<'a>(
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
struct LazyCondition {
    pattern: String,
    view: View,
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
    /// Whether the condition matches in `range` of the document; `false` if
    /// its automaton cannot be built, which the limits checked at compile
    /// time rule out.
    fn is_match(&self, texts: Texts<'_>, range: Range<usize>) -> bool {
        self.lazily(&self.automaton, View::parse)
            .is_some_and(|a| a.is_match(Input::new(self.view.text(texts)).range(range)))
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
    fn is_match_in_document(&self, texts: Texts<'_>) -> bool {
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

struct TriggerInfo {
    rule: usize,
    is_phrase: bool,
    replace: Vec<String>,
    regex: LazyRegex,
    /// The pattern with its named groups, where a replacement refers to
    /// them: compiled the first time a finding needs its groups.
    groups: Option<LazyGroups>,
}

/// A trigger's pattern with its named groups, run again on a finding's
/// span only to fill in its replacements (see [`crate::rewrite`]).
struct LazyGroups {
    pattern: String,
    regex: OnceLock<Option<Regex>>,
}

impl LazyGroups {
    fn new(pattern: &str) -> LazyGroups {
        LazyGroups {
            pattern: pattern.to_string(),
            regex: OnceLock::new(),
        }
    }

    /// The groups of the match at `span` of `text`; `None` if the pattern
    /// does not compile within the limit or (its words' boundaries being
    /// Unicode-aware here) does not match there exactly.
    fn captures(
        &self,
        text: &str,
        span: Range<usize>,
    ) -> Option<regex_automata::util::captures::Captures> {
        let regex = (self.regex).get_or_init(|| {
            let hir = parse(&self.pattern).ok()?;
            let mut b = builder(limits::REGEX_SIZE_LIMIT);
            b.configure(Regex::config().which_captures(WhichCaptures::All));
            b.build_from_hir(&hir).ok()
        });
        let regex = regex.as_ref()?;
        let mut caps = regex.create_captures();
        let input = Input::new(text)
            .range(span.clone())
            .anchored(regex_automata::Anchored::Yes);
        regex.search_captures(&input, &mut caps);
        (caps.get_match()?.end() == span.end).then_some(caps)
    }
}

/// A match that passed its context checks, or a missing disclosure,
/// before it becomes a diagnostic.
struct Finding {
    rule: usize,
    span: Range<usize>,
    trigger: Option<usize>,
    /// A missing disclosure's insertion, naming the document's uses.
    insert: Option<String>,
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

/// How much text, in bytes, is checked trigger after trigger at a time
/// (see `Linter::findings`): the sentences found in it are kept until
/// its end.
const CHECK_BLOCK: usize = 1 << 20;

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

impl Linter {
    /// Compile a rule set, then run the `fire` and `clean` examples of every
    /// rule outside the built-in packs (the crate's tests run theirs).
    ///
    /// # Errors
    /// A [`RuleError`] at the rule's line when its patterns exceed the size
    /// limits, or when one of its examples does not behave as declared.
    pub fn new(rules: &RuleSet) -> Result<Linter, RuleError> {
        let linter = Linter::compile(rules)?;
        linter.verify_examples(rules)?;
        Ok(linter)
    }

    /// Compile without running the examples (for hosts that verified the
    /// packs already, as the tests do for the built-in ones).
    ///
    /// # Errors
    /// A [`RuleError`] when a pattern exceeds the size limits.
    pub fn compile(set: &RuleSet) -> Result<Linter, RuleError> {
        let mut conds = CondTable::default();
        let mut rules = Vec::new();
        let mut active = Vec::new();
        let mut activations = Vec::new();
        let mut claims = Vec::new();
        let mut disclosures = Vec::new();
        // Whether each rule is a user pack's: its automata are compiled now,
        // within the limits.
        let mut untrusted_rules = Vec::new();
        let mut triggers = Vec::new();
        let mut origins = Vec::new();

        for pack in set.packs() {
            let untrusted = !pack.is_builtin();
            conds.here = (pack.origin.clone(), (1, 1), untrusted);
            // The scan looks for the subject of a pack that has rules.
            let pack_cond = (pack.active_when.as_ref())
                .filter(|_| !pack.rules().is_empty())
                .map(|c| {
                    activations.push(conds.get(c));
                    activations.len() - 1
                });
            for rule in pack.rules() {
                conds.here = (pack.origin.clone(), rule.at, untrusted);
                let idx = rules.len();
                rules.push(rule.clone());
                active.push(pack_cond);
                untrusted_rules.push(untrusted);
                origins.push((pack.origin.as_str(), rule.at));
                match &rule.detect {
                    Detect::Claim {
                        triggers: ts,
                        fix,
                        placeholder,
                        scope,
                        requires,
                        unless,
                    } => {
                        for t in ts {
                            triggers.push(TriggerInfo {
                                rule: idx,
                                is_phrase: t.is_phrase,
                                replace: t.replace.clone(),
                                regex: LazyRegex::new(&t.regex, View::of(t.sets_case_flag)),
                                groups: t.groups.as_deref().map(LazyGroups::new),
                            });
                        }
                        let mut resolve = |list: &[Condition]| {
                            list.iter()
                                .map(|c| {
                                    let id = if c.within.unwrap_or(*scope) == Scope::Document {
                                        conds.doc(c)
                                    } else {
                                        conds.get(c)
                                    };
                                    (id, c.within)
                                })
                                .collect::<Vec<_>>()
                        };
                        let requires = resolve(requires);
                        let unless = if untrusted {
                            resolve(unless)
                        } else {
                            resolve(&joined(unless))
                        };
                        claims.push(Some(Claim {
                            scope: *scope,
                            requires,
                            unless,
                            fix: *fix,
                            placeholder: placeholder.clone(),
                        }));
                    }
                    Detect::Disclosure(d) => {
                        claims.push(None);
                        let anchor = (d.when.first())
                            .map(|c| LazyRegex::new(&c.regex, View::of(c.sets_case_flag)));
                        disclosures.push((
                            idx,
                            Disclosure {
                                when: d.when.iter().map(|c| conds.doc(c)).collect(),
                                when_found: d.when_found.clone(),
                                anchor,
                                accepted: conds.doc(&d.accepted),
                                uses: (d.uses.iter())
                                    .map(|(name, c)| (name.clone(), conds.doc(c)))
                                    .collect(),
                                detect: (**d).clone(),
                            },
                        ));
                    }
                }
            }
        }

        let located = |rule: usize, kind: RuleErrorKind, message: String| {
            let (origin, at) = origins[rule];
            RuleError::new(kind, origin, at, message)
        };
        let scanner = if triggers.is_empty() && activations.is_empty() {
            None
        } else {
            let too_large = |e: &dyn std::fmt::Display| {
                // Name the pattern too large on its own, if one is (a search
                // only on this error path); else the last rule, whose pack is
                // the one that went over.
                let culprit =
                    (triggers.iter()).find(|t| t.regex.build(limits::REGEX_SIZE_LIMIT).is_err());
                let (rule, what) = match culprit {
                    Some(t) => (t.rule, "a pattern of this rule is too large to compile"),
                    None => (
                        rules.len() - 1,
                        "the rules' patterns are too large to compile together",
                    ),
                };
                located(rule, RuleErrorKind::Limit, format!("{what}: {e}"))
            };
            let scanned = |view: View, p: &str| view.scan_parse(p).map(pattern::widened);
            let triggers_hirs = triggers.iter().map(|trigger| {
                scanned(trigger.regex.view, &trigger.regex.pattern)
                    .map_err(|e| located(trigger.rule, RuleErrorKind::Regex, e))
            });
            let activation_hirs = activations.iter().map(|&id| {
                scanned(conds.views[id], &conds.regexes[id])
                    .map_err(|e| conds.located(id, RuleErrorKind::Regex, e))
            });
            let hirs = (triggers_hirs.chain(activation_hirs)).collect::<Result<Vec<_>, _>>()?;
            Some(Scanner::new(&hirs, triggers.len()).map_err(|e| too_large(&e))?)
        };
        // A user pack's patterns each compile within the limits now, and
        // so do its disclosures' anchors.
        let mut budget = limits::TRIGGERS_SIZE_LIMIT;
        let own = (triggers.iter().map(|t| (t.rule, &t.regex)))
            .chain((disclosures.iter()).filter_map(|(rule, d)| Some((*rule, d.anchor.as_ref()?))));
        for (rule, regex) in own {
            if untrusted_rules[rule] {
                (regex.compile(&mut budget)).map_err(|e| located(rule, RuleErrorKind::Limit, e))?;
            }
        }
        let conds = conds.compile()?;
        let linter = Linter {
            inner: Arc::new(Inner {
                messages: (rules.iter())
                    .map(|r| r.message.split("{match}").map(String::from).collect())
                    .collect(),
                rules,
                active,
                activations,
                claims,
                disclosures,
                triggers,
                scanner,
                conds,
            }),
        };
        linter.check_disclosure_inserts(&untrusted_rules, &origins)?;
        Ok(linter)
    }

    /// A disclosure's insertion must satisfy the disclosure, or `--fix`
    /// would insert it again on every run. Checked for user packs; the
    /// crate's tests check the built-in ones.
    fn check_disclosure_inserts(
        &self,
        untrusted_rules: &[bool],
        origins: &[(&str, (usize, usize))],
    ) -> Result<(), RuleError> {
        for (idx, d) in &self.inner.disclosures {
            if !untrusted_rules[*idx] {
                continue;
            }
            let insert = d.detect.insert_naming(&[]);
            let texts = Texts {
                original: &insert,
                lowered: &insert.to_ascii_lowercase(),
            };
            if !self.inner.conds[d.accepted].is_match(texts, 0..insert.len()) {
                let (origin, at) = origins[*idx];
                return Err(RuleError::new(
                    RuleErrorKind::Invalid,
                    origin,
                    at,
                    format!(
                        "the `insert` text of `{}` does not match its own `accepted` forms",
                        self.inner.rules[*idx].id
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Run the examples of every pack but the built-in ones: those are run by
    /// the crate's tests, and would cost every CLI start half a second.
    fn verify_examples(&self, set: &RuleSet) -> Result<(), RuleError> {
        for pack in set.packs().iter().filter(|p| !p.is_builtin()) {
            for rule in pack.rules() {
                let Some(idx) = self.inner.rules.iter().position(|r| r.id == rule.id) else {
                    continue;
                };
                for (examples, should_fire) in [(&rule.fire, true), (&rule.clean, false)] {
                    for ex in examples {
                        let fired = self.findings(&ex.text).iter().any(|f| f.rule == idx);
                        if fired != should_fire {
                            let what = if should_fire {
                                "should be reported but is not"
                            } else {
                                "should stay clean but is reported"
                            };
                            return Err(RuleError::new(
                                RuleErrorKind::Example,
                                &pack.origin,
                                ex.at,
                                format!("example of `{}` {what}: {:?}", rule.id, ex.text),
                            ));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The compiled rules, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.inner.rules
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.inner.rules.iter().find(|r| r.id == id)
    }

    /// Lint a source document in the given format. Every span, line and
    /// column points into `source` as given, markup included, and
    /// [`Diagnostic::text`] is the source under the span.
    ///
    /// Markdown and HTML are linted by their copy (see [`Format`]): the text
    /// a reader sees, with blocks (headings, paragraphs, list items, table
    /// cells) kept apart and inline markup (`<em>`, `*em*`, links) kept in
    /// the sentence. A replacement is offered only where the source under
    /// the span is the copy itself, so `--fix` never rewrites markup or an
    /// entity; a missing disclosure is inserted as a new paragraph (in HTML,
    /// a `<p>` before `</body>`).
    ///
    /// The result includes the findings that suppression comments cover,
    /// marked with [`Diagnostic::suppression`], and diagnostics about the
    /// suppressions themselves (see [`Suppression`](crate::Suppression)).
    ///
    /// # Example
    /// ```
    /// use claimlint::{Format, Linter, RuleSet};
    ///
    /// let pack = r#"
    /// [pack]
    /// id = "house"
    /// name = "House rules"
    /// version = "1.0.0"
    /// description = "The FDA status of ketamine."
    ///
    /// [[rule]]
    /// id = "house/fda"
    /// category = "fda-status"
    /// severity = "error"
    /// message = "False FDA status: {match}"
    /// rationale = "Ketamine is FDA-approved only as an anesthetic."
    /// references = ["https://www.fda.gov/"]
    /// patterns = ['\bFDA\s+approves\s+ketamine\s+for\s+depression\b']
    /// fire = ["The FDA approves ketamine for depression."]
    /// clean = ["The FDA approves ketamine for anesthesia."]
    /// "#;
    /// let linter = Linter::new(&RuleSet::from_toml("house.toml", pack)?)?;
    /// let html = "<p>The FDA <em>approves</em> ketamine for depression.</p>";
    /// let found = linter.check_document(html, Format::Html);
    /// assert_eq!(found[0].text, "FDA <em>approves</em> ketamine for depression");
    /// assert_eq!(&html[found[0].span.start..found[0].span.end], found[0].text);
    /// assert_eq!(found[0].message, "False FDA status: FDA approves ketamine for depression");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_document(&self, source: &str, format: Format) -> Vec<Diagnostic> {
        match format {
            Format::Text => self.check(source),
            Format::Markdown | Format::Html => {
                self.check_copy(source, &Document::extract(source, format))
            }
        }
    }

    /// Lint plain text. Diagnostics are sorted by position; overlapping
    /// findings of one category are merged into the most severe one.
    ///
    /// Lines of the form `claimlint-disable-next-line RULE -- reason` (and
    /// `claimlint-disable` / `claimlint-enable`) are suppressions, as in
    /// [`Linter::check_document`]; this is `check_document(text,
    /// Format::Text)`.
    pub fn check(&self, text: &str) -> Vec<Diagnostic> {
        if suppress::may_have_directives(text) {
            return self.check_copy(text, &Document::plain(text));
        }
        let findings = merge(&self.inner, self.findings(text));
        if findings.is_empty() {
            return Vec::new();
        }
        let target = Target {
            source: text,
            copy: text,
            map: None,
            format: Format::Text,
            insert_at: None,
            lines: LineIndex::new(text),
        };
        findings
            .into_iter()
            .map(|f| self.diagnostic(&target, f))
            .collect()
    }

    /// Lint the copy of a document, map the findings back to the source,
    /// and apply its suppressions.
    fn check_copy(&self, source: &str, doc: &Document) -> Vec<Diagnostic> {
        let mut findings = self.findings(&doc.copy);
        findings.retain(|f| f.trigger.is_none() || !doc.map.crosses_block(&f.span));
        let findings = merge(&self.inner, findings);
        let target = Target {
            source,
            copy: &doc.copy,
            map: Some(&doc.map),
            format: doc.format,
            insert_at: doc.insert_at,
            lines: LineIndex::new(source),
        };
        let mut out: Vec<Diagnostic> = findings
            .into_iter()
            .map(|f| self.diagnostic(&target, f))
            .collect();
        let src = suppress::Source {
            text: source,
            lines: &target.lines,
        };
        suppress::apply(
            &mut out,
            &doc.comments,
            &src,
            doc.next_copy(),
            &self.inner.rules,
        );
        // The copy puts attribute text last; the report follows the source.
        out.sort_by_key(|d| (d.span.start, d.span.end));
        out
    }

    fn findings(&self, text: &str) -> Vec<Finding> {
        let inner = &*self.inner;
        let lowered = text.to_ascii_lowercase();
        let texts = Texts {
            original: text,
            lowered: &lowered,
        };
        let scan = (inner.scanner.as_ref()).map(|s| s.scan(texts.original, texts.lowered));
        let Scanned {
            paras,
            triggers,
            subjects,
        } = scan.unwrap_or_default();
        let mut doc = DocState {
            inner,
            texts,
            paras: &paras,
            known: vec![None; inner.conds.len()],
            answers: Answers::default(),
            active: vec![None; inner.activations.len()],
            subjects,
        };
        // Trigger after trigger, each in every paragraph that lists it, not
        // paragraph after paragraph: a trigger's lazy DFA, and its rule's
        // conditions', are then still in the cache from its last paragraph
        // (hundreds of automata take turns otherwise): the development
        // corpus +13% (README, Performance). A paragraph's sentences, found
        // for one trigger, serve the next. So that they are not all kept
        // at once, the document goes by blocks of paragraphs.
        let mut next = vec![0; triggers.len()];
        let mut out = Vec::new();
        let mut first = 0;
        while first < paras.len() {
            let start = paras[first].start;
            let end = (first + 1..paras.len())
                .find(|&p| paras[p].end - start > CHECK_BLOCK)
                .unwrap_or(paras.len());
            let mut contexts: Vec<Option<RegionConditions<'_>>> =
                (first..end).map(|_| None).collect();
            for (t, listed) in triggers.iter().enumerate() {
                while let Some(&(p, last_end)) = listed.get(next[t]).filter(|(p, _)| *p < end) {
                    next[t] += 1;
                    let conditions = contexts[p - first]
                        .get_or_insert_with(|| RegionConditions::new(texts, paras[p].clone()));
                    self.check_trigger(t, last_end, conditions, &mut doc, &mut out);
                }
            }
            first = end;
        }
        for (idx, d) in &inner.disclosures {
            if !doc.pack_active(*idx)
                || !d.when.iter().all(|&c| doc.holds(c))
                || doc.holds(d.accepted)
            {
                continue;
            }
            let span = if d.when_found.is_empty() {
                self.anchor(d, &mut doc)
            } else {
                let needing = (out.iter())
                    .filter(|f| d.when_found.contains(&inner.rules[f.rule].category))
                    .min_by_key(|f| f.span.start);
                match needing {
                    Some(f) => sentence_around(text, &paras, f.span.clone()),
                    None => continue,
                }
            };
            let named: Vec<&str> = (d.uses.iter())
                .filter(|(_, c)| doc.holds(*c))
                .map(|(name, _)| name.as_str())
                .collect();
            out.push(Finding {
                rule: *idx,
                span,
                trigger: None,
                insert: Some(d.detect.insert_naming(&named)),
            });
        }
        out.sort_by_key(|f| (f.span.start, f.span.end, f.rule));
        out
    }

    /// Where a missing disclosure that no finding decides points: the
    /// first sentence, outside a link, in which every `when` condition
    /// matches; else the first match of the first one outside a link.
    fn anchor(&self, d: &Disclosure, doc: &mut DocState<'_>) -> Range<usize> {
        let (inner, texts) = (&*self.inner, doc.texts);
        let text = texts.original;
        let Some(anchor) = &d.anchor else {
            return 0..0;
        };
        let paras = doc.paras;
        let mut first = None;
        let candidates = (anchor.find_iter(texts, 0..text.len()))
            .map(|m| m.range())
            .filter(|r| !in_link(text, r.start))
            .take(MAX_ANCHOR_CANDIDATES);
        for m in candidates {
            let sentence = sentence_around(text, paras, m.clone());
            let all_here =
                (d.when.iter().skip(1)).all(|&c| inner.conds[c].is_match(texts, sentence.clone()));
            if all_here {
                return sentence;
            }
            first.get_or_insert(sentence);
        }
        first.unwrap_or(0..0)
    }

    /// The matches of trigger `t` in the paragraph of `conditions` that
    /// pass their context checks; `last_end` is the offset none of its
    /// matches there ends after, where its search stops.
    fn check_trigger(
        &self,
        t: usize,
        last_end: usize,
        conditions: &mut RegionConditions<'_>,
        doc: &mut DocState<'_>,
        out: &mut Vec<Finding>,
    ) {
        let inner = &*self.inner;
        let trigger = &inner.triggers[t];
        let Some(claim) = &inner.claims[trigger.rule] else {
            return;
        };
        if !doc.pack_active(trigger.rule) {
            return;
        }
        let (texts, region) = (conditions.texts, conditions.region.clone());
        for m in trigger.regex.find_iter(texts, region.start..last_end) {
            let span = m.range();
            if span.is_empty()
                || (trigger.is_phrase
                    && !pattern::is_whole_word(texts.original, span.start, span.end))
            {
                continue;
            }
            let mut holds = |(c, within): &(CondId, Option<Scope>)| {
                let scope = within.unwrap_or(claim.scope);
                if scope == Scope::Document {
                    return doc.holds(*c);
                }
                conditions.holds((&inner.conds[*c], *c), scope, &span, &mut doc.answers)
            };
            if claim.requires.iter().all(&mut holds) && !claim.unless.iter().any(&mut holds) {
                out.push(Finding {
                    rule: trigger.rule,
                    span,
                    trigger: Some(t),
                    insert: None,
                });
            }
        }
    }

    fn diagnostic(&self, target: &Target<'_>, f: Finding) -> Diagnostic {
        let inner = &*self.inner;
        let rule = &inner.rules[f.rule];
        let matched = target.copy.get(f.span.clone()).unwrap_or_default();
        let span = target.to_source(f.span.clone());
        let original = &target.source[span.start..span.end];
        let mut suggestions = Vec::new();
        match (&inner.claims[f.rule], f.trigger) {
            // A replacement is an edit of the source: only where the source
            // under the span is the copy itself (no markup, no entity).
            (Some(claim), Some(t)) if original == matched => {
                let trigger = &inner.triggers[t];
                // Several candidates need a human to choose: only a single one is safe.
                let applicability = if trigger.replace.len() == 1 {
                    claim.fix
                } else {
                    claim.fix.min(Applicability::Unsafe)
                };
                let captures =
                    (trigger.groups.as_ref()).and_then(|g| g.captures(target.copy, f.span.clone()));
                let group = |name: &str| {
                    let span = captures.as_ref()?.get_group_by_name(name)?;
                    target.copy.get(span.range())
                };
                let edit = |template: &str, applicability| Suggestion {
                    span,
                    replacement: document::escape(
                        target.format,
                        &match_case(matched, &rewrite::expand(template, matched, group)),
                    )
                    .into_owned(),
                    applicability,
                };
                suggestions.extend(trigger.replace.iter().map(|r| edit(r, applicability)));
                suggestions.extend(
                    (claim.placeholder.iter()).map(|p| edit(p, Applicability::DisplayOnly)),
                );
            }
            (Some(_), _) => {}
            (None, _) => {
                if let Some(insert) = &f.insert {
                    let (at, replacement) =
                        document::insertion(target.format, target.source, target.insert_at, insert);
                    suggestions.push(Suggestion {
                        span: Span::new(at, at),
                        replacement,
                        applicability: Applicability::Unsafe,
                    });
                }
            }
        }
        let (start, end) = target.lines.span_positions(target.source, span);
        Diagnostic {
            rule: rule.id.clone(),
            category: rule.category.clone(),
            severity: rule.severity,
            message: message(&inner.messages[f.rule], matched),
            span,
            start,
            end,
            text: original.to_string(),
            suggestions,
            rewrite: rule.rewrite.clone(),
            suppression: None,
        }
    }
}

/// Where the findings in the linted text land in the user's source.
struct Target<'a> {
    source: &'a str,
    /// The text that was linted: the source itself, or a document's copy.
    copy: &'a str,
    /// From the copy to the source; `None` when they are the same text.
    map: Option<&'a OffsetMap>,
    format: Format,
    insert_at: Option<usize>,
    lines: LineIndex,
}

impl Target<'_> {
    /// The source span of a span of the copy, on char boundaries.
    fn to_source(&self, span: Range<usize>) -> Span {
        let span = self.map.map_or(span.clone(), |m| m.to_source(span));
        let start = floor_char_boundary(self.source, span.start);
        let end = floor_char_boundary(self.source, span.end).max(start);
        Span::new(start, end)
    }
}

/// How many matches of a disclosure's first condition are looked at for
/// the sentence it points at (a hostile page could hold millions).
const MAX_ANCHOR_CANDIDATES: usize = 256;

/// The sentence around `span` (widened to cover it), looked up in its
/// paragraph among `paras` (the document's, in order; found afresh when the
/// linter has no scan to list them).
fn sentence_around(text: &str, paras: &[Range<usize>], span: Range<usize>) -> Range<usize> {
    let listed = paras
        .get(paras.partition_point(|p| p.end < span.start))
        .filter(|p| p.start <= span.start)
        .cloned();
    let para = listed
        .or_else(|| segment::paragraphs(text).find(|p| p.end >= span.start))
        .unwrap_or(span.clone());
    sentence_at(segment::Sentences::new(text, para).at(span.start), &span)
}

/// Whether byte `pos` of `text` lies in a link written out in the copy
/// ("https://...", "www..."): a word there is part of an address, not a
/// statement.
fn in_link(text: &str, pos: usize) -> bool {
    let start = text[..pos].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let token = &text[start..];
    let token = &token[..token.find(char::is_whitespace).unwrap_or(token.len())];
    let lower = token.to_ascii_lowercase();
    lower.contains("://")
        || lower
            .trim_start_matches(['(', '<', '"'])
            .starts_with("www.")
}

/// The sentence holding the start of `span` (or the first after it),
/// widened to cover the span; the span itself when no sentence is left.
fn sentence_at(sentence: Option<Range<usize>>, span: &Range<usize>) -> Range<usize> {
    match sentence {
        Some(s) => s.start.min(span.start)..s.end.max(span.end),
        None => span.clone(),
    }
}

/// The context conditions of the matches in one candidate region, and
/// what they share: the region's sentences, segmented only around the
/// matches whose conditions need them (Unicode sentence segmentation costs
/// more than the automata, and many matches are decided without it), and
/// the answers.
struct RegionConditions<'t> {
    texts: Texts<'t>,
    region: Range<usize>,
    sentences: segment::Sentences<'t>,
}

/// Context conditions' answers by (condition, range) over a document: the
/// matches of one sentence share them, so a megabyte-long sentence with
/// many matches is scanned once per condition, not once per match.
type Answers = FxHashMap<(CondId, usize, usize), bool>;

impl<'t> RegionConditions<'t> {
    fn new(texts: Texts<'t>, region: Range<usize>) -> RegionConditions<'t> {
        RegionConditions {
            texts,
            sentences: segment::Sentences::new(texts.original, region.clone()),
            region,
        }
    }

    /// Whether condition `id` matches in `scope` around the match at `span`,
    /// from `answers` if it was asked of the same range before.
    fn holds(
        &mut self,
        (cond, id): (&LazyCondition, CondId),
        scope: Scope,
        span: &Range<usize>,
        answers: &mut Answers,
    ) -> bool {
        let sentence = match scope {
            Scope::Paragraph => self.region.clone(),
            _ => self.sentence(span),
        };
        let ctx = Context {
            text: self.texts.original,
            span: span.clone(),
            sentence,
            paragraph: self.region.clone(),
        };
        let range = ctx.range(scope);
        let texts = self.texts;
        *answers
            .entry((id, range.start, range.end))
            .or_insert_with(|| cond.is_match(texts, range))
    }

    /// The sentence holding `span`.
    fn sentence(&mut self, span: &Range<usize>) -> Range<usize> {
        sentence_at(self.sentences.at(span.start), span)
    }
}

struct Context<'t> {
    text: &'t str,
    span: Range<usize>,
    sentence: Range<usize>,
    paragraph: Range<usize>,
}

impl Context<'_> {
    fn range(&self, scope: Scope) -> Range<usize> {
        match scope {
            Scope::Sentence => self.sentence.clone(),
            Scope::Clause => clause::clause_at(self.text, self.sentence.clone(), &self.span),
            Scope::Paragraph => self.paragraph.clone(),
            Scope::Document => 0..self.text.len(),
            Scope::Before(n) => self.words_before(n)..self.span.start,
            Scope::After(n) => self.span.end..self.words_after(n),
            Scope::Around(n) => self.words_before(n)..self.words_after(n),
        }
    }

    /// Start of the `n`th word before the match, within its sentence and
    /// at most `n * WINDOW_BYTES_PER_WORD` bytes away.
    fn words_before(&self, n: usize) -> usize {
        let reach = self.span.start.saturating_sub(window_bytes(n));
        let lo = ceil_char_boundary(self.text, self.sentence.start.max(reach)).min(self.span.start);
        let mut words = 0;
        let mut in_word = false;
        for (i, c) in self.text[lo..self.span.start].char_indices().rev() {
            let word = is_word_char(c);
            if in_word && !word {
                words += 1;
                if words == n {
                    return lo + i + c.len_utf8();
                }
            }
            in_word = word;
        }
        lo
    }

    /// End of the `n`th word after the match, within its sentence and at
    /// most `n * WINDOW_BYTES_PER_WORD` bytes away.
    fn words_after(&self, n: usize) -> usize {
        let reach = self.span.end.saturating_add(window_bytes(n));
        let hi = floor_char_boundary(self.text, self.sentence.end.min(reach)).max(self.span.end);
        let mut words = 0;
        let mut in_word = false;
        for (i, c) in self.text[self.span.end..hi].char_indices() {
            let word = is_word_char(c);
            if in_word && !word {
                words += 1;
                if words == n {
                    return self.span.end + i;
                }
            }
            in_word = word;
        }
        hi
    }
}

/// How far a window of `n` words may reach from its match, in bytes: on
/// hostile text (a megabyte of one hyphenated "word") an unbounded window
/// would make every match scan back to the start of the sentence.
fn window_bytes(n: usize) -> usize {
    n.saturating_mul(limits::WINDOW_BYTES_PER_WORD)
}

/// The smallest char boundary at or above `i`.
fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '_')
}

/// What is known about the whole document: which document-level conditions
/// hold, the context conditions' answers so far, and which packs are
/// active, each found out when first asked.
struct DocState<'a> {
    inner: &'a Inner,
    texts: Texts<'a>,
    /// The document's paragraphs, in order (none when there was no scan).
    paras: &'a [Range<usize>],
    known: Vec<Option<bool>>,
    answers: Answers,
    active: Vec<Option<bool>>,
    /// For each activation, the paragraphs where the scan saw it may match.
    subjects: Vec<Vec<Range<usize>>>,
}

impl DocState<'_> {
    fn holds(&mut self, cond: CondId) -> bool {
        *self.known[cond]
            .get_or_insert_with(|| self.inner.conds[cond].is_match_in_document(self.texts))
    }

    /// Whether the pack of `rule` applies: its `active-when` matches in a
    /// paragraph where the scan saw it may.
    fn pack_active(&mut self, rule: usize) -> bool {
        let Some(a) = self.inner.active[rule] else {
            return true;
        };
        let (inner, texts, paras) = (self.inner, self.texts, &self.subjects[a]);
        *self.active[a].get_or_insert_with(|| {
            let cond = &inner.conds[inner.activations[a]];
            paras.iter().any(|para| cond.is_match(texts, para.clone()))
        })
    }
}

/// Distinct condition regexes, compiled once however many rules share them.
#[derive(Default)]
struct CondTable {
    ids: HashMap<String, CondId>,
    regexes: Vec<String>,
    views: Vec<View>,
    document: Vec<bool>,
    /// Whether a user pack uses the condition: its automaton is compiled
    /// with the linter, within the size limits.
    untrusted: Vec<bool>,
    /// Where each condition is first used, for errors.
    used_at: Vec<(String, (usize, usize))>,
    /// The pack and rule being resolved, and whether the pack is a user's.
    here: (String, (usize, usize), bool),
}

impl CondTable {
    fn get(&mut self, c: &Condition) -> CondId {
        let next = self.regexes.len();
        let id = *self.ids.entry(c.regex.clone()).or_insert(next);
        if id == next {
            self.regexes.push(c.regex.clone());
            self.views.push(View::of(c.sets_case_flag));
            self.document.push(false);
            self.untrusted.push(false);
            self.used_at.push((self.here.0.clone(), self.here.1));
        }
        self.untrusted[id] |= self.here.2;
        id
    }

    /// A condition evaluated over the whole document.
    fn doc(&mut self, c: &Condition) -> CondId {
        let id = self.get(c);
        self.document[id] = true;
        id
    }

    /// An error at the rule where condition `id` is first used.
    fn located(&self, id: CondId, kind: RuleErrorKind, message: String) -> RuleError {
        let (origin, at) = &self.used_at[id];
        RuleError::new(kind, origin, *at, message)
    }

    /// The conditions' automata: those of user packs now, within
    /// `COMPILED_SIZE_LIMIT` together; the rest when first needed.
    fn compile(self) -> Result<Vec<LazyCondition>, RuleError> {
        let mut budget = limits::COMPILED_SIZE_LIMIT;
        (0..self.regexes.len())
            .map(|id| {
                let (automaton, relaxed, anywhere) =
                    (OnceLock::new(), OnceLock::new(), OnceLock::new());
                if self.untrusted[id] {
                    let view = self.views[id];
                    let hir = (view.parse(&self.regexes[id]))
                        .map_err(|e| self.located(id, RuleErrorKind::Regex, e))?;
                    let compiled = condition_automaton(&hir, &mut budget)
                        .map_err(|e| self.located(id, RuleErrorKind::Limit, e))?;
                    let _ = automaton.set(Some(compiled));
                    // The relaxed form only saves time: within what is
                    // left of the budget, or not at all.
                    if self.document[id] && view == View::Original {
                        let hir = view.scan_parse(&self.regexes[id]).ok();
                        let _ = relaxed
                            .set(hir.and_then(|h| condition_automaton(&h, &mut budget).ok()));
                    }
                    // So is the search from its needles.
                    let from_needles = (self.document[id])
                        .then(|| view.anywhere(&self.regexes[id]))
                        .flatten()
                        .filter(|a| a.memory_usage() <= budget);
                    budget -= from_needles.as_ref().map_or(0, Anywhere::memory_usage);
                    let _ = anywhere.set(from_needles);
                }
                Ok(LazyCondition {
                    pattern: self.regexes[id].clone(),
                    view: self.views[id],
                    automaton,
                    relaxed,
                    anywhere,
                    missed: AtomicUsize::new(0),
                })
            })
            .collect()
    }
}

/// A built-in rule's `unless` conditions, those that look in the same scope
/// of the same view of the text joined into one alternation: any of them
/// holds where the alternation matches, and one search of a sentence costs
/// far less than five (a rule cancels on up to a dozen conditions, and a
/// match that fires asks every one). A user pack's are left apart: each
/// compiles within the limits, and its errors point at it.
fn joined(unless: &[Condition]) -> Vec<Condition> {
    let mut out: Vec<Condition> = Vec::with_capacity(unless.len());
    for c in unless {
        let same =
            |o: &&mut Condition| o.within == c.within && o.sets_case_flag == c.sets_case_flag;
        match out.iter_mut().find(same) {
            // Each is an alternation of groups: "(?:a)|(?:b)".
            Some(o) => o.regex = format!("{}|{}", o.regex, c.regex),
            None => out.push(c.clone()),
        }
    }
    out
}

/// Report each passage once. Overlapping findings of one category merge
/// into the most severe. Findings of two categories on one passage (the
/// shorter span at least half covered by the other) are one claim read by
/// two rules, and the most specific reports it: see [`specificity`].
fn merge(inner: &Inner, findings: Vec<Finding>) -> Vec<Finding> {
    let rules = &inner.rules;
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut last_of: FxHashMap<&str, usize> = FxHashMap::default();
    for f in findings {
        let category = rules[f.rule].category.as_str();
        if let Some(&k) = last_of.get(category) {
            let prev = &kept[k];
            if f.span.start < prev.span.end || (f.span.is_empty() && f.span == prev.span) {
                let severity = |r: usize| rules[r].severity;
                if severity(f.rule) > severity(prev.rule) {
                    kept[k] = f;
                }
                continue;
            }
        }
        last_of.insert(category, kept.len());
        kept.push(f);
    }
    let mut out: Vec<Finding> = Vec::with_capacity(kept.len());
    for f in kept {
        if f.trigger.is_none() {
            out.push(f);
            continue;
        }
        let floor = f.span.start.saturating_sub(limits::SAME_PASSAGE_LOOKBACK);
        let rivals: Vec<usize> = (0..out.len())
            .rev()
            .take_while(|&k| out[k].span.start >= floor)
            .filter(|&k| out[k].trigger.is_some() && same_passage(&out[k].span, &f.span))
            .collect();
        let rank = |g: &Finding| specificity(inner, g);
        if rivals.iter().all(|&k| rank(&f) > rank(&out[k])) {
            for k in rivals {
                out.remove(k); // descending: the indexes left stay valid
            }
            out.push(f);
        }
    }
    out
}

/// Whether two spans are one passage: they overlap over at least half of
/// the shorter.
fn same_passage(a: &Range<usize>, b: &Range<usize>) -> bool {
    let overlap = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let shorter = a.len().min(b.len());
    shorter > 0 && overlap * 2 >= shorter
}

/// How specific a finding's rule is, compared between two rules reading
/// one passage: a rule of a pack for one service (one with `active-when`)
/// knows more than a general one; then the more severe; then the longer
/// match, which read more of the claim; then the later rule (load order).
fn specificity(inner: &Inner, f: &Finding) -> (bool, Severity, usize, usize) {
    (
        inner.active[f.rule].is_some(),
        inner.rules[f.rule].severity,
        f.span.len(),
        f.rule,
    )
}

/// A rule's message, split at each `{match}` (once, when the linter is
/// compiled), with the matched text put back in its places, its runs of
/// whitespace (a line break in the source) shown as one space.
fn message(parts: &[String], matched: &str) -> String {
    if parts.len() == 1 {
        return parts[0].clone();
    }
    let single_spaced = !matched.contains(|c: char| c.is_whitespace() && c != ' ')
        && !matched.contains("  ")
        && !matched.starts_with(' ')
        && !matched.ends_with(' ');
    if single_spaced {
        return parts.join(matched);
    }
    parts.join(&matched.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The replacement with the case of the text it replaces ("Ground-breaking"
/// becomes "Promising", "GROUND-BREAKING" becomes "PROMISING").
fn match_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = replacement.chars();
        if let Some(first) = chars.next() {
            return first.to_uppercase().chain(chars).collect();
        }
    }
    replacement.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn unless_conditions_in_the_same_scope_and_view_are_joined() {
        let cond = |regex: &str, within, sets_case_flag| Condition {
            regex: regex.to_string(),
            within,
            sets_case_flag,
        };
        let unless = [
            cond("(?:not)", None, false),
            cond("(?:may)|(?:might)", Some(Scope::Before(3)), false),
            cond("(?:FDA)", None, true),
            cond("(?:studies)", None, false),
            cond("(?:never)", Some(Scope::Before(3)), false),
        ];
        let joined = joined(&unless);
        let got: Vec<(&str, Option<Scope>, bool)> = (joined.iter())
            .map(|c| (c.regex.as_str(), c.within, c.sets_case_flag))
            .collect();
        assert_eq!(
            got,
            [
                ("(?:not)|(?:studies)", None, false),
                ("(?:may)|(?:might)|(?:never)", Some(Scope::Before(3)), false),
                ("(?:FDA)", None, true),
            ]
        );
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

    /// A document longer than a block is checked block after block: each
    /// match is found once, with its own paragraph's conditions, on both
    /// sides of every block's end.
    #[test]
    fn a_document_of_several_blocks_is_checked_whole() {
        let pack = r#"
pack = { id = "t", name = "T", version = "1.0.0", description = "Blocks." }
rule = [{ id = "t/miracle", category = "hype", severity = "warning", message = "Hype", rationale = "Superlatives are health claims.", references = ["https://www.ftc.gov/"], phrases = ["miracle cure"], unless = ['\bnot\b'], fire = ["A miracle cure."], clean = ["Not a miracle cure."] }]
"#;
        let linter = Linter::new(&RuleSet::from_toml("t.toml", pack).unwrap()).unwrap();
        let (fires, clean) = ("They call it a miracle cure.", "It is not a miracle cure.");
        let mut text = String::new();
        let mut want = Vec::new();
        for k in 0.. {
            if text.len() > 2 * CHECK_BLOCK + 1000 {
                break;
            }
            if k % 3 == 1 {
                text.push_str(clean);
            } else {
                want.push(text.len() + fires.find("miracle").unwrap());
                text.push_str(fires);
            }
            text.push_str("\n\n");
        }
        let got: Vec<usize> = linter.check(&text).iter().map(|d| d.span.start).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_message_shows_the_match_single_spaced() {
        let t = &["'".to_string(), "' is hype".to_string()];
        assert_eq!(message(t, "ground-breaking"), "'ground-breaking' is hype");
        assert_eq!(
            message(t, "ground\n  breaking"),
            "'ground breaking' is hype"
        );
        assert_eq!(
            message(t, "ground\u{a0}breaking"),
            "'ground breaking' is hype"
        );
        assert_eq!(message(t, "a  b"), "'a b' is hype");
        assert_eq!(
            message(&["No placeholder".into()], "x\ny"),
            "No placeholder"
        );
        let twice = &["".to_string(), " or ".to_string(), String::new()];
        assert_eq!(message(twice, "a\tb"), "a b or a b");
    }
}
