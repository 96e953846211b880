//! The engine against a pack of our own (`tests/packs/engine.toml`): every
//! rule kind, every context condition, spans, fixes and merging.

use claimlint::{apply_fixes, Applicability, Diagnostic, Linter, RuleSet, Severity};

const PACK: &str = include_str!("packs/engine.toml");

fn linter() -> Linter {
    Linter::new(&RuleSet::from_toml("engine.toml", PACK).expect("pack loads"))
        .expect("pack compiles")
}

fn rules_fired(text: &str) -> Vec<String> {
    linter().check(text).into_iter().map(|d| d.rule).collect()
}

fn only<'a>(found: &'a [Diagnostic], rule: &str) -> &'a Diagnostic {
    let hits: Vec<_> = found.iter().filter(|d| d.rule == rule).collect();
    assert_eq!(hits.len(), 1, "expected one {rule} in {found:#?}");
    hits[0]
}

#[test]
fn phrase_matches_whole_words_case_insensitively_with_exact_span() {
    let text = "Ketamine care: a GROUND-BREAKING step, not groundbreakingly dull.";
    let found = linter().check(text);
    let d = only(&found, "t/hype");
    assert_eq!(&text[d.span.start..d.span.end], "GROUND-BREAKING");
    assert_eq!(d.text, "GROUND-BREAKING");
    assert_eq!(d.message, "'GROUND-BREAKING' is hype");
    assert_eq!((d.start.line, d.start.column), (1, 18));
    assert_eq!((d.end.line, d.end.column), (1, 33));
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn phrase_replacement_keeps_case_and_only_a_single_candidate_is_safe() {
    let text = "Ketamine: Ground-breaking, a miracle.";
    let found = linter().check(text);
    let hype: Vec<_> = found.iter().filter(|d| d.rule == "t/hype").collect();
    assert_eq!(hype.len(), 2);
    assert_eq!(hype[0].suggestions[0].replacement, "Promising");
    assert_eq!(hype[0].suggestions[0].applicability, Applicability::Safe);
    let miracle: Vec<_> = hype[1]
        .suggestions
        .iter()
        .map(|s| (s.replacement.as_str(), s.applicability))
        .collect();
    assert_eq!(
        miracle,
        [
            ("option", Applicability::Unsafe),
            ("choice", Applicability::Unsafe)
        ]
    );

    let safe = apply_fixes(text, &found, Applicability::Safe);
    assert_eq!(safe.text, "Ketamine: Promising, a miracle.");
    let all = apply_fixes(text, &found, Applicability::Unsafe);
    assert!(
        all.text.starts_with("Ketamine: Promising, a option."),
        "{}",
        all.text
    );
}

#[test]
fn fixes_converge_a_second_pass_changes_nothing() {
    let text = "Ketamine care is ground-breaking.\n";
    let once = apply_fixes(text, &linter().check(text), Applicability::Safe).text;
    let twice = apply_fixes(&once, &linter().check(&once), Applicability::Safe);
    assert_eq!(once, twice.text);
    assert_eq!(twice.applied, 0);
}

#[test]
fn unless_before_window_handles_negation_next_to_the_match_only() {
    assert!(
        !rules_fired("Ketamine is not FDA-approved for depression.").contains(&"t/fda".to_string())
    );
    assert!(!rules_fired("Ketamine isn’t FDA approved for PTSD.").contains(&"t/fda".to_string()));
    // A negation far from the match does not cancel it.
    let far = "No wonder: ketamine for depression is, we are proud to say, FDA-approved.";
    assert!(rules_fired(far).contains(&"t/fda".to_string()));
}

#[test]
fn unless_in_sentence_scope_cancels_and_stops_at_the_sentence_end() {
    assert!(
        !rules_fired("Ketamine is FDA-approved as an anesthetic for depression care.")
            .contains(&"t/fda".to_string())
    );
    // The hedge is in another sentence: the claim stands.
    let text = "Ketamine cures depression. It may be costly.";
    assert!(rules_fired(text).contains(&"t/cure".to_string()));
}

#[test]
fn requires_needs_every_condition_in_scope() {
    // No psychiatric condition in the sentence.
    assert!(
        !rules_fired("Ketamine is FDA-approved. Depression is common.")
            .contains(&"t/fda".to_string())
    );
    assert!(rules_fired("FDA-approved ketamine for anxiety.").contains(&"t/fda".to_string()));
}

#[test]
fn document_scope_condition_looks_at_the_whole_text() {
    let text = "Ketamine cures it.\n\nMuch later: depression.";
    assert!(rules_fired(text).contains(&"t/cure".to_string()));
    assert!(!rules_fired("Ketamine cures it.").contains(&"t/cure".to_string()));
}

#[test]
fn a_case_sensitive_document_condition_is_found_in_its_own_case_only() {
    // Searched from its needle ("kap") in the lower-cased text, then by its
    // exact automaton where that finds one.
    let linter = one_rule_pack(
        "[]",
        r#"patterns = ['\bcures\b']
requires = [{ any = ['\b(?-i:KAP)\b'], within = "document" }]"#,
    );
    let fires = |text: &str| !linter.check(text).is_empty();
    assert!(fires("It cures.\n\nAsk about KAP."));
    assert!(fires("KAP: it cures."));
    assert!(!fires("It cures.\n\nAsk about kap, or Kap."));
    assert!(!fires("It cures."));
}

#[test]
fn paragraph_scope_sees_a_citation_in_the_next_sentence_but_not_the_next_paragraph() {
    let cited = "Ketamine: studies show fast relief. See (Lee et al., 2023).";
    assert!(!rules_fired(cited).contains(&"t/studies".to_string()));
    let apart = "Ketamine: studies show fast relief.\n\nSee (Lee et al., 2023).";
    assert!(rules_fired(apart).contains(&"t/studies".to_string()));
}

#[test]
fn pack_is_inactive_without_its_subject() {
    assert!(linter()
        .check("A ground-breaking, miracle spa day.")
        .is_empty());
}

#[test]
fn disclosure_is_reported_once_at_the_first_sentence_that_needs_it_with_an_insertion() {
    let text = "Ketamine helps.\nWe treat depression with ketamine.";
    let found = linter().check(text);
    let d = only(&found, "t/off-label");
    assert_eq!(d.category, "missing-off-label");
    assert_eq!(
        &text[d.span.start..d.span.end],
        "We treat depression with ketamine."
    );
    let s = &d.suggestions[0];
    assert_eq!((s.span.start, s.span.end), (text.len(), text.len()));
    assert_eq!(s.applicability, Applicability::Unsafe);
    let fixed = apply_fixes(text, &found, Applicability::Unsafe).text;
    assert!(fixed.ends_with(
        "\n\nKetamine is FDA-approved as an anesthetic; its use for depression is off-label."
    ));
    assert!(linter()
        .check(&fixed)
        .iter()
        .all(|d| d.rule != "t/off-label"));
}

#[test]
fn disclosure_is_satisfied_anywhere_in_the_document() {
    let text = "Ketamine for depression.\n\nFootnote: this use is off-label.";
    assert!(!rules_fired(text).contains(&"t/off-label".to_string()));
}

#[test]
fn diagnostics_are_sorted_and_same_category_overlaps_merge() {
    let pack = r#"
[pack]
id = "m"
name = "m"
version = "1"
description = "two rules, one category"
[[rule]]
id = "m/a"
category = "hype"
severity = "warning"
message = "a"
rationale = "r"
references = ["https://example.org"]
phrases = ["miracle"]
[[rule]]
id = "m/b"
category = "hype"
severity = "error"
message = "b"
rationale = "r"
references = ["https://example.org"]
phrases = ["miracle cure"]
"#;
    let linter = Linter::new(&RuleSet::from_toml("m.toml", pack).unwrap()).unwrap();
    let found = linter.check("A miracle cure, a miracle.");
    let got: Vec<_> = found
        .iter()
        .map(|d| (d.rule.as_str(), d.span.start))
        .collect();
    assert_eq!(got, [("m/b", 2), ("m/a", 18)]);
}

#[test]
fn multi_line_spans_report_end_line_and_column() {
    let text = "Intro line\nKetamine is FDA\napproved for PTSD.";
    let found = linter().check(text);
    let d = only(&found, "t/fda");
    assert_eq!(d.text, "FDA\napproved");
    assert_eq!(
        (d.start.line, d.start.column, d.end.line, d.end.column),
        (2, 13, 3, 9)
    );
}

#[test]
fn spans_fall_on_char_boundaries_in_non_ascii_text() {
    let text = "✅ Ketamine — “ground‑breaking” ✅ miracle… für Sie";
    for d in linter().check(text) {
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        assert_eq!(&text[d.span.start..d.span.end], d.text);
    }
}

#[test]
fn a_linter_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Linter>();
    let linter = linter();
    let text = "Ketamine is FDA-approved for depression and ground-breaking.";
    let expected = linter.check(text);
    assert!(!expected.is_empty());
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| (0..50).map(|_| linter.check(text)).collect::<Vec<_>>()))
            .collect();
        for h in handles {
            for got in h.join().expect("no panic") {
                assert_eq!(got, expected);
            }
        }
    });
}

