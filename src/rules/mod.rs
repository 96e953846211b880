//! Rule packs: the data model that rule files are loaded into.
//!
//! A [`RuleSet`] holds packs loaded from TOML (see `rules/README.md` for the
//! format). It is plain data: compile it into a [`crate::Linter`] to lint.

mod builtin;
mod load;
mod selector;
pub(crate) mod template;

use serde::{Deserialize, Serialize};
use std::fmt;

pub use builtin::BUILTIN_PACKS;
pub use selector::{Selection, Selector, SelectorError, SelectorErrorKind};

use crate::error::RuleError;
use load::Patterns;

/// The claim categories of the taxonomy (`TAXONOMY.md`). Tools that read
/// claimlint's output rely on these names, so they never change.
pub const CLAIM_CATEGORIES: &[&str] = &[
    "fda-status",
    "mechanism",
    "cure-guarantee",
    "safety-absolute",
    "side-effects-minimized",
    "efficacy-overclaim",
    "comparative",
    "brain-repair",
    "unsupported-statistic",
    "vague-citation",
    "testimonial-typicality",
    "suicide-claim",
    "hype",
    "compounded-drug",
];

/// The disclosures of the taxonomy; a missing one is reported with the
/// category `missing-<name>`.
pub const DISCLOSURE_NAMES: &[&str] = &[
    "off-label",
    "results-vary",
    "medical-advice",
    "crisis-resource",
];

/// The regions a disclosure may have forms for (`[disclosure.regions.uk]`):
/// the United States (the default), Canada, the United Kingdom, Ireland,
/// Australia and New Zealand. A page's region decides which crisis and
/// emergency numbers count and which one is suggested.
pub const REGIONS: &[&str] = &["us", "ca", "uk", "ie", "au", "nz"];

/// The region a rule set uses until [`RuleSet::set_region`] says otherwise.
pub const DEFAULT_REGION: &str = "us";

/// The origin prefix of the built-in packs.
const BUILTIN_ORIGIN: &str = "builtin:";

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; never fails a build unless asked to.
    Info,
    /// Likely to draw a complaint or an ad rejection.
    Warning,
    /// A claim regulators act on.
    Error,
}

impl Severity {
    /// The lowercase name used in rule files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a suggestion may be applied without a human reading it.
/// Ordered: `DisplayOnly < Unsafe < Safe`, so "at least unsafe" includes
/// safe ones, and display-only ones are never applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown to the writer, never applied: it holds a placeholder to fill
    /// in ("[source: author, year, DOI]") or a fact only they can check.
    DisplayOnly,
    /// Changes meaning or legal wording: applied only with `--unsafe-fixes`.
    Unsafe,
    /// Keeps the meaning: applied by `--fix`.
    Safe,
}

/// Whether a rule reports passages or a missing disclosure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// Reports each passage that makes the claim.
    Claim,
    /// Reports, once per document, a disclosure the document needs and lacks.
    Disclosure,
}

/// An example from a rule file, with where it stands in the file.
#[derive(Clone, Debug)]
pub struct Example {
    /// The example text.
    pub text: String,
    pub(crate) at: (usize, usize),
}

/// One rule of a pack, claim or disclosure: what `claimlint rules` lists and
/// `claimlint explain` prints.
#[derive(Clone, Debug)]
pub struct Rule {
    pub(crate) id: String,
    pub(crate) category: String,
    pub(crate) severity: Severity,
    pub(crate) message: String,
    pub(crate) rationale: String,
    pub(crate) references: Vec<String>,
    pub(crate) rewrite: Option<String>,
    pub(crate) fire: Vec<Example>,
    pub(crate) clean: Vec<Example>,
    pub(crate) at: (usize, usize),
    pub(crate) detect: Detect,
}

/// How a rule detects what it reports (compiled by the linter).
#[derive(Clone, Debug)]
pub(crate) enum Detect {
    Claim {
        triggers: Vec<Trigger>,
        fix: Applicability,
        /// A display-only suggestion offered after the replacements.
        placeholder: Option<String>,
        scope: Scope,
        requires: Vec<Condition>,
        unless: Vec<Condition>,
    },
    Disclosure(Box<DisclosureDetect>),
}

