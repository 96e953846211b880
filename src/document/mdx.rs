//! MDX (Astro, Next.js, Docusaurus): Markdown with JavaScript in it. The
//! code is `import`/`export` blocks, `{expressions}` and JSX tags; the
//! Markdown between them, the text inside components
//! (`<Callout>Book today</Callout>`) included, is copy, and so are the
//! string `alt` and `title` props of a component, as in HTML.
//!
//! The rules are MDX's own (micromark's, without a JavaScript parser):
//! an `import` or `export` line that starts a block (not indented, after a
//! blank line) runs to the next blank line; an expression runs from `{` to
//! its matching `}`, counting braces; a JSX tag is `<`, a name (or none,
//! for a fragment), attributes (`name`, `name="text"`, `name={...}`,
//! `{...spread}`) and `>` or `/>`. A backslash escapes `{` and `<`; inline
//! code and fenced code are code, left to the Markdown parser. Expression
//! comments (`{/* ... */}`) may hold suppressions.
//!
//! markdown-rs, the Rust port of MDX's own parser, would read MDX whole,
//! but version 1.0 panics on some inputs (a setext heading with an
//! unclosed tag, some runs of `=` lines, wooorm/markdown-rs#139 and #31),
//! and claimlint promises not to.

use crate::document::mask::{Attribute, Code};
use crate::document::suppress::Comment;

