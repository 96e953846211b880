//! The compiled linter: one scan for all triggers, context checks after.
//!
//! Linting a document takes one pass over its text, whatever the number of
//! rules: one automaton finds the literals that every match of a phrase or
//! pattern holds, and a short anchored search at each tells the paragraphs
//! where each trigger may match (see [`crate::engine::scan`]). In those paragraphs,
//! those patterns alone then find their spans, and the context conditions
//! run on the sentence or window around each match. The scan also lists
//! where each pack's activation may match, and the accepted forms of the
//! disclosures asked on every page; other document-level conditions
//! (disclosure triggers, a service pack's accepted forms,
//! `within = "document"`) are searched when a finding or a disclosure first
//! needs them, each stopping at its first match.
//!
//! A match never runs past its paragraph (a blank line), as in Markdown and
//! HTML, where it never runs past its block.
//!
//! Most patterns are searched in the document's lower-cased view (see
//! [`automata::Texts`]), which makes their automata smaller and quicker to build than
//! case-insensitive ones. What no document has needed yet is compiled when
//! one first does: each pattern's own automaton, and each condition's. Packs
//! loaded from user files have their conditions compiled with the linter,
//! where their size limits are enforced; the built-in packs' are within them
//! (the crate's tests compile them as user packs).
//!
//! The path of a text through it: [`findings`] scans the text and checks
//! each trigger in the paragraphs the scan lists, with the conditions of
//! [`context`] (a sentence, a clause, a window of words); [`disclosure`]
//! decides where a missing disclosure points; [`mod@merge`] keeps one finding a
//! passage; [`report`] turns findings into diagnostics with spans in the
//! user's source and suggested edits. [`compile`] builds all of it from a
//! rule set, and [`automata`] holds each pattern and condition, compiled
//! when first needed.

mod automata;
mod compile;
mod context;
mod disclosure;
mod findings;
mod merge;
mod report;

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::document::{suppress, Document, DocumentOptions, Format};
use crate::engine::scan::Scanner;
use crate::error::{RuleError, RuleErrorKind};
use crate::rules::{Applicability, DisclosureDetect, Rule, RuleSet, Scope};
use crate::span::LineIndex;

use automata::{LazyCondition, LazyGroups, LazyRegex};
use merge::merge;
use report::Target;

/// A rule set compiled for linting. Compile once and reuse it for every
/// document: it is `Send + Sync`, and cloning it is a reference-count bump.
///
/// # Example
/// ```
/// use claimlint::{Linter, RuleSet};
///
/// let linter = Linter::new(&RuleSet::builtin()?)?;
/// let text = "Ketamine cures depression for good.";
/// let found = linter.check(text);
/// assert!(found.iter().any(|d| d.category == "cure-guarantee"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Linter {
    inner: Arc<Inner>,
}

struct Inner {
    rules: Vec<Rule>,
    /// Each rule's message, split at each `{match}`.
    messages: Vec<Vec<String>>,
    /// For each rule, its pack's activation (an index into `activations`),
    /// if the pack has one.
    active: Vec<Option<usize>>,
    /// Each pack's `active-when` condition, which the scan looks for.
    activations: Vec<CondId>,
    /// For each condition the scan looks for (the activations, then the
    /// accepted forms of the disclosures of packs without `active-when`),
    /// its index among the scan's document conditions: it holds in a
    /// document where it matches in a paragraph the scan lists for it.
    found_by_scan: Vec<Option<usize>>,
    claims: Vec<Option<Claim>>,
    disclosures: Vec<(usize, Disclosure)>,
    /// Every trigger (phrase or pattern) of every claim rule.
    triggers: Vec<TriggerInfo>,
    scanner: Option<Scanner>,
    /// Every distinct condition, asked only whether it matches.
    conds: Vec<LazyCondition>,
}

type CondId = usize;

struct Claim {
    scope: Scope,
    requires: Vec<(CondId, Option<Scope>)>,
    unless: Vec<(CondId, Option<Scope>)>,
    fix: Applicability,
    placeholder: Option<String>,
}

