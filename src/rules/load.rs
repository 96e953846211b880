//! Parsing and validating one rule pack from TOML.
//!
//! Everything a pack author can get wrong is caught here, with the line and
//! column of the offending value: the linter compiles only valid packs.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use super::{
    Applicability, Condition, Detect, DisclosureDetect, Example, Pack, RegionForms, Rule, Scope,
    Severity, Trigger, CLAIM_CATEGORIES, DEFAULT_REGION, DISCLOSURE_NAMES, REGIONS,
};
use crate::engine::class_fold::{self, FoldCache, Folded};
use crate::engine::limits;
use crate::engine::pattern;
use crate::error::{RuleError, RuleErrorKind};
use crate::rules::template;
use crate::span::LineIndex;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: RawHeader,
    #[serde(default)]
    terms: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    disclosure: Vec<Spanned<RawDisclosure>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawHeader {
    id: Spanned<String>,
    name: String,
    version: String,
    description: String,
    #[serde(default)]
    active_when: Vec<Spanned<String>>,
    #[serde(default)]
    categories: Vec<String>,
    /// Conditions that cancel a finding of every claim rule of the pack
    /// (a claim reported as someone else's, say), after each rule's own.
    #[serde(default)]
    unless: Vec<Spanned<RawCondition>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    id: Spanned<String>,
    category: Spanned<String>,
    severity: Severity,
    message: Spanned<String>,
    rationale: String,
    references: Vec<String>,
    rewrite: Option<String>,
    #[serde(default)]
    phrases: Vec<Spanned<RawPhrase>>,
    #[serde(default)]
    patterns: Vec<Spanned<RawPattern>>,
    fix: Option<Applicability>,
    placeholder: Option<Spanned<String>>,
    scope: Option<Spanned<String>>,
    #[serde(default)]
    requires: Vec<Spanned<RawCondition>>,
    #[serde(default)]
    unless: Vec<Spanned<RawCondition>>,
    #[serde(default)]
    fire: Vec<Spanned<String>>,
    #[serde(default)]
    clean: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDisclosure {
    id: Spanned<String>,
    name: Spanned<String>,
    severity: Severity,
    message: Spanned<String>,
    rationale: String,
    references: Vec<String>,
    #[serde(default)]
    when: Vec<Spanned<RawCondition>>,
    #[serde(default)]
    when_found: Vec<Spanned<String>>,
    accepted: Vec<Spanned<String>>,
    insert: Spanned<String>,
    #[serde(default)]
    uses: Vec<Spanned<RawUse>>,
    uses_default: Option<String>,
    #[serde(default)]
    regions: BTreeMap<String, Spanned<RawRegion>>,
    #[serde(default)]
    fire: Vec<Spanned<String>>,
    #[serde(default)]
    clean: Vec<Spanned<String>>,
}

/// A use a disclosure may name: `{ name = "PTSD", pattern = '\bptsd\b' }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUse {
    name: String,
    pattern: String,
}

/// A disclosure's forms for one region (`[disclosure.regions.uk]`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    #[serde(default)]
    accepted: Vec<Spanned<String>>,
    insert: Option<String>,
}

/// A phrase: `"text"` or `{ phrase = "text", replace = ["..."] }`.
struct RawPhrase {
    phrase: String,
    replace: Vec<String>,
}

/// A pattern: `'regex'` or `{ pattern = '...', replace = ["..."] }`.
struct RawPattern {
    pattern: String,
    replace: Vec<String>,
}

