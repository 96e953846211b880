//! Missing disclosures: when a page needs one, where the finding points,
//! what the insertion says, and the regions' crisis lines.

use claimlint::{Diagnostic, Linter, RuleSet, REGIONS};

/// A pack of one claim rule (an outcome promise) and `disclosure`.
fn pack(disclosure: &str) -> String {
    format!(
        r#"
[pack]
id = "d"
name = "Disclosures"
version = "1.0.0"
description = "Disclosure tests."

[[rule]]
id = "d/cures"
category = "cure-guarantee"
severity = "error"
message = "cure"
rationale = "r"
references = ["https://example.org/"]
patterns = ['\bcures\b']
unless = [{{ any = ['\bnot\b'], within = "before:3" }}]

[[disclosure]]
id = "d/it"
severity = "warning"
message = "missing"
rationale = "r"
references = ["https://example.org/"]
{disclosure}
"#
    )
}

fn linter(disclosure: &str) -> Linter {
    Linter::new(&RuleSet::from_toml("d.toml", &pack(disclosure)).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn missing(found: &[Diagnostic]) -> Vec<&Diagnostic> {
    found
        .iter()
        .filter(|d| d.category.starts_with("missing-"))
        .collect()
}

const RESULTS_VARY: &str = r#"name = "results-vary"
when-found = ["cure-guarantee"]
accepted = ['\bresults\s+vary\b']
insert = "Results vary.""#;

#[test]
fn a_disclosure_needed_by_findings_points_at_the_first_claim_sentence() {
    let linter = linter(RESULTS_VARY);
    let text = "Welcome to our clinic.\n\nBook today. Our drip cures fatigue. It also cures colds.";
    let found = linter.check(text);
    let m = missing(&found);
    assert_eq!(m.len(), 1, "{found:#?}");
    assert_eq!(m[0].text, "Our drip cures fatigue.");
    assert_eq!((m[0].start.line, m[0].start.column), (3, 13));
    assert_eq!(m[0].suggestions[0].replacement.trim(), "Results vary.");
}

#[test]
fn no_finding_no_disclosure_and_a_negated_claim_is_no_finding() {
    let linter = linter(RESULTS_VARY);
    for text in [
        "Our drip does not cure fatigue, and it is not a cure.",
        "Our drip is not cures-for-all.",
        "Open Monday to Friday.",
        "Our drip cures fatigue. Results vary.",
    ] {
        assert!(missing(&linter.check(text)).is_empty(), "{text:?}");
    }
}

#[test]
fn a_pattern_disclosure_points_at_the_first_sentence_that_needs_it_outside_links() {
    let linter = linter(
        r#"name = "off-label"
when = ['\bketamine\b', '\bdepression\b']
accepted = ['\boff-label\b']
insert = "It is off-label.""#,
    );
    let text = "Ketamine Clinic\n\nSee https://example.org/ketamine for our hours.\n\nWe offer ketamine for depression.";
    let found = linter.check(text);
    let m = missing(&found);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].text, "We offer ketamine for depression.");
    // Where no sentence holds both, the first mention outside a link.
    let text = "Visit www.ketamine.example today.\n\nKetamine infusions. Depression is common.";
    let found = linter.check(text);
    assert_eq!(missing(&found)[0].text, "Ketamine infusions.");
}

#[test]
fn the_insertion_names_the_uses_the_page_promotes() {
    let linter = linter(
        r#"name = "off-label"
when = ['\bketamine\b']
accepted = ['\boff-label\b']
insert = "Its use for {uses} is off-label."
uses = [
  { name = "depression", pattern = '\bdepression\b' },
  { name = "PTSD", pattern = '\bptsd\b' },
  { name = "pain", pattern = '\bpain\b' },
]
uses-default = "these conditions""#,
    );
    let insert = |text: &str| {
        let found = linter.check(text);
        missing(&found)[0].suggestions[0]
            .replacement
            .trim()
            .to_string()
    };
    assert_eq!(
        insert("Ketamine helps."),
        "Its use for these conditions is off-label."
    );
    assert_eq!(
        insert("Ketamine for PTSD."),
        "Its use for PTSD is off-label."
    );
    assert_eq!(
        insert("Ketamine for pain and depression."),
        "Its use for depression and pain is off-label."
    );
    assert_eq!(
        insert("Ketamine for pain, PTSD and depression."),
        "Its use for depression, PTSD, and pain is off-label."
    );
}

#[test]
fn the_region_decides_which_crisis_lines_count_and_which_is_suggested() {
    let text = "Depression raises the risk of suicide. Call Samaritans free on 116 123.";
    let crisis = |set: &RuleSet| {
        let found = Linter::new(set).unwrap().check(text);
        (found.into_iter()).find(|d| d.category == "missing-crisis-resource")
    };
    let mut set = RuleSet::builtin().unwrap();
    let us = crisis(&set).expect("a UK line does not count in the US");
    assert!(us.suggestions[0].replacement.contains("988"));
    assert!(set.set_region("uk"));
    assert!(crisis(&set).is_none(), "Samaritans count in the UK");
    assert!(set.set_region("au"));
    let au = crisis(&set).expect("nor in Australia");
    assert!(au.suggestions[0].replacement.contains("13 11 14"));
    assert!(!set.set_region("mars"));
}

#[test]
fn every_regions_crisis_insertion_satisfies_the_disclosure_there() {
    for region in REGIONS {
        let mut set = RuleSet::builtin().unwrap();
        assert!(set.set_region(region));
        let linter = Linter::new(&set).unwrap();
        let page = "People with suicidal thoughts deserve fast care.";
        let found = linter.check(page);
        let d = (found.iter())
            .find(|d| d.category == "missing-crisis-resource")
            .unwrap_or_else(|| panic!("{region}: {found:#?}"));
        let fixed = format!("{page}\n\n{}", d.suggestions[0].replacement.trim());
        let again = linter.check(&fixed);
        assert!(
            again
                .iter()
                .all(|d| d.category != "missing-crisis-resource"),
            "{region}: {fixed:?}"
        );
    }
}

/// The scan finds a disclosure's accepted forms by their needles, in any
/// paragraph; a form with no literal to find it by (digits only) is
/// searched for in the whole document instead. Either way the page that
/// has it needs no disclosure, and the page that lacks it does.
#[test]
fn accepted_forms_count_in_any_paragraph_with_or_without_needles() {
    let with_needles = linter(RESULTS_VARY);
    let no_needles = linter(
        r#"name = "crisis-resource"
when-found = ["cure-guarantee"]
accepted = ['\b[0-9]{3}-[0-9]{4}\b']
insert = "Call 555-0100.""#,
    );
    let claim = "Our drip cures fatigue.";
    for (linter, accepted) in [(&with_needles, "Results vary."), (&no_needles, "555-0199")] {
        for text in [
            format!("{claim}\n\nOpening hours.\n\nSome small print. {accepted}"),
            format!("{accepted}\n\n{claim}"),
            format!("{claim} {accepted}"),
        ] {
            assert!(missing(&linter.check(&text)).is_empty(), "{text:?}");
        }
        let lacking = format!("{claim}\n\nOpening hours.\n\nSome small print.");
        assert_eq!(missing(&linter.check(&lacking)).len(), 1, "{lacking:?}");
    }
}