struct Disclosure {
    when: Vec<CondId>,
    /// Claim categories whose findings make the disclosure needed; the
    /// finding then points at the sentence of the first of them.
    when_found: Vec<String>,
    /// The first `when` condition, searched for where it matches, when no
    /// finding decides: the finding points at the first sentence where
    /// every `when` condition matches.
    anchor: Option<LazyRegex>,
    accepted: CondId,
    /// Each use the insertion may name, and its condition.
    uses: Vec<(String, CondId)>,
    detect: DisclosureDetect,
}

struct TriggerInfo {
    rule: usize,
    is_phrase: bool,
    replace: Vec<String>,
    regex: LazyRegex,
    /// The pattern with its named groups, where a replacement refers to
    /// them: compiled the first time a finding needs its groups.
    groups: Option<LazyGroups>,
}

/// A match that passed its context checks, or a missing disclosure,
/// before it becomes a diagnostic.
struct Finding {
    rule: usize,
    span: Range<usize>,
    trigger: Option<usize>,
    /// A missing disclosure's insertion, naming the document's uses.
    insert: Option<String>,
}

impl Linter {
    /// Compile a rule set, then run the `fire` and `clean` examples of every
    /// rule outside the built-in packs (the crate's tests run theirs).
    ///
    /// # Errors
    /// A [`RuleError`] at the rule's line when its patterns exceed the size
    /// limits, or when one of its examples does not behave as declared.
    pub fn new(rules: &RuleSet) -> Result<Linter, RuleError> {
        let linter = Linter::compile(rules)?;
        linter.verify_examples(rules)?;
        Ok(linter)
    }

