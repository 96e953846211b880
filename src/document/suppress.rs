//! Approved exceptions: comments in the document that suppress findings,
//! each with the reason a reviewer accepted.
//!
//! ```text
//! <!-- claimlint-disable-next-line RULES -- reason -->
//! <!-- claimlint-disable RULES -- reason -->  ...  <!-- claimlint-enable RULES -->
//! ```
//!
//! In plain text the same words stand on a line of their own, without the
//! comment marks. `RULES` is one or more selectors, separated by commas or
//! spaces, as everywhere else (see [`Selector`]): a rule id
//! (`ketamine/fda-approved`), a pack (`ketamine`), a category (`fda-status`,
//! `missing-off-label`) or a glob over rule ids (`ketamine/fda-*`).
//!
//! - `disable-next-line` covers findings that start on the next line of
//!   copy after the comment (blank lines and markup-only lines skipped).
//! - `disable` covers findings that start after it, up to a matching
//!   `enable` (one naming the same selector, or naming none), or to the end
//!   of the document when there is none. A missing disclosure concerns the
//!   whole page: a `disable` naming it suppresses it wherever it stands.
//!
//! Suppressed findings are still returned, with [`Suppression`] set, so
//! reports can show every approved exception; hosts leave them out of
//! counts and exit codes. A suppression without a reason suppresses
//! nothing and is reported; so is one that suppresses nothing, and a
//! directive that cannot be read. These reports are not suppressible.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::document::offsets::NextCopy;
use crate::rules::{Rule, RuleKind, Selector, SelectorError, Severity};
use crate::span::{floor_char_boundary, LineIndex, Position, Span};

/// A comment (in plain text, a line) that may hold a directive, with its
/// text between the comment marks.
#[derive(Clone, Debug)]
pub(crate) struct Comment {
    pub(crate) span: Range<usize>,
    pub(crate) text: String,
}

/// The approved exception that covers a finding. It serializes as
/// `{"reason", "kind", "span", "start"}` for JSON and SARIF reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Suppression {
    /// Why the finding is accepted, as written after `--`.
    pub reason: String,
    /// Which directive form suppressed it.
    pub kind: SuppressionKind,
    /// The directive (the whole comment, or line), as UTF-8 byte offsets
    /// into the source.
    pub span: Span,
    /// Line and column of the directive.
    pub start: Position,
}

impl Suppression {
    /// The category of the diagnostics about suppressions themselves.
    pub const CATEGORY: &'static str = "suppression";
    /// A suppression without a reason (it suppresses nothing).
    pub const WITHOUT_REASON: &'static str = "claimlint/suppression-without-reason";
    /// A suppression, or one selector of it, that suppresses no finding.
    pub const UNUSED: &'static str = "claimlint/unused-suppression";
    /// A directive that cannot be read: an unknown form, no rule named, or
    /// a `claimlint-enable` with nothing to enable.
    pub const INVALID: &'static str = "claimlint/invalid-suppression";

    /// The rules the engine itself reports, about suppression comments,
    /// each with a one-line summary. They belong to no pack, but selectors
    /// name them as any other (a team may not want `unused-suppression`
    /// warnings in CI).
    pub const RULES: [(&'static str, &'static str); 3] = [
        (
            Suppression::WITHOUT_REASON,
            "A suppression comment gives no reason after `--`, so it suppresses nothing",
        ),
        (
            Suppression::UNUSED,
            "A suppression comment suppresses no finding where it applies",
        ),
        (
            Suppression::INVALID,
            "A `claimlint-` comment that cannot be read as a suppression",
        ),
    ];
}

/// The directive form behind a [`Suppression`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SuppressionKind {
    /// `claimlint-disable-next-line`.
    NextLine,
    /// `claimlint-disable` ... `claimlint-enable`.
    Region,
}

impl SuppressionKind {
    /// `"next-line"` or `"region"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::NextLine => "next-line",
            SuppressionKind::Region => "region",
        }
    }
}

const PREFIX: &str = "claimlint-";

/// Whether `text` may hold a directive: a fast scan, so that text without
/// one takes no other cost.
pub(crate) fn may_have_directives(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), PREFIX.as_bytes()).is_some()
}

/// The directive lines of plain text: lines whose first word starts with
/// `claimlint-`.
pub(crate) fn text_directives(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with(PREFIX) {
            let at = start + (line.len() - line.trim_start().len());
            out.push(Comment {
                span: at..at + trimmed.len(),
                text: trimmed.to_string(),
            });
        }
        start += line.len();
    }
    out
}

