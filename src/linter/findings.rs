//! Linting a text: the scan, then each trigger in the paragraphs it lists,
//! its matches checked against their conditions, then the disclosures.

use std::ops::Range;

use crate::engine::pattern;
use crate::engine::scan::Scanned;
use crate::rules::Scope;

use super::automata::Texts;
use super::context::{Answers, RegionConditions};
use super::disclosure::sentence_around;
use super::{CondId, Finding, Inner, Linter};

/// How much text, in bytes, is checked trigger after trigger at a time
/// (see `Linter::findings`): the sentences found in it are kept until
/// its end.
const CHECK_BLOCK: usize = 1 << 20;

/// What is known about the whole document: which document-level conditions
/// hold, the context conditions' answers so far, and which packs are
/// active, each found out when first asked.
pub(super) struct DocState<'a> {
    pub(super) inner: &'a Inner,
    pub(super) texts: Texts<'a>,
    /// The document's paragraphs, in order (none when there was no scan).
    pub(super) paras: &'a [Range<usize>],
    known: Vec<Option<bool>>,
    pub(super) answers: Answers,
    pub(super) active: Vec<Option<bool>>,
    /// For each condition the scan looks for, the paragraphs where it saw
    /// it may match.
    subjects: Vec<Vec<Range<usize>>>,
}

impl DocState<'_> {
    /// Whether condition `cond` matches in the document: in a paragraph
    /// the scan lists for it, if the scan looks for it.
    fn holds(&mut self, cond: CondId) -> bool {
        let (inner, texts) = (self.inner, self.texts);
        let paras = inner.found_by_scan[cond].map(|s| &self.subjects[s]);
        *self.known[cond].get_or_insert_with(|| match paras {
            Some(paras) => inner.conds[cond].is_match_in_any(texts, paras),
            None => inner.conds[cond].is_match_in_document(texts),
        })
    }

    /// Whether the pack of `rule` applies: its `active-when` matches in a
    /// paragraph where the scan saw it may.
    fn pack_active(&mut self, rule: usize) -> bool {
        let Some(a) = self.inner.active[rule] else {
            return true;
        };
        let (inner, texts, paras) = (self.inner, self.texts, &self.subjects[a]);
        *self.active[a]
            .get_or_insert_with(|| inner.conds[inner.activations[a]].is_match_in_any(texts, paras))
    }
}

impl Linter {
    pub(super) fn findings(&self, text: &str) -> Vec<Finding> {
        let inner = &*self.inner;
        let lowered = text.to_ascii_lowercase();
        let texts = Texts {
            original: text,
            lowered: &lowered,
        };
        let matches = |a: usize, paras: &[Range<usize>]| {
            inner.conds[inner.activations[a]].is_match_in_any(texts, paras)
        };
        let scan = (inner.scanner.as_ref()).map(|s| s.scan(texts.original, texts.lowered, matches));
        let Scanned {
            paras,
            triggers,
            subjects,
            active,
        } = scan.unwrap_or_default();
        let mut doc = DocState {
            inner,
            texts,
            paras: &paras,
            known: vec![None; inner.conds.len()],
            answers: Answers::default(),
            active: match active.is_empty() {
                true => vec![None; inner.activations.len()],
                false => active,
            },
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
            // The cheap questions first: the findings a disclosure needs are
            // in hand, while its accepted forms are a search of the whole
            // document (a tenth of the time on copy that makes no claim).
            let needing = (!d.when_found.is_empty()).then(|| {
                (out.iter())
                    .filter(|f| d.when_found.contains(&inner.rules[f.rule].category))
                    .min_by_key(|f| f.span.start)
                    .map(|f| f.span.clone())
            });
            if needing == Some(None)
                || !doc.pack_active(*idx)
                || !d.when.iter().all(|&c| doc.holds(c))
                || doc.holds(d.accepted)
            {
                continue;
            }
            let span = match needing.flatten() {
                Some(claim) => sentence_around(text, &paras, claim),
                None => self.anchor(d, &mut doc),
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
                let scopes = (scope, claim.scope);
                conditions.holds((&inner.conds[*c], *c), scopes, &span, &mut doc.answers)
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

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
}
