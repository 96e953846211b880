//! Template tags in HTML and Markdown: the Liquid of Jekyll, Eleventy and
//! Shopify, Nunjucks, Jinja and Twig, and Handlebars (Ghost themes).
//!
//! A tag is code, never copy: `{{ output }}`, `{{{ raw output }}}`,
//! `{% statement %}` and the comments `{# ... #}`, `{{! ... }}`,
//! `{{!-- ... --}}` and Liquid's `{% comment %} ... {% endcomment %}`,
//! which may hold suppressions. Jekyll's `{% highlight %}` blocks are code
//! as a whole. A tag ends at the first closing delimiter (a `}}` inside a
//! quoted string in a tag ends it early; templates rarely have one); a tag
//! that is not closed, or not before a blank line, is text. `{#` opens a
//! comment only before white space or `-`, so a Markdown heading's `{#id}`
//! stays text.
//!
//! ERB (`<% %>`) and Go templates are not read.

use crate::document::mask::Code;
use crate::document::suppress::Comment;

/// The template tags in `source[from..]`.
pub(crate) fn code(source: &str, from: usize) -> Code {
    let mut code = Code::default();
    let mut search = Search::new(source);
    let bytes = source.as_bytes();
    let mut at = from;
    while let Some(i) = source
        .get(at..)
        .and_then(|rest| memchr::memchr(b'{', rest.as_bytes()))
    {
        let start = at + i;
        at = start + 1;
        let Some(tag) = tag(&source[start..], bytes.get(start + 1).copied()) else {
            continue;
        };
        let Some(end) = tag.end(&mut search, start) else {
            continue;
        };
        if let Some(text) = tag.comment(&source[start..end]) {
            code.comments.push(Comment {
                span: start..end,
                text: text.to_string(),
            });
        }
        code.hidden.push(start..end);
        at = end;
    }
    code
}

/// Searches forward in a text that remember their last answer: a page of
/// unclosed tags (`{{ {{ {{ ...`) would otherwise search to its end from
/// each of them.
struct Search<'s> {
    source: &'s str,
    memo: Vec<Memo>,
}

/// A search's last answer.
#[derive(Clone, Copy, Debug)]
struct Memo {
    sought: Sought,
    /// Where it was searched from.
    from: usize,
    /// Where the first one after that starts and ends.
    found: Option<(usize, usize)>,
}

