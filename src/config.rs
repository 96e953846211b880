//! A project's config, `claimlint.toml`: which packs and rules, their
//! severities, the readers' region, the clinic's own disclosure wording,
//! and overrides for some paths.
//!
//! A clinic's site keeps its compliance choices next to its copy, so every
//! run (an editor, CI, a CMS plugin, a colleague's laptop) lints the same
//! way. The command line and hosts read it through this one type, so they
//! cannot disagree on what a config means. The library reads no file: the
//! host passes the TOML text in, and loads the pack files it names
//! ([`Config::pack_files`], relative to the config's folder) itself.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Diagnostic;
use crate::document::{DocumentOptions, Format};
use crate::error::{ConfigError, RuleError};
use crate::rules::{RuleSet, Selection, Selector, Severity, BUILTIN_PACKS, REGIONS};
use crate::span::LineIndex;

/// The file as written. Unknown keys are errors: a misspelt `ignore` would
/// otherwise leave a rule failing CI with no hint why.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    /// Built-in pack names or pack files (relative to the config). Empty:
    /// every built-in pack.
    #[serde(default)]
    packs: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
    #[serde(default)]
    per_path: Vec<RawPerPath>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    /// Disclosure name (`off-label`) to extra wording that satisfies it.
    #[serde(default)]
    disclosures: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    /// The readers' region (`uk`): which crisis numbers count.
    region: Option<Spanned<String>>,
    fail_on: Option<Severity>,
    /// Glob (relative to the config) to the format of the files it matches.
    #[serde(default)]
    formats: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Front-matter fields linted besides the default ones.
    #[serde(default)]
    front_matter: Vec<Spanned<String>>,
}

/// A `[[per-path]]` table: overrides for the files its glob matches.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPerPath {
    glob: Spanned<String>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
}

/// A project config (`claimlint.toml`), read from its TOML text.
///
/// Apply it in two steps: [`Config::configure`] to the rules before
/// compiling them (region, disclosure wording, severities; it also checks
/// that every selector names a loaded rule), then [`Config::apply`] to each
/// document's findings (`select`, `ignore` and the `[[per-path]]` tables).
/// [`Config::default`] is the config of a project without a file: every
/// built-in pack, every rule, nothing overridden.
///
/// # Example: a CMS applies a site's config
/// ```
/// use std::path::Path;
/// use claimlint::{Config, Format, Linter, Severity};
///
/// let config = Config::from_toml("claimlint.toml", r#"
/// packs = ["health-claims"]
/// ignore = ["health-claims/results-vary"]
/// [severity]
/// "hype" = "info"
/// [[per-path]]
/// glob = "stories/**"
/// ignore = ["cure-guarantee"]
/// "#)?;
/// let mut rules = config.builtin_rules()?;
/// // A pack file the config names would be added here, with `rules.add_file`.
/// assert_eq!(config.pack_files().count(), 0);
/// config.configure(&mut rules)?;
/// let linter = Linter::new(&rules)?;
///
/// let page = "A miracle cure for stress.";
/// let mut found = linter.check_document(page, Format::Markdown);
/// config.apply(Some(Path::new("pages/stress.md")), &mut found);
/// let rules: Vec<_> = found.iter().map(|d| (d.rule.as_str(), d.severity)).collect();
/// assert_eq!(rules, [("health-claims/hype", Severity::Info), ("health-claims/cure", Severity::Error)]);
///
/// let mut found = linter.check_document(page, Format::Markdown);
/// config.apply(Some(Path::new("stories/dana.md")), &mut found);
/// assert_eq!(found.len(), 1, "patient stories may say 'cure'");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Config {
    origin: String,
    /// The TOML text, for the position of an error found once the rules
    /// are known ([`Config::configure`]).
    source: String,
    raw: Raw,
    selection: Selection,
    /// `[severity]`, shortest selector first: the longest one that names a
    /// rule is applied last and wins.
    severity: Vec<(Selector, Severity)>,
    per_path: Vec<Layer>,
    include: GlobSet,
    exclude: GlobSet,
    /// `[formats]`, the longest glob last (it wins).
    formats: Vec<(GlobMatcher, Format)>,
}

