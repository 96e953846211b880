//! The scan: which paragraphs may hold a match of which trigger, and which
//! name which pack's subject, in one pass over the document.
//!
//! Most patterns are found by their needles (see [`needles`]): literals
//! that begin or end every match. One Aho-Corasick automaton of all of
//! them, built whole when the linter compiles, finds every needle in the
//! lower-cased view (walking four stretches of it at once: [`crate::engine::lanes`]),
//! and from each, an anchored search tells which patterns match from there
//! (or, in reverse, up to there). A pattern with no needle worth searching
//! (every built-in pattern has one) is in a lazy DFA of such
//! patterns, searched forward for where their matches end.
//!
//! The scan used to be one lazy DFA of every pattern. On text it had read
//! before it was faster, but a state of it is a set of threads of hundreds
//! of patterns, and on text it had not seen it computed a new one every
//! few bytes, 60,000 instructions each: a page new to the linter went tens
//! of times slower than with needles (README, Performance). Every page a
//! linter sees is new to it, but for one it lints again.
//!
//! The scan may list a paragraph where a pattern does not match, never
//! miss one; the patterns are then searched exactly in the paragraphs
//! listed.

use std::collections::HashMap;
use std::ops::Range;

use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::hir::Hir;

use crate::engine::anchored::{self, Anchored, Searcher};
use crate::engine::forward::{self, Forward};
use crate::engine::lanes::Lanes;
use crate::engine::limits;
use crate::engine::needles::{self, Side};
use crate::segment;

/// What the scan found in a document.
#[derive(Default)]
pub(crate) struct Scanned {
    /// The document's paragraphs, in order.
    pub(crate) paras: Vec<Range<usize>>,
    /// For each trigger, the paragraphs where it may match (indexes into
    /// `paras`, in order), each with the offset no match of it there ends
    /// after: the checks go trigger after trigger.
    pub(crate) triggers: Vec<Vec<(usize, usize)>>,
    /// For each document condition, the paragraphs where it may match.
    pub(crate) subjects: Vec<Vec<Range<usize>>>,
    /// For each document condition, whether it matches, where the scan had
    /// to ask (an activation whose pack's needles it found).
    pub(crate) active: Vec<Option<bool>>,
}

/// Every trigger and the document conditions (each pack's `active-when`,
/// each disclosure's accepted forms): pattern `i` is trigger `i`, and
/// after the triggers come the document conditions. Each is the pattern's
/// scan form, in the lower-cased view, which matches wherever the pattern
/// does (see `View::scan_parse` and [`crate::engine::pattern::widened`]).
pub(crate) struct Scanner {
    needles: Needles,
    patterns: usize,
    /// How many of the patterns are triggers.
    triggers: usize,
}

/// How a lazy DFA of many patterns is built for the scan: it is asked
/// where every pattern's matches end, never where they start. A [`Forward`]
/// automaton keeps no capture slots, which a fallback to the PikeVM would
/// otherwise allocate for every state and pattern (16 GB for a pack of
/// 10,000 phrases).
const SCAN: forward::Config = forward::Config {
    kind: MatchKind::All,
    size_limit: limits::SCANNER_SIZE_LIMIT,
    prefilter: true,
};

impl Scanner {
    /// The scanner of `hirs`, the first `triggers` of them triggers, each
    /// of them searched for only where the activation `gates` gives it (a
    /// pack's `active-when`, an index among the document conditions after
    /// the triggers) matches in the document. The document conditions from
    /// `optional` on are looked for only if they have needles: where one
    /// has none, [`Scanner::looks_for`] says so, and whoever asks for it
    /// searches the document for it some other way. The error says what
    /// is too large.
    pub(crate) fn new(
        hirs: &[Hir],
        triggers: usize,
        gates: &[Option<usize>],
        optional: usize,
    ) -> Result<Scanner, String> {
        Ok(Scanner {
            needles: Needles::new(hirs, gates, optional)?,
            patterns: hirs.len(),
            triggers,
        })
    }

