//! Approved exceptions: suppression comments in HTML, Markdown and plain
//! text, the reason they must carry, and the reports about them.

use claimlint::{Diagnostic, Format, Linter, RuleSet, Severity, Suppression, SuppressionKind};

const PACK: &str = include_str!("packs/formats.toml");

fn linter() -> Linter {
    let set =
        RuleSet::from_toml("tests/packs/formats.toml", PACK).unwrap_or_else(|e| panic!("{e}"));
    Linter::new(&set).unwrap_or_else(|e| panic!("{e}"))
}

/// Rule, source text and reason (if suppressed) of each diagnostic.
fn summary(ds: &[Diagnostic]) -> Vec<(&str, &str, Option<&str>)> {
    ds.iter()
        .map(|d| {
            let reason = d.suppression.as_ref().map(|s| s.reason.as_str());
            (d.rule.as_str(), d.text.as_str(), reason)
        })
        .collect()
}

fn reports<'a>(ds: &'a [Diagnostic], rule: &str) -> Vec<&'a Diagnostic> {
    ds.iter().filter(|d| d.rule == rule).collect()
}

#[test]
fn next_line_in_html_suppresses_only_the_next_line_of_copy() {
    let html = "<p>Results vary.</p>\n\
        <!-- claimlint-disable-next-line f/cure -- Quoted from a 1970s ad; approved by J. Ames, 2024-03 -->\n\
        <div>\n  <p>\n    Ketamine cures Mondays, said the ad.\n  </p>\n</div>\n\
        <p>Ketamine cures Tuesdays.</p>\n";
    let ds = linter().check_document(html, Format::Html);
    assert_eq!(
        summary(&ds),
        [
            (
                "f/cure",
                "cures",
                Some("Quoted from a 1970s ad; approved by J. Ames, 2024-03")
            ),
            ("f/cure", "cures", None),
        ]
    );
    let s = ds[0].suppression.as_ref().unwrap();
    assert_eq!(s.kind, SuppressionKind::NextLine);
    let comment = &html[s.span.start..s.span.end];
    assert!(comment.starts_with("<!-- claimlint-disable-next-line") && comment.ends_with("-->"));
    assert_eq!((s.start.line, s.start.column), (2, 1));
    assert!(ds[0].is_suppressed() && !ds[1].is_suppressed());
}

#[test]
fn regions_in_markdown_by_id_category_and_pack() {
    let md = "\
Results vary.

<!-- claimlint-disable-next-line f/safe -- the title of a 1998 study, quoted -->
\"Completely safe\", a study said of ketamine.

<!-- claimlint-disable f/hype, cure-guarantee -- spring campaign, legal sign-off 2024-05 -->
A ground-breaking lounge. Ketamine cures boredom.

<!-- claimlint-enable f/hype, cure-guarantee -->
Ketamine cures again, in a ground-breaking room.

<!-- claimlint-disable f -- whole pack off for the archive -->
Ketamine cures the archive.
";
    let ds = linter().check_document(md, Format::Markdown);
    let campaign = Some("spring campaign, legal sign-off 2024-05");
    assert_eq!(
        summary(&ds),
        [
            (
                "f/safe",
                "Completely safe",
                Some("the title of a 1998 study, quoted")
            ),
            ("f/hype", "ground-breaking", campaign),
            ("f/cure", "cures", campaign),
            ("f/cure", "cures", None),
            ("f/hype", "ground-breaking", None),
            ("f/cure", "cures", Some("whole pack off for the archive")),
        ]
    );
    let kinds: Vec<_> = ds
        .iter()
        .filter_map(|d| d.suppression.as_ref().map(|s| s.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            SuppressionKind::NextLine,
            SuppressionKind::Region,
            SuppressionKind::Region,
            SuppressionKind::Region
        ]
    );
}

