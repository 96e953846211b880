//! The README's example pack loads, compiles and behaves as its examples say.

use claimlint::{Linter, RuleSet};

#[test]
fn readme_small_pack_loads_and_its_examples_hold() {
    let readme = include_str!("../README.md");
    let section = readme
        .split("### A complete small pack")
        .nth(1)
        .expect("section exists");
    let pack = section
        .split("```toml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a toml block");
    let set = RuleSet::from_toml("README.md", pack).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(set.rules().count(), 3);
    let linter = Linter::new(&set).unwrap_or_else(|e| panic!("{e}"));
    let found = linter.check("Ketamine is FDA-approved for depression.");
    let rules: Vec<_> = found.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, ["house/off-label", "house/fda-approved"]);
}