    /// Whether the scan lists the paragraphs where pattern `i` may match.
    pub(crate) fn looks_for(&self, i: usize) -> bool {
        !self.needles.left_out.contains(&i)
    }

    /// The paragraphs of `original` where each trigger, and each document
    /// condition, may match, found in `lowered`, its lower-cased view. A
    /// trigger or a document condition matches only within a paragraph
    /// (the lazy DFA of the patterns with no needles reads across blank
    /// lines, and lists a match across one in the paragraph where it ends,
    /// which costs only a search there).
    pub(crate) fn scan(
        &self,
        original: &str,
        lowered: &str,
        matches: impl FnMut(usize, &[Range<usize>]) -> bool,
    ) -> Scanned {
        let paras: Vec<Range<usize>> = segment::paragraphs(original).collect();
        let mut found = Found {
            paras: &paras,
            p: 0,
            triggers: vec![Vec::new(); self.triggers],
            subjects: vec![Vec::new(); self.patterns - self.triggers],
            first_condition: self.triggers,
        };
        let active = self.needles.scan(lowered, &mut found, matches);
        let Found {
            triggers, subjects, ..
        } = found;
        let subjects = (subjects.into_iter())
            .map(|ps| ps.into_iter().map(|p| paras[p].clone()).collect())
            .collect();
        Scanned {
            paras,
            triggers,
            subjects,
            active,
        }
    }
}

/// The patterns found by their needles, and those with none.
struct Needles {
    /// Every needle, found where it ends (overlapping ones too).
    lanes: Lanes,
    /// For each needle, what it is to the patterns it is a needle of.
    of: Vec<Vec<Use>>,
    /// For each needle, which ways the searches from it go.
    ways: Vec<Ways>,
    /// For each needle, the activation every pattern it is a needle of
    /// waits for, if one does: its searches are made once the scan has
    /// seen the pack's subject (a page about ketamine does not search for
    /// the GLP-1 rules' patterns).
    gates: Vec<Option<usize>>,
    /// How many document conditions there are.
    conditions: usize,
    /// The patterns whose matches begin with a needle.
    forward: Option<Anchored>,
    /// The patterns whose matches end with one, searched in reverse.
    reverse: Option<Anchored>,
    /// Which pattern of the scan each pattern of `forward` is (it, or a
    /// part of it), and each of `reverse`.
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// The patterns with no needles (or past [`limits::NEEDLE_BYTES`]), and
    /// which pattern each of the automaton's is.
    rest: Option<(Forward, Vec<usize>)>,
    /// The optional patterns with no needles, not looked for.
    left_out: Vec<usize>,
}

/// What a needle is to a pattern.
#[derive(Clone, Copy)]
enum Use {
    /// Every match of pattern `.0` holds a match of its pattern in
    /// [`Needles::forward`] (itself, or a part) that begins with the
    /// needle: search forward from it.
    Start(usize),
    /// The same, ending with the needle, in [`Needles::reverse`]: search
    /// back from it.
    End(usize),
}