/// A condition: `"pattern"`, `"@term"` or `{ any = [...], within = "..." }`.
struct RawCondition {
    any: Vec<String>,
    within: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseTable {
    phrase: String,
    #[serde(default)]
    replace: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternTable {
    pattern: String,
    #[serde(default)]
    replace: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionTable {
    any: Vec<String>,
    within: Option<String>,
}

/// Accepts a string or a table, so the short form stays short. (A serde
/// untagged enum would do the same but hide the table's own errors.)
macro_rules! string_or_table {
    ($ty:ident, $table:ident, $expecting:literal, |$s:ident| $from_str:expr, |$t:ident| $from_table:expr) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, $s: &str) -> Result<$ty, E> {
                        Ok($from_str)
                    }
                    fn visit_map<M: MapAccess<'de>>(self, m: M) -> Result<$ty, M::Error> {
                        let $t = $table::deserialize(de::value::MapAccessDeserializer::new(m))?;
                        Ok($from_table)
                    }
                    fn visit_seq<S: SeqAccess<'de>>(self, _: S) -> Result<$ty, S::Error> {
                        Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

string_or_table!(
    RawPhrase,
    PhraseTable,
    "a phrase string or a table { phrase = \"...\", replace = [\"...\"] }",
    |s| RawPhrase {
        phrase: s.to_string(),
        replace: Vec::new()
    },
    |t| RawPhrase {
        phrase: t.phrase,
        replace: t.replace
    }
);

string_or_table!(
    RawPattern,
    PatternTable,
    "a pattern string or a table { pattern = '...', replace = [\"...\"] }",
    |s| RawPattern {
        pattern: s.to_string(),
        replace: Vec::new()
    },
    |t| RawPattern {
        pattern: t.pattern,
        replace: t.replace
    }
);

string_or_table!(
    RawCondition,
    ConditionTable,
    "a pattern string, an \"@term\", or a table { any = [\"...\"], within = \"sentence\" }",
    |s| RawCondition {
        any: vec![s.to_string()],
        within: None
    },
    |t| RawCondition {
        any: t.any,
        within: t.within
    }
);

/// Turns byte spans of the pack source into located errors, and keeps
/// count of what the pack spends of its caps.
struct Ctx<'a> {
    origin: &'a str,
    source: &'a str,
    lines: LineIndex,
    patterns: Patterns,
    /// Each term's patterns, validated once and in engine syntax.
    terms: BTreeMap<String, Vec<Loaded>>,
    /// Phrases and patterns the pack may still use (`MAX_PATTERNS_PER_PACK`).
    patterns_left: Cell<usize>,
    /// Bytes of engine-syntax patterns left (`MAX_PACK_REGEX_BYTES`).
    regex_bytes_left: Cell<usize>,
    /// Examples the pack may still declare (`MAX_EXAMPLES_PER_PACK`).
    examples_left: Cell<usize>,
    /// The classes of its patterns folded so far.
    folds: RefCell<FoldCache>,
}

/// A pattern in engine syntax, and whether its author made part of it
/// case-sensitive (`(?-i:…)`; the engine syntax has such groups of its own).
#[derive(Clone)]
struct Loaded {
    engine: Folded,
    sets_case_flag: bool,
}

impl Ctx<'_> {
    fn at(&self, offset: usize) -> (usize, usize) {
        let p = self.lines.position(self.source, offset);
        (p.line, p.column)
    }

    fn err<T>(
        &self,
        kind: RuleErrorKind,
        offset: usize,
        msg: impl Into<String>,
    ) -> Result<T, RuleError> {
        Err(RuleError::new(kind, self.origin, self.at(offset), msg))
    }

    /// Check a pattern as the author wrote it (so error positions are theirs),
    /// then return it in engine syntax.
    fn pattern(&self, raw: &str, offset: usize) -> Result<Loaded, RuleError> {
        if raw.len() > limits::MAX_PATTERN_LEN {
            return self.err(
                RuleErrorKind::Limit,
                offset,
                format!(
                    "pattern is {} bytes long; the limit is {}",
                    raw.len(),
                    limits::MAX_PATTERN_LEN
                ),
            );
        }
        if self.patterns == Patterns::Checked {
            self.check_pattern(raw, offset)?;
        }
        let translated = pattern::translate(raw);
        let engine = class_fold::prefold(
            &translated,
            limits::ENGINE_NEST_LIMIT,
            &mut self.folds.borrow_mut(),
        )
        .unwrap_or(Folded {
            spelled_len: translated.len(),
            pattern: translated,
        });
        self.spend_patterns(1, engine.spelled_len, offset)?;
        Ok(Loaded {
            engine,
            sets_case_flag: pattern::sets_case_flag(raw),
        })
    }