/// A `[[per-path]]` table, compiled.
#[derive(Clone, Debug)]
struct Layer {
    glob: GlobMatcher,
    select: Vec<Selector>,
    ignore: Vec<Selector>,
    severity: Vec<(Selector, Severity)>,
}

impl Config {
    /// Read a config from its TOML text. `origin` names it in errors (its
    /// path).
    ///
    /// # Errors
    /// A [`ConfigError`] at the line and column of the first problem: TOML
    /// that does not parse, an unknown key, a value of the wrong type, an
    /// unknown region, a pack that is neither built in nor a `.toml` file,
    /// a malformed glob or selector.
    pub fn from_toml(origin: &str, source: &str) -> Result<Config, ConfigError> {
        let lines = LineIndex::new(source);
        let at = |span: Range<usize>| {
            let p = lines.position(source, span.start);
            (p.line, p.column)
        };
        let raw: Raw = toml::from_str(source).map_err(|e| {
            let position = at(e.span().unwrap_or(0..0));
            ConfigError::new(origin, position, e.message().trim_end())
        })?;
        let err = |value: &Spanned<String>, message: String| {
            ConfigError::new(origin, at(value.span()), message)
        };
        let selectors = |key: &str, list: &[Spanned<String>]| {
            list.iter()
                .map(|s| Selector::parse(s.get_ref()).map_err(|e| err(s, format!("{key} {e}"))))
                .collect::<Result<Vec<_>, _>>()
        };
        let severities = |key: &str, map: &BTreeMap<Spanned<String>, Severity>| {
            let mut pairs = Vec::new();
            for (s, severity) in map {
                let selector =
                    Selector::parse(s.get_ref()).map_err(|e| err(s, format!("{key} {e}")))?;
                pairs.push((selector, *severity));
            }
            pairs.sort_by_key(|(s, _): &(Selector, Severity)| s.as_str().len());
            Ok::<_, ConfigError>(pairs)
        };
        let glob = |key: &str, g: &Spanned<String>| {
            Glob::new(g.get_ref()).map_err(|e| err(g, format!("{key}: {e}")))
        };
        let globs = |key: &str, list: &[Spanned<String>]| {
            let mut set = GlobSetBuilder::new();
            for g in list {
                set.add(glob(key, g)?);
            }
            // Every glob built alone, so the set builds too.
            set.build()
                .map_err(|e| ConfigError::new(origin, (1, 1), format!("{key}: {e}")))
        };

        let builtin = |name: &str| BUILTIN_PACKS.iter().any(|(n, _)| *n == name);
        if let Some(bad) =
            (raw.packs.iter()).find(|p| !builtin(p.get_ref()) && !p.get_ref().ends_with(".toml"))
        {
            let names: Vec<&str> = BUILTIN_PACKS.iter().map(|(n, _)| *n).collect();
            return Err(err(
                bad,
                format!(
                    "packs: {:?} is neither a built-in pack ({}) nor a .toml file",
                    bad.get_ref(),
                    names.join(", ")
                ),
            ));
        }
        if let Some(region) = raw
            .region
            .as_ref()
            .filter(|r| !REGIONS.contains(&r.get_ref().as_str()))
        {
            return Err(err(
                region,
                format!(
                    "region: unknown region {:?}: use one of {}",
                    region.get_ref(),
                    REGIONS.join(", ")
                ),
            ));
        }
        let mut formats = Vec::new();
        for (g, name) in &raw.formats {
            let Some(format) = Format::parse(name.get_ref()) else {
                return Err(err(
                    name,
                    format!(
                        "formats: {:?} is not a format: use text, markdown, mdx or html",
                        name.get_ref()
                    ),
                ));
            };
            formats.push((
                g.get_ref().len(),
                glob("formats", g)?.compile_matcher(),
                format,
            ));
        }
        formats.sort_by_key(|(len, _, _)| *len);
        let mut per_path = Vec::new();
        for (i, per) in raw.per_path.iter().enumerate() {
            let key = format!("per-path[{i}]");
            per_path.push(Layer {
                glob: glob(&key, &per.glob)?.compile_matcher(),
                select: selectors(&format!("{key}: select"), &per.select)?,
                ignore: selectors(&format!("{key}: ignore"), &per.ignore)?,
                severity: severities(&format!("{key}: severity"), &per.severity)?,
            });
        }
        Ok(Config {
            origin: origin.to_string(),
            source: source.to_string(),
            selection: Selection::new(
                selectors("select", &raw.select)?,
                selectors("ignore", &raw.ignore)?,
            ),
            severity: severities("severity", &raw.severity)?,
            per_path,
            include: globs("include", &raw.include)?,
            exclude: globs("exclude", &raw.exclude)?,
            formats: formats.into_iter().map(|(_, g, f)| (g, f)).collect(),
            raw,
        })
    }

