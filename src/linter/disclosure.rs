//! Where a missing disclosure points: the first sentence that needs it.

use std::ops::Range;

use crate::segment;

use super::context::sentence_at;
use super::findings::DocState;
use super::{Disclosure, Linter};

impl Linter {
    /// Where a missing disclosure that no finding decides points: the
    /// first sentence, outside a link, in which every `when` condition
    /// matches; else the first match of the first one outside a link.
    pub(super) fn anchor(&self, d: &Disclosure, doc: &mut DocState<'_>) -> Range<usize> {
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
}

/// How many matches of a disclosure's first condition are looked at for
/// the sentence it points at (a hostile page could hold millions).
const MAX_ANCHOR_CANDIDATES: usize = 256;

/// The sentence around `span` (widened to cover it), looked up in its
/// paragraph among `paras` (the document's, in order; found afresh when the
/// linter has no scan to list them).
pub(super) fn sentence_around(
    text: &str,
    paras: &[Range<usize>],
    span: Range<usize>,
) -> Range<usize> {
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