impl Needles {
    /// The needles of `hirs`, those from `optional` on left out if they
    /// have none. The error says what is too large.
    fn new(hirs: &[Hir], gates_of: &[Option<usize>], optional: usize) -> Result<Needles, String> {
        let mut ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut of: Vec<Vec<Use>> = Vec::new();
        let mut ways: Vec<Ways> = Vec::new();
        let mut gates: Vec<Option<usize>> = Vec::new();
        let mut add = |needle: Vec<u8>, to: Use, at_boundary: bool| {
            let next = of.len();
            let word = match to {
                Use::Start(_) => needle.first(),
                Use::End(_) => needle.last(),
            };
            let at_boundary = at_boundary && word.is_some_and(|&b| is_word(b));
            let id = *ids.entry(needle).or_insert(next);
            let (Use::Start(i) | Use::End(i)) = to;
            let gate = gates_of.get(i).copied().flatten();
            if id == next {
                of.push(Vec::new());
                ways.push(Ways::default());
                gates.push(gate);
            } else if gates[id] != gate {
                gates[id] = None;
            }
            of[id].push(to);
            ways[id].add(matches!(to, Use::End(_)), at_boundary);
        };
        let (mut prefixed, mut suffixed, mut rest) = (Vec::new(), Vec::new(), Vec::new());
        let mut left_out = Vec::new();
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        let mut bytes = 0;
        for (i, hir) in hirs.iter().enumerate() {
            // A match of an alternation is a match of one of its branches;
            // a pattern with a branch that has no needles is left whole to
            // the lazy DFA.
            let branches = needles::branches(hir);
            let needles: Option<Vec<_>> = (branches.iter())
                .map(|b| Some((b, needles::necessary(b)?)))
                .collect();
            let needles = needles.filter(|n| {
                bytes += (n.iter().flat_map(|(_, n)| &n.at))
                    .map(Vec::len)
                    .sum::<usize>();
                bytes <= limits::NEEDLE_BYTES
            });
            let Some(needles) = needles else {
                match i < optional {
                    true => rest.push(i),
                    false => left_out.push(i),
                }
                continue;
            };
            for (branch, needles) in needles {
                let part = needles.part.unwrap_or_else(|| branch.clone());
                let at_boundary = needles::bounded(&part, needles.side);
                let from = match needles.side {
                    Side::Prefix => {
                        prefixed.push(part);
                        starts.push(i);
                        Use::Start(i)
                    }
                    Side::Suffix => {
                        suffixed.push(part);
                        ends.push(i);
                        Use::End(i)
                    }
                };
                for needle in needles.at {
                    add(needle, from, at_boundary);
                }
            }
        }
        let mut by_id = vec![Vec::new(); of.len()];
        for (needle, id) in ids {
            by_id[id] = needle;
        }
        let lanes = Lanes::new(&by_id)?;
        let anchored = |hirs: &[Hir], reverse| {
            (!hirs.is_empty())
                .then(|| Anchored::new(hirs, reverse))
                .transpose()
        };
        let rest = if rest.is_empty() {
            None
        } else {
            let hirs: Vec<&Hir> = rest.iter().map(|&i| &hirs[i]).collect();
            let automaton = Forward::new(&SCAN, &hirs).map_err(|e| e.to_string())?;
            Some((automaton, rest))
        };
        Ok(Needles {
            lanes,
            of,
            ways,
            gates,
            conditions: hirs.len() - gates_of.len(),
            forward: anchored(&prefixed, false)?,
            reverse: anchored(&suffixed, true)?,
            starts,
            ends,
            rest,
            left_out,
        })
    }

    /// The patterns with no needles, then every needle in `lowered`, and at
    /// each, whether its patterns match from it (or up to it) within its
    /// paragraph: a paragraph is listed for a pattern once one does (or
    /// the lazy DFA cannot tell).
    fn scan(
        &self,
        lowered: &str,
        found: &mut Found<'_>,
        mut matches: impl FnMut(usize, &[Range<usize>]) -> bool,
    ) -> Vec<Option<bool>> {
        if let Some((automaton, which)) = &self.rest {
            if !scan_automaton(automaton, which, lowered, found) {
                found.clear();
                scan_paragraphs(automaton, which, lowered, found);
            }
            // The needles are found from the start again.
            found.p = 0;
        }
        let text = lowered.as_bytes();
        let mut search = Search::new(self, text);
        let mut waiting = Vec::new();
        self.lanes.each(text, |id, range| {
            let ways = &self.ways[id];
            if !ways.wanted(text, &range, false) && !ways.wanted(text, &range, true) {
                return;
            }
            if let Some(p) = found.paragraph(range.end) {
                match self.gates[id] {
                    Some(a) => waiting.push((p, id, range, a)),
                    None => self.search(&mut search, p, id, range, found),
                }
            }
        });
        // Then the needles of the packs whose subject the page names.
        let mut active = vec![None; self.conditions];
        if waiting.is_empty() {
            return active;
        }
        let mut search = Search::new(self, text);
        let mut listed = vec![false; found.triggers.len()];
        for (p, id, range, a) in waiting {
            let paras = found.paras;
            let subjects = &found.subjects[a];
            let on = *active[a].get_or_insert_with(|| {
                let at: Vec<Range<usize>> = subjects.iter().map(|&p| paras[p].clone()).collect();
                matches(a, &at)
            });
            if on {
                for &(Use::Start(i) | Use::End(i)) in &self.of[id] {
                    listed[i] = true;
                }
                self.search(&mut search, p, id, range, found);
            }
        }
        // Their paragraphs went after the others': in order again.
        for (i, paras) in found.triggers.iter_mut().enumerate() {
            if listed[i] {
                paras.sort_by_key(|&(p, _)| p);
                paras.dedup_by(|later, kept| {
                    let same = later.0 == kept.0;
                    if same {
                        kept.1 = kept.1.max(later.1);
                    }
                    same
                });
            }
        }
        active
    }