/// The selectors the directives of a document write, each parsed once
/// however often it is written, and numbered.
#[derive(Default)]
struct Selectors {
    list: Vec<(String, Result<Selector, SelectorError>)>,
    by_text: HashMap<String, usize>,
}

impl Selectors {
    /// The number of the selector written `text`.
    fn intern(&mut self, text: &str) -> usize {
        if let Some(&i) = self.by_text.get(text) {
            return i;
        }
        let i = self.list.len();
        self.list.push((text.to_string(), Selector::parse(text)));
        self.by_text.insert(text.to_string(), i);
        i
    }

    fn text(&self, i: usize) -> &str {
        &self.list[i].0
    }

    /// Whether selector `i` names the rule of `diag` (a malformed one
    /// names nothing).
    fn names(&self, i: usize, diag: &Diagnostic) -> bool {
        (self.list[i].1.as_ref()).is_ok_and(|s| s.matches(&diag.rule, &diag.category))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    NextLine,
    Disable,
    Enable,
}

struct Directive {
    form: Form,
    span: Range<usize>,
    selectors: Vec<String>,
    reason: Option<String>,
}

/// Read a comment's text: `None` when it is no directive, an error message
/// when it is one that cannot be read.
fn parse(comment: &Comment) -> Option<Result<Directive, String>> {
    let text = comment.text.trim();
    if !text.starts_with(PREFIX) {
        return None;
    }
    let keyword = text.split_whitespace().next().unwrap_or(text);
    let form = match &keyword[PREFIX.len()..] {
        "disable-next-line" => Form::NextLine,
        "disable" => Form::Disable,
        "enable" => Form::Enable,
        other => {
            return Some(Err(format!(
                "`{PREFIX}{other}` is not a claimlint directive; use `claimlint-disable-next-line`, `claimlint-disable` or `claimlint-enable`"
            )))
        }
    };
    let rest = &text[keyword.len()..];
    let (names, reason) = match rest.split_once("--") {
        Some((names, reason)) => (names, Some(reason.trim()).filter(|r| !r.is_empty())),
        None => (rest, None),
    };
    let selectors: Vec<String> = names
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if selectors.is_empty() && form != Form::Enable {
        return Some(Err(format!(
            "`{keyword}` names no rule: write `{keyword} RULE -- reason`, with a rule id, pack or category"
        )));
    }
    Some(Ok(Directive {
        form,
        span: comment.span.clone(),
        selectors,
        reason: reason.map(str::to_string),
    }))
}

/// One selector of one directive, and what it covers.
struct Entry {
    directive: usize,
    /// The selector's number in [`Selectors`].
    selector: usize,
    covers: Covers,
    used: bool,
}

#[derive(Clone)]
enum Covers {
    /// Findings that start on this line.
    Line(usize),
    /// Findings that start in this byte range.
    Region(Range<usize>),
    /// Nothing: a `disable-next-line` with no copy after it.
    Nothing,
}

/// The document a set of directives applies to.
pub(crate) struct Source<'a> {
    pub(crate) text: &'a str,
    pub(crate) lines: &'a LineIndex,
}

/// Mark the findings that the directives in `comments` suppress, and add a
/// diagnostic for each directive without a reason, unused, or unreadable.
///
/// `next_copy` finds the first copy at or after a source offset; `rules`
/// are the loaded rules.
pub(crate) fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    comments: &[Comment],
    src: &Source<'_>,
    mut next_copy: NextCopy<'_>,
    rules: &[Rule],
) {
    let mut reports = Vec::new();
    let directives = read(comments, src, &mut reports);
    let mut selectors = Selectors::default();
    let mut entries = coverage(
        &directives,
        src,
        &mut selectors,
        |pos| next_copy.at(pos),
        &mut reports,
    );
    // A missing disclosure concerns the whole page, wherever it is anchored.
    let page_wide = |id: &str| {
        rules
            .iter()
            .any(|r| r.id == id && r.kind() == RuleKind::Disclosure)
    };
    let mut index = Index::new(&entries, &selectors);
    for diag in diagnostics.iter_mut() {
        let Some(i) = index.covering(&entries, &selectors, diag, page_wide(&diag.rule)) else {
            continue;
        };
        let entry = &mut entries[i];
        entry.used = true;
        let d = &directives[entry.directive];
        diag.suppression = Some(Suppression {
            reason: d.reason.clone().unwrap_or_default(),
            kind: if d.form == Form::NextLine {
                SuppressionKind::NextLine
            } else {
                SuppressionKind::Region
            },
            span: Span::new(d.span.start, d.span.end),
            start: src.lines.position(src.text, d.span.start),
        });
    }

    let names = || rules.iter().map(|r| (r.id.as_str(), r.category.as_str()));
    for e in entries.iter().filter(|e| !e.used) {
        let text = selectors.text(e.selector);
        let message = match &selectors.list[e.selector].1 {
            Ok(selector) if selector.names_any(names()) => format!(
                "Nothing that `{text}` names is found where this suppression applies: remove it, or move it next to the finding"
            ),
            Ok(_) => format!(
                "`{text}` matches no rule id, pack, category or glob of the loaded rules, so this suppression applies to nothing"
            ),
            Err(e) => format!("{e}, so this suppression applies to nothing"),
        };
        reports.push(report(
            src,
            Suppression::UNUSED,
            message,
            directives[e.directive].span.clone(),
        ));
    }
    diagnostics.append(&mut reports);
}

