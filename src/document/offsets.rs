//! The copy of a document (the text the linter reads) and the map from
//! every byte of it back to the source it came from.
//!
//! The copy is a sequence of *pieces*, each from one source range, and of
//! separators that come from no source at all (the blank line between two
//! blocks). A piece is either *linear*, where byte `i` of the copy is byte
//! `i` of its source range (plain text, or whitespace turned into spaces),
//! or *atomic*, where the copy (`’`) and the source (`&rsquo;`) differ in
//! length and a span that touches the piece covers all of it, so a span
//! never ends inside an entity.

use std::collections::HashMap;
use std::ops::Range;

use crate::document::align;

/// One run of copy that came from one source range.
#[derive(Clone, Debug)]
struct Piece {
    copy: Range<usize>,
    src: Range<usize>,
    linear: bool,
}

/// Maps byte ranges of the copy to byte ranges of the source.
#[derive(Clone, Debug, Default)]
pub(crate) struct OffsetMap {
    /// In copy order (pieces never overlap in the copy).
    pieces: Vec<Piece>,
    /// Where each blank line between two blocks starts in the copy.
    blocks: Vec<usize>,
}

impl OffsetMap {
    /// A map for a copy that is the source, byte for byte.
    pub(crate) fn identity(len: usize) -> OffsetMap {
        OffsetMap {
            pieces: vec![Piece {
                copy: 0..len,
                src: 0..len,
                linear: true,
            }],
            blocks: Vec::new(),
        }
    }

    /// Whether a copy span runs from one block into the next: a phrase
    /// whose words stand in two list items or table cells is not said.
    pub(crate) fn crosses_block(&self, span: &Range<usize>) -> bool {
        let i = self.blocks.partition_point(|&b| b <= span.start);
        self.blocks
            .get(i)
            .is_some_and(|&b| b + BLOCK_BREAK.len() < span.end)
    }

    /// The source range a copy range comes from. A start inside a separator
    /// moves forward to the next piece, an end inside one moves back to the
    /// previous piece, and an atomic piece is covered whole. An empty span
    /// maps to an empty span.
    pub(crate) fn to_source(&self, span: Range<usize>) -> Range<usize> {
        let start = self.start_to_source(span.start);
        if span.end <= span.start {
            return start..start;
        }
        let end = self.end_to_source(span.end).max(start);
        start..end
    }

    fn start_to_source(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.copy.end <= pos);
        match self.pieces.get(i) {
            Some(p) if p.copy.start <= pos && p.linear => p.src.start + (pos - p.copy.start),
            Some(p) => p.src.start,
            None => self.pieces.last().map_or(0, |p| p.src.end),
        }
    }

    fn end_to_source(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.copy.start < pos);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(p) if pos < p.copy.end && p.linear => p.src.start + (pos - p.copy.start),
            Some(p) => p.src.end,
            None => self.pieces.first().map_or(0, |p| p.src.start),
        }
    }

    /// The map of a copy read from a masked text (see
    /// [`Masked`](crate::document::mask::Masked)) turned into a map to the
    /// source: `runs` are where each run of the masked text starts in it and
    /// in the source. A linear piece that spans two runs is split in two.
    pub(crate) fn through(self, runs: &[(usize, usize)]) -> OffsetMap {
        if runs == [(0, 0)] {
            return self;
        }
        let run_of = |pos: usize| {
            runs.partition_point(|&(text, _)| text <= pos)
                .saturating_sub(1)
        };
        let to_source = |run: usize, pos: usize| {
            runs.get(run)
                .map_or(pos, |&(text, src)| src + pos.saturating_sub(text))
        };
        let mut pieces = Vec::with_capacity(self.pieces.len());
        for p in self.pieces {
            if !p.linear {
                let first = run_of(p.src.start);
                // An end at a run's start is the end of the run before it.
                let last = run_of(p.src.end.saturating_sub(1).max(p.src.start));
                pieces.push(Piece {
                    src: to_source(first, p.src.start)..to_source(last, p.src.end),
                    ..p
                });
                continue;
            }
            let mut at = p.src.start;
            while at < p.src.end {
                // The next run starts after `at`: every part is non-empty.
                let run = run_of(at);
                let end = runs
                    .get(run + 1)
                    .map_or(p.src.end, |&(text, _)| text.min(p.src.end));
                let copy_start = p.copy.start + (at - p.src.start);
                pieces.push(Piece {
                    copy: copy_start..copy_start + (end - at),
                    src: to_source(run, at)..to_source(run, end),
                    linear: true,
                });
                at = end;
            }
        }
        OffsetMap {
            pieces,
            blocks: self.blocks,
        }
    }

    /// Put `other` (a copy and its map) after this copy as a block of its own.
    pub(crate) fn append(&mut self, copy: &mut String, other_copy: &str, other: OffsetMap) {
        if other_copy.is_empty() {
            return;
        }
        if !copy.is_empty() {
            self.blocks.push(copy.len());
            copy.push_str(BLOCK_BREAK);
        }
        let shift = copy.len();
        copy.push_str(other_copy);
        self.pieces.extend(other.pieces.into_iter().map(|p| Piece {
            copy: p.copy.start + shift..p.copy.end + shift,
            ..p
        }));
        self.blocks
            .extend(other.blocks.into_iter().map(|b| b + shift));
    }

    /// Where the next non-blank copy starts, for source offsets asked in
    /// order (suppression comments look for "the next line of copy").
    pub(crate) fn next_copy<'a>(&'a self, copy: &'a str) -> NextCopy<'a> {
        NextCopy::new(self, copy)
    }
}