#[test]
fn a_clinics_own_disclaimer_wording_satisfies_the_disclosure() {
    let text = "Ketamine for depression. Our infusions are an unapproved use of an anesthetic.";
    assert!(rules_fired(text).contains(&"t/off-label".to_string()));
    let mut set = RuleSet::from_toml("engine.toml", PACK).unwrap();
    assert_eq!(
        set.accept_disclosure_wording("off-label", "an unapproved use of an  anesthetic"),
        1
    );
    assert_eq!(
        set.accept_disclosure_wording("medical-advice", "not advice"),
        0
    );
    let linter = Linter::new(&set).unwrap();
    assert!(linter.check(text).iter().all(|d| d.rule != "t/off-label"));
}

/// A one-rule pack with these triggers.
fn pack_with(patterns: &str) -> Linter {
    pack_active_when("[]", patterns)
}

/// A one-rule pack with these triggers, active where one of `active_when`
/// matches.
fn pack_active_when(active_when: &str, patterns: &str) -> Linter {
    one_rule_pack(active_when, &format!("patterns = {patterns}"))
}

/// A pack of one rule, active where one of `active_when` matches, whose
/// triggers and conditions are `body`.
fn one_rule_pack(active_when: &str, body: &str) -> Linter {
    let src = format!(
        r#"
[pack]
id = "case"
name = "Case"
version = "1.0.0"
description = "Case handling."
active-when = {active_when}

[[rule]]
id = "case/claim"
category = "cure-guarantee"
severity = "error"
message = "claim"
rationale = "test"
references = ["https://example.org/"]
{body}
"#
    );
    Linter::new(&RuleSet::from_toml("case.toml", &src).expect("loads")).expect("compiles")
}

