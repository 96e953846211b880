//! The string values of YAML front matter, with their source ranges.
//!
//! Parsing is saphyr-parser's job: a YAML 1.2 parser (the maintained
//! successor of yaml-rust and yaml-rust2, tested against the YAML test
//! suite, no `unsafe`) whose events give every scalar its value, its style
//! and its span in the input. The serde front ends (`serde_yaml_ng`,
//! `serde_norway`) keep no span of a value, only of an error, and sit on a
//! C library translated to unsafe Rust.
//!
//! saphyr counts its markers in characters; they are turned into byte
//! offsets here. A scalar's span covers its tag and anchor (`!!str &a x`)
//! and its quotes; a block scalar's covers its lines, not its `|` header.

use std::borrow::Cow;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::scalar::Escapes;
use super::{Quoting, Value, Wanted};

/// The string values of the fields `wanted` names in the YAML `source[body]`,
/// in source order. What follows a syntax error is not read.
pub(super) fn values(source: &str, body: Range<usize>, wanted: &Wanted) -> Vec<Value> {
    let Some(text) = source.get(body.clone()) else {
        return Vec::new();
    };
    let mut bytes = CharToByte::new(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut found = Vec::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map {
                key: None,
                at_key: true,
            }),
            Event::SequenceStart(..) => stack.push(Frame::Seq),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                node_done(&mut stack, None);
            }
            Event::Scalar(value, style, anchor, tag) => {
                if matches!(stack.last(), Some(Frame::Map { at_key: true, .. })) {
                    node_done(&mut stack, Some(value));
                    continue;
                }
                if wanted.matches(path(&stack)) {
                    let start = body.start + bytes.at(span.start.index());
                    let end = body.start + bytes.at(span.end.index());
                    let has_properties = anchor > 0 || tag.is_some();
                    if let Some(v) = value_of(source, start..end, style, has_properties, &value) {
                        found.push(v);
                    }
                }
                node_done(&mut stack, None);
            }
            Event::Alias(_) => node_done(&mut stack, None),
            // Front matter is one document.
            Event::DocumentEnd => break,
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) => {}
        }
    }
    found
}

/// An open mapping or sequence.
enum Frame {
    /// The key of the entry being read (`None` for a key that is not a
    /// scalar), and whether its key or its value comes next.
    Map {
        key: Option<String>,
        at_key: bool,
    },
    Seq,
}

/// A node is read whole: in a mapping, the next node is a value after a key
/// (`key` is the key's text) and a key after a value.
fn node_done(stack: &mut [Frame], key_text: Option<Cow<'_, str>>) {
    if let Some(Frame::Map { key, at_key }) = stack.last_mut() {
        if *at_key {
            *key = key_text.map(Cow::into_owned);
        } else {
            *key = None;
        }
        *at_key = !*at_key;
    }
}

/// The keys that lead to the value being read (sequences are transparent),
/// or `None` if one of them is not a scalar.
fn path(stack: &[Frame]) -> Option<Vec<&str>> {
    stack
        .iter()
        .filter_map(|f| match f {
            Frame::Map { key, .. } => Some(key.as_deref()),
            Frame::Seq => None,
        })
        .collect()
}

/// The content of a scalar spanning `source[span]`: without its tag and
/// anchor, inside its quotes.
fn value_of(
    source: &str,
    span: Range<usize>,
    style: ScalarStyle,
    has_properties: bool,
    value: &str,
) -> Option<Value> {
    let raw = source.get(span.clone())?;
    let mut start = span.start;
    if has_properties {
        // `!tag` and `&anchor`, each followed by white space.
        let mut rest = raw;
        while rest.starts_with(['!', '&']) {
            let token = rest.find(char::is_whitespace).unwrap_or(rest.len());
            rest = rest[token..].trim_start();
        }
        start = span.end - rest.len();
    }
    let inner = |quote: char| {
        let raw = source.get(start..span.end)?;
        let ok = raw.len() >= 2 && raw.starts_with(quote) && raw.ends_with(quote);
        ok.then_some(start + 1..span.end - 1)
    };
    let (content, escapes, quoting) = match style {
        ScalarStyle::Plain => (start..span.end, Escapes::None, Quoting::Plain),
        ScalarStyle::SingleQuoted => (inner('\'')?, Escapes::DoubledQuote, Quoting::Single),
        ScalarStyle::DoubleQuoted => (inner('"')?, Escapes::Backslash, Quoting::Backslash),
        ScalarStyle::Literal | ScalarStyle::Folded => {
            // A span that starts at the header would read it as text.
            let raw = source.get(start..span.end)?;
            let header = if raw.starts_with(['|', '>']) {
                raw.find('\n')? + 1
            } else {
                0
            };
            (start + header..span.end, Escapes::None, Quoting::Verbatim)
        }
    };
    Some(Value {
        content,
        escapes,
        quoting,
        value: value.to_string(),
    })
}

/// Byte offsets of char indices, asked mostly in increasing order.
struct CharToByte<'a> {
    text: &'a str,
    /// The last answer: a char index and its byte offset.
    at: (usize, usize),
}

impl<'a> CharToByte<'a> {
    fn new(text: &'a str) -> CharToByte<'a> {
        CharToByte { text, at: (0, 0) }
    }

    /// The byte offset of char `index` (the text's length past its end).
    fn at(&mut self, index: usize) -> usize {
        if index < self.at.0 {
            self.at = (0, 0);
        }
        let (chars, bytes) = self.at;
        let rest = &self.text[bytes..];
        let byte = rest
            .char_indices()
            .nth(index - chars)
            .map_or(self.text.len(), |(i, _)| bytes + i);
        self.at = (index, byte);
        byte
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(source: &str, fields: &[&str]) -> Vec<(String, String)> {
        let fields: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
        values(source, 0..source.len(), &Wanted::new(&fields))
            .into_iter()
            .map(|v| (source[v.content].to_string(), v.value))
            .collect()
    }

    #[test]
    fn nested_fields_sequences_and_styles() {
        let source = concat!(
            "title: Café \"calm\"\n",
            "draft: true\n",
            "seo:\n  Description: 'It''s safe'\n  image: x.png\n",
            "faq:\n  - answer: \"Yes\\u0021\"\n  - answer: >-\n      folded\n      text\n",
            "? [complex]\n: not read\n",
            "tags: !!str &a tagged value\n",
            "description: |\n  literal\n  block\n",
        );
        assert_eq!(
            found(
                source,
                &[
                    "title",
                    "seo.description",
                    "faq.answer",
                    "tags",
                    "description"
                ]
            ),
            [
                ("Café \"calm\"", "Café \"calm\""),
                ("It''s safe", "It's safe"),
                ("Yes\\u0021", "Yes!"),
                ("folded\n      text\n", "folded text"),
                ("tagged value", "tagged value"),
                ("literal\n  block\n", "literal\nblock\n"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn a_syntax_error_stops_the_reading() {
        let source = "title: kept\ndescription: [unclosed\nsummary: lost\n";
        assert_eq!(
            found(source, &["title", "description", "summary"]),
            [("kept".to_string(), "kept".to_string())]
        );
    }

    #[test]
    fn char_indices_become_byte_offsets_in_any_order() {
        let mut b = CharToByte::new("é🧠x");
        assert_eq!(b.at(2), 6);
        assert_eq!(b.at(1), 2);
        assert_eq!(b.at(3), 7);
        assert_eq!(b.at(9), 7);
    }
}
