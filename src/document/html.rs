//! The copy of an HTML document: what a visitor, a search engine or a
//! social card shows.
//!
//! Tokenizing is html5gum's job. Among the Rust HTML parsers it is the one
//! that reports exact byte spans for text runs, attribute values and
//! comments while following the WHATWG tokenizer (entities, `<script>` and
//! `<style>` raw text, broken markup); html5ever's tokenizer reports only
//! line numbers, `tl` does not decode entities, and `lol_html` is a
//! streaming rewriter built around CSS selectors with raw, undecoded text
//! chunks. html5gum also has no dependencies of its own and forbids `unsafe`.
//!
//! What is copy:
//! - text, except inside `script`, `style`, `template`, `noscript`, `code`,
//!   `textarea` and the other raw-text elements;
//! - `<title>`, and the `title` and `alt` attributes of any element;
//! - the `content` of `<meta>` description, `og:description` and
//!   `twitter:description`.
//!
//! Block elements (every element that is not inline, such as `p`, `li`,
//! `td`, `h1`, `div`, `button`) end a paragraph; inline ones (`em`,
//! `strong`, `a`, `span` ...) stay inside the sentence, so "The FDA
//! <em>approves</em> ketamine" is one sentence. Attribute copy is a
//! paragraph of its own, put after the text, so that an image's `alt` never
//! splits the sentence the image sits in.

use std::borrow::Cow;
use std::convert::Infallible;
use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use crate::document::offsets::CopyBuilder;
use crate::document::suppress::Comment;

/// Source bytes where the decoded text can differ from the source: entities,
/// `\r\n` (read as `\n`) and NUL (read as U+FFFD in attributes).
pub(crate) const SPECIALS: &[u8] = b"&\r\0";

/// Elements whose content is not copy.
const SKIPPED: &[&[u8]] = &[
    b"script",
    b"style",
    b"template",
    b"noscript",
    b"code",
    b"textarea",
    b"iframe",
    b"noembed",
    b"noframes",
    b"xmp",
];

/// Elements that sit inside a line of text; every other element ends a block.
const INLINE: &[&[u8]] = &[
    b"a", b"abbr", b"b", b"bdi", b"bdo", b"cite", b"data", b"del", b"dfn", b"em", b"font", b"i",
    b"img", b"ins", b"kbd", b"label", b"mark", b"picture", b"q", b"s", b"samp", b"small",
    b"source", b"span", b"strike", b"strong", b"sub", b"sup", b"time", b"tt", b"u", b"var", b"wbr",
];

/// The `<meta>` names (or `property` values) whose `content` is copy.
const DESCRIPTIONS: &[&str] = &["description", "og:description", "twitter:description"];

/// Add the copy of `source[range]` to `out`, and its comments to
/// `comments`. Returns where `</body>` starts, if there is one.
pub(crate) fn extract(
    source: &str,
    range: Range<usize>,
    out: &mut CopyBuilder<'_>,
    comments: &mut Vec<Comment>,
) -> Option<usize> {
    let input = source.get(range.clone())?;
    let mut walker = Walker {
        offset: range.start,
        out,
        comments,
        skip: None,
        pre: 0,
        tag: Vec::new(),
        attr: Vec::new(),
        attrs: Vec::new(),
        body_end: None,
    };
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        walker.event(event, span.start..span.end);
        None::<Infallible>
    });
    // Switch to raw text after <script>, <style>, <title> ... as a browser does.
    emitter.naively_switch_states(true);
    // Reading from a string cannot fail.
    let _ = Tokenizer::new_with_emitter(input, emitter).finish();
    walker.body_end
}

struct Walker<'a, 'b> {
    /// Where the tokenized input starts in the source.
    offset: usize,
    out: &'a mut CopyBuilder<'b>,
    comments: &'a mut Vec<Comment>,
    /// The element whose content is skipped, and how deeply it is nested.
    skip: Option<(Vec<u8>, usize)>,
    /// How many `<pre>` are open (whitespace is kept inside them).
    pre: usize,
    /// The start tag being read, and its attribute being read.
    tag: Vec<u8>,
    attr: Vec<u8>,
    /// The attributes read so far: name, value span, decoded value.
    attrs: Vec<(Vec<u8>, Range<usize>, String)>,
    body_end: Option<usize>,
}

