//! One finding a passage: merging what two rules report on the same text.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::engine::limits;
use crate::rules::Severity;

use super::{Finding, Inner};

/// Report each passage once. Overlapping findings of one category merge
/// into the most severe. Findings of two categories on one passage (see
/// [`same_passage`]) are one claim read by two rules, and the most
/// specific reports it: see [`specificity`].
pub(super) fn merge(inner: &Inner, findings: Vec<Finding>) -> Vec<Finding> {
    let rules = &inner.rules;
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut last_of: FxHashMap<&str, usize> = FxHashMap::default();
    for f in findings {
        let category = rules[f.rule].category.as_str();
        if let Some(&k) = last_of.get(category) {
            let prev = &kept[k];
            if f.span.start < prev.span.end || (f.span.is_empty() && f.span == prev.span) {
                let severity = |r: usize| rules[r].severity;
                // Two patterns of one rule from the same word: the longer
                // match is the fuller reading ("cures depression" over
                // "cures"), and its rewrite keeps the writer's words.
                let fuller = f.rule == prev.rule
                    && f.span.start == prev.span.start
                    && f.span.end > prev.span.end;
                if severity(f.rule) > severity(prev.rule) || fuller {
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
        // The findings kept in order of their starts, those that may be
        // the same passage at the end.
        let floor = f.span.start.saturating_sub(limits::SAME_PASSAGE_LOOKBACK);
        let near = out.len()
            - (out.iter().rev())
                .take_while(|g| g.span.start >= floor)
                .count();
        let rival = |g: &Finding| g.trigger.is_some() && same_passage(&g.span, &f.span);
        let rank = specificity(inner, &f);
        if out[near..]
            .iter()
            .all(|g| !rival(g) || rank > specificity(inner, g))
        {
            // Drop the rivals, keeping the others in order.
            let mut kept = near;
            for k in near..out.len() {
                if !rival(&out[k]) {
                    out.swap(kept, k);
                    kept += 1;
                }
            }
            out.truncate(kept);
            out.push(f);
        }
    }
    out
}

/// Whether two spans are one passage: they overlap over at least two
/// thirds of the longer. Two rules reading the same words ("safe and
/// effective", "promotes healing") overlap nearly whole; a claim inside a
/// longer one that goes on to say something else ("rapid relief to people
/// with psychiatric disorders, including suicidality") is a claim of its
/// own.
fn same_passage(a: &Range<usize>, b: &Range<usize>) -> bool {
    let overlap = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let longer = a.len().max(b.len());
    overlap > 0 && overlap * 3 >= longer * 2
}

/// How specific a finding's rule is, compared between two rules reading
/// one passage: the more severe reads the graver claim in the same words
/// ("heals trauma for good" is a cure before it is an efficacy claim);
/// then a rule of a pack for one service (one with `active-when`) knows
/// more than a general one; then the longer match, which read more of the
/// claim; then the later rule (load order).
fn specificity(inner: &Inner, f: &Finding) -> (Severity, bool, usize, usize) {
    (
        inner.rules[f.rule].severity,
        inner.active[f.rule].is_some(),
        f.span.len(),
        f.rule,
    )
}
