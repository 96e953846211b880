//! The README's example pack loads, compiles and behaves as its examples
//! say, and its example config is one the library reads.

use claimlint::{Config, Linter, RuleSet, Severity};

/// The first ```toml block after `heading`.
fn toml_after(heading: &str) -> &'static str {
    let readme = include_str!("../README.md");
    readme
        .split(heading)
        .nth(1)
        .expect("section exists")
        .split("```toml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a toml block")
}

#[test]
fn readme_small_pack_loads_and_its_examples_hold() {
    let pack = toml_after("### A complete small pack");
    let set = RuleSet::from_toml("README.md", pack).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(set.rules().count(), 3);
    let linter = Linter::new(&set).unwrap_or_else(|e| panic!("{e}"));
    let found = linter.check("Ketamine is FDA-approved for depression.");
    let rules: Vec<_> = found.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, ["house/off-label", "house/fda-approved"]);
}

#[test]
fn readme_config_is_a_valid_config_for_the_built_in_packs() {
    let source = toml_after("## Configuration");
    let config = Config::from_toml("README.md", source).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.pack_files().collect::<Vec<_>>(),
        ["house-rules.toml"]
    );
    let mut rules = config.builtin_rules().unwrap();
    config
        .configure(&mut rules)
        .unwrap_or_else(|e| panic!("{e}"));
    let severity = |id: &str| rules.rule(id).map(|r| r.severity());
    assert_eq!(severity("health-claims/hype"), Some(Severity::Info));
    // A glob: a warning in the pack, an error here.
    assert_eq!(severity("ketamine/unproven-use"), Some(Severity::Error));
    assert_eq!(config.fail_on(), Some(Severity::Error));
}