/// The entries, indexed so that a finding looks only at those of its own
/// line and of the selectors that name it: a page of many directives and
/// many findings costs their sum, not their product (a megabyte of both took
/// ten seconds).
struct Index {
    /// `disable-next-line` entries by line, in order.
    lines: HashMap<usize, Vec<usize>>,
    /// `disable` entries by selector, in order.
    regions: HashMap<usize, Vec<usize>>,
    /// The glob selectors of `regions`, which no name of a rule finds.
    globs: Vec<usize>,
    /// For each rule id met, the glob selectors of `globs` that name it.
    globs_naming: HashMap<String, Vec<usize>>,
}

impl Index {
    fn new(entries: &[Entry], selectors: &Selectors) -> Index {
        let mut index = Index {
            lines: HashMap::new(),
            regions: HashMap::new(),
            globs: Vec::new(),
            globs_naming: HashMap::new(),
        };
        for (i, e) in entries.iter().enumerate() {
            match e.covers {
                Covers::Line(line) => index.lines.entry(line).or_default().push(i),
                Covers::Region(_) => index.regions.entry(e.selector).or_default().push(i),
                Covers::Nothing => {}
            }
        }
        index.globs = (index.regions.keys().copied())
            .filter(|&s| selectors.list[s].1.as_ref().is_ok_and(Selector::is_glob))
            .collect();
        index.globs.sort_unstable();
        index
    }

    /// The entry that suppresses `diag`: the first next-line entry of its
    /// line that names it, the most specific; else the innermost (latest)
    /// region holding it (any region, for a finding about the whole page).
    fn covering(
        &mut self,
        entries: &[Entry],
        selectors: &Selectors,
        diag: &Diagnostic,
        page_wide: bool,
    ) -> Option<usize> {
        let line = self.lines.get(&diag.start.line).and_then(|l| {
            l.iter()
                .copied()
                .find(|&i| selectors.names(entries[i].selector, diag))
        });
        if line.is_some() {
            return line;
        }
        let globs = &self.globs;
        let naming = (self.globs_naming.entry(diag.rule.clone())).or_insert_with(|| {
            (globs.iter().copied())
                .filter(|&s| selectors.names(s, diag))
                .collect()
        });
        let named = selector_forms(&diag.rule, &diag.category)
            .filter_map(|text| selectors.by_text.get(&text).copied())
            .chain(naming.iter().copied());
        let pos = diag.span.start;
        let start = |i: usize| match &entries[i].covers {
            Covers::Region(r) => r.clone(),
            _ => 0..0,
        };
        named
            .filter_map(|selector| {
                let list = self.regions.get(&selector)?;
                if page_wide {
                    return list.last().copied();
                }
                // An `enable` closes every open region of its selector at
                // once, so of one selector's regions only the last to start
                // before the finding can still hold it.
                let started = list.partition_point(|&i| start(i).start <= pos);
                let last = *list[..started].last()?;
                start(last).contains(&pos).then_some(last)
            })
            .max()
    }
}