/// The source offset of the first non-blank copy at or after a source
/// offset, for many offsets: the `disable-next-line` comments of a page.
/// Asking every piece for every comment was quadratic (a megabyte of such
/// comments took 0.7 s, four megabytes 11 s); this looks at the pieces that
/// start after the offset through a suffix minimum, and at the few linear
/// pieces around it, remembering how far each was scanned.
pub(crate) struct NextCopy<'a> {
    copy: &'a str,
    pieces: &'a [Piece],
    /// Pieces by the least offset past which they no longer count as
    /// starting after the asked offset (`src.start`, plus one unless empty).
    after: Vec<(usize, usize)>,
    /// The least whole-piece answer of `after[i..]`.
    least_after: Vec<Option<usize>>,
    /// Linear pieces by source start, and the greatest source end so far.
    linear: Vec<(usize, usize)>,
    /// For a linear piece: the offset last asked inside it, and the answer.
    scanned: HashMap<usize, (usize, Option<usize>)>,
}

impl<'a> NextCopy<'a> {
    fn new(map: &'a OffsetMap, copy: &'a str) -> NextCopy<'a> {
        let pieces = &map.pieces[..];
        let mut after: Vec<(usize, usize)> = (pieces.iter().enumerate())
            .map(|(i, p)| (p.src.start + usize::from(!p.src.is_empty()), i))
            .collect();
        after.sort_unstable();
        let mut least_after = vec![None; after.len() + 1];
        for k in (0..after.len()).rev() {
            let whole = whole_piece(copy, &pieces[after[k].1]);
            least_after[k] = match (whole, least_after[k + 1]) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        let mut linear: Vec<(usize, usize)> = (pieces.iter().enumerate())
            .filter(|(_, p)| p.linear)
            .map(|(i, p)| (p.src.start, i))
            .collect();
        linear.sort_unstable();
        let mut reach = 0;
        let linear = linear
            .into_iter()
            .map(|(_, i)| {
                reach = reach.max(pieces[i].src.end);
                (i, reach)
            })
            .collect();
        NextCopy {
            copy,
            pieces,
            after,
            least_after,
            linear,
            scanned: HashMap::new(),
        }
    }

    /// The source offset of the first non-blank copy at or after `pos`.
    pub(crate) fn at(&mut self, pos: usize) -> Option<usize> {
        let k = self.after.partition_point(|&(key, _)| key <= pos);
        let mut best = self.least_after[k];
        // Linear pieces that start before `pos` and end after it.
        let started = self
            .linear
            .partition_point(|&(i, _)| self.pieces[i].src.start < pos);
        for j in (0..started).rev() {
            let (i, reach) = self.linear[j];
            if reach <= pos {
                break;
            }
            if self.pieces[i].src.end > pos {
                if let Some(found) = self.inside(i, pos) {
                    best = Some(best.map_or(found, |b| b.min(found)));
                }
            }
        }
        best
    }

    /// The first non-blank byte at or after `pos` in linear piece `i`, which
    /// holds `pos`. An answer found for an earlier offset holds up to itself.
    fn inside(&mut self, i: usize, pos: usize) -> Option<usize> {
        let p = &self.pieces[i];
        let text = self.copy.get(p.copy.clone())?;
        let skip = pos - p.src.start;
        let rest = text.get(skip..)?;
        if let Some(&(asked, answer)) = self.scanned.get(&i) {
            if asked <= pos && answer.is_none_or(|a| a >= pos) {
                return answer;
            }
        }
        let answer = rest
            .find(|c: char| !c.is_whitespace())
            .map(|j| p.src.start + skip + j);
        self.scanned.insert(i, (pos, answer));
        answer
    }
}

