//! Every built-in rule meets the standard: taxonomy category, rationale,
//! references, and at least three examples that must fire and three that
//! must not, each of which behaves as declared.

use claimlint::{
    apply_fixes, Applicability, Format, Linter, RuleKind, RuleSet, Severity, BUILTIN_PACKS,
    CLAIM_CATEGORIES, DISCLOSURE_NAMES,
};

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

/// The rules whose findings must offer an edit: every error-level claim
/// rule, and the vague-citation and unsupported-statistic rules (a
/// placeholder for the source).
fn must_suggest(rule: &claimlint::Rule) -> bool {
    rule.kind() == RuleKind::Claim
        && (rule.severity() == Severity::Error
            || ["vague-citation", "unsupported-statistic"].contains(&rule.category()))
}

/// A linter of the built-in rule `id` alone.
fn alone(id: &str) -> Linter {
    let mut set = RuleSet::builtin().unwrap_or_else(|e| panic!("{e}"));
    set.retain(|r| r.id() == id);
    Linter::compile(&set).unwrap_or_else(|e| panic!("{e}"))
}

/// Each fire example of a rule that must suggest gets at least one
/// suggestion; where the first is a rewrite (not display-only), applying
/// it changes the text and leaves no finding of the rule behind (a fix that
/// re-triggers its own rule never converges).
#[test]
fn error_level_claims_offer_an_edit_that_clears_them() {
    let (set, _) = builtin();
    let mut failures = Vec::new();
    for rule in set.rules().filter(|r| must_suggest(r)) {
        let id = rule.id();
        let linter = alone(id);
        for ex in rule.fire_examples() {
            let text = &ex.text;
            let found: Vec<_> = (linter.check(text).into_iter())
                .filter(|d| d.rule == id)
                .collect();
            if found.is_empty() {
                failures.push(format!("{id}: no finding on {text:?}"));
                continue;
            }
            if let Some(d) = found.iter().find(|d| d.suggestions.is_empty()) {
                failures.push(format!("{id}: no suggestion for {:?} in {text:?}", d.text));
                continue;
            }
            let display_only = (found.iter())
                .filter(|d| d.suggestions[0].applicability == Applicability::DisplayOnly)
                .count();
            if display_only == found.len() {
                continue;
            }
            let fixed = apply_fixes(text, &found, Applicability::Unsafe);
            if fixed.text == *text {
                failures.push(format!(
                    "{id}: applying the rewrite leaves {text:?} as it was"
                ));
                continue;
            }
            let left = (linter.check(&fixed.text).into_iter())
                .filter(|d| d.rule == id)
                .count();
            if left > display_only {
                failures.push(format!(
                    "{id}: {text:?} rewritten as {:?} is reported again",
                    fixed.text
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A suggestion never adds a fact: no digit or '%' the matched text did not
/// have (no invented figure), no "monitor"/"supervis" unless the match said
/// so. Checked on every claim rule's suggestions for its own fire examples
/// (each rule alone, so no finding is merged away) and on the bundled
/// example pages with every built-in rule. Disclosure insertions (a crisis
/// line's number) are not rewrites of the writer's words and are left out,
/// as is the one rule that corrects a phone number.
#[test]
fn no_suggestion_invents_a_figure_or_supervision() {
    let (set, linter) = builtin();
    let mut found = Vec::new();
    for rule in set.rules().filter(|r| r.kind() == RuleKind::Claim) {
        let alone = alone(rule.id());
        for ex in rule.fire_examples() {
            found.extend(alone.check(&ex.text));
        }
    }
    let pages = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .unwrap()
        .chain(
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/packs"))
                .unwrap(),
        );
    for page in pages {
        let path = page.unwrap().path();
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => Format::Html,
            Some("md") => Format::Markdown,
            _ => Format::Text,
        };
        let source = std::fs::read_to_string(&path).unwrap();
        found.extend(linter.check_document(&source, format));
    }
    // The retired crisis line's number is replaced by its successor, 988:
    // a phone number the rule knows, not a figure about a treatment.
    let exempt = ["health-claims/old-crisis-number"];
    let mut failures = Vec::new();
    let rewrites = (found.iter())
        .filter(|d| !d.category.starts_with("missing-") && !exempt.contains(&d.rule.as_str()));
    for d in rewrites {
        let matched = d.text.to_lowercase();
        for s in &d.suggestions {
            let new = s.replacement.to_lowercase();
            let invented_figure = new
                .chars()
                .any(|c| (c.is_ascii_digit() || c == '%') && !matched.contains(c));
            let invented_care = ["monitor", "supervis"]
                .iter()
                .any(|w| new.contains(w) && !matched.contains(w));
            if invented_figure || invented_care {
                failures.push(format!("{}: {:?} -> {:?}", d.rule, d.text, s.replacement));
            }
        }
    }
    assert!(!found.is_empty());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