/// How a disclosure decides that a document needs it and has it.
#[derive(Clone, Debug)]
pub(crate) struct DisclosureDetect {
    /// Document-level conditions that must all match.
    pub(crate) when: Vec<Condition>,
    /// Claim categories: the document needs the disclosure when it has a
    /// finding in one of them (and `when` holds).
    pub(crate) when_found: Vec<String>,
    /// What satisfies it in every region (with the clinic's own wordings).
    pub(crate) accepted_anywhere: Condition,
    /// What satisfies it in the rule set's region: `accepted_anywhere` and
    /// the region's own forms.
    pub(crate) accepted: Condition,
    /// The sentence offered as an insertion, in the rule set's region; it
    /// may name the document's `uses` (`{uses}`).
    pub(crate) insert: String,
    /// The uses a document may promote, each with the pattern that finds
    /// it, named in the insertion where `{uses}` stands.
    pub(crate) uses: Vec<(String, Condition)>,
    /// What `{uses}` says when the document names none of them.
    pub(crate) uses_default: String,
    /// The insertion outside any region's own (`insert` in the pack).
    pub(crate) insert_anywhere: String,
    /// Forms for particular regions: accepted patterns and an insertion.
    pub(crate) regions: Vec<RegionForms>,
}

/// A disclosure's forms for one region.
#[derive(Clone, Debug)]
pub(crate) struct RegionForms {
    pub(crate) region: String,
    pub(crate) accepted: Option<Condition>,
    pub(crate) insert: Option<String>,
}

impl DisclosureDetect {
    /// Take the forms of `region` (those outside any region where it has
    /// none of its own).
    pub(crate) fn use_region(&mut self, region: &str) {
        let forms = self.regions.iter().find(|r| r.region == region);
        self.accepted = self.accepted_anywhere.clone();
        if let Some(extra) = forms.and_then(|f| f.accepted.as_ref()) {
            self.accepted.regex = format!("{}|{}", self.accepted.regex, extra.regex);
            self.accepted.sets_case_flag |= extra.sets_case_flag;
        }
        self.insert = forms
            .and_then(|f| f.insert.clone())
            .unwrap_or_else(|| self.insert_anywhere.clone());
    }

    /// The insertion with `{uses}` filled in from the names of the uses the
    /// document promotes (`named`), in the order the pack lists them.
    pub(crate) fn insert_naming(&self, named: &[&str]) -> String {
        if self.uses.is_empty() {
            return self.insert.clone();
        }
        let list = match named {
            [] => self.uses_default.clone(),
            [one] => (*one).to_string(),
            [a, b] => format!("{a} and {b}"),
            [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
        };
        self.insert.replace("{uses}", &list)
    }
}

/// One phrase or pattern of a claim rule, already in engine syntax.
#[derive(Clone, Debug)]
pub(crate) struct Trigger {
    pub(crate) regex: String,
    pub(crate) is_phrase: bool,
    pub(crate) replace: Vec<String>,
    /// The pattern with its named groups (engine syntax before the class
    /// rewrites), where a replacement refers to them.
    pub(crate) groups: Option<String>,
    /// Whether the author made part of it case-sensitive (`(?-i:…)`).
    pub(crate) sets_case_flag: bool,
}

/// A context condition: any of its patterns, looked for within a scope.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Condition {
    /// The alternation of the condition's patterns, in engine syntax.
    pub(crate) regex: String,
    /// Where to look; `None` means the rule's own scope.
    pub(crate) within: Option<Scope>,
    /// Whether the author made part of it case-sensitive (`(?-i:…)`).
    pub(crate) sets_case_flag: bool,
}

/// The text a condition looks at, relative to a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    Sentence,
    Clause,
    Paragraph,
    Document,
    Before(usize),
    After(usize),
    Around(usize),
}