/// Every selector, as it may be written without a glob, that names a rule:
/// its category, its id and its pack, each with and without a trailing `/`.
fn selector_forms(rule: &str, category: &str) -> impl Iterator<Item = String> {
    let prefixes = rule.match_indices('/').map(|(i, _)| rule[..i].to_string());
    let names: Vec<String> = [category.to_string(), rule.to_string()]
        .into_iter()
        .chain(prefixes)
        .collect();
    names.into_iter().flat_map(|n| [format!("{n}/"), n])
}

/// The directives among `comments`, in source order; a report for each
/// one that cannot be read or gives no reason (those suppress nothing).
fn read(comments: &[Comment], src: &Source<'_>, reports: &mut Vec<Diagnostic>) -> Vec<Directive> {
    let mut directives = Vec::new();
    for comment in comments {
        match parse(comment) {
            None => {}
            Some(Err(message)) => reports.push(report(
                src,
                Suppression::INVALID,
                message,
                comment.span.clone(),
            )),
            Some(Ok(d)) if d.reason.is_none() && d.form != Form::Enable => {
                reports.push(report(
                    src,
                    Suppression::WITHOUT_REASON,
                    "This suppression gives no reason, so it suppresses nothing: add the approval after `--`".to_string(),
                    d.span,
                ));
            }
            Some(Ok(d)) => directives.push(d),
        }
    }
    directives.sort_by_key(|d| d.span.start);
    directives
}

/// What each selector of each directive covers: a line, or a region closed
/// by the first `claimlint-enable` that names it (or names nothing). An
/// enable that closes nothing is reported.
fn coverage(
    directives: &[Directive],
    src: &Source<'_>,
    selectors: &mut Selectors,
    mut next_copy: impl FnMut(usize) -> Option<usize>,
    reports: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    // Open regions by selector: indices into `entries` (by selector, so an
    // `enable` costs its own selectors, not every open region).
    let mut open: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in directives.iter().enumerate() {
        let mut entry = |selector: &String, covers: Covers| Entry {
            directive: i,
            selector: selectors.intern(selector),
            covers,
            used: false,
        };
        match d.form {
            Form::NextLine => {
                let covers = next_line_start(src.text, d.span.end)
                    .and_then(&mut next_copy)
                    .map_or(Covers::Nothing, |pos| {
                        Covers::Line(src.lines.position(src.text, pos).line)
                    });
                entries.extend(d.selectors.iter().map(|s| entry(s, covers.clone())));
            }
            Form::Disable => {
                for s in &d.selectors {
                    open.entry(s.clone()).or_default().push(entries.len());
                    entries.push(entry(s, Covers::Region(d.span.end..src.text.len())));
                }
            }
            Form::Enable => {
                let closed: Vec<(String, Vec<usize>)> = if d.selectors.is_empty() {
                    open.drain().collect()
                } else {
                    (d.selectors.iter())
                        .filter_map(|s| open.remove_entry(s))
                        .collect()
                };
                for &e in closed.iter().flat_map(|(_, list)| list) {
                    if let Covers::Region(r) = &mut entries[e].covers {
                        r.end = d.span.start;
                    }
                }
                let unmatched: Vec<&str> = d
                    .selectors
                    .iter()
                    .filter(|s| !closed.iter().any(|(c, _)| c == *s))
                    .map(String::as_str)
                    .collect();
                if closed.is_empty() || !unmatched.is_empty() {
                    let what = if unmatched.is_empty() {
                        "anything".to_string()
                    } else {
                        format!("`{}`", unmatched.join(", "))
                    };
                    reports.push(report(
                        src,
                        Suppression::INVALID,
                        format!("This `claimlint-enable` has no `claimlint-disable` of {what} before it"),
                        d.span.clone(),
                    ));
                }
            }
        }
    }
    entries
}

/// The start of the line after the one holding byte `end - 1`.
fn next_line_start(text: &str, end: usize) -> Option<usize> {
    let from = end.saturating_sub(1).min(text.len());
    memchr::memchr(b'\n', &text.as_bytes()[from..]).map(|i| from + i + 1)
}