    /// A pattern's syntax errors, and whether it matches the empty string.
    fn check_pattern(&self, raw: &str, offset: usize) -> Result<(), RuleError> {
        // Case-sensitively: the errors are the same, and a case-insensitive
        // parse would pay for folding every class (see `class_fold`).
        let hir = regex_syntax::ParserBuilder::new()
            .nest_limit(limits::REGEX_NEST_LIMIT)
            .build()
            .parse(raw);
        let hir = match hir {
            Ok(hir) => hir,
            Err(e) => {
                let nested_too_deep = matches!(&e, regex_syntax::Error::Parse(a)
                    if matches!(a.kind(), regex_syntax::ast::ErrorKind::NestLimitExceeded(_)));
                let kind = if nested_too_deep {
                    RuleErrorKind::Limit
                } else {
                    RuleErrorKind::Regex
                };
                return self.err(kind, offset, format!("invalid regular expression:\n{e}"));
            }
        };
        // Decided on the syntax tree (case and the engine's rewrites of the
        // pattern do not change it): compiling each pattern here would let a pack of many
        // small patterns with huge automata (`\w{1000}`) cost seconds before
        // the compiled-size limits could refuse it.
        if pattern::matches_empty(&hir) {
            return self.err(
                RuleErrorKind::Regex,
                offset,
                "pattern matches the empty string, so it would match everywhere",
            );
        }
        Ok(())
    }

    /// Resolve a condition's entries (patterns and `@term`s) into one regex.
    fn condition(&self, raw: &Spanned<RawCondition>) -> Result<Condition, RuleError> {
        let offset = raw.span().start;
        let raw = raw.get_ref();
        let within = match &raw.within {
            None => None,
            Some(w) => Some(self.scope(w, offset)?),
        };
        if raw.any.is_empty() {
            return self.err(
                RuleErrorKind::Invalid,
                offset,
                "a condition needs at least one pattern",
            );
        }
        self.alternation(raw.any.iter().map(|p| (p.as_str(), offset)), within)
    }

    fn alternation<'s>(
        &self,
        entries: impl Iterator<Item = (&'s str, usize)>,
        within: Option<Scope>,
    ) -> Result<Condition, RuleError> {
        let mut parts = Vec::new();
        for (entry, offset) in entries {
            if let Some(name) = entry.strip_prefix('@') {
                let Some(term) = self.terms.get(name) else {
                    let known: Vec<&str> = self.terms.keys().map(String::as_str).collect();
                    return self.err(
                        RuleErrorKind::Term,
                        offset,
                        format!(
                            "unknown term `@{name}`; the pack's [terms] define: {}",
                            if known.is_empty() {
                                "none".to_string()
                            } else {
                                known.join(", ")
                            }
                        ),
                    );
                };
                let bytes = term.iter().map(|p| p.engine.spelled_len).sum();
                self.spend_patterns(term.len(), bytes, offset)?;
                parts.extend(term.iter().cloned());
            } else {
                parts.push(self.pattern(entry, offset)?);
            }
        }
        let regex = parts
            .iter()
            .map(|p| format!("(?:{})", p.engine.pattern))
            .collect::<Vec<_>>()
            .join("|");
        Ok(Condition {
            regex,
            within,
            sets_case_flag: parts.iter().any(|p| p.sets_case_flag),
        })
    }

    fn examples(&self, raw: &[Spanned<String>]) -> Result<Vec<Example>, RuleError> {
        raw.iter()
            .map(|e| {
                let left = self.examples_left.get();
                if left == 0 {
                    return self.err(
                        RuleErrorKind::Limit,
                        e.span().start,
                        format!(
                            "the pack has more than {} examples; the limit is {0}",
                            limits::MAX_EXAMPLES_PER_PACK
                        ),
                    );
                }
                self.examples_left.set(left - 1);
                Ok(Example {
                    text: e.get_ref().clone(),
                    at: self.at(e.span().start),
                })
            })
            .collect()
    }