impl Scope {
    fn parse(s: &str) -> Option<Scope> {
        let words = |n: &str| n.trim().parse::<usize>().ok().filter(|&n| n > 0);
        Some(match s.trim() {
            "sentence" => Scope::Sentence,
            "clause" => Scope::Clause,
            "paragraph" => Scope::Paragraph,
            "document" => Scope::Document,
            s => {
                let (side, n) = s.split_once(':')?;
                let n = words(n)?;
                match side.trim() {
                    "before" => Scope::Before(n),
                    "after" => Scope::After(n),
                    "around" => Scope::Around(n),
                    _ => return None,
                }
            }
        })
    }
}

impl Rule {
    /// The stable id, `<pack>/<name>`.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The category (taxonomy name, or `missing-<name>` for a disclosure).
    pub fn category(&self) -> &str {
        &self.category
    }
    /// The severity of its findings.
    pub fn severity(&self) -> Severity {
        self.severity
    }
    /// The message template (`{match}` stands for the matched text).
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The fact behind the rule.
    pub fn rationale(&self) -> &str {
        &self.rationale
    }
    /// URLs of the regulation or guidance.
    pub fn references(&self) -> &[String] {
        &self.references
    }
    /// A compliant way to say it, where one exists.
    pub fn rewrite(&self) -> Option<&str> {
        self.rewrite.as_deref()
    }
    /// Examples the rule must report.
    pub fn fire_examples(&self) -> &[Example] {
        &self.fire
    }
    /// Examples the rule must not report.
    pub fn clean_examples(&self) -> &[Example] {
        &self.clean
    }
    /// Claim or disclosure.
    pub fn kind(&self) -> RuleKind {
        match self.detect {
            Detect::Claim { .. } => RuleKind::Claim,
            Detect::Disclosure { .. } => RuleKind::Disclosure,
        }
    }
    /// The one-line summary: the message up to its first sentence end.
    pub fn summary(&self) -> String {
        let first = self.message.split(". ").next().unwrap_or(&self.message);
        first
            .replace("{match}", "…")
            .trim_end_matches('.')
            .to_string()
    }
    /// For a disclosure, the sentence offered as an insertion.
    pub fn disclosure_text(&self) -> Option<&str> {
        match &self.detect {
            Detect::Disclosure(_) => self.rewrite.as_deref(),
            Detect::Claim { .. } => None,
        }
    }
    /// Change the severity (a project's override).
    pub fn set_severity(&mut self, severity: Severity) {
        self.severity = severity;
    }
}

/// A loaded rule pack.
#[derive(Clone, Debug)]
pub struct Pack {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) description: String,
    pub(crate) origin: String,
    pub(crate) active_when: Option<Condition>,
    pub(crate) rules: Vec<Rule>,
}

impl Pack {
    /// The pack id, the prefix of its rule ids.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Human name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The pack's version string.
    pub fn version(&self) -> &str {
        &self.version
    }
    /// What the pack covers.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// Where it was loaded from (a file name, or `builtin:<id>`).
    pub fn origin(&self) -> &str {
        &self.origin
    }
    /// Whether it is one of the packs embedded in the crate.
    pub fn is_builtin(&self) -> bool {
        self.origin.starts_with(BUILTIN_ORIGIN)
    }
    /// Its rules and disclosures, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}

/// A set of rule packs, ready to compile into a [`crate::Linter`].
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    packs: Vec<Pack>,
}

impl RuleSet {
    /// An empty set.
    pub fn new() -> RuleSet {
        RuleSet::default()
    }

