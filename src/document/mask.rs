//! Code inside a page: template tags (`{{ }}`, `{% %}`, `{# #}`) and MDX's
//! imports, exports, `{expressions}` and JSX tags. Finding it is the job of
//! the [`templates`](super::templates) and [`mdx`](super::mdx) modules;
//! this one hides it from the Markdown and HTML parsers.
//!
//! Code is hidden by *masking*: the parser reads a copy of the source in
//! which every code byte is a space (line breaks kept, so lines stay
//! lines). Masking keeps every offset, so HTML needs nothing more. Markdown
//! does: spaces at the start of a line are indentation, and four of them
//! make an indented code block, which would swallow the prose after a tag
//! (`{% if x %}    Book now`, or the text of an indented `<Tab>` in MDX,
//! which has no indented code). So in Markdown the masked code at the
//! start of a line is deleted, with the white space after it (in MDX, all
//! indentation is), and the masked text keeps the *runs* that say where
//! each of its stretches starts in the source. The copy's map is carried
//! through them back to the source (`OffsetMap::through`).

use std::borrow::Cow;
use std::ops::Range;

use crate::document::suppress::Comment;

/// The code found in a page.
#[derive(Clone, Debug, Default)]
pub(crate) struct Code {
    /// Source ranges to hide, sorted and disjoint, on char boundaries.
    pub(crate) hidden: Vec<Range<usize>>,
    /// Comments among them that may hold suppressions.
    pub(crate) comments: Vec<Comment>,
    /// Copy inside code: the string `alt` and `title` props of MDX
    /// components, each a block of its own.
    pub(crate) attributes: Vec<Attribute>,
}

/// Copy inside code: an attribute's value, where it is in the source and
/// its text.
pub(crate) type Attribute = (Range<usize>, String);

/// What white space at the start of a line is deleted from the masked text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dedent {
    /// None (HTML, where indentation means nothing).
    None,
    /// From the first hidden byte on (Markdown: indentation before the code
    /// is still indentation).
    Hidden,
    /// All of it (MDX).
    All,
}

/// The text the parser reads instead of the source.
#[derive(Clone, Debug)]
pub(crate) struct Masked<'s> {
    pub(crate) text: Cow<'s, str>,
    /// Where each stretch of `text` starts: its offset there and in the
    /// source. Sorted, the first at `(0, 0)`.
    pub(crate) runs: Vec<(usize, usize)>,
}

impl Masked<'_> {
    /// The source range of a range of the masked text. An end where a
    /// stretch starts is the end of the stretch before.
    pub(crate) fn to_source(&self, range: Range<usize>) -> Range<usize> {
        let at = |pos: usize, is_end: bool| {
            let i = self
                .runs
                .partition_point(|&(text, _)| text < pos || (!is_end && text == pos));
            let (text, src) = self.runs[i.saturating_sub(1)];
            src + (pos - text)
        };
        let start = at(range.start, false);
        start..at(range.end, true).max(start)
    }
}

/// `source` with the code in `hidden` masked, and from `from` on (before
/// it is front matter), indentation deleted as `dedent` says.
pub(crate) fn mask<'s>(
    source: &'s str,
    from: usize,
    hidden: &[Range<usize>],
    dedent: Dedent,
) -> Masked<'s> {
    if hidden.is_empty() && dedent != Dedent::All {
        return Masked {
            text: Cow::Borrowed(source),
            runs: vec![(0, 0)],
        };
    }
    let mut m = Builder {
        source,
        hidden,
        text: String::with_capacity(source.len()),
        runs: vec![(0, 0)],
    };
    // Before `from` (front matter), code is masked and nothing deleted.
    m.copy(0..from.min(source.len()));
    let mut at = from;
    while at < source.len() {
        let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
        // The white space and hidden code the line starts with.
        let bytes = source.as_bytes();
        let mut lead = at;
        let mut first_hidden = None;
        while lead < line_end {
            if let (Some(h), _) = m.hidden_at(lead) {
                first_hidden.get_or_insert(lead);
                lead = h.end.min(line_end);
            } else if matches!(bytes[lead], b' ' | b'\t') {
                lead += 1;
            } else {
                break;
            }
        }
        let delete_from = match (dedent, first_hidden) {
            (Dedent::All, _) => at,
            (Dedent::Hidden, Some(h)) => h,
            _ => lead,
        };
        m.copy(at..delete_from);
        if delete_from < lead {
            m.skip_to(lead);
        }
        m.copy(lead..line_end);
        if line_end < source.len() {
            m.text.push('\n');
        }
        at = line_end + 1;
    }
    Masked {
        text: Cow::Owned(m.text),
        runs: m.runs,
    }
}

struct Builder<'a> {
    source: &'a str,
    hidden: &'a [Range<usize>],
    text: String,
    runs: Vec<(usize, usize)>,
}

impl Builder<'_> {
    /// The hidden range that holds byte `at`, if any, and the index of
    /// the first hidden range that ends after `at`.
    fn hidden_at(&self, at: usize) -> (Option<Range<usize>>, usize) {
        let next = self.hidden.partition_point(|h| h.end <= at);
        let holding = self.hidden.get(next).filter(|h| h.start <= at).cloned();
        (holding, next)
    }

    /// Copy `source[range]`, code masked.
    fn copy(&mut self, range: Range<usize>) {
        let mut at = range.start;
        while at < range.end {
            match self.hidden_at(at) {
                (Some(h), _) => {
                    let end = h.end.min(range.end);
                    for c in self.source[at..end].chars() {
                        if c == '\r' || c == '\n' {
                            self.text.push(c);
                        } else {
                            self.text.extend(std::iter::repeat_n(' ', c.len_utf8()));
                        }
                    }
                    at = end;
                }
                (None, next) => {
                    let end =
                        (self.hidden.get(next)).map_or(range.end, |h| h.start.clamp(at, range.end));
                    self.text.push_str(&self.source[at..end]);
                    at = end;
                }
            }
        }
    }

    /// Leave out the source up to `to`: the next stretch starts there.
    fn skip_to(&mut self, to: usize) {
        let run = (self.text.len(), to);
        match self.runs.last_mut() {
            Some(last) if last.0 == run.0 => *last = run,
            _ => self.runs.push(run),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_code_becomes_spaces_and_lines_stay() {
        let source = "a {{ x }} b\n{% if é %}\nc";
        let hidden = [2..9, 12..23];
        let m = mask(source, 0, &hidden, Dedent::None);
        assert_eq!(m.text, "a         b\n           \nc");
        assert_eq!(m.text.len(), source.len());
        assert_eq!(m.runs, [(0, 0)]);
    }

    #[test]
    fn markdown_deletes_the_code_that_starts_a_line() {
        let source = "  {% if x %}    Book now {{ y }}\n    code {{ z }}\n";
        let hidden = [2..12, 25..32, 42..49];
        let m = mask(source, 0, &hidden, Dedent::Hidden);
        assert_eq!(m.text, "  Book now        \n    code        \n");
        assert_eq!(m.runs, [(0, 0), (2, 16)]);
        assert_eq!(&source[16..24], "Book now");
    }

    #[test]
    fn mdx_deletes_all_indentation_after_what_is_kept() {
        let source = "---\n  a: b\n---\n<Tab>\n    Text {x}\n";
        let m = mask(source, 15, &[15..20, 30..33], Dedent::All);
        assert_eq!(m.text, "---\n  a: b\n---\n\nText    \n");
        assert_eq!(m.runs, [(0, 0), (15, 20), (16, 25)]);
    }
}