    /// Count `n` more phrases or patterns, of `bytes` in engine syntax,
    /// against the pack's caps.
    fn spend_patterns(&self, n: usize, bytes: usize, offset: usize) -> Result<(), RuleError> {
        let left = self.patterns_left.get();
        if n > left {
            return self.err(
                RuleErrorKind::Limit,
                offset,
                format!(
                    "the pack uses more than {} phrases and patterns (a term counts again each time it is used); the limit is {0}",
                    limits::MAX_PATTERNS_PER_PACK
                ),
            );
        }
        let bytes_left = self.regex_bytes_left.get();
        if bytes > bytes_left {
            return self.err(
                RuleErrorKind::Limit,
                offset,
                format!(
                    "the pack's patterns add up to more than {} bytes once compiled (a term counts again each time it is used, a case-insensitive class such as \\pL as the list of its letters); the limit is {0}",
                    limits::MAX_PACK_REGEX_BYTES
                ),
            );
        }
        self.patterns_left.set(left - n);
        self.regex_bytes_left.set(bytes_left - bytes);
        Ok(())
    }

    /// A `scope` or `within` value, whose word count is capped.
    fn scope(&self, raw: &str, offset: usize) -> Result<Scope, RuleError> {
        let Some(scope) = Scope::parse(raw) else {
            return self.err(RuleErrorKind::Invalid, offset, format!(
                "unknown scope `{raw}`: expected sentence, clause, paragraph, document, before:N, after:N or around:N"
            ));
        };
        if let Scope::Before(n) | Scope::After(n) | Scope::Around(n) = scope {
            if n > limits::MAX_SCOPE_WORDS {
                return self.err(
                    RuleErrorKind::Limit,
                    offset,
                    format!(
                        "scope `{raw}` spans {n} words; the limit is {}",
                        limits::MAX_SCOPE_WORDS
                    ),
                );
            }
        }
        Ok(scope)
    }

    fn rule_id(
        &self,
        pack: &str,
        id: &Spanned<String>,
        seen: &mut HashSet<String>,
    ) -> Result<String, RuleError> {
        let offset = id.span().start;
        let id = id.get_ref();
        let valid_name = |n: &str| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        match id.split_once('/') {
            Some((p, name)) if p == pack && valid_name(name) => {}
            _ => return self.err(RuleErrorKind::Id, offset, format!(
                "rule id `{id}` must be `{pack}/<name>`, the name in lowercase letters, digits and '-'"
            )),
        }
        if !seen.insert(id.clone()) {
            return self.err(
                RuleErrorKind::Id,
                offset,
                format!("duplicate rule id `{id}`"),
            );
        }
        Ok(id.clone())
    }

    /// Check replacement templates: each refers only to `{match}` and to
    /// the named `groups` of its pattern.
    fn templates(
        &self,
        templates: &[String],
        groups: &[String],
        offset: usize,
    ) -> Result<(), RuleError> {
        for t in templates {
            let names =
                template::references(t).or_else(|e| self.err(RuleErrorKind::Invalid, offset, e))?;
            if let Some(unknown) = names
                .iter()
                .find(|&&n| n != template::MATCH && !groups.iter().any(|g| g == n))
            {
                let known = if groups.is_empty() {
                    "it has none".to_string()
                } else {
                    format!("it has {}", groups.join(", "))
                };
                return self.err(
                    RuleErrorKind::Invalid,
                    offset,
                    format!(
                        "replacement {t:?} refers to `{{{unknown}}}`, which is not a named group (?P<{unknown}>...) of the pattern ({known}); `{{match}}` is the matched text"
                    ),
                );
            }
        }
        Ok(())
    }

    fn message(&self, m: &Spanned<String>) -> Result<String, RuleError> {
        if m.get_ref().trim().is_empty() {
            return self.err(
                RuleErrorKind::Invalid,
                m.span().start,
                "the message is empty: say in plain words what is wrong",
            );
        }
        Ok(m.get_ref().trim().to_string())
    }
}

