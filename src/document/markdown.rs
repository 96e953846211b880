//! The copy of a Markdown document (CommonMark with GitHub's tables,
//! footnotes, strikethrough and task lists; `pulldown-cmark`, which gives
//! every event its source range).
//!
//! What is copy: paragraphs, headings, list items, table cells, block
//! quotes, footnotes, link text and image descriptions (`![this](x.png)`,
//! a paragraph of its own at the end, as HTML `alt` text is). HTML blocks
//! are read as HTML (see the `html` module), so their text, `alt` and
//! `title` count too and their comments can hold suppressions.
//!
//! What is not: code blocks, inline code, inline HTML tags, link
//! destinations and titles. Front matter is read before (see
//! `front_matter`), and the text parsed here starts after it.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::document::html;
use crate::document::offsets::CopyBuilder;
use crate::document::suppress::Comment;

/// Source bytes where the parser's text can differ from the source:
/// entities, backslash escapes and `\r\n`.
pub(crate) const SPECIALS: &[u8] = b"&\\\r";

/// Add the copy of `source[from..]` to `out`, and its HTML comments to
/// `comments`.
pub(crate) fn extract(
    source: &str,
    from: usize,
    out: &mut CopyBuilder<'_>,
    comments: &mut Vec<Comment>,
) {
    // No metadata blocks: pulldown-cmark would take any `---` line, text
    // and `---` line in the body for one, and hide it.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST;
    let text = source.get(from..).unwrap_or_default();
    // Inside code blocks.
    let mut skip = 0usize;
    // Inside an image: its description, kept for the end.
    let mut images = 0usize;
    let mut alt = Vec::new();
    // The lines of the HTML block being read.
    let mut html_lines: Option<Vec<Range<usize>>> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let range = range.start + from..range.end + from;
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) => skip += 1,
                Tag::HtmlBlock => html_lines = Some(Vec::new()),
                Tag::Image { .. } => images += 1,
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. } => {}
                _ => out.block_break(),
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock => skip = skip.saturating_sub(1),
                TagEnd::HtmlBlock => {
                    out.block_break();
                    for part in html_parts(source, &html_lines.take().unwrap_or_default()) {
                        html::extract(source, part, out, comments);
                    }
                    out.block_break();
                }
                TagEnd::Image => {
                    images = images.saturating_sub(1);
                    if images == 0 {
                        out.defer(std::mem::take(&mut alt));
                    }
                }
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link => {}
                _ => out.block_break(),
            },
            Event::Text(text) if skip == 0 => {
                if images > 0 {
                    alt.push((range, text.into_string()));
                } else {
                    out.decoded(range, &text, SPECIALS, false);
                }
            }
            // A line break inside a paragraph is a space: the block
            // structure, not the line, ends sentences here.
            Event::SoftBreak if images > 0 => alt.push((range, " ".into())),
            Event::SoftBreak => out.decoded(range, " ", SPECIALS, false),
            Event::HardBreak => out.line_break(),
            Event::Html(_) => html_lines.get_or_insert_with(Vec::new).push(range),
            Event::InlineHtml(html) => {
                if let Some(inner) = html.strip_prefix("<!--") {
                    comments.push(Comment {
                        span: range,
                        text: inner.strip_suffix("-->").unwrap_or(inner).to_string(),
                    });
                } else if is_br(&html) {
                    out.line_break();
                }
            }
            Event::Rule => out.block_break(),
            _ => {}
        }
    }
}

/// What to read as HTML of a block made of `lines`: the whole block when
/// only indentation stands between its lines, else each line alone (a block
/// inside a quote has `>` markers between its lines, which are not HTML).
fn html_parts(source: &str, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return Vec::new();
    };
    let contiguous = lines.windows(2).all(|w| {
        source
            .get(w[0].end..w[1].start)
            .is_some_and(|gap| gap.trim().is_empty())
    });
    if contiguous {
        std::iter::once(first.start..last.end).collect()
    } else {
        lines.to_vec()
    }
}

/// `<br>`, `<br/>`, `<BR />`.
fn is_br(tag: &str) -> bool {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    inner
        .trim_end_matches('/')
        .trim()
        .eq_ignore_ascii_case("br")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(source: &str) -> (String, Vec<Comment>) {
        let mut out = CopyBuilder::new(source);
        let mut comments = Vec::new();
        extract(source, 0, &mut out, &mut comments);
        (out.finish(SPECIALS).0, comments)
    }

    #[test]
    fn blocks_split_and_inline_markup_stays() {
        let (text, _) = copy(concat!(
            "# Relief &amp; hope\n",
            "The FDA *approves*\nketamine `cure()` ![A calm room](r.png) [today](/book).\n\n",
            "| Plan | Price |\n|---|---|\n| One | $5 |\n\n",
            "```\ncure\n```\n\n- One\n- Two<br>Three\n",
        ));
        assert_eq!(
            text,
            "Relief & hope\n\nThe FDA approves ketamine   today.\n\nPlan\n\nPrice\n\nOne\n\n$5\n\nOne\n\nTwo\nThree\n\nA calm room"
        );
    }

    #[test]
    fn html_blocks_are_read_as_html() {
        let (text, comments) = copy(
            "Intro.\n\n<!-- claimlint-disable-next-line x -- y -->\n<div>\n<p>In a &lt;div&gt;</p>\n</div>\n\nText <!-- inline --> end.\n",
        );
        assert_eq!(text, "Intro.\n\nIn a <div>\n\nText  end.");
        let texts: Vec<_> = comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, [" claimlint-disable-next-line x -- y ", " inline "]);
    }

    #[test]
    fn html_blocks_in_quotes_and_lists_leave_out_the_markers() {
        let (text, _) =
            copy("> <div>\n> Quoted &amp; kept\n> </div>\n\n- item\n\n  <p>in a\n  list</p>\n");
        assert_eq!(text, "Quoted & kept \n\nitem\n\nin a   list");
    }
}