#[test]
fn plain_text_line_form_and_its_reason_is_not_copy() {
    let text = "\
claimlint-disable f/results-vary -- the disclosure is on the booking page
Ketamine helps many people.
claimlint-disable-next-line f/cure -- the old 'ketamine cures' slogan, approved for the history page

Ketamine cures everything, the slogan said.
";
    let linter = linter();
    let ds = linter.check(text);
    assert_eq!(
        summary(&ds),
        [
            (
                "f/results-vary",
                "Ketamine helps many people.",
                Some("the disclosure is on the booking page")
            ),
            (
                "f/cure",
                "cures",
                Some("the old 'ketamine cures' slogan, approved for the history page")
            ),
        ]
    );
    // The suppressed finding is on line 5, its directive on line 3.
    assert_eq!(ds[1].start.line, 5);
    assert_eq!(ds[1].suppression.as_ref().unwrap().start.line, 3);
    assert_eq!(linter.check_document(text, Format::Text), ds);
}

#[test]
fn a_missing_disclosure_is_suppressed_by_a_region_anywhere_on_the_page() {
    let html = "<title>Ketamine lounge</title>\n<body><p>Welcome.</p>\n\
        <!-- claimlint-disable missing-results-vary -- results statement is in the site footer -->\n</body>";
    let ds = linter().check_document(html, Format::Html);
    assert_eq!(
        summary(&ds),
        [(
            "f/results-vary",
            "Ketamine lounge",
            Some("results statement is in the site footer")
        )]
    );
}

#[test]
fn a_suppression_without_a_reason_is_reported_and_suppresses_nothing() {
    for html in [
        "<p>Results vary.</p>\n<!-- claimlint-disable-next-line f/cure -->\n<p>Ketamine cures it.</p>",
        "<p>Results vary.</p>\n<!-- claimlint-disable-next-line f/cure --   -->\n<p>Ketamine cures it.</p>",
    ] {
        let ds = linter().check_document(html, Format::Html);
        assert_eq!(
            summary(&ds),
            [
                (Suppression::WITHOUT_REASON, &html[21..html.find("-->").unwrap() + 3], None),
                ("f/cure", "cures", None),
            ],
            "{html}"
        );
        let report = &ds[0];
        assert_eq!(report.severity, Severity::Warning);
        assert_eq!(report.category, Suppression::CATEGORY);
        assert_eq!((report.start.line, report.start.column), (2, 1));
        assert!(reports(&ds, Suppression::UNUSED).is_empty());
    }
}

#[test]
fn unused_suppressions_are_reported_per_selector() {
    let md = "\
Results vary.

<!-- claimlint-disable-next-line f/cure, f/fda -- reviewed by compliance -->
Ketamine cures hiccups.

<!-- claimlint-disable-next-line f/hype -- reviewed by compliance -->
A calm room.

<!-- claimlint-disable-next-line nope/rule -- typo in the id -->
A quiet room.
";
    let ds = linter().check_document(md, Format::Markdown);
    let unused = reports(&ds, Suppression::UNUSED);
    assert_eq!(unused.len(), 3, "{ds:#?}");
    assert!(
        unused[0].message.contains("`f/fda`"),
        "{}",
        unused[0].message
    );
    assert_eq!(unused[0].start.line, 3);
    assert!(unused[1].message.contains("`f/hype`"));
    assert_eq!(unused[1].start.line, 6);
    assert!(
        unused[2]
            .message
            .contains("matches no rule id, pack, category or glob"),
        "{}",
        unused[2].message
    );
    assert!(unused
        .iter()
        .all(|d| d.severity == Severity::Warning && !d.is_suppressed()));
    // The used selector of the first directive did its job.
    assert_eq!(
        reports(&ds, "f/cure")[0]
            .suppression
            .as_ref()
            .unwrap()
            .reason,
        "reviewed by compliance"
    );
}

