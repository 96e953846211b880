//! Input nobody should send, which the library must take in its stride:
//! empty and blank text, markup alone, deep nesting, a megabyte on one
//! line, NUL and control characters, and the shapes that once made linting
//! quadratic. The command line's share (files that are not UTF-8 or are
//! binary, and `--fix` on files it must not write) is in `cli_bad_input.rs`.
//!
//! The regression tests for quadratic time do not time anything: they are
//! sized so that the old behaviour would take minutes.

use std::sync::LazyLock;

use claimlint::{Diagnostic, Format, Linter, RuleSet};

#[path = "support/hostile.rs"]
mod hostile;

static BUILTIN: LazyLock<Linter> =
    LazyLock::new(|| Linter::new(&RuleSet::builtin().expect("loads")).expect("compiles"));

const FORMATS: [Format; 3] = [Format::Text, Format::Markdown, Format::Html];

/// A sentence every built-in setup reports.
const CLAIM: &str = "Ketamine cures depression.";

fn lint(text: &str, format: Format) -> Vec<Diagnostic> {
    BUILTIN.check_document(text, format)
}

/// Whether a finding covers the claim at byte `at` of `text`.
fn finds_claim_at(found: &[Diagnostic], text: &str, at: usize) -> bool {
    found.iter().any(|d| {
        d.span.start >= at
            && d.span.end <= at + CLAIM.len()
            && text[d.span.start..d.span.end] == d.text
    })
}

#[test]
fn empty_and_blank_text_have_no_findings() {
    for text in [
        "",
        " ",
        "\n",
        "\r\n\r\n",
        "\t \u{a0}\u{2003}\n\n  ",
        "\u{feff}",
    ] {
        for format in FORMATS {
            assert!(lint(text, format).is_empty(), "{text:?} as {format:?}");
        }
    }
}

#[test]
fn markup_alone_has_no_findings() {
    let html = "<!doctype html><html><head><meta charset=utf-8><style>p{}</style><script>var x=1<2;</script></head><body><div><p></p><br/><img src=x></div></body></html>";
    assert!(lint(html, Format::Html).is_empty());
    let markdown = "# \n\n---\n\n* \n\n```\n```\n\n| | |\n|-|-|\n\n[]()\n\n<div></div>\n";
    assert!(lint(markdown, Format::Markdown).is_empty());
}

#[test]
fn ten_thousand_levels_of_nested_html_are_linted() {
    let depth = 10_000;
    let html = format!(
        "{}{CLAIM}{}",
        "<div><span>".repeat(depth),
        "</span></div>".repeat(depth)
    );
    let at = html.find(CLAIM).unwrap();
    assert!(finds_claim_at(&lint(&html, Format::Html), &html, at));
    // Never closed, and as Markdown and text.
    let open = format!("{}{CLAIM}", "<div>".repeat(depth));
    for format in FORMATS {
        assert!(finds_claim_at(&lint(&open, format), &open, depth * 5));
    }
}

#[test]
fn deeply_nested_markdown_is_linted() {
    let quotes = format!("{}{CLAIM}", "> ".repeat(10_000));
    let at = quotes.find(CLAIM).unwrap();
    assert!(finds_claim_at(
        &lint(&quotes, Format::Markdown),
        &quotes,
        at
    ));
    let mut lists = String::new();
    for level in 0..2_000 {
        lists.push_str(&"  ".repeat(level));
        lists.push_str("- item\n");
    }
    lists.push_str(CLAIM);
    let at = lists.find(CLAIM).unwrap();
    assert!(finds_claim_at(&lint(&lists, Format::Markdown), &lists, at));
}

#[test]
fn a_claim_at_the_end_of_a_megabyte_line_has_its_exact_column() {
    let filler = "Our clinic is open on weekdays and café parking is free ";
    let mut line = String::new();
    while line.len() < 1 << 20 {
        line.push_str(filler);
    }
    let at = line.len();
    line.push_str(CLAIM);
    for format in FORMATS {
        let found = lint(&line, format);
        let d = found
            .iter()
            .find(|d| d.span.start >= at)
            .expect("the claim is found");
        assert_eq!(d.start.line, 1);
        assert_eq!(d.start.column, line[..d.span.start].chars().count() + 1);
    }
}

