//! The string values of TOML front matter, with their source ranges.
//!
//! Parsing is toml_edit's job (the parser under the `toml` crate that reads
//! rule packs): its `ImDocument` keeps the span of every value, and its
//! strings give their value. Nesting is bounded by the parser (80 levels),
//! so walking the tree recursively is safe.

use std::ops::Range;

use toml_edit::{ImDocument, Item, TableLike, Value as TomlValue};

use super::scalar::Escapes;
use super::{Quoting, Value, Wanted};

/// The string values of the fields `wanted` names in the TOML
/// `source[body]`, in source order; none if it does not parse.
pub(super) fn values(source: &str, body: Range<usize>, wanted: &Wanted) -> Vec<Value> {
    let Some(text) = source.get(body.clone()) else {
        return Vec::new();
    };
    let Ok(doc) = ImDocument::parse(text) else {
        return Vec::new();
    };
    let mut walk = Walk {
        source,
        offset: body.start,
        wanted,
        path: Vec::new(),
        found: Vec::new(),
    };
    walk.table(doc.as_table());
    // Tables are read in the tree's order, which a later `[a.b]` can break.
    walk.found.sort_by_key(|v| v.content.start);
    walk.found
}

struct Walk<'a> {
    source: &'a str,
    /// Where the parsed text starts in the source.
    offset: usize,
    wanted: &'a Wanted,
    path: Vec<String>,
    found: Vec<Value>,
}

impl Walk<'_> {
    fn table(&mut self, table: &dyn TableLike) {
        for (key, item) in table.iter() {
            self.path.push(key.to_string());
            match item {
                Item::Value(value) => self.value(value),
                Item::Table(t) => self.table(t),
                Item::ArrayOfTables(tables) => {
                    for t in tables.iter() {
                        self.table(t);
                    }
                }
                Item::None => {}
            }
            self.path.pop();
        }
    }

    fn value(&mut self, value: &TomlValue) {
        match value {
            TomlValue::String(s) => {
                let path = self.path.iter().map(String::as_str).collect();
                if !self.wanted.matches(Some(path)) {
                    return;
                }
                let Some(span) = s.span() else { return };
                let span = span.start + self.offset..span.end + self.offset;
                if let Some(v) = string(self.source, span, s.value()) {
                    self.found.push(v);
                }
            }
            TomlValue::Array(array) => {
                for v in array.iter() {
                    self.value(v);
                }
            }
            TomlValue::InlineTable(t) => self.table(t),
            _ => {}
        }
    }
}

/// The content of a TOML string spanning `source[span]`, inside its quotes.
fn string(source: &str, span: Range<usize>, value: &str) -> Option<Value> {
    let raw = source.get(span.clone())?;
    let (quote, escapes, quoting) = if raw.starts_with("\"\"\"") {
        ("\"\"\"", Escapes::Backslash, Quoting::Backslash)
    } else if raw.starts_with("'''") {
        ("'''", Escapes::None, Quoting::Literal)
    } else if raw.starts_with('"') {
        ("\"", Escapes::Backslash, Quoting::Backslash)
    } else {
        ("'", Escapes::None, Quoting::Literal)
    };
    let n = quote.len();
    let quoted = raw.len() >= 2 * n && raw.starts_with(quote) && raw.ends_with(quote);
    quoted.then(|| Value {
        content: span.start + n..span.end - n,
        escapes,
        quoting,
        value: value.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_of_every_kind_in_tables_and_arrays() {
        let source = concat!(
            "title = \"Caf\\u00e9 \\\"calm\\\"\"\n",
            "weight = 3\n",
            "[params]\nsummary = '''\nRaw 'text'\n'''\n",
            "seo.description = \"\"\"\nsafe and \\\n  effective\"\"\"\n",
            "[[faq]]\nanswer = 'lit'\n",
            "[[faq]]\nanswer = [\"one\", { answer = \"no\" }]\n",
        );
        let fields = [
            "title",
            "params.summary",
            "params.seo.description",
            "faq.answer",
        ]
        .map(String::from);
        let got: Vec<_> = values(source, 0..source.len(), &Wanted::new(&fields))
            .into_iter()
            .map(|v| (&source[v.content], v.value))
            .collect();
        assert_eq!(
            got,
            [
                ("Caf\\u00e9 \\\"calm\\\"", "Café \"calm\"".to_string()),
                ("\nRaw 'text'\n", "Raw 'text'\n".to_string()),
                (
                    "\nsafe and \\\n  effective",
                    "safe and effective".to_string()
                ),
                ("lit", "lit".to_string()),
                ("one", "one".to_string()),
            ]
        );
    }

    #[test]
    fn invalid_toml_gives_nothing() {
        let source = "title = \"unclosed\n";
        let fields = ["title".to_string()];
        assert!(values(source, 0..source.len(), &Wanted::new(&fields)).is_empty());
    }
}