/// The code in the MDX `source[from..]`.
pub(crate) fn code(source: &str, from: usize) -> Code {
    let b = source.as_bytes();
    let braces = Braces::new(b, from);
    let mut code = Code::default();
    let mut i = from;
    let mut line_start = true;
    // Whether the line before was blank: ESM starts a block.
    let mut after_blank = true;
    while i < b.len() {
        if line_start {
            line_start = false;
            let line_end = source[i..].find('\n').map_or(b.len(), |e| i + e);
            let indent = source[i..line_end].len() - source[i..line_end].trim_start().len();
            let text = &source[i + indent..line_end];
            if let Some(end) = fence(source, i + indent) {
                i = end;
                line_start = true;
                after_blank = false;
                continue;
            }
            if indent == 0 && after_blank && is_esm(text) {
                let end = block_end(source, i);
                code.hidden.push(i..end);
                i = end;
                line_start = true;
                continue;
            }
            after_blank = text.trim().is_empty();
            i += indent;
            continue;
        }
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            // An escaped `{`, `<` or backtick is text.
            b'\\' => {
                i += if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                    2
                } else {
                    1
                }
            }
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                i = code_span_end(source, i, n).unwrap_or(i + n);
            }
            b'{' => match braces.end(i) {
                Some(end) => {
                    if let Some(text) = comment(&source[i..end]) {
                        code.comments.push(Comment {
                            span: i..end,
                            text: text.to_string(),
                        });
                    }
                    code.hidden.push(i..end);
                    i = end;
                }
                None => i += 1,
            },
            b'<' => match jsx_tag(source, i, &braces) {
                Some((end, attributes)) => {
                    code.hidden.push(i..end);
                    code.attributes.extend(attributes);
                    i = end;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    code
}

/// Whether a line starts an ESM block: `import` or `export` and then a
/// space, `{`, `*` or a quote.
fn is_esm(line: &str) -> bool {
    ["import", "export"].iter().any(|kw| {
        line.strip_prefix(kw)
            .is_some_and(|rest| rest.starts_with([' ', '\t', '{', '*', '"', '\'']))
    })
}

/// Where the block that starts at `at` ends: before the line break that
/// precedes the next blank line, or at the end.
fn block_end(source: &str, at: usize) -> usize {
    let mut end = at;
    for line in source[at..].split_inclusive('\n') {
        if line.trim().is_empty() {
            break;
        }
        end += line.len();
    }
    end - usize::from(source[..end].ends_with('\n'))
}

/// If a code fence (three or more backticks or tildes) opens at `at`: where
/// the line after its closing fence starts (the end, if it is not closed).
fn fence(source: &str, at: usize) -> Option<usize> {
    let rest = &source[at..];
    let c = rest.chars().next().filter(|&c| c == '`' || c == '~')?;
    let n = rest.chars().take_while(|&x| x == c).count();
    if n < 3 {
        return None;
    }
    let first_end = rest.find('\n').map_or(rest.len(), |e| e + 1);
    if c == '`' && rest[n..first_end].contains('`') {
        return None;
    }
    let mut pos = at + first_end;
    for line in source[pos..].split_inclusive('\n') {
        pos += line.len();
        let t = line.trim();
        if t.len() >= n && t.chars().all(|x| x == c) {
            return Some(pos);
        }
    }
    Some(source.len())
}

/// Where the inline code that a run of `n` backticks at `at` opens ends:
/// after a run of exactly `n`, before a blank line.
fn code_span_end(source: &str, at: usize, n: usize) -> Option<usize> {
    let b = source.as_bytes();
    let mut i = at + n;
    let mut line_blank = false;
    while i < b.len() {
        match b[i] {
            b'`' => {
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                if run == n {
                    return Some(i + run);
                }
                i += run;
                line_blank = false;
            }
            b'\n' if line_blank => return None,
            b'\n' => {
                line_blank = true;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            _ => {
                line_blank = false;
                i += 1;
            }
        }
    }
    None
}

/// Where each `{` is closed: the matching `}` for every `{`, counting
/// braces, found in one pass (searching from each `{` in turn took time
/// quadratic in a page of unclosed ones).
struct Braces {
    /// Each `{` that is closed, and the end of its `}`, by position.
    pairs: Vec<(usize, usize)>,
}

impl Braces {
    fn new(b: &[u8], from: usize) -> Braces {
        let mut open = Vec::new();
        let mut pairs = Vec::new();
        for (i, &c) in b.iter().enumerate().skip(from) {
            match c {
                b'{' => open.push(i),
                b'}' => {
                    if let Some(start) = open.pop() {
                        pairs.push((start, i + 1));
                    }
                }
                _ => {}
            }
        }
        pairs.sort_unstable();
        Braces { pairs }
    }

    /// Where the expression that opens at `at` (a `{`) ends: after its
    /// matching `}`.
    fn end(&self, at: usize) -> Option<usize> {
        let i = self.pairs.binary_search_by_key(&at, |p| p.0).ok()?;
        Some(self.pairs[i].1)
    }
}

/// The text of an expression that is a comment: `{/* text */}`.
fn comment(expression: &str) -> Option<&str> {
    let inner = expression.strip_prefix('{')?.strip_suffix('}')?.trim();
    inner.strip_prefix("/*")?.strip_suffix("*/")
}

/// A JSX tag at `at` (a `<`): where it ends, and the copy among its
/// attributes (the string `alt` and `title`: source range, text).
fn jsx_tag(source: &str, at: usize, braces: &Braces) -> Option<(usize, Vec<Attribute>)> {
    let b = source.as_bytes();
    let is_name =
        |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.' | b':' | b'-');
    let skip_space = |mut j: usize| {
        while b.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        j
    };
    let mut j = at + 1;
    if b.get(j) == Some(&b'/') {
        j = skip_space(j + 1);
    }
    match b.get(j)? {
        b'>' => return Some((j + 1, Vec::new())),
        c if c.is_ascii_alphabetic() || matches!(c, b'_' | b'$') => {}
        _ => return None,
    }
    while b.get(j).copied().is_some_and(is_name) {
        j += 1;
    }
    let mut copy = Vec::new();
    loop {
        j = skip_space(j);
        match b.get(j)? {
            b'>' => return Some((j + 1, copy)),
            b'/' if b.get(j + 1) == Some(&b'>') => return Some((j + 2, copy)),
            b'{' => j = braces.end(j)?,
            &c if c.is_ascii_alphabetic() || matches!(c, b'_' | b'$') => {
                let name_start = j;
                while b.get(j).copied().is_some_and(is_name) {
                    j += 1;
                }
                let name = &source[name_start..j];
                let after = skip_space(j);
                if b.get(after) != Some(&b'=') {
                    continue;
                }
                j = skip_space(after + 1);
                match b.get(j)? {
                    &q @ (b'"' | b'\'') => {
                        let close = j + 1 + source[j + 1..].find(q as char)?;
                        if matches!(name, "alt" | "title") {
                            let value = j + 1..close;
                            copy.push((value.clone(), source[value].to_string()));
                        }
                        j = close + 1;
                    }
                    b'{' => j = braces.end(j)?,
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(source: &str) -> Vec<&str> {
        code(source, 0)
            .hidden
            .iter()
            .map(|r| &source[r.clone()])
            .collect()
    }

    #[test]
    fn imports_exports_expressions_and_tags_are_code() {
        let source = concat!(
            "import { Callout } from '../components/Callout'\nimport Chart from './Chart'\n\n",
            "export const meta = {\n  title: 'x'\n}\n\n",
            "# Hello {frontmatter.title}\n\n",
            "<Callout type=\"info\" data={{ a: 1 }} {...rest}>\n  Book *now*\n</Callout>\n",
            "A <Tooltip tip='hi'>word</Tooltip> and <br/> and <>frag</>.\n",
        );
        assert_eq!(
            hidden(source),
            [
                "import { Callout } from '../components/Callout'\nimport Chart from './Chart'",
                "export const meta = {\n  title: 'x'\n}",
                "{frontmatter.title}",
                "<Callout type=\"info\" data={{ a: 1 }} {...rest}>",
                "</Callout>",
                "<Tooltip tip='hi'>",
                "</Tooltip>",
                "<br/>",
                "<>",
                "</>",
            ]
        );
    }

    #[test]
    fn code_escapes_and_prose_are_not_tags() {
        let source = concat!(
            "Use `{` and `<Foo>` in code. \\{not} \\<Nope> a < b, 3<4.\n\n",
            "```jsx\n<Component {...props} />\n```\n\n",
            "important: import is a word here\n",
            "Unclosed { brace and <Tag unclosed\n",
        );
        assert!(hidden(source).is_empty(), "{:?}", hidden(source));
    }

    #[test]
    fn alt_and_title_props_are_copy_and_comments_suppress() {
        let source = "<Image src=\"/a.png\" alt=\"Relaxed patient\" title='Calm' />\n{/* claimlint-disable-next-line x -- ok */}\n";
        let code = code(source, 0);
        let copy: Vec<(&str, &str)> = code
            .attributes
            .iter()
            .map(|(r, t)| (&source[r.clone()], t.as_str()))
            .collect();
        assert_eq!(
            copy,
            [("Relaxed patient", "Relaxed patient"), ("Calm", "Calm")]
        );
        assert_eq!(code.comments.len(), 1);
        assert_eq!(
            code.comments[0].text,
            " claimlint-disable-next-line x -- ok "
        );
    }
}