#[test]
fn selectors_in_comments_are_ids_packs_categories_and_globs() {
    let md = "\
Results vary.

<!-- claimlint-disable-next-line f/c* -- a glob over rule ids -->
Ketamine cures hiccups.

<!-- claimlint-disable-next-line f/ -- the pack, written with its slash -->
Ketamine cures Mondays.

<!-- claimlint-disable-next-line cure-guarantee -- the category -->
Ketamine cures Tuesdays.

<!-- claimlint-disable */cure -- a glob from any pack -->
Ketamine cures Wednesdays.
<!-- claimlint-enable */cure -->
Ketamine cures Thursdays.
";
    let ds = linter().check_document(md, Format::Markdown);
    assert_eq!(
        summary(&ds),
        [
            ("f/cure", "cures", Some("a glob over rule ids")),
            ("f/cure", "cures", Some("the pack, written with its slash")),
            ("f/cure", "cures", Some("the category")),
            ("f/cure", "cures", Some("a glob from any pack")),
            ("f/cure", "cures", None),
        ]
    );
}

#[test]
fn a_selector_that_is_only_the_start_of_an_id_or_a_bad_glob_names_nothing() {
    let md = "\
Results vary.

<!-- claimlint-disable-next-line f/cur -- the start of an id is not a selector -->
Ketamine cures hiccups.

<!-- claimlint-disable-next-line f/[cure -- not a glob -->
Ketamine cures Mondays.

<!-- claimlint-disable-next-line x/* -- a glob of no loaded rule -->
Ketamine cures Tuesdays.
";
    let ds = linter().check_document(md, Format::Markdown);
    assert_eq!(
        reports(&ds, "f/cure")
            .iter()
            .filter(|d| d.is_suppressed())
            .count(),
        0
    );
    let unused: Vec<&str> = reports(&ds, Suppression::UNUSED)
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(unused.len(), 3, "{unused:#?}");
    assert!(unused[0].starts_with("`f/cur` matches no rule id, pack, category or glob"));
    assert!(unused[1].starts_with("\"f/[cure\" is not a valid glob"));
    assert!(unused[1].ends_with("so this suppression applies to nothing"));
    assert!(unused[2].starts_with("`x/*` matches no rule id"));
}

#[test]
fn unreadable_directives_are_reported() {
    let html = "<p>Results vary. Ketamine.</p>\n\
        <!-- claimlint-enable f/cure -->\n\
        <!-- claimlint-disable-line f/cure -- wrong form -->\n\
        <!-- claimlint-disable -- no rule named -->\n\
        <!-- a plain comment that mentions nothing -->\n";
    let ds = linter().check_document(html, Format::Html);
    let invalid = reports(&ds, Suppression::INVALID);
    assert_eq!(invalid.len(), 3, "{ds:#?}");
    assert_eq!(
        invalid.iter().map(|d| d.start.line).collect::<Vec<_>>(),
        [2, 3, 4]
    );
    assert_eq!(ds.len(), 3);
}

#[test]
fn reports_about_suppressions_cannot_be_suppressed() {
    let text = "\
claimlint-disable claimlint, suppression, claimlint/unused-suppression -- silence the linter
claimlint-disable-next-line f/cure -- nothing to suppress below
Results vary.
";
    let ds = linter().check(text);
    assert!(ds.iter().all(|d| !d.is_suppressed()), "{ds:#?}");
    // Three unused selectors on line 1, one on line 2.
    let unused = reports(&ds, Suppression::UNUSED);
    assert_eq!(
        unused.iter().map(|d| d.start.line).collect::<Vec<_>>(),
        [1, 1, 1, 2]
    );
}

#[test]
fn suppressions_serialize_for_reports() {
    let md = "Results vary.\n\n<!-- claimlint-disable-next-line f/cure -- approved -->\nKetamine cures.\n";
    let ds = linter().check_document(md, Format::Markdown);
    let json = serde_json::to_value(ds[0].suppression.as_ref().unwrap()).unwrap();
    assert_eq!(json["reason"], "approved");
    assert_eq!(json["kind"], "next-line");
    assert_eq!(json["span"]["start"], 15);
    assert_eq!(json["start"]["line"], 3);
}