/// The answer a piece gives for an offset at or before its start.
fn whole_piece(copy: &str, p: &Piece) -> Option<usize> {
    let text = copy.get(p.copy.clone())?;
    if p.linear {
        text.find(|c: char| !c.is_whitespace())
            .map(|i| p.src.start + i)
    } else {
        (!text.trim().is_empty()).then_some(p.src.start)
    }
}

/// What separates two blocks in the copy: a blank line, which ends a
/// paragraph for the segmenter.
const BLOCK_BREAK: &str = "\n\n";

/// A block of copy kept for the end of the document: attribute text and
/// image descriptions, which are copy of their own and must not split the
/// sentence they sit in.
type Deferred = Vec<(Range<usize>, String)>;

/// What breaks the copy between two runs of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    /// A line break (`<br>`, a hard break): the segmenter decides.
    Line,
    /// A blank line: the end of a paragraph, so of every sentence.
    Block,
}

/// Builds the copy of a document piece by piece.
pub(crate) struct CopyBuilder<'s> {
    source: &'s str,
    copy: String,
    pieces: Vec<Piece>,
    pending: Option<Break>,
    deferred: Vec<Deferred>,
    blocks: Vec<usize>,
}

impl<'s> CopyBuilder<'s> {
    pub(crate) fn new(source: &'s str) -> CopyBuilder<'s> {
        CopyBuilder {
            source,
            copy: String::with_capacity(source.len() / 2),
            pieces: Vec::new(),
            pending: None,
            deferred: Vec::new(),
            blocks: Vec::new(),
        }
    }

    /// End the current block: what follows is a new paragraph.
    pub(crate) fn block_break(&mut self) {
        self.pending = Some(Break::Block);
    }

    /// End the current line (a `<br>`).
    pub(crate) fn line_break(&mut self) {
        self.pending = self.pending.max(Some(Break::Line));
    }

    /// Add text that the parser decoded from `src` (entities expanded, line
    /// endings normalised). `specials` are the source bytes that start an
    /// escape in this format. With `collapse`, line breaks and tabs become
    /// spaces, as HTML renders them.
    pub(crate) fn decoded(
        &mut self,
        src: Range<usize>,
        decoded: &str,
        specials: &[u8],
        collapse: bool,
    ) {
        // Whitespace between blocks (the indentation of HTML source) is
        // not copy; between inline elements it is.
        let at_block_start = self.pending.is_some() || self.copy.is_empty();
        if decoded.is_empty() || (at_block_start && decoded.trim().is_empty()) {
            return;
        }
        let Some(raw) = self.source.get(src.clone()) else {
            return;
        };
        self.flush_break();
        for run in align::align(raw, decoded, specials) {
            let copy_start = self.copy.len();
            let text = &decoded[run.decoded.clone()];
            if collapse {
                let mut parts = text.split(['\n', '\r', '\t', '\x0c']);
                self.copy.push_str(parts.next().unwrap_or_default());
                for part in parts {
                    self.copy.push(' ');
                    self.copy.push_str(part);
                }
            } else {
                self.copy.push_str(text);
            }
            if run.decoded.is_empty() {
                continue;
            }
            self.pieces.push(Piece {
                copy: copy_start..self.copy.len(),
                src: src.start + run.raw.start..src.start + run.raw.end,
                linear: run.linear,
            });
        }
    }

    /// Add `text`, which stands for the source bytes `src` (a run of a
    /// front-matter string: a line, an escape, a folded line break). It is a
    /// linear piece if the source is the text itself, else an atomic one.
    pub(crate) fn piece(&mut self, src: Range<usize>, text: &str) {
        let Some(raw) = self.source.get(src.clone()) else {
            return;
        };
        if text.is_empty() {
            return;
        }
        self.flush_break();
        let copy_start = self.copy.len();
        self.copy.push_str(text);
        self.pieces.push(Piece {
            copy: copy_start..self.copy.len(),
            linear: raw == text,
            src,
        });
    }

    /// Keep a block of copy for the end of the document (see [`Deferred`]).
    pub(crate) fn defer(&mut self, block: Deferred) {
        if block.iter().any(|(_, text)| !text.trim().is_empty()) {
            self.deferred.push(block);
        }
    }

    fn flush_break(&mut self) {
        if let Some(b) = self.pending.take() {
            if self.copy.is_empty() {
                return;
            }
            if b == Break::Block {
                self.blocks.push(self.copy.len());
                self.copy.push_str(BLOCK_BREAK);
            } else {
                self.copy.push('\n');
            }
        }
    }

    /// The copy and its map. Deferred blocks come last, a paragraph each.
    pub(crate) fn finish(mut self, specials: &[u8]) -> (String, OffsetMap) {
        for block in std::mem::take(&mut self.deferred) {
            self.block_break();
            for (src, text) in block {
                self.decoded(src, &text, specials, true);
            }
        }
        (
            self.copy,
            OffsetMap {
                pieces: self.pieces,
                blocks: self.blocks,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`NextCopy`] answers, by asking every piece.
    fn next_copy_by_scan(map: &OffsetMap, copy: &str, pos: usize) -> Option<usize> {
        map.pieces
            .iter()
            .filter(|p| p.src.end > pos)
            .filter_map(|p| {
                let text = copy.get(p.copy.clone())?;
                if !p.linear {
                    let blank = text.trim().is_empty();
                    return (p.src.start >= pos && !blank).then_some(p.src.start);
                }
                let skip = pos.saturating_sub(p.src.start);
                let rest = text.get(skip..)?;
                rest.find(|c: char| !c.is_whitespace())
                    .map(|i| p.src.start + skip + i)
            })
            .min()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn next_copy_finds_what_asking_every_piece_finds(
            source in "(---\n|title: x\n|<p>|</p>|<b>|<img alt=\"x y\">|&amp;|&nbsp;|\n|  |é|word|<!-- c -->|# |\\*|`x`|\\[l\\]\\(u\\)|\\{\\{ v \\}\\}|\\{x\\}|<C>|    ){0,40}",
            format in 0..4usize,
        ) {
            use crate::Format;
            let format = [Format::Text, Format::Markdown, Format::Mdx, Format::Html][format];
            let options = crate::DocumentOptions::default();
            let doc = crate::document::Document::extract(&source, format, &options);
            let mut next = doc.map.next_copy(&doc.copy);
            let mut fresh_each_time = Vec::new();
            for pos in 0..=source.len() + 1 {
                let expected = next_copy_by_scan(&doc.map, &doc.copy, pos);
                proptest::prop_assert_eq!(next.at(pos), expected, "in order, at {}", pos);
                fresh_each_time.push((pos, expected));
            }
            // Asked out of order, it still answers right.
            for (pos, expected) in fresh_each_time.into_iter().rev() {
                proptest::prop_assert_eq!(next.at(pos), expected, "backwards, at {}", pos);
            }
        }
    }

    #[test]
    fn spans_snap_to_whole_entities_and_skip_separators() {
        let source = "<p>A &amp; B</p><p>C</p>";
        let mut b = CopyBuilder::new(source);
        b.decoded(3..12, "A & B", b"&", true);
        b.block_break();
        b.decoded(19..20, "C", b"&", true);
        let (copy, map) = b.finish(b"&");
        assert_eq!(copy, "A & B\n\nC");
        assert_eq!(map.to_source(0..1), 3..4);
        // The "&" alone covers the whole entity.
        assert_eq!(map.to_source(2..3), 5..10);
        assert_eq!(&source[map.to_source(0..8)], "A &amp; B</p><p>C");
        // A span that starts or ends in the separator shrinks to the copy.
        assert_eq!(map.to_source(5..8), 19..20);
        assert_eq!(map.to_source(4..6), 11..12);
        assert_eq!(map.to_source(8..8), 20..20);
        assert!(map.crosses_block(&(4..8)));
        assert!(!map.crosses_block(&(4..7)));
        assert!(!map.crosses_block(&(7..8)));
    }

    #[test]
    fn deferred_blocks_come_last() {
        let source = "ab alt cd";
        let mut b = CopyBuilder::new(source);
        b.decoded(0..3, "ab ", b"&", true);
        b.defer(vec![(3..6, "alt".into())]);
        b.decoded(6..9, " cd", b"&", true);
        let (copy, map) = b.finish(b"&");
        assert_eq!(copy, "ab  cd\n\nalt");
        assert_eq!(map.to_source(8..11), 3..6);
        assert_eq!(map.next_copy(&copy).at(2), Some(3));
    }
}