#[test]
fn patterns_are_case_insensitive_unless_the_author_says_otherwise() {
    let linter = pack_with(r#"['\bketamine\s+cures\b', '(?-i:\bPRP\b)\s+heals', 'élan\s+vital']"#);
    let texts = [
        "KETAMINE CURES",
        "Ketamine cures",
        "PRP heals",
        "PRP HEALS",
        "ÉLAN VITAL",
        "Élan vital",
    ];
    for text in texts {
        assert_eq!(linter.check(text).len(), 1, "{text}");
    }
    for text in ["prp heals", "Prp heals", "ketamine cure"] {
        assert!(linter.check(text).is_empty(), "{text}");
    }
}

#[test]
fn ascii_letters_match_ascii_letters_only() {
    // The Kelvin sign and the long s are case variants of "k" and "s" in
    // Unicode; no copy uses them, and the engine does not count them.
    let linter = pack_with(r#"['\bketamine\s+cures\b']"#);
    assert!(linter.check("\u{212A}etamine cures").is_empty());
    assert!(linter.check("ketamine cure\u{17F}").is_empty());
}

#[test]
fn a_match_never_runs_past_its_paragraph() {
    let linter = pack_with(r#"['\bketamine\s+cures\b']"#);
    assert!(linter
        .check("We offer ketamine\n\ncures nothing here.")
        .is_empty());
    let found = linter.check("We offer ketamine\ncures for all.");
    assert_eq!(found.len(), 1, "a line break inside a paragraph is fine");
}

#[test]
fn a_trigger_the_lazy_dfa_cannot_search_is_found_in_every_paragraph() {
    // `\<` is a Unicode word boundary, which the scan's lazy DFA cannot
    // search next to non-ASCII text; the paragraphs are then searched one
    // by one without it.
    let linter = pack_with(r#"['\<heals\>']"#);
    let text = "Le café heals… you.\n\nÇa heals—and it heals.";
    let starts: Vec<usize> = linter.check(text).iter().map(|d| d.span.start).collect();
    let want: Vec<usize> = text.match_indices("heals").map(|(i, _)| i).collect();
    assert_eq!(starts, want);
}

#[test]
fn a_pack_activated_by_a_case_sensitive_term_needs_that_case() {
    let linter = pack_active_when(
        r#"['(?-i:\bPRP\b)', '\bplatelet-rich\b']"#,
        r#"['\bheals\s+everything\b']"#,
    );
    for text in [
        "PRP heals everything.",
        "It heals everything.\n\nAsk about PRP.",
        "Platelet-rich plasma heals everything.",
    ] {
        assert_eq!(linter.check(text).len(), 1, "{text}");
    }
    for text in [
        "It heals everything.",
        "prp heals everything.",
        "Prp heals everything.",
    ] {
        assert!(linter.check(text).is_empty(), "{text}");
    }
}

#[test]
fn a_pack_is_active_when_its_subject_is_named_in_any_paragraph() {
    let linter = pack_active_when(r#"['\bketamine\s+clinic\b']"#, r#"['\bcures\b']"#);
    for text in [
        "It cures.\n\nVisit our ketamine clinic.",
        "Our ketamine\nclinic: it cures.",
        "Ketamine clinic.\n\nSome text.\n\nIt cures.",
    ] {
        assert_eq!(linter.check(text).len(), 1, "{text}");
    }
    // Like a trigger, the subject is named within one paragraph: a match
    // across a blank line does not count.
    for text in ["It cures.", "It cures.\n\nketamine\n\nclinic"] {
        assert!(linter.check(text).is_empty(), "{text}");
    }
}

#[test]
fn a_subject_the_lazy_dfa_cannot_search_still_activates_its_pack() {
    // As for triggers, the paragraphs are then searched one by one.
    let linter = pack_active_when(r#"['\<clinique\>']"#, r#"['\bcures\b']"#);
    assert_eq!(linter.check("Ça cures.\n\nNotre clinique…").len(), 1);
    assert!(linter.check("Ça cures.\n\nNotre cliniqueé…").is_empty());
}

#[test]
fn a_pattern_replacement_is_filled_from_the_match_and_its_named_groups() {
    let linter = one_rule_pack(
        "[]",
        r#"patterns = [{ pattern = '\bcures\s+(?P<condition>depression|anxiety)\b', replace = ["may ease symptoms of {condition}"] }]
fix = "unsafe""#,
    );
    let text = "Our infusion cures anxiety.";
    let found = linter.check(text);
    assert_eq!(found.len(), 1);
    let s = &found[0].suggestions;
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].replacement, "may ease symptoms of anxiety");
    assert_eq!(&text[s[0].span.start..s[0].span.end], "cures anxiety");
    let fixed = apply_fixes(text, &found, Applicability::Unsafe);
    assert_eq!(fixed.text, "Our infusion may ease symptoms of anxiety.");
}

#[test]
fn a_placeholder_is_offered_after_the_rewrites_and_never_applied() {
    let linter = one_rule_pack(
        "[]",
        r#"patterns = [{ pattern = '\bstudies\s+show\b', replace = ["some studies suggest"] }]
placeholder = "{match} [source: author, year, DOI]""#,
    );
    let text = "Studies show it works.";
    let found = linter.check(text);
    let s = &found[0].suggestions;
    let got: Vec<_> = s
        .iter()
        .map(|s| (s.replacement.as_str(), s.applicability))
        .collect();
    assert_eq!(
        got,
        [
            ("Some studies suggest", Applicability::Unsafe),
            (
                "Studies show [source: author, year, DOI]",
                Applicability::DisplayOnly
            ),
        ]
    );
    // Alone, a placeholder is the first suggestion; no level applies it.
    let linter = one_rule_pack(
        "[]",
        r#"patterns = ['\bstudies\s+show\b']
placeholder = "{match} [source: author, year, DOI]""#,
    );
    let found = linter.check(text);
    assert_eq!(
        found[0].suggestions[0].applicability,
        Applicability::DisplayOnly
    );
    for min in [
        Applicability::DisplayOnly,
        Applicability::Unsafe,
        Applicability::Safe,
    ] {
        assert_eq!(apply_fixes(text, &found, min).text, text);
    }
}

#[test]
fn clause_scope_tells_two_statements_of_one_sentence_apart() {
    let linter = one_rule_pack(
        "[]",
        r#"patterns = ['\bFDA[- ]approv[a-z]*', '\bFDA\s+approves\b']
requires = [{ any = ['\bketamine\b'], within = "clause" }]
unless = [{ any = ['\bspravato\b'], within = "clause" }]"#,
    );
    let text =
        "Spravato is FDA-approved for TRD, and the FDA approves ketamine for bipolar depression.";
    let found = linter.check(text);
    let spans: Vec<_> = found.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(spans, ["FDA approves"]);
    // In one clause, the Spravato condition holds for both.
    assert!(linter
        .check("Spravato and ketamine are FDA-approved.")
        .is_empty());
    // A sentence scope would have cancelled the false half too.
    let sentence = one_rule_pack(
        "[]",
        r#"patterns = ['\bFDA\s+approves\b']
unless = ['\bspravato\b']"#,
    );
    assert!(sentence.check(text).is_empty());
}

/// Two rules of `categories` and `severities`: "g/a" in a general pack
/// (triggered by `a`) and "s/b" in a pack active on pages naming "drip"
/// (triggered by `b`).
fn general_and_specific(a: &str, b: &str, severities: (&str, &str)) -> Linter {
    let rule = |id: &str, category: &str, severity: &str, pattern: &str| {
        format!(
            "[[rule]]\nid = \"{id}\"\ncategory = \"{category}\"\nseverity = \"{severity}\"\nmessage = \"m\"\nrationale = \"r\"\nreferences = [\"https://example.org\"]\npatterns = ['{pattern}']\n"
        )
    };
    let mut set = RuleSet::from_toml(
        "g.toml",
        &format!(
            "[pack]\nid = \"g\"\nname = \"g\"\nversion = \"1\"\ndescription = \"general\"\n{}",
            rule("g/a", "brain-repair", severities.0, a)
        ),
    )
    .unwrap();
    set.add_toml(
        "s.toml",
        &format!(
            "[pack]\nid = \"s\"\nname = \"s\"\nversion = \"1\"\ndescription = \"specific\"\nactive-when = ['\\bdrip\\b']\n{}",
            rule("s/b", "efficacy-overclaim", severities.1, b)
        ),
    )
    .unwrap();
    Linter::new(&set).unwrap()
}

#[test]
fn one_passage_read_by_two_rules_is_reported_once_by_the_most_specific() {
    let text = "Our drip promotes healing of your tissue.";
    let (general, specific) = (r"\bpromotes\s+healing\b", r"\bpromotes\s+healing\s+of\b");
    // The more severe reading wins; at one severity, the service's own
    // rule knows more than the general one.
    let rules = |severities| {
        let linter = general_and_specific(general, specific, severities);
        let found = linter.check(text);
        found.into_iter().map(|d| d.rule).collect::<Vec<_>>()
    };
    assert_eq!(rules(("error", "warning")), ["g/a"]);
    assert_eq!(rules(("warning", "error")), ["s/b"]);
    assert_eq!(rules(("warning", "warning")), ["s/b"]);
    let linter = general_and_specific(general, specific, ("warning", "warning"));
    // Off the service's pages, the general rule speaks.
    let got: Vec<_> = (linter.check("Sleep promotes healing of your tissue."))
        .into_iter()
        .map(|d| d.rule)
        .collect();
    assert_eq!(got, ["g/a"]);
    // Two passages that merely touch are two claims.
    let linter = general_and_specific(
        r"\bour\s+drip\s+promotes\b",
        r"\bpromotes\s+healing\s+of\s+your\s+tissue\b",
        ("error", "warning"),
    );
    let got: Vec<_> = linter.check(text).into_iter().map(|d| d.rule).collect();
    assert_eq!(got, ["g/a", "s/b"]);
}

#[test]
fn a_pack_level_unless_cancels_findings_of_every_rule_of_the_pack() {
    let pack = r#"
[pack]
id = "p"
name = "p"
version = "1"
description = "Claims reported as someone else's are not the page's."
unless = [{ any = ['@reported'], within = "before:6" }]

[terms]
reported = ['\bwording\s+such\s+as\b', '\bfalsely\b']

[[rule]]
id = "p/cure"
category = "cure-guarantee"
severity = "error"
message = "cure"
rationale = "r"
references = ["https://example.org/"]
patterns = ['\bcures\b']
unless = ['\bnot\b']

[[rule]]
id = "p/safe"
category = "safety-absolute"
severity = "error"
message = "safe"
rationale = "r"
references = ["https://example.org/"]
patterns = ['\bcompletely\s+safe\b']
"#;
    let linter = Linter::new(&RuleSet::from_toml("p.toml", pack).unwrap()).unwrap();
    let rules =
        |text: &str| -> Vec<String> { linter.check(text).into_iter().map(|d| d.rule).collect() };
    assert_eq!(
        rules("It cures pain and is completely safe."),
        ["p/cure", "p/safe"]
    );
    assert!(rules("Regulators objected to wording such as \"cures pain\".").is_empty());
    assert!(rules("Ads falsely called it completely safe.").is_empty());
    // The rule's own conditions still apply.
    assert!(rules("It cures nothing, not even pain.").is_empty());
}
