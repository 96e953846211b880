//! Input formats: what part of a source file is copy to lint, and how spans
//! in that copy map back to the source.

mod align;
mod front_matter;
mod html;
mod markdown;
mod mask;
mod mdx;
mod offsets;
pub(crate) mod suppress;
mod templates;

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

pub use front_matter::FRONT_MATTER_FIELDS;
pub(crate) use offsets::OffsetMap;
pub use suppress::{Suppression, SuppressionKind};

use mask::{Code, Dedent};
use offsets::CopyBuilder;
use suppress::Comment;

/// The format of a source document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text: every byte is copy.
    Text,
    /// CommonMark (with tables): prose, headings, list items, link text and
    /// image alt text are copy; code and raw HTML markup are not. The copy
    /// fields of YAML or TOML front matter are copy (see
    /// [`DocumentOptions`]); template tags (`{{ }}`, `{% %}`, `{# #}`, as
    /// Jekyll and Eleventy pages have) are not.
    Markdown,
    /// MDX: Markdown, front matter included, whose `import`/`export`
    /// blocks, `{expressions}` and JSX tags are code; the text inside
    /// components and their string `alt` and `title` props are copy.
    Mdx,
    /// HTML: visible text, `alt`/`title` attributes, `<title>` and the
    /// description meta tags are copy; scripts, styles, comments and
    /// template tags (`{{ }}`, `{% %}`, `{# #}`: Nunjucks, Liquid, Jinja,
    /// Handlebars) are not.
    Html,
}

impl Format {
    /// The format a file name implies, from its extension:
    ///
    /// - Markdown: `.md`, `.markdown`, `.mdown`, `.mkd`;
    /// - MDX: `.mdx`;
    /// - HTML: `.html`, `.htm`, `.xhtml`, and the templates `.njk`
    ///   (Nunjucks), `.liquid`, `.hbs`/`.handlebars`,
    ///   `.jinja`/`.jinja2`/`.j2` and `.twig`;
    /// - text: `.txt`, `.text`;
    ///
    /// and `None` for anything else.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "mdx" => Some(Format::Mdx),
            "html" | "htm" | "xhtml" | "njk" | "liquid" | "hbs" | "handlebars" | "jinja"
            | "jinja2" | "j2" | "twig" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format's name, as `--input-format` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Mdx => "mdx",
            Format::Html => "html",
        }
    }

    /// Parse `text`, `markdown`/`md`, `mdx` or `html`.
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "mdx" => Some(Format::Mdx),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// How documents are read, beyond their [`Format`]: what a host or a
/// `claimlint.toml` sets once for a whole site.
///
/// # Example
/// ```
/// use claimlint::{DocumentOptions, FRONT_MATTER_FIELDS};
///
/// // Hugo's `params.summary` and an SEO plugin's `seo.description`, on top
/// // of the defaults.
/// let options = DocumentOptions::default()
///     .with_front_matter_fields(["params.summary", "seo.description"]);
/// assert_eq!(options.front_matter_fields.len(), FRONT_MATTER_FIELDS.len() + 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentOptions {
    /// The front-matter fields whose values are copy, in Markdown and MDX.
    /// A name with dots is a path into nested tables (`seo.description`);
    /// names match keys without regard to ASCII case, and through lists (a
    /// list of strings, or `faq.answer` in a list of tables). Only string
    /// values are read. Default: [`FRONT_MATTER_FIELDS`] (`title`,
    /// `description`, `summary`, `excerpt`); empty, front matter is not
    /// linted.
    pub front_matter_fields: Vec<String>,
}

impl Default for DocumentOptions {
    fn default() -> DocumentOptions {
        DocumentOptions {
            front_matter_fields: FRONT_MATTER_FIELDS.iter().map(|f| f.to_string()).collect(),
        }
    }
}

impl DocumentOptions {
    /// These options with `fields` added to the front-matter fields that
    /// are linted (a name already there is not added twice).
    pub fn with_front_matter_fields<I, S>(mut self, fields: I) -> DocumentOptions
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for field in fields {
            let field = field.into();
            if !self.front_matter_fields.contains(&field) {
                self.front_matter_fields.push(field);
            }
        }
        self
    }
}

/// The copy of a source document: the text the linter reads, where it came
/// from, and the comments that may hold suppressions.
pub(crate) struct Document {
    pub(crate) format: Format,
    /// The text the linter reads.
    pub(crate) copy: String,
    /// From byte ranges of `copy` to byte ranges of the source.
    pub(crate) map: OffsetMap,
    /// Comments (in plain text, lines) that may be suppressions.
    pub(crate) comments: Vec<Comment>,
    /// Where a missing disclosure is inserted (HTML: before `</body>`);
    /// `None` means at the end.
    pub(crate) insert_at: Option<usize>,
    /// The values that are copy and escape a replacement their own way:
    /// front-matter fields and MDX props.
    fields: Vec<front_matter::Field>,
}