/// What [`Search`] looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sought {
    /// A closing delimiter.
    Text(&'static str),
    /// A blank line: from its first line break to its last.
    BlankLine,
    /// An end tag: `{% name %}`.
    EndTag(&'static str),
}

impl<'s> Search<'s> {
    fn new(source: &'s str) -> Search<'s> {
        Search {
            source,
            memo: Vec::new(),
        }
    }

    /// Where the first `sought` at or after `from` starts and ends.
    fn first(&mut self, sought: Sought, from: usize) -> Option<(usize, usize)> {
        let at = self.memo.iter().position(|m| m.sought == sought);
        if let Some(m) = at.map(|i| self.memo[i]) {
            // The first one after an earlier start is the first one after
            // any start up to it.
            if m.from <= from && m.found.is_none_or(|(start, _)| start >= from) {
                return m.found;
            }
        }
        let found = self.search(sought, from);
        let answer = Memo {
            sought,
            from,
            found,
        };
        match at {
            Some(i) => self.memo[i] = answer,
            None => self.memo.push(answer),
        }
        found
    }

    fn search(&self, sought: Sought, from: usize) -> Option<(usize, usize)> {
        let rest = self.source.get(from..)?;
        match sought {
            Sought::Text(text) => rest.find(text).map(|i| (from + i, from + i + text.len())),
            Sought::BlankLine => {
                let mut breaks = memchr::memchr_iter(b'\n', rest.as_bytes());
                let mut last = breaks.next()?;
                for next in breaks {
                    if rest[last + 1..next].trim().is_empty() {
                        return Some((from + last, from + next + 1));
                    }
                    last = next;
                }
                None
            }
            Sought::EndTag(name) => {
                let mut at = 0;
                loop {
                    let mut open = at + rest[at..].find("{%")?;
                    let close = open + 2 + rest[open + 2..].find("%}")? + 2;
                    // Every `{%` before this `%}` is a tag that ends there.
                    loop {
                        if statement_name(&rest[open..close]) == name {
                            return Some((from + open, from + close));
                        }
                        match rest[open + 2..close - 2].find("{%") {
                            Some(i) => open += 2 + i,
                            None => break,
                        }
                    }
                    at = close;
                }
            }
        }
    }
}

/// The kinds of tag, by their opening delimiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    /// `{{!-- ... --}}`
    LongComment,
    /// `{{! ... }}`
    ShortComment,
    /// `{{{ ... }}}`
    Triple,
    /// `{{ ... }}`
    Output,
    /// `{% ... %}`
    Statement,
    /// `{# ... #}`
    Comment,
}

/// The tag that `rest` (which starts with `{`) opens, if any.
fn tag(rest: &str, second: Option<u8>) -> Option<Tag> {
    Some(match second? {
        b'{' if rest.starts_with("{{!--") => Tag::LongComment,
        b'{' if rest.starts_with("{{!") => Tag::ShortComment,
        b'{' if rest.starts_with("{{{") => Tag::Triple,
        b'{' => Tag::Output,
        b'%' => Tag::Statement,
        b'#' if rest[2..].starts_with(|c: char| c.is_whitespace() || c == '-') => Tag::Comment,
        _ => return None,
    })
}

impl Tag {
    fn delimiters(self) -> (&'static str, &'static str) {
        match self {
            Tag::LongComment => ("{{!--", "--}}"),
            Tag::ShortComment => ("{{!", "}}"),
            Tag::Triple => ("{{{", "}}}"),
            Tag::Output => ("{{", "}}"),
            Tag::Statement => ("{%", "%}"),
            Tag::Comment => ("{#", "#}"),
        }
    }

    /// Where the tag that starts at `start` ends (a block tag: where its
    /// end tag ends).
    fn end(self, search: &mut Search<'_>, start: usize) -> Option<usize> {
        let (open, close) = self.delimiters();
        let (_, end) = search.first(Sought::Text(close), start + open.len())?;
        let is_comment = matches!(self, Tag::LongComment | Tag::ShortComment | Tag::Comment);
        if !is_comment
            && search
                .first(Sought::BlankLine, start)
                .is_some_and(|(_, blank_end)| blank_end <= end)
        {
            return None;
        }
        if self != Tag::Statement {
            return Some(end);
        }
        let closer = match statement_name(&search.source[start..end]) {
            "comment" => "endcomment",
            "highlight" => "endhighlight",
            _ => return Some(end),
        };
        // The first end tag after it; unclosed, the tag alone is code.
        match search.first(Sought::EndTag(closer), end) {
            Some((_, tag_end)) => Some(tag_end),
            None => Some(end),
        }
    }

    /// The text of a comment tag (`tag` is the whole tag), which may be a
    /// suppression; `None` for other tags.
    fn comment(self, tag: &str) -> Option<&str> {
        let (open, close) = self.delimiters();
        let inner = match self {
            Tag::LongComment | Tag::ShortComment | Tag::Comment => {
                tag.strip_prefix(open)?.strip_suffix(close)?
            }
            Tag::Statement if statement_name(tag) == "comment" => {
                // Between the end of `{% comment %}` and `{% endcomment %}`.
                let body = &tag[tag.find("%}")? + 2..];
                &body[..body.rfind("{%")?]
            }
            _ => return None,
        };
        Some(inner.trim_matches(|c: char| c == '-' || c.is_whitespace()))
    }
}

/// The name of a `{% name ... %}` statement (`{%- name -%}` too).
fn statement_name(tag: &str) -> &str {
    let inner = tag
        .trim_start_matches("{%")
        .trim_start_matches('-')
        .trim_start();
    let len = inner
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(inner.len());
    &inner[..len]
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;

    fn hidden(source: &str) -> Vec<&str> {
        code(source, 0)
            .hidden
            .iter()
            .map(|r: &Range<usize>| &source[r.clone()])
            .collect()
    }

    #[test]
    fn every_kind_of_tag_is_code() {
        let source = concat!(
            "Hi {{ user.name | upcase }}! {%- if promo -%}Save{% endif %} {# note #} ",
            "{{{ raw }}} {{! hb }} {{!-- a }} b --}} {%raw%}"
        );
        assert_eq!(
            hidden(source),
            [
                "{{ user.name | upcase }}",
                "{%- if promo -%}",
                "{% endif %}",
                "{# note #}",
                "{{{ raw }}}",
                "{{! hb }}",
                "{{!-- a }} b --}}",
                "{%raw%}"
            ]
        );
    }

    #[test]
    fn block_comments_and_highlights_are_code_whole() {
        let source = concat!(
            "A {% comment %} claimlint-disable t -- ok {% endcomment %} B\n",
            "{% highlight js %}\ncure();\n{% endhighlight %}\n{%- comment -%} unclosed"
        );
        assert_eq!(
            hidden(source),
            [
                "{% comment %} claimlint-disable t -- ok {% endcomment %}",
                "{% highlight js %}\ncure();\n{% endhighlight %}",
                "{%- comment -%}"
            ]
        );
        let comments = code(source, 0).comments;
        let texts: Vec<&str> = comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["claimlint-disable t -- ok"]);
    }

    #[test]
    fn what_is_not_a_tag_stays_text() {
        assert!(hidden("# Heading {#id}\n\nA {# comment #}").eq(&["{# comment #}"]));
        assert!(hidden("Braces { like this } and {{ unclosed").is_empty());
        assert!(hidden("{{ open\n\nacross a paragraph }}").is_empty());
        assert_eq!(
            hidden("{# a\n\nlong comment #}"),
            ["{# a\n\nlong comment #}"]
        );
        // Only from `from` on.
        assert!(code("{{ a }}", 1).hidden.is_empty());
    }
}