#[test]
fn nul_bytes_and_lone_control_characters_are_copy_like_any_other() {
    let controls: String = (0u8..0x20)
        .chain([0x7f])
        .filter(|b| !matches!(b, b'\n' | b'\r' | b'\t'))
        .map(char::from)
        .chain([
            '\u{85}', '\u{2028}', '\u{2029}', '\u{200b}', '\u{feff}', '\u{fffd}',
        ])
        .collect();
    for format in FORMATS {
        for text in [
            format!("\0{CLAIM}\0"),
            format!("{controls}{CLAIM}{controls}"),
            controls.repeat(1_000),
            format!("{CLAIM}\0\0\0\u{7}\u{1b}[31m{CLAIM}"),
        ] {
            let found = lint(&text, format);
            for d in &found {
                assert_eq!(&text[d.span.start..d.span.end], d.text);
            }
            if let Some(at) = text.find(CLAIM) {
                assert!(finds_claim_at(&found, &text, at), "{format:?}: {text:?}");
            }
        }
    }
}

#[test]
fn a_paragraph_of_blank_looking_lines_is_segmented_in_linear_time() {
    // No-break spaces are whitespace but not a blank line: each line break
    // once rescanned the rest of the paragraph (179 s for 1 MB).
    let mut text = format!("{CLAIM}\n");
    text.push_str(&"\u{a0}\n".repeat(100_000));
    assert!(finds_claim_at(&lint(&text, Format::Text), &text, 0));
}

#[test]
fn a_run_of_abbreviations_after_a_long_indent_is_segmented_in_linear_time() {
    // Each "Dr." once rescanned the sentence so far (91 s for 1 MB).
    let mut text = "\u{a0}".repeat(100_000);
    let at = text.len();
    text.push_str("Ketamine cures depression ");
    text.push_str(&"Dr. ".repeat(50_000));
    assert!(!lint(&text, Format::Text).iter().all(|d| d.span.start < at));
}

#[test]
fn matches_inside_one_long_hyphenated_word_look_back_a_bounded_window() {
    // Hyphens join words, so this is one word of 500 kB with a match every
    // 13 bytes; each match's `before:N` window once scanned back to its start.
    let text = format!(
        "Ketamine for depression. {}",
        "FDA-approved-".repeat(40_000)
    );
    let _ = lint(&text, Format::Text);
}

#[test]
fn many_findings_on_one_long_line_get_positions_in_linear_time() {
    // Each position once counted the columns from the start of the line.
    let text = "Ketamine cures depression and is FDA-approved. ".repeat(20_000);
    let found = lint(&text, Format::Text);
    assert!(found.len() > 10_000);
    let last = found.last().unwrap();
    assert_eq!(
        last.start.column,
        text[..last.span.start].chars().count() + 1
    );
}

#[test]
fn many_suppression_comments_are_matched_to_findings_in_linear_time() {
    let mut html = String::new();
    for i in 0..10_000 {
        html.push_str(&format!(
            "<!-- claimlint-disable nothing{i} -- approved -->\n<!-- claimlint-disable-next-line nothing{i} -- approved -->\n<p>{CLAIM}</p>\n"
        ));
    }
    for i in 0..10_000 {
        html.push_str(&format!("<!-- claimlint-enable nothing{i} -->\n"));
    }
    let found = lint(&html, Format::Html);
    assert!(found.iter().any(|d| d.rule.starts_with("health-claims/")));
}

#[test]
fn a_pattern_with_a_gap_of_any_length_is_scanned_in_linear_time() {
    // Found by "dose" (at its start, and at its end), these patterns have
    // no match on the line below: the search from each "dose" once walked
    // to the end of the line, or back to its start (10 s for 200 kB; this
    // is 1 MB).
    let pack = hostile::header("")
        + &hostile::rule(
            0,
            r#"patterns = ['\bdose\b.*\b(?:ok|ko)\b', '\b(?:ok|ko)\b.*\bdose\b']
fire = ["one dose and it is ok", "it is ok after one dose"]
clean = ["one dose"]"#,
        );
    let linter =
        Linter::new(&RuleSet::from_toml("gap.toml", &pack).expect("loads")).expect("compiles");
    let doses = "dose ".repeat(200_000);
    assert!(linter.check(&doses).is_empty());
    for text in [format!("{doses}ok"), format!("ok {}", doses.trim_end())] {
        let found = linter.check(&text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].span.start, found[0].span.end), (0, text.len()));
    }
}
