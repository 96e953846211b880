//! Where context conditions look: the sentence, clause, paragraph or
//! window of words around a match, and their answers, shared by matches.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::engine::limits;
use crate::rules::Scope;
use crate::segment::{self, clause};
use crate::span::floor_char_boundary;

use super::automata::{LazyCondition, Texts};
use super::CondId;

/// The sentence holding the start of `span` (or the first after it),
/// widened to cover the span; the span itself when no sentence is left.
pub(super) fn sentence_at(sentence: Option<Range<usize>>, span: &Range<usize>) -> Range<usize> {
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
pub(super) struct RegionConditions<'t> {
    pub(super) texts: Texts<'t>,
    pub(super) region: Range<usize>,
    sentences: segment::Sentences<'t>,
    /// The clauses of the last sentence a clause was asked of.
    clauses: Option<clause::Clauses>,
}

/// Context conditions' answers by (condition, range) over a document: the
/// matches of one sentence share them, so a megabyte-long sentence with
/// many matches is scanned once per condition, not once per match.
pub(super) type Answers = FxHashMap<(CondId, usize, usize), bool>;

impl<'t> RegionConditions<'t> {
    pub(super) fn new(texts: Texts<'t>, region: Range<usize>) -> RegionConditions<'t> {
        RegionConditions {
            texts,
            sentences: segment::Sentences::new(texts.original, region.clone()),
            region,
            clauses: None,
        }
    }

    /// Whether condition `id` matches in `scope` around the match at `span`,
    /// from `answers` if it was asked of the same range before. For a rule
    /// whose scope is the clause (`rule_scope`), a window of words
    /// (`before:N`, `after:N`, `around:N`) stops at the clause too, so a
    /// true clause does not reach into the next one.
    pub(super) fn holds(
        &mut self,
        (cond, id): (&LazyCondition, CondId),
        (scope, rule_scope): (Scope, Scope),
        span: &Range<usize>,
        answers: &mut Answers,
    ) -> bool {
        let window = matches!(scope, Scope::Before(_) | Scope::After(_) | Scope::Around(_));
        let clause = (scope == Scope::Clause || (window && rule_scope == Scope::Clause))
            .then(|| self.clause(span));
        let sentence = match scope {
            Scope::Paragraph => self.region.clone(),
            _ if window && clause.is_some() => clause.clone().unwrap_or_default(),
            _ => self.sentence(span),
        };
        let ctx = Context {
            span: span.clone(),
            clause: clause.unwrap_or_default(),
            sentence,
            paragraph: self.region.clone(),
            text: self.texts.original,
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

    /// The clause holding `span`, in its sentence.
    fn clause(&mut self, span: &Range<usize>) -> Range<usize> {
        let sentence = self.sentence(span);
        let text = self.texts.original;
        let clauses = match self.clauses.take() {
            Some(c) if *c.sentence() == sentence => c,
            _ => clause::Clauses::new(text, sentence),
        };
        let clause = clauses.at(span);
        self.clauses = Some(clauses);
        clause
    }
}

struct Context<'t> {
    pub(super) text: &'t str,
    pub(super) span: Range<usize>,
    /// The match's clause, where a condition asks for it (else empty).
    clause: Range<usize>,
    sentence: Range<usize>,
    pub(super) paragraph: Range<usize>,
}

impl Context<'_> {
    pub(super) fn range(&self, scope: Scope) -> Range<usize> {
        match scope {
            Scope::Sentence => self.sentence.clone(),
            Scope::Clause => self.clause.clone(),
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
