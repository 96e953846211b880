//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a
//! Markdown or MDX page, as Hugo, Jekyll, Eleventy, Astro and Next.js read
//! it. Its copy fields (a page's title and meta description, which search
//! results and social cards show) are linted; every other field is not.
//!
//! Each field's value is a block of copy of its own, so a finding never
//! runs from one field into the next or into the body. Its spans point
//! into the value as written, quotes, escapes and line folds included (see
//! [`scalar`]). Comment lines (`# ...`) in the front matter may hold
//! suppressions, as HTML comments do in the body.

mod scalar;
mod toml;
mod yaml;

use std::borrow::Cow;
use std::ops::Range;

use crate::document::offsets::CopyBuilder;
use crate::document::suppress::Comment;
use crate::document::{escape, Format};

use scalar::{Escapes, Part};

/// The fields linted when no others are named.
pub const FRONT_MATTER_FIELDS: &[&str] = &["title", "description", "summary", "excerpt"];

/// The front matter at the top of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    kind: Kind,
    /// Between the delimiter lines.
    body: Range<usize>,
    /// Where the body of the page starts: after the closing line.
    pub(crate) end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Yaml,
    Toml,
}

/// The front matter `source` starts with (after a byte order mark, if
/// any): a line `---` (YAML) or `+++` (TOML), then lines up to a line that
/// closes it (`---` or `...` for YAML, `+++` for TOML). Trailing white
/// space is allowed on the delimiter lines, and nothing else.
pub(crate) fn find(source: &str) -> Option<FrontMatter> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let (first, mut at) = line(source, start);
    let kind = match first.trim_end_matches([' ', '\t', '\r']) {
        "---" => Kind::Yaml,
        "+++" => Kind::Toml,
        _ => return None,
    };
    let body_start = at;
    while at < source.len() {
        let (text, next) = line(source, at);
        let closes = matches!(
            (kind, text.trim_end_matches([' ', '\t', '\r'])),
            (Kind::Yaml, "---" | "...") | (Kind::Toml, "+++")
        );
        if closes {
            return Some(FrontMatter {
                kind,
                body: body_start..at,
                end: next,
            });
        }
        at = next;
    }
    None
}

/// The line that starts at `at` (without its `\n`) and where the next
/// one starts.
fn line(source: &str, at: usize) -> (&str, usize) {
    let rest = source.get(at..).unwrap_or_default();
    match rest.find('\n') {
        Some(i) => (&rest[..i], at + i + 1),
        None => (rest, source.len()),
    }
}

/// How a value is written, which decides how a replacement is escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quoting {
    /// A YAML plain scalar: no escapes, and `: `, ` #` and the indicator
    /// characters would change its meaning.
    Plain,
    /// YAML single-quoted: `'` is written `''`.
    Single,
    /// YAML double-quoted or a TOML basic string: `\` and `"` take a
    /// backslash.
    Backslash,
    /// A YAML block scalar: anything but a line break.
    Verbatim,
    /// A TOML literal string: anything but `'` and a line break.
    Literal,
    /// Not front matter: a JSX string prop in MDX, which reads HTML
    /// entities as HTML attribute values do.
    HtmlAttribute,
}

impl Quoting {
    /// `text` written so that it reads as itself in a value quoted this
    /// way, or `None` if it cannot be.
    pub(crate) fn escape(self, text: &str) -> Option<Cow<'_, str>> {
        if text.contains(['\n', '\r']) {
            return None;
        }
        match self {
            Quoting::HtmlAttribute => Some(escape(Format::Html, text)),
            Quoting::Plain => (!text.contains([
                ':', '#', '\'', '"', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@',
                '`', '\\',
            ]))
            .then_some(Cow::Borrowed(text)),
            Quoting::Single if text.contains('\'') => Some(Cow::Owned(text.replace('\'', "''"))),
            Quoting::Backslash if text.contains(['\\', '"']) => {
                Some(Cow::Owned(text.replace('\\', "\\\\").replace('"', "\\\"")))
            }
            Quoting::Literal if text.contains('\'') => None,
            Quoting::Single | Quoting::Backslash | Quoting::Verbatim | Quoting::Literal => {
                Some(Cow::Borrowed(text))
            }
        }
    }
}

/// A field's value as written: where its content is in the source, how it
/// is written, and its value as the parser read it.
#[derive(Clone, Debug)]
struct Value {
    content: Range<usize>,
    escapes: Escapes,
    quoting: Quoting,
    value: String,
}

/// The source range of a linted field's value and how it is quoted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Field {
    pub(crate) content: Range<usize>,
    pub(crate) quoting: Quoting,
}

/// The field names asked for, split at their dots and compared without
/// regard to ASCII case.
struct Wanted {
    paths: Vec<Vec<String>>,
}

impl Wanted {
    fn new(fields: &[String]) -> Wanted {
        Wanted {
            paths: fields
                .iter()
                .map(|f| f.split('.').map(str::to_ascii_lowercase).collect())
                .collect(),
        }
    }

