//! Byte spans into the user's original text, and their line/column positions.

use serde::Serialize;
use std::ops::Range;

/// A half-open range of UTF-8 byte offsets into the text that was linted.
///
/// Both ends always fall on `char` boundaries of that text, so
/// `&text[span.start..span.end]` never panics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (UTF-8 byte offsets). An inverted range is
    /// normalised to an empty span at `start`, so a span is never invalid.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no text (an insertion point).
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Range<usize> {
        s.start..s.end
    }
}

/// A 1-based line and column. The column counts Unicode scalar values
/// (`char`s), not bytes, so it matches what an editor shows for most text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Maps byte offsets to [`Position`]s. Built once per document, only when
/// there is something to report.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
    /// `(offset, chars before it)` every `CHECKPOINT_BYTES` or so: a column
    /// is counted from the nearest checkpoint, not from the start of its
    /// line, which on a megabyte-long line made every position cost a scan
    /// of the line (and a page of many findings quadratic).
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between two checkpoints of a [`LineIndex`].
const CHECKPOINT_BYTES: usize = 4096;

impl LineIndex {
    /// Index the line starts of `text` (after `\n`; a `\r\n` ends a line once).
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = vec![(0, 0)];
        // Only a line longer than the gap between two checkpoints needs them.
        let line_ends = starts.iter().skip(1).map(|&s| s - 1).chain([text.len()]);
        let longest = (starts.iter().zip(line_ends)).map(|(s, e)| e - s).max();
        if longest.unwrap_or(0) <= CHECKPOINT_BYTES {
            return LineIndex {
                starts,
                checkpoints,
            };
        }
        let (mut at, mut chars) = (0, 0);
        while at + CHECKPOINT_BYTES < text.len() {
            // A char is at most 4 bytes, so this always moves on.
            let next = floor_char_boundary(text, at + CHECKPOINT_BYTES);
            chars += text[at..next].chars().count();
            checkpoints.push((next, chars));
            at = next;
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// The position of byte `offset` in `text` (the text this index was built
    /// from). An offset past the end is clamped to the end.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        // Most lines are short: count their chars; on a long one, count
        // from the nearest checkpoints.
        let chars = if offset - start <= CHECKPOINT_BYTES {
            text[start..offset].chars().count()
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        let column = chars + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The positions of both ends of `span`: the end is counted on from
    /// the start when both are on one short stretch of a line (a finding's
    /// span nearly always is).
    pub fn span_positions(&self, text: &str, span: Span) -> (Position, Position) {
        let start = self.position(text, span.start);
        let from = floor_char_boundary(text, span.start.min(text.len()));
        let to = floor_char_boundary(text, span.end.min(text.len()));
        let between = text.as_bytes().get(from..to).unwrap_or_default();
        if between.len() > CHECKPOINT_BYTES || memchr::memchr(b'\n', between).is_some() {
            return (start, self.position(text, span.end));
        }
        let chars = text[from..to].chars().count();
        let end = Position {
            line: start.line,
            column: start.column + chars,
        };
        (start, end)
    }

    /// How many chars of `text` come before byte `offset` (a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(at, _)| at <= offset) - 1;
        let (at, chars) = self.checkpoints[i];
        chars + text[at..offset].chars().count()
    }
}

/// The largest char boundary at or below `i` (`str::floor_char_boundary` is
/// not stable yet).
pub(crate) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_lines() {
        let text = "ab\n“é” x\r\nz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 2, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(text, x), Position { line: 2, column: 5 });
        let z = text.find('z').unwrap();
        assert_eq!(idx.position(text, z), Position { line: 3, column: 1 });
        assert_eq!(idx.position(text, 999), Position { line: 3, column: 2 });
    }

    #[test]
    fn positions_on_long_lines_count_from_checkpoints_exactly() {
        let text = "é".repeat(5000) + "\n" + &"ab€".repeat(3000) + "\nz";
        let idx = LineIndex::new(&text);
        assert!(idx.checkpoints.len() > 3);
        for offset in (0..=text.len() + 1).step_by(7) {
            let clamped = floor_char_boundary(&text, offset.min(text.len()));
            let line_start = text[..clamped].rfind('\n').map_or(0, |i| i + 1);
            let expected = Position {
                line: text[..clamped].matches('\n').count() + 1,
                column: text[line_start..clamped].chars().count() + 1,
            };
            assert_eq!(idx.position(&text, offset), expected, "{offset}");
        }
    }

    #[test]
    fn short_lines_need_no_checkpoints() {
        let text = ("é“x” ".repeat(100) + "\n").repeat(20);
        let idx = LineIndex::new(&text);
        assert_eq!(idx.checkpoints.len(), 1);
        let last = text.len() - 2;
        let last = floor_char_boundary(&text, last);
        let line_start = text[..last].rfind('\n').map_or(0, |i| i + 1);
        let want = Position {
            line: 20,
            column: text[line_start..last].chars().count() + 1,
        };
        assert_eq!(idx.position(&text, last), want);
    }

    #[test]
    fn span_positions_are_those_of_both_ends() {
        let text = "é".repeat(5000) + "\nab “x” \r\n\n" + &"ab€".repeat(3000) + "\nz";
        let idx = LineIndex::new(&text);
        let ends = (0..=text.len() + 2).step_by(13);
        for start in ends.clone() {
            for len in [0, 1, 2, 5, 40, 4000, 5000] {
                let span = Span::new(start, start + len);
                let want = (
                    idx.position(&text, span.start),
                    idx.position(&text, span.end),
                );
                assert_eq!(idx.span_positions(&text, span), want, "{span:?}");
            }
        }
    }

    #[test]
    fn inverted_span_is_empty() {
        assert!(Span::new(5, 2).is_empty());
        assert!(Span::new(1, 4).overlaps(Span::new(3, 9)));
        assert!(!Span::new(1, 3).overlaps(Span::new(3, 9)));
    }
}