    /// The built-in packs, embedded in the crate.
    ///
    /// # Errors
    /// Never in a released build: the tests load every built-in pack. The
    /// `Result` keeps a broken edit of `rules/` from becoming a panic.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        RuleSet::builtin_where(|_| true)
    }

    /// The built-in packs whose names `keep` accepts, and no others: a
    /// project that names two packs loads only those.
    pub(crate) fn builtin_where(keep: impl Fn(&str) -> bool) -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::new();
        for (name, source) in BUILTIN_PACKS.iter().filter(|(name, _)| keep(name)) {
            let origin = format!("{BUILTIN_ORIGIN}rules/{name}.toml");
            set.add(load::parse_pack(&origin, source, Patterns::Trusted)?)?;
        }
        Ok(set)
    }

    /// Load one pack from TOML text. `origin` names it in errors (a path).
    ///
    /// # Errors
    /// A [`RuleError`] at the line and column of the first problem.
    pub fn from_toml(origin: &str, source: &str) -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::new();
        set.add_toml(origin, source)?;
        Ok(set)
    }

    /// Add one pack from TOML text.
    ///
    /// # Errors
    /// A [`RuleError`] for an invalid pack, or a pack or rule id that is
    /// already in the set.
    pub fn add_toml(&mut self, origin: &str, source: &str) -> Result<(), RuleError> {
        let pack = load::parse_pack(origin, source, Patterns::Checked)?;
        self.add(pack)
    }

    /// Read and add a pack file. This and [`RuleSet::add_file`]'s callers are
    /// the only I/O in the library; linting itself never touches the disk.
    ///
    /// # Errors
    /// A [`RuleError`] of kind `Io` when the file cannot be read, or any
    /// error of [`RuleSet::add_toml`].
    pub fn add_file(&mut self, path: &std::path::Path) -> Result<(), RuleError> {
        let origin = path.display().to_string();
        let source = std::fs::read_to_string(path).map_err(|e| {
            RuleError::new(crate::RuleErrorKind::Io, &origin, (0, 0), e.to_string())
        })?;
        self.add_toml(&origin, &source)
    }

    fn add(&mut self, pack: Pack) -> Result<(), RuleError> {
        if let Some(other) = self.packs.iter().find(|p| p.id == pack.id) {
            return Err(RuleError::new(
                crate::RuleErrorKind::Id,
                &pack.origin,
                (1, 1),
                format!(
                    "pack id `{}` is already loaded from {}",
                    pack.id, other.origin
                ),
            ));
        }
        self.packs.push(pack);
        Ok(())
    }

    /// The packs, in load order.
    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    /// Every rule of every pack, in load order.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.packs.iter().flat_map(|p| p.rules.iter())
    }

    /// The rule with this exact id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules().find(|r| r.id == id)
    }

    /// Keep only the rules for which `keep` returns true (rule selection).
    pub fn retain(&mut self, mut keep: impl FnMut(&Rule) -> bool) {
        for pack in &mut self.packs {
            pack.rules.retain(&mut keep);
        }
    }

    /// Lint for pages of `region` (one of [`REGIONS`]; [`DEFAULT_REGION`]
    /// until this is called): disclosures with forms for it accept those
    /// (a UK page's Samaritans number satisfies the crisis resource) and
    /// suggest its wording. Returns `false`, changing nothing, for a region
    /// that is not one of [`REGIONS`].
    pub fn set_region(&mut self, region: &str) -> bool {
        if !REGIONS.contains(&region) {
            return false;
        }
        for rule in self.rules_mut() {
            if let Detect::Disclosure(d) = &mut rule.detect {
                d.use_region(region);
                rule.rewrite = Some(d.insert_naming(&[]));
            }
        }
        true
    }

    /// Accept `wording` (literal text, matched like a phrase) as one more form
    /// of every disclosure named `name` (`"off-label"`, or its category
    /// `"missing-off-label"`): a clinic's own disclaimer satisfies the
    /// disclosure. Returns how many disclosures took the wording.
    pub fn accept_disclosure_wording(&mut self, name: &str, wording: &str) -> usize {
        let category = if name.starts_with("missing-") {
            name.to_string()
        } else {
            format!("missing-{name}")
        };
        if wording.trim().is_empty() {
            return 0;
        }
        let extra = format!("|(?:{})", crate::engine::pattern::phrase(wording));
        let mut count = 0;
        for rule in self.rules_mut().filter(|r| r.category == category) {
            if let Detect::Disclosure(d) = &mut rule.detect {
                d.accepted_anywhere.regex.push_str(&extra);
                d.accepted.regex.push_str(&extra);
                count += 1;
            }
        }
        count
    }

    /// Mutable access to every rule (severity overrides).
    pub fn rules_mut(&mut self) -> impl Iterator<Item = &mut Rule> {
        self.packs.iter_mut().flat_map(|p| p.rules.iter_mut())
    }
}