    /// Run the examples of every pack but the built-in ones: those are run by
    /// the crate's tests, and would cost every CLI start half a second.
    fn verify_examples(&self, set: &RuleSet) -> Result<(), RuleError> {
        for pack in set.packs().iter().filter(|p| !p.is_builtin()) {
            for rule in pack.rules() {
                let Some(idx) = self.inner.rules.iter().position(|r| r.id == rule.id) else {
                    continue;
                };
                for (examples, should_fire) in [(&rule.fire, true), (&rule.clean, false)] {
                    for ex in examples {
                        let fired = self.findings(&ex.text).iter().any(|f| f.rule == idx);
                        if fired != should_fire {
                            let what = if should_fire {
                                "should be reported but is not"
                            } else {
                                "should stay clean but is reported"
                            };
                            return Err(RuleError::new(
                                RuleErrorKind::Example,
                                &pack.origin,
                                ex.at,
                                format!("example of `{}` {what}: {:?}", rule.id, ex.text),
                            ));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The compiled rules, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.inner.rules
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.inner.rules.iter().find(|r| r.id == id)
    }

    /// Lint a source document in the given format. Every span, line and
    /// column points into `source` as given, markup included, and
    /// [`Diagnostic::text`] is the source under the span.
    ///
    /// Markdown and HTML are linted by their copy (see [`Format`]): the text
    /// a reader sees, with blocks (headings, paragraphs, list items, table
    /// cells) kept apart and inline markup (`<em>`, `*em*`, links) kept in
    /// the sentence. A replacement is offered only where the source under
    /// the span is the copy itself, so `--fix` never rewrites markup or an
    /// entity; a missing disclosure is inserted as a new paragraph (in HTML,
    /// a `<p>` before `</body>`).
    ///
    /// The result includes the findings that suppression comments cover,
    /// marked with [`Diagnostic::suppression`], and diagnostics about the
    /// suppressions themselves (see [`Suppression`](crate::Suppression)).
    ///
    /// # Example
    /// ```
    /// use claimlint::{Format, Linter, RuleSet};
    ///
    /// let pack = r#"
    /// [pack]
    /// id = "house"
    /// name = "House rules"
    /// version = "1.0.0"
    /// description = "The FDA status of ketamine."
    ///
    /// [[rule]]
    /// id = "house/fda"
    /// category = "fda-status"
    /// severity = "error"
    /// message = "False FDA status: {match}"
    /// rationale = "Ketamine is FDA-approved only as an anesthetic."
    /// references = ["https://www.fda.gov/"]
    /// patterns = ['\bFDA\s+approves\s+ketamine\s+for\s+depression\b']
    /// fire = ["The FDA approves ketamine for depression."]
    /// clean = ["The FDA approves ketamine for anesthesia."]
    /// "#;
    /// let linter = Linter::new(&RuleSet::from_toml("house.toml", pack)?)?;
    /// let html = "<p>The FDA <em>approves</em> ketamine for depression.</p>";
    /// let found = linter.check_document(html, Format::Html);
    /// assert_eq!(found[0].text, "FDA <em>approves</em> ketamine for depression");
    /// assert_eq!(&html[found[0].span.start..found[0].span.end], found[0].text);
    /// assert_eq!(found[0].message, "False FDA status: FDA approves ketamine for depression");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_document(&self, source: &str, format: Format) -> Vec<Diagnostic> {
        self.check_document_with(source, format, &DocumentOptions::default())
    }

    /// Lint a source document in the given format, read with `options`:
    /// [`Linter::check_document`] with, for instance, front-matter fields
    /// of a site's own.
    ///
    /// # Example
    /// ```
    /// use claimlint::{DocumentOptions, Format, Linter, RuleSet};
    ///
    /// let linter = Linter::new(&RuleSet::builtin()?)?;
    /// let page = "---\ntitle: Calm care\nseo:\n  description: Our infusions are completely safe.\n---\nWelcome.\n";
    /// let options = DocumentOptions::default().with_front_matter_fields(["seo.description"]);
    /// let found = linter.check_document_with(page, Format::Markdown, &options);
    /// let d = found.iter().find(|d| d.category == "safety-absolute").unwrap();
    /// assert_eq!(&page[d.span.start..d.span.end], d.text);
    /// assert_eq!(d.start.line, 4);
    /// // Not a copy field by default.
    /// let found = linter.check_document(page, Format::Markdown);
    /// assert!(found.iter().all(|d| d.category != "safety-absolute"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_document_with(
        &self,
        source: &str,
        format: Format,
        options: &DocumentOptions,
    ) -> Vec<Diagnostic> {
        match format {
            Format::Text => self.check(source),
            _ => self.check_copy(source, &Document::extract(source, format, options)),
        }
    }

    /// Lint plain text. Diagnostics are sorted by position; overlapping
    /// findings of one category are merged into the most severe one.
    ///
    /// Lines of the form `claimlint-disable-next-line RULE -- reason` (and
    /// `claimlint-disable` / `claimlint-enable`) are suppressions, as in
    /// [`Linter::check_document`]; this is `check_document(text,
    /// Format::Text)`.
    pub fn check(&self, text: &str) -> Vec<Diagnostic> {
        if suppress::may_have_directives(text) {
            return self.check_copy(text, &Document::plain(text));
        }
        let findings = merge(&self.inner, self.findings(text));
        if findings.is_empty() {
            return Vec::new();
        }
        let target = Target {
            source: text,
            copy: text,
            map: None,
            doc: None,
            format: Format::Text,
            insert_at: None,
            lines: LineIndex::new(text),
        };
        findings
            .into_iter()
            .map(|f| self.diagnostic(&target, f))
            .collect()
    }

    /// Lint the copy of a document, map the findings back to the source,
    /// and apply its suppressions.
    fn check_copy(&self, source: &str, doc: &Document) -> Vec<Diagnostic> {
        let mut findings = self.findings(&doc.copy);
        findings.retain(|f| f.trigger.is_none() || !doc.map.crosses_block(&f.span));
        let findings = merge(&self.inner, findings);
        let target = Target {
            source,
            copy: &doc.copy,
            map: Some(&doc.map),
            doc: Some(doc),
            format: doc.format,
            insert_at: doc.insert_at,
            lines: LineIndex::new(source),
        };
        let mut out: Vec<Diagnostic> = findings
            .into_iter()
            .map(|f| self.diagnostic(&target, f))
            .collect();
        let src = suppress::Source {
            text: source,
            lines: &target.lines,
        };
        suppress::apply(
            &mut out,
            &doc.comments,
            &src,
            doc.next_copy(),
            &self.inner.rules,
        );
        // The copy puts attribute text last; the report follows the source.
        out.sort_by_key(|d| (d.span.start, d.span.end));
        out
    }
}