    /// The name given to [`Config::from_toml`].
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The built-in packs that `packs` names (none, when it names only
    /// files), or every one when there is no `packs`.
    ///
    /// # Errors
    /// Never in a released build (see [`RuleSet::builtin`]).
    pub fn builtin_rules(&self) -> Result<RuleSet, RuleError> {
        if self.raw.packs.is_empty() {
            return RuleSet::builtin();
        }
        RuleSet::builtin_where(|name| self.raw.packs.iter().any(|p| p.get_ref() == name))
    }

    /// The pack files that `packs` names, as written: relative to the
    /// config's folder. Add them to the rules with [`RuleSet::add_file`]
    /// (or [`RuleSet::add_toml`]) before [`Config::configure`].
    pub fn pack_files(&self) -> impl Iterator<Item = &str> {
        let builtin = |name: &str| BUILTIN_PACKS.iter().any(|(n, _)| *n == name);
        (self.raw.packs.iter())
            .map(|p| p.get_ref().as_str())
            .filter(move |p| !builtin(p))
    }

    /// Apply `region`, `[disclosures]` and `[severity]` to the rules, and
    /// check that every selector of the config names one of them.
    ///
    /// # Errors
    /// A [`ConfigError`] at the value at fault for a selector that names no
    /// loaded rule, or disclosure wording for a disclosure that no loaded
    /// rule has: both are typos that would silently change nothing.
    pub fn configure(&self, rules: &mut RuleSet) -> Result<(), ConfigError> {
        self.check_selectors(rules)?;
        if let Some(region) = &self.raw.region {
            // Checked by `from_toml`.
            rules.set_region(region.get_ref());
        }
        for (name, wordings) in &self.raw.disclosures {
            for wording in wordings {
                if rules.accept_disclosure_wording(name.get_ref(), wording.get_ref()) == 0 {
                    return Err(self.error(
                        name.span(),
                        format!(
                            "disclosures: no loaded disclosure is named {:?} (or the wording is empty)",
                            name.get_ref()
                        ),
                    ));
                }
            }
        }
        for rule in rules.rules_mut() {
            if let Some((_, severity)) = self
                .severity
                .iter()
                .rev()
                .find(|(s, _)| s.matches_rule(rule))
            {
                rule.set_severity(*severity);
            }
        }
        Ok(())
    }

    /// Every selector, as written, against the loaded rules.
    fn check_selectors(&self, rules: &RuleSet) -> Result<(), ConfigError> {
        let raw = &self.raw;
        let mut written: Vec<(String, &Spanned<String>)> = Vec::new();
        written.extend(raw.select.iter().map(|s| ("select".to_string(), s)));
        written.extend(raw.ignore.iter().map(|s| ("ignore".to_string(), s)));
        written.extend(raw.severity.keys().map(|s| ("severity".to_string(), s)));
        for (i, per) in raw.per_path.iter().enumerate() {
            let key = |k: &str| format!("per-path[{i}]: {k}");
            written.extend(per.select.iter().map(|s| (key("select"), s)));
            written.extend(per.ignore.iter().map(|s| (key("ignore"), s)));
            written.extend(per.severity.keys().map(|s| (key("severity"), s)));
        }
        for (key, selector) in written {
            Selector::new(selector.get_ref(), rules)
                .map_err(|e| self.error(selector.span(), format!("{key} {e}")))?;
        }
        Ok(())
    }

    fn error(&self, span: Range<usize>, message: String) -> ConfigError {
        let p = LineIndex::new(&self.source).position(&self.source, span.start);
        ConfigError::new(&self.origin, (p.line, p.column), message)
    }

    /// The rules that run, as `select` and `ignore` say.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// Replace the selection (the command line combines its `--select` and
    /// `--ignore` with the config's).
    pub fn set_selection(&mut self, selection: Selection) {
        self.selection = selection;
    }

    /// `fail-on`: the least severity that fails a run, if the config sets it.
    pub fn fail_on(&self) -> Option<Severity> {
        self.raw.fail_on
    }

    /// Whether a file found by walking the project is linted: `include`
    /// (when given) matches it and `exclude` does not. `path` is relative
    /// to the config's folder.
    pub fn includes(&self, path: &Path) -> bool {
        (self.include.is_empty() || self.include.is_match(path)) && !self.exclude.is_match(path)
    }

    /// The format `[formats]` gives the file at `path` (relative to the
    /// config's folder; the longest matching glob wins), if any: `.mdx`
    /// pages of a Docusaurus site as `"**/*.md" = "mdx"`, templates of an
    /// unusual extension as HTML.
    pub fn format_for(&self, path: &Path) -> Option<Format> {
        (self.formats.iter().rev())
            .find(|(glob, _)| glob.is_match(path))
            .map(|(_, format)| *format)
    }

    /// How documents are read: the default front-matter fields and the
    /// config's `front-matter` ones.
    pub fn document_options(&self) -> DocumentOptions {
        DocumentOptions::default()
            .with_front_matter_fields(self.raw.front_matter.iter().map(|f| f.get_ref().clone()))
    }

    /// Apply the config to one document's findings: drop those of rules
    /// that `select` and `ignore` leave out, set `[severity]` (which
    /// covers the engine's rules too, that no pack holds), then apply each
    /// `[[per-path]]` table whose glob matches `path` (its `select`
    /// narrows, its `ignore` leaves out more, its severities win).
    ///
    /// `path` is relative to the config's folder; `None` for a document
    /// outside the project, where no `[[per-path]]` applies.
    pub fn apply(&self, path: Option<&Path>, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| self.selection.keeps_diagnostic(d));
        set_severity(&self.severity, diagnostics);
        let layers = self
            .per_path
            .iter()
            .filter(|layer| path.is_some_and(|p| layer.glob.is_match(p)));
        for layer in layers {
            let named = |list: &[Selector], d: &Diagnostic| {
                list.iter().any(|s| s.matches(&d.rule, &d.category))
            };
            diagnostics.retain(|d| {
                (layer.select.is_empty() || named(&layer.select, d)) && !named(&layer.ignore, d)
            });
            set_severity(&layer.severity, diagnostics);
        }
    }
}