    /// Search from needle `id` at `needle` in paragraph `p`, for the
    /// patterns it is a needle of: back from its end, forward from its start,
    /// each once per offset for all the patterns at once (the others die
    /// on the first bytes), unless the patterns are listed there already.
    fn search(
        &self,
        search: &mut Search<'_>,
        p: usize,
        id: usize,
        needle: Range<usize>,
        found: &mut Found<'_>,
    ) {
        let para = found.paras[p].clone();
        if search.at != p {
            search.at = p;
            search.back_from = usize::MAX;
            search.forward_from.clear();
            search.steps = limits::scan_steps(para.len());
        }
        let longest = self.lanes.longest();
        (search.forward_from).retain(|&from| from + longest >= needle.end);
        let uses = &self.of[id];
        for reverse in [true, false] {
            let owners = uses.iter().filter_map(|&to| match to {
                Use::End(i) if reverse => Some(i),
                Use::Start(i) if !reverse => Some(i),
                _ => None,
            });
            let from = if reverse { needle.end } else { needle.start };
            let searched = match reverse {
                true => search.back_from == from,
                false => search.forward_from.contains(&from),
            };
            let wanted = self.ways[id].wanted(search.text, &needle, reverse);
            if searched || !wanted || owners.clone().all(|i| found.has(i, p)) {
                continue;
            }
            match reverse {
                true => search.back_from = from,
                false => search.forward_from.push(from),
            }
            let (searcher, of, range) = if reverse {
                (&mut search.reverse, &self.ends, para.start..from)
            } else {
                (&mut search.forward, &self.starts, from..para.end)
            };
            let searched = searcher.as_mut().is_some_and(|s| {
                let needle = anchored::Needle {
                    id,
                    len: needle.len(),
                };
                s.each_match(search.text, range, needle, &mut search.steps, |k| {
                    found.list(of[k], p, para.end)
                })
            });
            if !searched {
                owners.for_each(|i| found.list(i, p, para.end));
            }
        }
    }
}

impl<'a> Search<'a> {
    fn new(needles: &'a Needles, text: &'a [u8]) -> Search<'a> {
        Search {
            text,
            forward: needles.forward.as_ref().map(Anchored::searcher),
            reverse: needles.reverse.as_ref().map(Anchored::searcher),
            at: usize::MAX,
            steps: 0,
            back_from: usize::MAX,
            forward_from: Vec::new(),
        }
    }
}

/// The searches of one scan by needles.
struct Search<'a> {
    text: &'a [u8],
    forward: Option<Searcher<'a>>,
    reverse: Option<Searcher<'a>>,
    /// The paragraph of the last search.
    at: usize,
    /// How many more bytes the searches in it may walk past their needles
    /// (see [`limits::SCAN_STEPS_PER_BYTE`]).
    steps: usize,
    /// The offset searched back from last: needles come in the order of
    /// their ends, so no later one ends before it.
    back_from: usize,
    /// The offsets searched forward from, as far back as a needle can
    /// start: a needle ending at or after `end`, none longer than
    /// `longest`, starts at or after `end - longest`.
    forward_from: Vec<usize>,
}