impl Walker<'_, '_> {
    fn event(&mut self, event: CallbackEvent<'_>, span: Range<usize>) {
        let span = span.start + self.offset..span.end + self.offset;
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag.clear();
                self.tag.extend_from_slice(name);
                self.attrs.clear();
            }
            CallbackEvent::AttributeName { name } => {
                self.attr.clear();
                self.attr.extend_from_slice(name);
            }
            CallbackEvent::AttributeValue { value } => {
                self.attrs
                    .push((self.attr.clone(), span, text(value).into_owned()));
            }
            CallbackEvent::CloseStartTag { .. } => self.start_tag(),
            CallbackEvent::EndTag { name } => self.end_tag(name, span),
            CallbackEvent::String { value } => {
                if self.skip.is_none() {
                    self.out
                        .decoded(span, &text(value), SPECIALS, self.pre == 0);
                }
            }
            CallbackEvent::Comment { value } => self.comments.push(Comment {
                span,
                text: text(value).into_owned(),
            }),
            CallbackEvent::Doctype { .. } | CallbackEvent::Error(_) => {}
        }
    }

    fn start_tag(&mut self) {
        let name = self.tag.as_slice();
        if let Some((skipped, depth)) = &mut self.skip {
            if name == skipped.as_slice() {
                *depth += 1;
            }
            return;
        }
        // A self-closing flag means nothing on these: `<script/>` still opens.
        if SKIPPED.contains(&name) {
            self.skip = Some((name.to_vec(), 1));
            return;
        }
        let description = name == b"meta"
            && self.attrs.iter().any(|(attr, _, value)| {
                (attr == b"name" || attr == b"property")
                    && DESCRIPTIONS
                        .iter()
                        .any(|d| value.trim().eq_ignore_ascii_case(d))
            });
        for (attr, span, value) in self.attrs.drain(..) {
            let copy = match attr.as_slice() {
                b"title" | b"alt" => true,
                b"content" => description,
                _ => false,
            };
            if copy {
                self.out.defer(vec![(span, value)]);
            }
        }
        if name == b"br" {
            self.out.line_break();
        } else if !INLINE.contains(&name) {
            self.out.block_break();
        }
        if name == b"pre" {
            self.pre += 1;
        }
    }

    fn end_tag(&mut self, name: &[u8], span: Range<usize>) {
        if let Some((skipped, depth)) = &mut self.skip {
            if name == skipped.as_slice() {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }
        match name {
            b"body" => self.body_end = Some(span.start),
            b"pre" => self.pre = self.pre.saturating_sub(1),
            _ => {}
        }
        if name == b"br" {
            self.out.line_break();
        } else if !INLINE.contains(&name) {
            self.out.block_break();
        }
    }
}

fn text(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(source: &str) -> (String, Vec<Comment>, Option<usize>) {
        let mut out = CopyBuilder::new(source);
        let mut comments = Vec::new();
        let body = extract(source, 0..source.len(), &mut out, &mut comments);
        (out.finish(SPECIALS).0, comments, body)
    }

    #[test]
    fn inline_tags_stay_in_the_sentence_and_blocks_split() {
        let (text, _, _) = copy(
            "<h1>Relief</h1><p>The FDA <em>approves</em>\n  ketamine</p><ul><li>One</li><li>Two</li></ul>a<br>b",
        );
        assert_eq!(
            text,
            "Relief\n\nThe FDA approves   ketamine\n\nOne\n\nTwo\n\na\nb"
        );
    }

    #[test]
    fn skipped_elements_and_attribute_copy() {
        let (text, comments, body) = copy(concat!(
            r#"<html><head><title>Care &amp; Co</title><meta name="Description" content="Calm care">"#,
            r#"<meta name="viewport" content="width=device-width"><style>p { color: red }</style>"#,
            r#"<script>var cure = "<p>miracle</p>";</script></head><body>"#,
            r#"<p class="cure">Hi <img src="a.png" alt="Smiling patient"> there</p>"#,
            r#"<template><p>hidden</p></template><noscript>on</noscript><!-- note -->"#,
            r#"<p>Run <code>cure()</code> now</p></body></html>"#,
        ));
        assert_eq!(
            text,
            "Care & Co\n\nHi  there\n\nRun  now\n\nCalm care\n\nSmiling patient"
        );
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].text, " note ");
        assert!(body.is_some());
    }
}