/// A diagnostic about a directive.
fn report(src: &Source<'_>, rule: &str, message: String, span: Range<usize>) -> Diagnostic {
    let start = floor_char_boundary(src.text, span.start);
    let end = floor_char_boundary(src.text, span.end).max(start);
    Diagnostic {
        rule: rule.to_string(),
        category: Suppression::CATEGORY.to_string(),
        severity: Severity::Warning,
        message,
        span: Span::new(start, end),
        start: src.lines.position(src.text, start),
        end: src.lines.position(src.text, end),
        text: src.text[start..end].to_string(),
        suggestions: Vec::new(),
        rewrite: None,
        suppression: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directive(text: &str) -> Option<Result<Directive, String>> {
        parse(&Comment {
            span: 0..text.len(),
            text: text.to_string(),
        })
    }

    #[test]
    fn directives_parse_forms_selectors_and_reasons() {
        let d = directive(" claimlint-disable-next-line a/b, hype c -- Legal OK 2024-05 -- JS ")
            .unwrap()
            .unwrap();
        assert_eq!(d.form, Form::NextLine);
        assert_eq!(d.selectors, ["a/b", "hype", "c"]);
        assert_eq!(d.reason.as_deref(), Some("Legal OK 2024-05 -- JS"));
        let d = directive("claimlint-disable a/b --  ").unwrap().unwrap();
        assert_eq!(d.reason, None);
        let d = directive("claimlint-enable").unwrap().unwrap();
        assert_eq!((d.form, d.selectors.len()), (Form::Enable, 0));
        assert!(directive("claimlint-disable -- why").unwrap().is_err());
        assert!(directive("claimlint-ignore a -- why").unwrap().is_err());
        assert!(directive(" a note ").is_none());
    }

    #[test]
    fn text_directive_lines() {
        let text = "One.\n  claimlint-disable-next-line x -- y\nTwo. claimlint-disable z\n";
        let found = text_directives(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].span.clone()],
            "claimlint-disable-next-line x -- y"
        );
    }

    /// The lookup that [`Index`] replaces: every entry for every finding.
    fn covering_by_scan(
        entries: &[Entry],
        selectors: &Selectors,
        diag: &Diagnostic,
        page_wide: bool,
    ) -> Option<usize> {
        let applies = |e: &Entry| selectors.names(e.selector, diag);
        let line = entries.iter().position(|e| {
            matches!(e.covers, Covers::Line(l) if l == diag.start.line) && applies(e)
        });
        line.or_else(|| {
            entries
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    let covered = match &e.covers {
                        Covers::Region(r) => r.contains(&diag.span.start) || page_wide,
                        _ => false,
                    };
                    covered && applies(e)
                })
                .max_by_key(|(_, e)| e.directive)
                .map(|(i, _)| i)
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn the_index_finds_what_a_scan_of_every_entry_finds(
            ops in proptest::collection::vec((0..3usize, proptest::collection::vec(0..9usize, 0..3)), 0..30),
            finds in proptest::collection::vec((0..40usize, 0..4usize, proptest::bool::ANY), 0..30),
        ) {
            const SELECTORS: [&str; 9] =
                ["a", "a/", "a/x", "hype", "b/y", "b/", "*/z", "a/*", "[ab"];
            const RULES: [(&str, &str); 4] =
                [("a/x", "hype"), ("a/z", "hype"), ("b/y", "fda-status"), ("b/z", "cure")];
            let text = "directive or copy\n".repeat(40);
            let lines = LineIndex::new(&text);
            let line_start = |n: usize| n * "directive or copy\n".len();
            let directives: Vec<Directive> = ops
                .iter()
                .enumerate()
                .map(|(k, (form, selectors))| Directive {
                    form: [Form::NextLine, Form::Disable, Form::Enable][*form],
                    span: line_start(k)..line_start(k) + 9,
                    selectors: selectors.iter().map(|&i| SELECTORS[i].to_string()).collect(),
                    reason: Some("ok".to_string()),
                })
                .collect();
            let src = Source { text: &text, lines: &lines };
            let mut selectors = Selectors::default();
            let entries = coverage(&directives, &src, &mut selectors, Some, &mut Vec::new());
            let mut index = Index::new(&entries, &selectors);
            for (line, rule, page_wide) in finds {
                let (rule, category) = RULES[rule];
                let at = line_start(line);
                let diag = Diagnostic {
                    rule: rule.to_string(),
                    category: category.to_string(),
                    severity: Severity::Warning,
                    message: String::new(),
                    span: Span::new(at, at + 4),
                    start: lines.position(&text, at),
                    end: lines.position(&text, at + 4),
                    text: String::new(),
                    suggestions: Vec::new(),
                    rewrite: None,
                    suppression: None,
                };
                proptest::prop_assert_eq!(
                    index.covering(&entries, &selectors, &diag, page_wide),
                    covering_by_scan(&entries, &selectors, &diag, page_wide)
                );
            }
        }
    }
}