/// Which ways the searches from a needle go: back from its end (for the
/// patterns it ends), forward from its start (for those it begins), and
/// whether every pattern it begins (ends) has a word boundary before
/// (after) it, so that a search that way is made only where the needle
/// begins (ends) a word.
#[derive(Clone, Copy, Default)]
struct Ways {
    /// Indexed by `reverse`: forward, then back.
    used: [bool; 2],
    bounded: [bool; 2],
}

impl Ways {
    /// One more pattern the needle begins (`reverse` false) or ends.
    fn add(&mut self, reverse: bool, at_boundary: bool) {
        let way = reverse as usize;
        self.bounded[way] = at_boundary && (self.bounded[way] || !self.used[way]);
        self.used[way] = true;
    }

    /// Whether the search from the needle at `needle` in `text` goes
    /// `reverse` (back) or forward.
    fn wanted(&self, text: &[u8], needle: &Range<usize>, reverse: bool) -> bool {
        let way = reverse as usize;
        let inside_a_word = match reverse {
            true => text.get(needle.end).is_some_and(|&b| is_word(b)),
            false => needle.start > 0 && is_word(text[needle.start - 1]),
        };
        self.used[way] && !(self.bounded[way] && inside_a_word)
    }
}

/// Whether `byte` is a word character to an ASCII word boundary (`\b` of
/// the pattern dialect).
fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The lazy DFA's scan, skipping ahead with its prefilter where it has
/// one. `false` when the lazy DFA cannot search this text, and only some
/// ends were found.
fn scan_automaton(
    automaton: &Forward,
    which: &[usize],
    lowered: &str,
    found: &mut Found<'_>,
) -> bool {
    automaton.overlapping_ends(&Input::new(lowered), |t, end| {
        found.add(which[t], end);
    })
}

/// Each paragraph on its own, with the PikeVM where the lazy DFA cannot.
fn scan_paragraphs(automaton: &Forward, which: &[usize], lowered: &str, found: &mut Found<'_>) {
    let input = Input::new(lowered);
    for (p, para) in found.paras.iter().enumerate() {
        let mut set = PatternSet::new(automaton.pattern_len());
        automaton.which_overlapping_matches(&input.clone().range(para.clone()), &mut set);
        for t in set.iter() {
            found.list(which[t.as_usize()], p, para.end);
        }
    }
}

/// What the scan has found so far, filled in the order of the text.
struct Found<'a> {
    paras: &'a [Range<usize>],
    /// The paragraph of the last end.
    p: usize,
    /// For each trigger, the paragraphs where it may match, in order, and
    /// its last end in each: one found many times in a paragraph is listed
    /// there once.
    triggers: Vec<Vec<(usize, usize)>>,
    /// For each document condition, the paragraphs where it may match.
    subjects: Vec<Vec<usize>>,
    first_condition: usize,
}