    /// Whether the value at this path of keys is asked for.
    fn matches(&self, path: Option<Vec<&str>>) -> bool {
        let Some(path) = path else { return false };
        self.paths.iter().any(|wanted| {
            wanted.len() == path.len()
                && wanted
                    .iter()
                    .zip(&path)
                    .all(|(w, p)| w.eq_ignore_ascii_case(p))
        })
    }
}

/// Add the copy of the front matter's `fields` to `out` (a block each), its
/// comment lines to `comments`, and each linted value to `linted`.
pub(crate) fn extract(
    source: &str,
    front_matter: &FrontMatter,
    fields: &[String],
    out: &mut CopyBuilder<'_>,
    comments: &mut Vec<Comment>,
    linted: &mut Vec<Field>,
) {
    let wanted = Wanted::new(fields);
    let body = front_matter.body.clone();
    let values = match front_matter.kind {
        Kind::Yaml => yaml::values(source, body.clone(), &wanted),
        Kind::Toml => toml::values(source, body.clone(), &wanted),
    };
    for v in values {
        let Some(parts) = scalar::parts(source, v.content.clone(), v.escapes, &v.value) else {
            continue;
        };
        out.block_break();
        for part in parts {
            match part {
                Part::Text(src, text) => out.piece(src, &text),
                Part::Paragraph => out.block_break(),
            }
        }
        out.block_break();
        linted.push(Field {
            content: v.content,
            quoting: v.quoting,
        });
    }
    comments.extend(comment_lines(source, body));
}

/// The lines of `source[body]` that are comments: `#` first.
fn comment_lines(source: &str, body: Range<usize>) -> Vec<Comment> {
    let mut found = Vec::new();
    let mut at = body.start;
    while at < body.end {
        let (text, next) = line(source, at);
        let trimmed = text.trim();
        if let Some(comment) = trimmed.strip_prefix('#') {
            let start = at + (text.len() - text.trim_start().len());
            found.push(Comment {
                span: start..start + trimmed.len(),
                text: comment.to_string(),
            });
        }
        at = next;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_the_first_block_of_the_page_only() {
        let yaml = "---\ntitle: x\n--- \nBody\n";
        let fm = find(yaml).unwrap();
        assert_eq!(
            (fm.kind, &yaml[fm.body.clone()], &yaml[fm.end..]),
            (Kind::Yaml, "title: x\n", "Body\n")
        );
        let toml = "\u{feff}+++\r\ntitle = 'x'\r\n+++\r\nBody";
        let fm = find(toml).unwrap();
        assert_eq!(
            (fm.kind, &toml[fm.body.clone()], &toml[fm.end..]),
            (Kind::Toml, "title = 'x'\r\n", "Body")
        );
        // Empty front matter (Jekyll's "process this page"), YAML's `...`.
        assert_eq!(find("---\n---\n").map(|f| f.body), Some(4..4));
        assert_eq!(find("---\na: b\n...\nx").map(|f| f.end), Some(13));
        for not in [
            "Intro\n---\ntitle: x\n---\n",
            "---\ntitle: x\n",
            "----\na\n----\n",
            "--- x\n---\n",
            "+++\na\n---\n",
        ] {
            assert_eq!(find(not), None, "{not:?}");
        }
    }

    #[test]
    fn field_names_are_dotted_paths_in_any_case() {
        let wanted = Wanted::new(&["seo.Description".to_string(), "title".to_string()]);
        assert!(wanted.matches(Some(vec!["SEO", "description"])));
        assert!(wanted.matches(Some(vec!["title"])));
        assert!(!wanted.matches(Some(vec!["seo"])));
        assert!(!wanted.matches(Some(vec!["params", "title"])));
        assert!(!wanted.matches(None));
    }

    #[test]
    fn replacements_are_escaped_for_the_quoting_or_refused() {
        assert_eq!(Quoting::Plain.escape("newer").as_deref(), Some("newer"));
        assert_eq!(Quoting::Plain.escape("a: b"), None);
        assert_eq!(Quoting::Single.escape("it's").as_deref(), Some("it''s"));
        assert_eq!(
            Quoting::Backslash.escape(r#"a "b" \c"#).as_deref(),
            Some(r#"a \"b\" \\c"#)
        );
        assert_eq!(Quoting::Verbatim.escape("a: #b").as_deref(), Some("a: #b"));
        assert_eq!(Quoting::Literal.escape("it's"), None);
        assert_eq!(Quoting::Verbatim.escape("two\nlines"), None);
        assert_eq!(
            Quoting::HtmlAttribute.escape(r#""a" & b"#).as_deref(),
            Some("&quot;a&quot; &amp; b")
        );
    }

    #[test]
    fn comment_lines_may_hold_suppressions() {
        let source = "---\n# claimlint-disable-next-line x -- ok\ntitle: a # not whole\n---\n";
        let fm = find(source).unwrap();
        let comments = comment_lines(source, fm.body);
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].text, " claimlint-disable-next-line x -- ok");
        assert_eq!(
            &source[comments[0].span.clone()],
            "# claimlint-disable-next-line x -- ok"
        );
    }
}