/// Whether a pack's patterns are parsed on their own before they are
/// rewritten for the engine, to check them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Patterns {
    /// A user's pack: each pattern's errors (with its position) and
    /// whether it matches the empty string.
    Checked,
    /// The built-in packs, which `tests/rules.rs` loads as a user's: that
    /// parse was 45% of loading them (15 ms), to find nothing.
    Trusted,
}

/// Parse and validate one pack.
pub(super) fn parse_pack(
    origin: &str,
    source: &str,
    patterns: Patterns,
) -> Result<Pack, RuleError> {
    let lines = LineIndex::new(source);
    if source.len() > limits::MAX_PACK_BYTES {
        let p = lines.position(source, limits::MAX_PACK_BYTES);
        return Err(RuleError::new(
            RuleErrorKind::Limit,
            origin,
            (p.line, p.column),
            format!(
                "the pack is {} bytes long and goes past the limit of {} bytes here",
                source.len(),
                limits::MAX_PACK_BYTES
            ),
        ));
    }
    let raw: RawPack = toml::from_str(source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let p = lines.position(source, offset);
        RuleError::new(
            RuleErrorKind::Syntax,
            origin,
            (p.line, p.column),
            e.message().trim().to_string(),
        )
    })?;
    let mut ctx = Ctx {
        origin,
        source,
        lines,
        patterns,
        terms: BTreeMap::new(),
        patterns_left: Cell::new(limits::MAX_PATTERNS_PER_PACK),
        regex_bytes_left: Cell::new(limits::MAX_PACK_REGEX_BYTES),
        examples_left: Cell::new(limits::MAX_EXAMPLES_PER_PACK),
        folds: RefCell::default(),
    };

    let pack_id = raw.pack.id.get_ref().clone();
    if pack_id.is_empty()
        || !pack_id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return ctx.err(
            RuleErrorKind::Id,
            raw.pack.id.span().start,
            format!("pack id `{pack_id}` must be lowercase letters, digits and '-'"),
        );
    }
    let total = raw.rule.len() + raw.disclosure.len();
    if total > limits::MAX_RULES_PER_PACK {
        let mut starts: Vec<usize> = (raw.rule.iter().map(|r| r.span().start))
            .chain(raw.disclosure.iter().map(|d| d.span().start))
            .collect();
        starts.sort_unstable();
        return ctx.err(
            RuleErrorKind::Limit,
            starts[limits::MAX_RULES_PER_PACK],
            format!(
                "the pack has {total} rules and disclosures; the limit is {}",
                limits::MAX_RULES_PER_PACK
            ),
        );
    }
    for (name, patterns) in &raw.terms {
        if patterns.get_ref().is_empty() {
            return ctx.err(
                RuleErrorKind::Invalid,
                patterns.span().start,
                format!("term `{name}` has no patterns"),
            );
        }
        let translated = patterns
            .get_ref()
            .iter()
            .map(|p| ctx.pattern(p.get_ref(), p.span().start))
            .collect::<Result<_, _>>()?;
        ctx.terms.insert(name.clone(), translated);
    }
    let active_when = if raw.pack.active_when.is_empty() {
        None
    } else {
        let entries = raw
            .pack
            .active_when
            .iter()
            .map(|p| (p.get_ref().as_str(), p.span().start));
        Some(ctx.alternation(entries, Some(Scope::Document))?)
    };
    let pack_unless: Vec<Condition> = (raw.pack.unless.iter())
        .map(|c| ctx.condition(c))
        .collect::<Result<_, _>>()?;
    let declared: HashSet<&str> = raw.pack.categories.iter().map(String::as_str).collect();
    let mut seen = HashSet::new();
    let mut rules = Vec::with_capacity(total);

    for spanned in &raw.rule {
        let r = spanned.get_ref();
        let id = ctx.rule_id(&pack_id, &r.id, &mut seen)?;
        let category = r.category.get_ref();
        if !CLAIM_CATEGORIES.contains(&category.as_str()) && !declared.contains(category.as_str()) {
            return ctx.err(
                RuleErrorKind::Category,
                r.category.span().start,
                format!(
                "unknown category `{category}`: use one of {} or declare it in [pack] categories",
                CLAIM_CATEGORIES.join(", ")
            ),
            );
        }
        let count = r.phrases.len() + r.patterns.len();
        if count == 0 {
            return ctx.err(
                RuleErrorKind::Invalid,
                spanned.span().start,
                format!("rule `{id}` has neither `phrases` nor `patterns`: nothing to look for"),
            );
        }
        if count > limits::MAX_TRIGGERS_PER_RULE {
            return ctx.err(
                RuleErrorKind::Limit,
                r.id.span().start,
                format!(
                    "rule `{id}` has {count} phrases and patterns; the limit is {}",
                    limits::MAX_TRIGGERS_PER_RULE
                ),
            );
        }
        let mut triggers = Vec::with_capacity(count);
        for p in &r.phrases {
            let phrase = &p.get_ref().phrase;
            if phrase.trim().is_empty() {
                return ctx.err(RuleErrorKind::Invalid, p.span().start, "empty phrase");
            }
            if phrase.len() > limits::MAX_PATTERN_LEN {
                return ctx.err(
                    RuleErrorKind::Limit,
                    p.span().start,
                    format!(
                        "phrase is {} bytes long; the limit is {}",
                        phrase.len(),
                        limits::MAX_PATTERN_LEN
                    ),
                );
            }
            let regex = pattern::phrase(phrase);
            ctx.spend_patterns(1, regex.len(), p.span().start)?;
            let replace = &p.get_ref().replace;
            ctx.templates(replace, &[], p.span().start)?;
            triggers.push(Trigger {
                regex,
                is_phrase: true,
                replace: replace.clone(),
                groups: None,
                sets_case_flag: false,
            });
        }
        for p in &r.patterns {
            let RawPattern { pattern, replace } = p.get_ref();
            let loaded = ctx.pattern(pattern, p.span().start)?;
            // Parsed for its group names only where a replacement names one:
            // parsing every pattern was most of loading the built-in packs.
            let groups = (replace.iter())
                .any(|t| template::needs_groups(t))
                .then(|| pattern::translate(pattern));
            let names = groups
                .as_deref()
                .map(pattern::group_names)
                .unwrap_or_default();
            ctx.templates(replace, &names, p.span().start)?;
            triggers.push(Trigger {
                regex: loaded.engine.pattern,
                is_phrase: false,
                groups,
                replace: replace.clone(),
                sets_case_flag: loaded.sets_case_flag,
            });
        }
        let placeholder = match &r.placeholder {
            Some(t) => {
                ctx.templates(std::slice::from_ref(t.get_ref()), &[], t.span().start)?;
                Some(t.get_ref().clone())
            }
            None => None,
        };
        let scope = match &r.scope {
            None => Scope::Sentence,
            Some(s) => ctx.scope(s.get_ref(), s.span().start)?,
        };
        let requires = r
            .requires
            .iter()
            .map(|c| ctx.condition(c))
            .collect::<Result<_, _>>()?;
        let unless = (r.unless.iter())
            .map(|c| ctx.condition(c))
            .chain(pack_unless.iter().cloned().map(Ok))
            .collect::<Result<_, _>>()?;
        rules.push(Rule {
            id,
            category: category.clone(),
            severity: r.severity,
            message: ctx.message(&r.message)?,
            rationale: r.rationale.trim().to_string(),
            references: r.references.clone(),
            rewrite: r.rewrite.clone(),
            fire: ctx.examples(&r.fire)?,
            clean: ctx.examples(&r.clean)?,
            at: ctx.at(spanned.span().start),
            detect: Detect::Claim {
                triggers,
                fix: r.fix.unwrap_or(Applicability::Unsafe),
                placeholder,
                scope,
                requires,
                unless,
            },
        });
    }

    for spanned in &raw.disclosure {
        let d = spanned.get_ref();
        let id = ctx.rule_id(&pack_id, &d.id, &mut seen)?;
        let name = d.name.get_ref();
        let category = format!("missing-{name}");
        if !DISCLOSURE_NAMES.contains(&name.as_str())
            && !declared.contains(name.as_str())
            && !declared.contains(category.as_str())
        {
            return ctx.err(
                RuleErrorKind::Category,
                d.name.span().start,
                format!(
                    "unknown disclosure `{name}`: use one of {} or declare it in [pack] categories",
                    DISCLOSURE_NAMES.join(", ")
                ),
            );
        }
        if (d.when.is_empty() && d.when_found.is_empty()) || d.accepted.is_empty() {
            return ctx.err(
                RuleErrorKind::Invalid,
                spanned.span().start,
                format!(
                    "disclosure `{id}` needs a `when` condition or a `when-found` category, and an `accepted` form"
                ),
            );
        }
        for c in &d.when_found {
            let known = CLAIM_CATEGORIES.contains(&c.get_ref().as_str())
                || declared.contains(c.get_ref().as_str());
            if !known {
                return ctx.err(
                    RuleErrorKind::Category,
                    c.span().start,
                    format!(
                        "`when-found` names `{}`, which is not a claim category: use one of {} or declare it in [pack] categories",
                        c.get_ref(),
                        CLAIM_CATEGORIES.join(", ")
                    ),
                );
            }
        }
        let when = d
            .when
            .iter()
            .map(|c| ctx.condition(c))
            .collect::<Result<_, _>>()?;
        let alternation = |forms: &[Spanned<String>]| {
            ctx.alternation(
                forms.iter().map(|a| (a.get_ref().as_str(), a.span().start)),
                Some(Scope::Document),
            )
        };
        let accepted = alternation(&d.accepted)?;
        let insert = d.insert.get_ref().trim().to_string();
        let names_uses = insert.contains("{uses}");
        let uses_agree = names_uses != d.uses.is_empty();
        if !uses_agree || (names_uses && d.uses_default.is_none()) {
            return ctx.err(
                RuleErrorKind::Invalid,
                d.insert.span().start,
                "an `insert` that names the page's uses (`{uses}`) needs `uses` and `uses-default`, and `uses` needs `{uses}` in the insert",
            );
        }
        let mut uses = Vec::with_capacity(d.uses.len());
        for u in &d.uses {
            let condition = ctx.alternation(
                std::iter::once((u.get_ref().pattern.as_str(), u.span().start)),
                Some(Scope::Document),
            )?;
            uses.push((u.get_ref().name.clone(), condition));
        }
        let mut regions = Vec::with_capacity(d.regions.len());
        for (region, forms) in &d.regions {
            if !REGIONS.contains(&region.as_str()) {
                return ctx.err(
                    RuleErrorKind::Invalid,
                    forms.span().start,
                    format!(
                        "unknown region `{region}`: use one of {}",
                        REGIONS.join(", ")
                    ),
                );
            }
            let f = forms.get_ref();
            regions.push(RegionForms {
                region: region.clone(),
                accepted: if f.accepted.is_empty() {
                    None
                } else {
                    Some(alternation(&f.accepted)?)
                },
                insert: f.insert.as_ref().map(|i| i.trim().to_string()),
            });
        }
        let mut detect = DisclosureDetect {
            when,
            when_found: d.when_found.iter().map(|c| c.get_ref().clone()).collect(),
            accepted_anywhere: accepted.clone(),
            accepted,
            insert: insert.clone(),
            uses,
            uses_default: d.uses_default.clone().unwrap_or_default(),
            insert_anywhere: insert,
            regions,
        };
        detect.use_region(DEFAULT_REGION);
        rules.push(Rule {
            id,
            category,
            severity: d.severity,
            message: ctx.message(&d.message)?,
            rationale: d.rationale.trim().to_string(),
            references: d.references.clone(),
            rewrite: Some(detect.insert_naming(&[])),
            fire: ctx.examples(&d.fire)?,
            clean: ctx.examples(&d.clean)?,
            at: ctx.at(spanned.span().start),
            detect: Detect::Disclosure(Box::new(detect)),
        });
    }

    Ok(Pack {
        id: pack_id,
        name: raw.pack.name,
        version: raw.pack.version,
        description: raw.pack.description.trim().to_string(),
        origin: origin.to_string(),
        active_when,
        rules,
    })
}
