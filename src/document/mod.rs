//! Input formats: what part of a source file is copy to lint, and how spans
//! in that copy map back to the source.

use std::path::Path;

/// The format of a source document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text: every byte is copy.
    Text,
    /// CommonMark (with tables): prose, headings, list items, link text and
    /// image alt text are copy; code and raw HTML markup are not.
    Markdown,
    /// HTML: visible text, `alt`/`title` attributes, `<title>` and the
    /// description meta tags are copy; scripts, styles and comments are not.
    Html,
}

impl Format {
    /// The format a file name implies: `.md`/`.markdown` is Markdown,
    /// `.html`/`.htm` is HTML, `.txt` is text; anything else is `None`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format's name, as `--input-format` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }

    /// Parse `text`, `markdown`/`md` or `html`.
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}