impl Found<'_> {
    /// The paragraph of offset `end`, at or after the last one asked for
    /// (none between paragraphs).
    fn paragraph(&mut self, end: usize) -> Option<usize> {
        let paras = self.paras;
        while self.p < paras.len() && paras[self.p].end < end {
            self.p += 1;
        }
        (self.p < paras.len() && paras[self.p].start <= end).then_some(self.p)
    }

    /// Whether pattern `i` is listed in paragraph `p`, the last one asked for.
    fn has(&self, i: usize, p: usize) -> bool {
        match i.checked_sub(self.first_condition) {
            Some(a) => self.subjects[a].last() == Some(&p),
            None => self.triggers[i].last().is_some_and(|&(q, _)| q == p),
        }
    }

    /// Pattern `i` may match in the paragraph of offset `end`, no match of
    /// it there ending after `end`.
    fn add(&mut self, i: usize, end: usize) {
        if let Some(p) = self.paragraph(end) {
            self.list(i, p, end);
        }
    }

    /// Pattern `i` may match in paragraph `p`, no match of it there ending
    /// after `end`.
    fn list(&mut self, i: usize, p: usize, end: usize) {
        match i.checked_sub(self.first_condition) {
            Some(a) => {
                if self.subjects[a].last() != Some(&p) {
                    self.subjects[a].push(p);
                }
            }
            // The latest end seen is the bound.
            None => match self.triggers[i].last_mut() {
                Some((q, last)) if *q == p => *last = end.max(*last),
                _ => self.triggers[i].push((p, end)),
            },
        }
    }

    /// Forget what was found, to scan anew.
    fn clear(&mut self) {
        self.p = 0;
        self.triggers.iter_mut().for_each(Vec::clear);
        self.subjects.iter_mut().for_each(Vec::clear);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::meta::Regex;

    /// Found by a needle at the end, at the start, in a part, a percent
    /// sign; an alternation with a branch that has none; with none; an
    /// alternation's branches (the last two are document conditions).
    const PATTERNS: &[&str] = &[
        r"(?-u:\b)cures?\s+(?:your\s+)?depression(?-u:\b)",
        r"(?-u:\b)guaranteed\s+(?:results|relief)",
        r"(?-u:\b)(?:a|an)\s+(?:[a-z]+\s+){0,2}breakthrough\s+(?:in|on)(?-u:\b)",
        r"[0-9]+\s?%",
        // No needles: short words only.
        r"(?-u:\b)(?:is|are)\s+(?:in|on)(?-u:\b)",
        r"(?-u:\b)(?:relief|[0-9]\s+on\s+[0-9])(?-u:\b)",
        r"(?-u:\b)[0-9]{1,2}\s+in\s+[0-9]{1,2}(?-u:\b)",
        r"(?-u:\b)(?:safe|proven)(?-u:\b)|(?-u:\b)no\s+risk",
    ];
    const TRIGGERS: usize = 6;

    fn scanner() -> Scanner {
        let hirs: Vec<Hir> = (PATTERNS.iter())
            .map(|p| regex_syntax::parse(p).unwrap())
            .collect();
        Scanner::new(&hirs, TRIGGERS, &[None; TRIGGERS], PATTERNS.len()).unwrap()
    }

    /// The patterns the scan lists in each paragraph of `text`, each once.
    fn listed(scanner: &Scanner, text: &str) -> Vec<(Range<usize>, Vec<usize>)> {
        let scanned = scanner.scan(text, text, |_, _| true);
        for paras in &scanned.triggers {
            assert!(paras.windows(2).all(|w| w[0].0 < w[1].0), "{text:?}");
        }
        for paras in &scanned.subjects {
            assert!(paras.windows(2).all(|w| w[0].end < w[1].start), "{text:?}");
        }
        let trigger_paras = (scanned.triggers.iter().enumerate())
            .flat_map(|(t, paras)| paras.iter().map(move |&(p, _)| (t, p)))
            .map(|(t, p)| (t, scanned.paras[p].clone()));
        let subject_paras = (scanned.subjects.into_iter().enumerate())
            .flat_map(|(a, paras)| paras.into_iter().map(move |para| (TRIGGERS + a, para)));
        let mut listed: Vec<(Range<usize>, Vec<usize>)> = Vec::new();
        for (i, para) in trigger_paras.chain(subject_paras) {
            match listed.iter_mut().find(|(p, _)| *p == para) {
                Some((_, ps)) => ps.push(i),
                None => listed.push((para, vec![i])),
            }
        }
        listed.sort_by_key(|(p, _)| p.start);
        listed
    }

    #[test]
    fn a_needle_lists_its_paragraph_only_where_its_pattern_matches() {
        let scanner = scanner();
        let text = "It cures your depression.\n\nGuaranteed delivery.\n\nA real breakthrough in care, 80 % of us.";
        let second = text.find("Guaranteed").unwrap();
        let third = text.find("A real").unwrap();
        assert_eq!(
            listed(&scanner, &text.to_ascii_lowercase()),
            vec![(0..second - 2, vec![0]), (third..text.len(), vec![2, 3]),]
        );
    }

    #[test]
    fn a_pattern_with_no_needles_is_found_by_its_own_automaton() {
        let scanner = scanner();
        let rest = scanner
            .needles
            .rest
            .as_ref()
            .map(|(_, which)| which.clone());
        assert_eq!(rest, Some(vec![4]));
        let text = "it is in stock.\n\nis it on?\n\nthey are on time.";
        let third = text.find("they").unwrap();
        assert_eq!(
            listed(&scanner, text),
            vec![
                (0..text.find('.').unwrap() + 1, vec![4]),
                (third..text.len(), vec![4])
            ]
        );
    }

    proptest! {
        /// The scan lists every paragraph where a pattern matches.
        #[test]
        fn the_scan_lists_every_paragraph_where_a_pattern_matches(
            words in prop::collection::vec(prop::sample::select(&[
                "cure", "cures", "your", "depression", "guaranteed", "results",
                "relief", "a", "an", "real", "big", "breakthrough", "in", "on",
                "12", "3", "%", "safe", "proven", "no", "risk", "unsafe", "x",
                "is", "are",
                " ", "  ", "\n", "\n\n", ".",
            ][..]), 0..40),
        ) {
            let text: String = words.iter().flat_map(|w| [*w, " "]).collect();
            let scanner = scanner();
            let listed = listed(&scanner, &text);
            for para in segment::paragraphs(&text) {
                for (i, pattern) in PATTERNS.iter().enumerate() {
                    let exact = Regex::new(pattern).unwrap();
                    if exact.is_match(Input::new(&text).range(para.clone())) {
                        let here = listed.iter().find(|(p, _)| *p == para);
                        prop_assert!(
                            here.is_some_and(|(_, ps)| ps.contains(&i)),
                            "pattern {} in {:?} of {:?}", i, para, text
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_packs_triggers_are_searched_for_only_where_the_page_names_its_subject() {
        let hirs: Vec<Hir> = [
            r"(?-u:\b)cures?\s+(?:your\s+)?depression(?-u:\b)",
            r"(?-u:\b)guaranteed\s+(?:results|relief)",
            r"(?-u:\b)ketamine(?-u:\b)",
        ]
        .iter()
        .map(|p| regex_syntax::parse(p).unwrap())
        .collect();
        // The first trigger is the ketamine pack's, the second everyone's.
        let scanner = Scanner::new(&hirs, 2, &[Some(0), None], 3).unwrap();
        let text = "it cures depression. guaranteed results.\n\nketamine cures your depression.";
        let mut asked = Vec::new();
        let scanned = scanner.scan(text, text, |a, paras| {
            asked.push((a, paras.to_vec()));
            false
        });
        let second = text.find("ketamine").unwrap();
        let subject = second..text.len();
        assert_eq!(asked, [(0, Vec::from([subject]))]);
        assert_eq!(scanned.active, vec![Some(false)]);
        assert!(scanned.triggers[0].is_empty());
        assert_eq!(scanned.triggers[1].len(), 1);
        // Where the subject matches, the pack's trigger is listed in both
        // paragraphs, in order.
        let scanned = scanner.scan(text, text, |_, _| true);
        assert_eq!(scanned.active, vec![Some(true)]);
        let paras: Vec<usize> = scanned.triggers[0].iter().map(|&(p, _)| p).collect();
        assert_eq!(paras, vec![0, 1]);
        // With no needle found, nothing is asked.
        let scanned = scanner.scan("plain copy.", "plain copy.", |_, _| unreachable!());
        assert_eq!(scanned.active, vec![None]);
    }

    #[test]
    fn a_needle_inside_a_word_is_searched_from_only_by_patterns_without_a_boundary_there() {
        let mut ways = Ways::default();
        ways.add(false, true);
        let text = b"menopause and men";
        let (inside, word) = (4..7, 14..17);
        // "pause" after "meno": not where `\bpause` can begin.
        assert!(!ways.wanted(text, &inside, false));
        assert!(ways.wanted(text, &word, false));
        // No pattern ends with it: no search back from it.
        assert!(!ways.wanted(text, &word, true));
        // One pattern that begins anywhere is enough to search from it.
        ways.add(false, false);
        assert!(ways.wanted(text, &inside, false));
    }
}