impl Document {
    /// The copy of a Markdown, MDX or HTML document.
    pub(crate) fn extract(source: &str, format: Format, options: &DocumentOptions) -> Document {
        let mut comments = Vec::new();
        let mut fields = Vec::new();
        let front = match format {
            Format::Text => return Document::plain(source),
            Format::Html => None,
            Format::Markdown | Format::Mdx => front_matter::find(source),
        };
        let from = front.as_ref().map_or(0, |f| f.end);
        let (code, dedent) = match format {
            Format::Mdx => (mdx::code(source, from), Dedent::All),
            // Tags in front matter values are code too.
            Format::Markdown => (templates::code(source, 0), Dedent::Hidden),
            _ => (templates::code(source, from), Dedent::None),
        };
        let Code {
            hidden,
            comments: code_comments,
            attributes,
        } = code;
        // Front matter keeps its offsets in the masked text.
        let masked = mask::mask(source, from, &hidden, dedent);
        let text = masked.text.as_ref();
        let mut out = CopyBuilder::new(text);
        if let Some(front) = &front {
            let names = &options.front_matter_fields;
            front_matter::extract(text, front, names, &mut out, &mut comments, &mut fields);
        }
        let mut body_comments = Vec::new();
        let (insert_at, specials) = match format {
            Format::Html => (
                html::extract(text, 0..text.len(), &mut out, &mut body_comments),
                html::SPECIALS,
            ),
            _ => {
                markdown::extract(text, from, &mut out, &mut body_comments);
                (None, markdown::SPECIALS)
            }
        };
        let (mut copy, map) = out.finish(specials);
        let mut map = map.through(&masked.runs);
        for c in &mut body_comments {
            c.span = masked.to_source(c.span.clone());
        }
        comments.extend(body_comments);
        comments.extend(code_comments);
        comments.sort_by_key(|c| c.span.start);
        // Copy inside code (MDX props) comes last, a block each.
        let mut props = CopyBuilder::new(source);
        for (span, value) in attributes {
            props.block_break();
            props.decoded(span.clone(), &value, html::SPECIALS, true);
            fields.push(front_matter::Field {
                content: span,
                quoting: front_matter::Quoting::HtmlAttribute,
            });
        }
        let (props_copy, props_map) = props.finish(html::SPECIALS);
        map.append(&mut copy, &props_copy, props_map);
        Document {
            format,
            copy,
            map,
            comments,
            insert_at: insert_at.map(|at| masked.to_source(at..at).start),
            fields,
        }
    }

    /// Plain text with its directive lines blanked out (turned into spaces,
    /// so every offset stays the same and a directive's reason is not
    /// linted as copy).
    pub(crate) fn plain(text: &str) -> Document {
        let comments = suppress::text_directives(text);
        let mut copy = text.as_bytes().to_vec();
        for c in &comments {
            copy[c.span.clone()].fill(b' ');
        }
        Document {
            format: Format::Text,
            // Whole lines of UTF-8 were replaced by ASCII spaces.
            copy: String::from_utf8(copy).unwrap_or_else(|_| text.to_string()),
            map: OffsetMap::identity(text.len()),
            comments,
            insert_at: None,
            fields: Vec::new(),
        }
    }

    /// Where the first non-blank copy at or after a source offset starts,
    /// for offsets asked in order.
    pub(crate) fn next_copy(&self) -> offsets::NextCopy<'_> {
        self.map.next_copy(&self.copy)
    }

    /// `text` written to replace the source at `span`: escaped for the
    /// front-matter value or MDX prop it is in, else for the format. `None`
    /// if the value cannot hold it (a `: ` in a plain YAML scalar).
    pub(crate) fn escape<'t>(&self, span: Range<usize>, text: &'t str) -> Option<Cow<'t, str>> {
        match self
            .fields
            .iter()
            .find(|f| f.content.start <= span.start && span.end <= f.content.end)
        {
            Some(field) => field.quoting.escape(text),
            None => Some(escape(self.format, text)),
        }
    }
}

/// `text` written so that it reads as itself in the format: HTML escapes
/// `&`, `<`, `>` and quotes; Markdown backslash-escapes the punctuation
/// that would start markup.
pub(crate) fn escape(format: Format, text: &str) -> Cow<'_, str> {
    let special: &[char] = match format {
        Format::Text => return Cow::Borrowed(text),
        Format::Html => &['&', '<', '>', '"', '\''],
        Format::Markdown => &['\\', '`', '*', '_', '[', ']', '<', '>', '&', '#', '|'],
        Format::Mdx => &[
            '\\', '`', '*', '_', '[', ']', '<', '>', '&', '#', '|', '{', '}',
        ],
    };
    if !text.contains(special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match (format, c) {
            (Format::Html, '&') => out.push_str("&amp;"),
            (Format::Html, '<') => out.push_str("&lt;"),
            (Format::Html, '>') => out.push_str("&gt;"),
            (Format::Html, '"') => out.push_str("&quot;"),
            (Format::Html, '\'') => out.push_str("&#39;"),
            (_, c) if special.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            (_, c) => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Where to insert a disclosure, and the text to insert, so that the
/// document gains `sentence` as a paragraph of its own: in HTML a `<p>`
/// before `</body>` (`insert_at`) when there is one, elsewhere a new
/// paragraph at the end.
pub(crate) fn insertion(
    format: Format,
    source: &str,
    insert_at: Option<usize>,
    sentence: &str,
) -> (usize, String) {
    let sentence = escape(format, sentence);
    if format == Format::Html {
        let para = format!("<p>{sentence}</p>");
        return match insert_at {
            Some(at) => (at, format!("{para}\n")),
            None => (source.len(), paragraph_at_end(source, &para)),
        };
    }
    (source.len(), paragraph_at_end(source, &sentence))
}

/// `para` as a new paragraph after the text: after a blank line.
fn paragraph_at_end(text: &str, para: &str) -> String {
    if text.trim().is_empty() || text.ends_with("\n\n") {
        format!("{para}\n")
    } else if text.ends_with('\n') {
        format!("\n{para}\n")
    } else {
        format!("\n\n{para}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements_are_escaped_for_the_format() {
        assert_eq!(escape(Format::Mdx, "a {b} <c>"), r"a \{b\} \<c\>");
        assert_eq!(escape(Format::Markdown, "a {b} *c*"), r"a {b} \*c\*");
        assert_eq!(escape(Format::Html, "a <b>"), "a &lt;b&gt;");
        assert_eq!(escape(Format::Text, "a <b>"), "a <b>");
    }
}