/// Set each finding's severity from the longest selector (the last, in
/// `by_length`) that names its rule.
fn set_severity(by_length: &[(Selector, Severity)], diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        if let Some((_, severity)) = by_length
            .iter()
            .rev()
            .find(|(s, _)| s.matches(&d.rule, &d.category))
        {
            d.severity = *severity;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(source: &str) -> String {
        Config::from_toml("c.toml", source).unwrap_err().to_string()
    }

    #[test]
    fn formats_map_globs_the_longest_winning_and_front_matter_adds_fields() {
        let config = Config::from_toml(
            "c.toml",
            "front-matter = [\"seo.description\"]\n[formats]\n\"**/*.md\" = \"mdx\"\n\"blog/**/*.md\" = \"markdown\"\n\"*.astro\" = \"html\"\n",
        )
        .unwrap();
        let format = |p: &str| config.format_for(Path::new(p));
        assert_eq!(format("docs/a.md"), Some(Format::Mdx));
        assert_eq!(format("blog/2026/a.md"), Some(Format::Markdown));
        assert_eq!(format("index.astro"), Some(Format::Html));
        assert_eq!(format("a.txt"), None);
        let fields = config.document_options().front_matter_fields;
        assert!(
            fields.iter().any(|f| f == "title") && fields.iter().any(|f| f == "seo.description")
        );
        assert!(error("[formats]\n\"*.astro\" = \"jsx\"\n")
            .starts_with("c.toml:2:13: formats: \"jsx\" is not a format"));
    }

    #[test]
    fn errors_point_at_the_value_at_fault() {
        assert_eq!(error("ignroe = []\n"), "c.toml:1:1: unknown field `ignroe`, expected one of `packs`, `select`, `ignore`, `severity`, `per-path`, `include`, `exclude`, `disclosures`, `region`, `fail-on`, `formats`, `front-matter`");
        assert_eq!(
            error("fail-on = \"sometimes\""),
            "c.toml:1:11: unknown variant `sometimes`, expected one of `info`, `warning`, `error`"
        );
        assert!(
            error("\nregion = \"gb\"").starts_with("c.toml:2:10: region: unknown region \"gb\"")
        );
        assert!(error("packs = [\"ketamin\"]")
            .starts_with("c.toml:1:10: packs: \"ketamin\" is neither a built-in pack"));
        assert!(error("select = [\"a\", \"x/[\"]")
            .starts_with("c.toml:1:16: select \"x/[\" is not a valid glob"));
        assert!(error("[[per-path]]\nglob = \"[\"")
            .starts_with("c.toml:2:8: per-path[0]: error parsing glob"));
        assert!(error("exclude = [\"a\", \"[\"]")
            .starts_with("c.toml:1:17: exclude: error parsing glob"));
    }

    #[test]
    fn selectors_that_name_no_rule_are_errors_at_their_key() {
        let source = "select = [\"hype\"]\n[severity]\n\"hpye\" = \"info\"\n";
        let config = Config::from_toml("c.toml", source).unwrap();
        let mut rules = RuleSet::builtin().unwrap();
        let e = config.configure(&mut rules).unwrap_err();
        assert_eq!((e.line(), e.column()), (3, 1));
        assert!(
            e.message().starts_with("severity \"hpye\" matches no rule"),
            "{e}"
        );
        assert!(e.message().ends_with("(did you mean \"hype\"?)"), "{e}");
    }

    #[test]
    fn disclosure_wording_needs_a_loaded_disclosure() {
        let source = "[disclosures]\noff-label = [\"Used off-label.\"]\n";
        let config = Config::from_toml("c.toml", source).unwrap();
        let mut rules = RuleSet::builtin_where(|name| name == "health-claims").unwrap();
        let e = config.configure(&mut rules).unwrap_err();
        assert_eq!(e.to_string(), "c.toml:2:1: disclosures: no loaded disclosure is named \"off-label\" (or the wording is empty)");
        let mut rules = RuleSet::builtin().unwrap();
        config.configure(&mut rules).unwrap();
    }

    #[test]
    fn packs_name_built_in_packs_and_files() {
        let config = Config::from_toml("c.toml", "packs = [\"ketamine\", \"house.toml\"]").unwrap();
        assert_eq!(config.pack_files().collect::<Vec<_>>(), ["house.toml"]);
        let rules = config.builtin_rules().unwrap();
        let packs: Vec<&str> = rules.packs().iter().map(|p| p.id()).collect();
        assert_eq!(packs, ["ketamine"]);
        let all = Config::default().builtin_rules().unwrap();
        assert_eq!(all.packs().len(), BUILTIN_PACKS.len());
    }

    #[test]
    fn the_longest_severity_selector_wins() {
        let source = "[severity]\n\"health-claims\" = \"info\"\n\"health-claims/h*\" = \"error\"\n\"hype\" = \"warning\"\n";
        let config = Config::from_toml("c.toml", source).unwrap();
        let mut rules = RuleSet::builtin().unwrap();
        config.configure(&mut rules).unwrap();
        let severity = |id: &str| rules.rule(id).unwrap().severity();
        assert_eq!(severity("health-claims/hype"), Severity::Error);
        assert_eq!(severity("health-claims/cure"), Severity::Info);
        assert_eq!(severity("health-claims/breakthrough"), Severity::Info);
    }

    #[test]
    fn include_and_exclude_filter_walked_paths() {
        let config = Config::from_toml(
            "c.toml",
            "include = [\"site/**\"]\nexclude = [\"site/drafts/**\"]",
        )
        .unwrap();
        assert!(config.includes(Path::new("site/a.md")));
        assert!(!config.includes(Path::new("site/drafts/a.md")));
        assert!(!config.includes(Path::new("notes/a.md")));
        assert!(Config::default().includes(Path::new("any/where.md")));
    }
}
