//! HTML, Markdown and MDX, front matter and templates: the copy that is
//! linted, and spans that point at the exact source bytes, across inline
//! tags, entities, quotes and escapes.

use std::path::Path;

use claimlint::{
    apply_fixes, Applicability, Diagnostic, DocumentOptions, Format, Linter, RuleSet,
    FRONT_MATTER_FIELDS,
};

const PACK: &str = include_str!("packs/formats.toml");
const HTML: &str = include_str!("fixtures/formats/clinic.html");
const MARKDOWN: &str = include_str!("fixtures/formats/clinic.md");
/// A Hugo page: YAML front matter (quoted, folded, nested), shortcodes.
const HUGO: &str = include_str!("fixtures/formats/hugo.md");
/// A Hugo page with TOML front matter.
const HUGO_TOML: &str = include_str!("fixtures/formats/hugo.toml.md");
/// An Astro page in MDX: front matter, imports, components, expressions.
const ASTRO: &str = include_str!("fixtures/formats/astro.mdx");
/// An Eleventy Nunjucks template.
const NUNJUCKS: &str = include_str!("fixtures/formats/page.njk");
/// A Shopify-style Liquid section.
const LIQUID: &str = include_str!("fixtures/formats/product.liquid");
/// A Jekyll post: Markdown with Liquid tags.
const JEKYLL: &str = include_str!("fixtures/formats/jekyll.md");

fn linter() -> Linter {
    let set =
        RuleSet::from_toml("tests/packs/formats.toml", PACK).unwrap_or_else(|e| panic!("{e}"));
    Linter::new(&set).unwrap_or_else(|e| panic!("{e}"))
}

/// Rule and source text of each finding, in order.
fn found(ds: &[Diagnostic]) -> Vec<(&str, &str)> {
    ds.iter()
        .map(|d| (d.rule.as_str(), d.text.as_str()))
        .collect()
}

/// Rule, source text, line and column of each finding, and whether a
/// suppression covers it.
fn located(ds: &[Diagnostic]) -> Vec<(&str, &str, usize, usize, bool)> {
    ds.iter()
        .map(|d| {
            let suppressed = d.suppression.is_some();
            (
                d.rule.as_str(),
                d.text.as_str(),
                d.start.line,
                d.start.column,
                suppressed,
            )
        })
        .collect()
}

/// The span of the `nth` occurrence of `needle` in `source`.
fn nth(source: &str, needle: &str, nth: usize) -> (usize, usize) {
    let start = source
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in source"))
        .0;
    (start, start + needle.len())
}

/// Every diagnostic's span is on char boundaries, its text is the source
/// under it, and its line and column agree with the source.
fn assert_consistent(source: &str, ds: &[Diagnostic]) {
    for d in ds {
        let text = source
            .get(d.span.start..d.span.end)
            .unwrap_or_else(|| panic!("span off char boundaries: {d:?}"));
        assert_eq!(text, d.text);
        let before = &source[..d.span.start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        assert_eq!((d.start.line, d.start.column), (line, column), "{d:?}");
        for s in &d.suggestions {
            assert!(source.get(s.span.start..s.span.end).is_some(), "{s:?}");
        }
    }
}

#[test]
fn html_fixture_reports_exactly_the_visible_search_and_social_copy() {
    let ds = linter().check_document(HTML, Format::Html);
    assert_consistent(HTML, &ds);
    assert_eq!(
        found(&ds),
        [
            // <title>: the disclosure anchors at the first "Ketamine".
            ("f/results-vary", "Ketamine cures the winter blues"),
            ("f/cure", "cures"),
            // meta description, og:description, twitter:description
            ("f/safe", "completely safe"),
            ("f/hype", "ground-breaking"),
            ("f/cure", "cures"),
            // body text, across an inline tag and entities
            ("f/fda", "FDA <em>approves</em> ketamine for depression"),
            ("f/safe", "completely&nbsp;safe"),
            ("f/safe", "safe &amp; effective"),
            ("f/safe", "There&#8217;s no risk"),
            // alt and title attributes
            ("f/hype", "ground-breaking"),
            ("f/cure", "cures"),
            ("f/hype", "ground-breaking"),
            // The span ends with the last word, inside the <b>.
            ("f/hype", "ground-<b>breaking"),
        ]
    );
}

#[test]
fn html_span_covers_the_markup_from_first_to_last_word() {
    let ds = linter().check_document(HTML, Format::Html);
    let fda = ds.iter().find(|d| d.rule == "f/fda").unwrap();
    let (start, end) = nth(HTML, "FDA <em>approves</em> ketamine for depression", 0);
    assert_eq!((fda.span.start, fda.span.end), (start, end));
    assert_eq!((fda.start.line, fda.start.column), (15, 10));
    assert_eq!((fda.end.line, fda.end.column), (15, 55));
    // The message quotes the copy, not the markup.
    assert_eq!(
        fda.message,
        "False FDA status: FDA approves ketamine for depression"
    );
}

#[test]
fn html_attribute_copy_spans_point_into_the_attribute_values() {
    let ds = linter().check_document(HTML, Format::Html);
    let span = |rule: &str, nth_found: usize| {
        let d = ds.iter().filter(|d| d.rule == rule).nth(nth_found).unwrap();
        (d.span.start, d.span.end)
    };
    // meta description content
    assert_eq!(span("f/safe", 0), nth(HTML, "completely safe", 0));
    // og:description content, then the alt text
    assert_eq!(span("f/hype", 0), nth(HTML, "ground-breaking", 0));
    assert_eq!(span("f/hype", 1), nth(HTML, "ground-breaking", 1));
    // twitter:description, then the title attribute
    assert_eq!(span("f/cure", 1).0, nth(HTML, "cures, says", 0).0);
    assert_eq!(span("f/cure", 2).0, nth(HTML, "cures stress", 0).0);
    // Nothing from keywords, class names, href, style, script, comments,
    // <template> or <noscript>.
    for d in &ds {
        let line = HTML.lines().nth(d.start.line - 1).unwrap();
        for skipped in [
            "keywords",
            "<style>",
            "<script>",
            "<!--",
            "<template>",
            "<noscript>",
            "href=",
        ] {
            assert!(!line.contains(skipped), "reported in {line:?}: {d:?}");
        }
    }
}

#[test]
fn html_entities_decode_named_and_numeric() {
    let linter = linter();
    for (source, text) in [
        (
            "<p>Ketamine is completely&nbsp;safe.</p>",
            "completely&nbsp;safe",
        ),
        (
            "<p>Ketamine is completely&#160;safe.</p>",
            "completely&#160;safe",
        ),
        (
            "<p>Ketamine is completely&#xA0;safe.</p>",
            "completely&#xA0;safe",
        ),
        (
            "<p>Ketamine: safe &amp; effective.</p>",
            "safe &amp; effective",
        ),
        (
            "<p>Ketamine: safe &#38; effective.</p>",
            "safe &#38; effective",
        ),
        (
            "<p>Ketamine? There&rsquo;s no risk.</p>",
            "There&rsquo;s no risk",
        ),
        (
            "<p>Ketamine? There&#x2019;s no risk.</p>",
            "There&#x2019;s no risk",
        ),
        (
            "<p>Ketamine, a ground&#45;breaking idea</p>",
            "ground&#45;breaking",
        ),
    ] {
        let ds = linter.check_document(source, Format::Html);
        assert_consistent(source, &ds);
        let claims: Vec<_> = ds.iter().filter(|d| d.rule != "f/results-vary").collect();
        assert_eq!(claims.len(), 1, "{source}: {ds:?}");
        assert_eq!(claims[0].text, text, "{source}");
    }
}

#[test]
fn blocks_are_never_glued_and_inline_elements_stay_in_the_sentence() {
    let linter = linter();
    let cures = |source: &str, format| {
        linter
            .check_document(source, format)
            .iter()
            .filter(|d| d.rule == "f/cure" || d.rule == "f/safe")
            .count()
    };
    // The condition "ketamine in the same sentence" holds across inline tags...
    assert_eq!(
        cures(
            "<p><a href=x>Ketamine</a> <span>cures</span> it</p>",
            Format::Html
        ),
        1
    );
    assert_eq!(cures("[Ketamine](x) **cures** it", Format::Markdown), 1);
    // ...and never across a heading, list item, table cell or paragraph.
    for source in [
        "<h2>Ketamine</h2>Cures nothing",
        "<ul><li>Ketamine</li><li>Cures nothing</li></ul>",
        "<table><tr><td>Ketamine</td><td>cures nothing</td></tr></table>",
        "<p>Ketamine</p><p>cures nothing</p>",
        "<div>Ketamine</div>cures nothing",
        "<p>Our ketamine room</p><p>completely</p><p>safe</p>",
    ] {
        assert_eq!(cures(source, Format::Html), 0, "{source}");
    }
    for source in [
        "## Ketamine\nCures nothing",
        "- Ketamine\n- Cures nothing",
        "| Ketamine | cures nothing |\n|---|---|\n| a | b |",
        "Ketamine\n\ncures nothing",
        "Our ketamine room\n\n| completely | safe |\n|---|---|",
    ] {
        assert_eq!(cures(source, Format::Markdown), 0, "{source}");
    }
}

#[test]
fn markdown_fixture_reads_front_matter_and_skips_code_and_raw_tags() {
    let ds = linter().check_document(MARKDOWN, Format::Markdown);
    assert_consistent(MARKDOWN, &ds);
    assert_eq!(
        found(&ds),
        [
            // The front matter's title and description (not its slug); the
            // disclosure anchors at the first "Ketamine".
            ("f/results-vary", "Ketamine cures everything"),
            ("f/cure", "cures"),
            ("f/safe", "completely safe"),
            ("f/fda", "FDA *approves* ketamine for depression"),
            ("f/safe", "completely&nbsp;safe"),
            ("f/safe", "There&rsquo;s no risk"),
            ("f/hype", "ground-breaking"),
            ("f/hype", "ground-*breaking"),
            // image description and link text
            ("f/cure", "cures"),
            ("f/cure", "cures"),
            // the HTML block is read as HTML
            ("f/cure", "cures"),
        ]
    );
    let fda = ds.iter().find(|d| d.rule == "f/fda").unwrap();
    assert_eq!(
        (fda.span.start, fda.span.end),
        nth(MARKDOWN, "FDA *approves* ketamine for depression", 0)
    );
    assert_eq!((fda.start.line, fda.start.column), (9, 5));
    let cures: Vec<_> = ds.iter().filter(|d| d.rule == "f/cure").collect();
    assert_eq!(cures[0].span.start, nth(MARKDOWN, "cures everything", 0).0);
    assert_eq!(cures[1].span.start, nth(MARKDOWN, "cures stress", 0).0);
    assert_eq!(cures[2].span.start, nth(MARKDOWN, "cures nothing", 0).0);
    assert_eq!(cures[3].span.start, nth(MARKDOWN, "cures, said", 0).0);
}

#[test]
fn replacements_are_offered_only_where_the_source_is_the_copy() {
    let ds = linter().check_document(HTML, Format::Html);
    let hype: Vec<_> = ds.iter().filter(|d| d.rule == "f/hype").collect();
    // Plain text (and attribute values) can be edited in place...
    for d in &hype[..3] {
        assert_eq!(d.suggestions.len(), 1, "{d:?}");
        assert_eq!(d.suggestions[0].replacement, "promising");
        assert_eq!(d.suggestions[0].applicability, Applicability::Safe);
    }
    // ...a span across markup or an entity cannot.
    assert!(hype[3].suggestions.is_empty());
    for d in ds.iter().filter(|d| d.rule == "f/safe") {
        assert!(d.suggestions.is_empty());
    }
    let fixed = apply_fixes(HTML, &ds, Applicability::Safe);
    assert_eq!(fixed.applied, 3);
    assert!(fixed
        .text
        .contains(r#"content="A promising ketamine lounge.""#));
    assert!(fixed.text.contains(r#"alt="A promising ketamine lounge""#));
    assert!(fixed
        .text
        .contains("<p>A promising room with a ground-<b>breaking</b> view.</p>"));

    let md = linter().check_document(MARKDOWN, Format::Markdown);
    let fixed = apply_fixes(MARKDOWN, &md, Applicability::Safe);
    assert!(fixed
        .text
        .contains("A **promising** lounge with a ground-*breaking* view."));
}

#[test]
fn disclosures_are_inserted_where_they_belong() {
    let linter = linter();
    let html = "<html><body>\n<p>Ketamine care.</p>\n</body></html>\n";
    let ds = linter.check_document(html, Format::Html);
    let d = ds.iter().find(|d| d.rule == "f/results-vary").unwrap();
    let fixed = apply_fixes(html, &ds, Applicability::Unsafe);
    assert_eq!(
        fixed.text,
        "<html><body>\n<p>Ketamine care.</p>\n<p>Individual results vary.</p>\n</body></html>\n"
    );
    assert_eq!(d.text, "Ketamine care.");
    assert!(linter.check_document(&fixed.text, Format::Html).is_empty());

    let fragment = "<p>Ketamine care.</p>";
    let fixed = apply_fixes(
        fragment,
        &linter.check_document(fragment, Format::Html),
        Applicability::Unsafe,
    );
    assert_eq!(
        fixed.text,
        "<p>Ketamine care.</p>\n\n<p>Individual results vary.</p>"
    );

    let md = "# Ketamine\n\nCare & comfort.\n";
    let fixed = apply_fixes(
        md,
        &linter.check_document(md, Format::Markdown),
        Applicability::Unsafe,
    );
    assert_eq!(
        fixed.text,
        "# Ketamine\n\nCare & comfort.\n\nIndividual results vary.\n"
    );
    assert!(linter
        .check_document(&fixed.text, Format::Markdown)
        .is_empty());
}

#[test]
fn text_format_is_check() {
    let linter = linter();
    let text = "Ketamine cures.\nThe FDA approves ketamine for depression.";
    assert_eq!(
        linter.check_document(text, Format::Text),
        linter.check(text)
    );
    assert_eq!(linter.check(text).len(), 3);
}

/// A small deterministic generator of hostile documents: broken tags,
/// stray and truncated entities, CRLF, NUL, multibyte text.
#[test]
fn any_input_gives_valid_spans_and_never_panics() {
    const PARTS: &[&str] = &[
        "<p>",
        "</p>",
        "<em>",
        "</em",
        "<!--",
        "-->",
        "&amp;",
        "&nbsp",
        "&#8217;",
        "&#x",
        "&",
        ";",
        "<script>",
        "</script>",
        "\r\n",
        "\n\n",
        "\0",
        "é",
        "’",
        "👉 ",
        "ketamine ",
        "cures ",
        "FDA approves ",
        "ketamine for depression",
        "completely safe ",
        "ground-breaking ",
        "*",
        "`",
        "<img alt=\"cures ",
        "\">",
        "<!-- claimlint-disable f/cure -- ok -->",
        "- ",
        "# ",
        "| a |",
        "\\",
        "[",
        "](x)",
        "<meta name=description content='cures ",
        "'>",
        "claimlint-disable-next-line f -- why\n",
        "<title>",
        "</title>",
        "```\n",
    ];
    let linter = linter();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let len = next() % 40;
        let source: String = (0..len)
            .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
            .collect();
        for format in [Format::Text, Format::Markdown, Format::Mdx, Format::Html] {
            let ds = linter.check_document(&source, format);
            assert_consistent(&source, &ds);
            let _ = apply_fixes(&source, &ds, Applicability::Unsafe);
        }
    }
}

fn fields(names: &[&str]) -> DocumentOptions {
    DocumentOptions::default().with_front_matter_fields(names.iter().copied())
}

#[test]
fn yaml_front_matter_fields_are_copy_with_exact_spans() {
    let ds = linter().check_document(HUGO, Format::Markdown);
    assert_consistent(HUGO, &ds);
    assert_eq!(
        located(&ds),
        [
            // title: double-quoted, with escaped quotes inside the span.
            (
                "f/results-vary",
                r#"Ketamine \"care\" that cures the winter blues"#,
                2,
                9,
                false
            ),
            ("f/cure", "cures", 2, 32, false),
            // description: a plain scalar folded over three lines.
            ("f/safe", "completely safe", 6, 3, false),
            // The body, after a Hugo shortcode that says "cures" in its
            // caption (code), and a {{% notice %}} pair.
            ("f/hype", "ground-breaking", 26, 3, false),
        ]
    );
    // Nothing from the slug, the tags, the image or a field not asked for.
    let safe = &ds[2];
    assert_eq!(
        (safe.span.start, safe.span.end),
        nth(HUGO, "completely safe", 0)
    );

    // Nested fields named by the caller: a single-quoted value with `''`,
    // and a folded block whose match runs across its line break.
    let with = fields(&["params.summary", "seo.description"]);
    let ds = linter().check_document_with(HUGO, Format::Markdown, &with);
    assert_consistent(HUGO, &ds);
    let added: Vec<_> = located(&ds)
        .into_iter()
        .filter(|&(_, _, line, _, _)| (9..=14).contains(&line))
        .collect();
    assert_eq!(
        added,
        [
            ("f/hype", "ground-breaking", 10, 15, false),
            (
                "f/fda",
                "FDA approves ketamine\n    for depression",
                13,
                9,
                false
            ),
        ]
    );
    let fda = ds.iter().find(|d| d.rule == "f/fda").unwrap();
    assert_eq!(
        fda.message,
        "False FDA status: FDA approves ketamine for depression"
    );
    assert_eq!((fda.end.line, fda.end.column), (14, 19));
}

#[test]
fn toml_front_matter_fields_are_copy_with_exact_spans() {
    let ds = linter().check_document(HUGO_TOML, Format::Markdown);
    assert_consistent(HUGO_TOML, &ds);
    assert_eq!(
        located(&ds),
        [
            ("f/results-vary", "Ketamine cures, plainly", 2, 10, false),
            ("f/cure", "cures", 2, 19, false),
            // Across a line-ending backslash in a multi-line basic string.
            ("f/safe", "completely \\\n    safe", 5, 14, false),
        ]
    );
    // A table's field with a \u escape before the match; a list of strings.
    let with = fields(&["params.summary", "keywords"]);
    let ds = linter().check_document_with(HUGO_TOML, Format::Markdown, &with);
    assert_consistent(HUGO_TOML, &ds);
    let added: Vec<_> = located(&ds)
        .into_iter()
        .filter(|&(_, _, line, _, _)| line == 8 || line == 11)
        .collect();
    assert_eq!(
        added,
        [
            ("f/safe", "completely safe", 8, 14, false),
            ("f/hype", "ground-breaking", 11, 28, false),
        ]
    );
}

#[test]
fn no_front_matter_fields_means_no_front_matter_copy() {
    let mut none = DocumentOptions::default();
    none.front_matter_fields.clear();
    let ds = linter().check_document_with(HUGO, Format::Markdown, &none);
    assert_eq!(found(&ds), [("f/hype", "ground-breaking")]);
    assert_eq!(
        DocumentOptions::default().front_matter_fields,
        FRONT_MATTER_FIELDS
    );
    // Adding a field twice adds it once.
    let twice = fields(&["title", "seo.description", "seo.description"]);
    assert_eq!(
        twice.front_matter_fields.len(),
        FRONT_MATTER_FIELDS.len() + 1
    );
}

#[test]
fn a_match_never_runs_from_one_field_into_another_or_into_the_body() {
    let linter = linter();
    let page = "---\ntitle: The FDA approves\ndescription: ketamine for depression\n---\nketamine for depression\n";
    assert!(found(&linter.check_document(page, Format::Markdown))
        .iter()
        .all(|&(rule, _)| rule != "f/fda"));
    let page = "+++\ntitle = 'Our care is completely'\n+++\nsafe.\n";
    assert!(linter.check_document(page, Format::Markdown).is_empty());
    // Front matter is only at the top: later, `---` is a rule or a heading.
    let page = "Intro.\n\n---\ntitle: completely safe\n---\n";
    let ds = linter.check_document(page, Format::Markdown);
    assert_eq!(found(&ds), [("f/safe", "completely safe")]);
}

#[test]
fn a_value_whose_source_cannot_be_lined_up_is_left_out() {
    // `\ ` (an escaped space) before a line break: the value is "completely
    // safe" with two spaces, which this reading of the lines does not give;
    // the field is skipped rather than reported with an inexact span.
    let page = "---\ntitle: \"completely\\ \n  safe\"\ndescription: completely safe\n---\n";
    let ds = linter().check_document(page, Format::Markdown);
    assert_consistent(page, &ds);
    assert_eq!(located(&ds), [("f/safe", "completely safe", 4, 14, false)]);
}

/// A linter whose one rule's replacement holds quotes: `wonder drug` is to
/// be `"new" option`.
fn quoting_linter() -> Linter {
    let pack = r#"
[pack]
id = "q"
name = "Quoting"
version = "1.0.0"
description = "A replacement with quotes in it."

[[rule]]
id = "q/wonder"
category = "hype"
severity = "warning"
message = "'{match}' is hype"
rationale = "Say what it is."
references = ["https://example.org/hype"]
phrases = [{ phrase = "wonder drug", replace = ['"new" option'] }]
fix = "safe"
fire = ["A wonder drug."]
clean = ["A new option."]
"#;
    Linter::new(&RuleSet::from_toml("q.toml", pack).unwrap()).unwrap()
}

#[test]
fn front_matter_replacements_are_escaped_for_their_quoting() {
    let linter = quoting_linter();
    let page = concat!(
        "---\n",
        "title: \"A wonder drug\"\n",
        "description: A wonder drug\n",
        "summary: 'A wonder drug'\n",
        "excerpt: |\n  A wonder drug\n",
        "---\n",
        "A wonder drug.\n",
    );
    let ds = linter.check_document(page, Format::Markdown);
    assert_consistent(page, &ds);
    let replacements: Vec<Vec<&str>> = ds
        .iter()
        .map(|d| {
            d.suggestions
                .iter()
                .map(|s| s.replacement.as_str())
                .collect()
        })
        .collect();
    assert_eq!(
        replacements,
        [
            vec![r#"\"new\" option"#],
            // A plain scalar cannot take a quote as written: no fix.
            vec![],
            vec![r#""new" option"#],
            vec![r#""new" option"#],
            vec![r#""new" option"#],
        ]
    );
    let fixed = apply_fixes(page, &ds, Applicability::Safe);
    assert_eq!(fixed.applied, 4);
    assert!(fixed.text.contains(r#"title: "A \"new\" option""#));
    // The fixed front matter still parses, and reads as the fix meant.
    let again = linter.check_document(&fixed.text, Format::Markdown);
    assert_eq!(found(&again), [("q/wonder", "wonder drug")]);

    let toml = "+++\ntitle = 'A wonder drug'\ndescription = \"A wonder drug\"\n+++\n";
    let ds = linter.check_document(toml, Format::Markdown);
    let replacements: Vec<usize> = ds.iter().map(|d| d.suggestions.len()).collect();
    // A literal string can hold `"`; a basic one escapes it.
    assert_eq!(replacements, [1, 1]);
    assert_eq!(ds[1].suggestions[0].replacement, r#"\"new\" option"#);
}

#[test]
fn front_matter_comments_hold_suppressions() {
    let page = "---\n# claimlint-disable-next-line f/safe -- approved wording\ndescription: completely safe\ntitle: completely safe\n---\n";
    let ds = linter().check_document(page, Format::Markdown);
    assert_eq!(
        located(&ds),
        [
            ("f/safe", "completely safe", 3, 14, true),
            ("f/safe", "completely safe", 4, 8, false),
        ]
    );
}

#[test]
fn mdx_reads_prose_and_components_and_skips_code() {
    assert_eq!(
        Format::from_path(Path::new("pages/index.mdx")),
        Some(Format::Mdx)
    );
    let ds = linter().check_document(ASTRO, Format::Mdx);
    assert_consistent(ASTRO, &ds);
    assert_eq!(
        located(&ds),
        [
            ("f/results-vary", "Ketamine lounge", 2, 8, false),
            // Inside <Callout>, and inside an indented <Tab>: text, not code.
            ("f/hype", "ground-breaking", 13, 5, false),
            ("f/safe", "completely safe", 18, 22, false),
            // An <Image>'s alt prop.
            ("f/hype", "ground-breaking", 22, 37, false),
            // Suppressed by a {/* ... */} comment on the line before.
            ("f/cure", "cures", 25, 10, true),
        ]
    );
    // Nothing from the imports, the export, {expressions}, the label prop
    // or the code sample; read as plain Markdown, the export line is copy.
    for d in &ds {
        let line = ASTRO.lines().nth(d.start.line - 1).unwrap();
        assert!(!line.starts_with("export") && !line.contains('{'), "{d:?}");
    }
    let as_markdown = linter().check_document(ASTRO, Format::Markdown);
    assert!(as_markdown.iter().any(|d| d.start.line == 8));
}

#[test]
fn mdx_props_take_fixes_escaped_as_html_attributes() {
    let page = "<Image alt=\"A wonder drug\" />\n\nA wonder drug.\n";
    let ds = quoting_linter().check_document(page, Format::Mdx);
    assert_consistent(page, &ds);
    let fixed = apply_fixes(page, &ds, Applicability::Safe);
    assert_eq!(
        fixed.text,
        "<Image alt=\"A &quot;new&quot; option\" />\n\nA \"new\" option.\n"
    );
}

#[test]
fn mdx_fixes_edit_the_prose_and_leave_expressions_alone() {
    let page = "A ground-breaking {visit}.\n";
    let ds = linter().check_document(page, Format::Mdx);
    assert_eq!(found(&ds), [("f/hype", "ground-breaking")]);
    let fixed = apply_fixes(page, &ds, Applicability::Safe);
    assert_eq!(fixed.text, "A promising {visit}.\n");
}

#[test]
fn nunjucks_template_tags_are_code() {
    assert_eq!(
        Format::from_path(Path::new("_includes/page.njk")),
        Some(Format::Html)
    );
    let ds = linter().check_document(NUNJUCKS, Format::Html);
    assert_consistent(NUNJUCKS, &ds);
    assert_eq!(
        located(&ds),
        [
            // Suppressed by a {# ... #} comment.
            ("f/safe", "completely safe", 6, 17, true),
            (
                "f/results-vary",
                "The FDA approves {{ drug }} ketamine for depression, {% if flyer %}a flyer said{% endif %}.",
                7,
                4,
                false
            ),
            // Across an output tag, from the first word to the last.
            ("f/fda", "FDA approves {{ drug }} ketamine for depression", 7, 8, false),
            ("f/hype", "ground-breaking", 8, 6, false),
        ]
    );
    // "cures" stands only in tags: a {% set %}, a default, a filter
    // argument and an attribute's output.
    assert!(ds.iter().all(|d| d.rule != "f/cure"));
}

#[test]
fn liquid_template_tags_and_comment_blocks_are_code() {
    assert_eq!(
        Format::from_path(Path::new("sections/product.liquid")),
        Some(Format::Html)
    );
    let ds = linter().check_document(LIQUID, Format::Html);
    assert_consistent(LIQUID, &ds);
    assert_eq!(
        located(&ds),
        [
            ("f/hype", "ground-breaking", 7, 10, false),
            (
                "f/results-vary",
                "Ketamine cures, said a 1990s ad.",
                9,
                6,
                false
            ),
            ("f/cure", "cures", 9, 15, false),
        ]
    );
}

#[test]
fn liquid_tags_in_markdown_are_code() {
    let ds = linter().check_document(JEKYLL, Format::Markdown);
    assert_consistent(JEKYLL, &ds);
    assert_eq!(
        located(&ds),
        [
            // After an {% if %} at the start of the line: still a paragraph.
            ("f/safe", "completely safe", 7, 34, false),
            ("f/hype", "ground-breaking", 11, 3, false),
        ]
    );
}

#[test]
fn formats_name_themselves_and_files_name_formats() {
    for format in [Format::Text, Format::Markdown, Format::Mdx, Format::Html] {
        assert_eq!(Format::parse(format.as_str()), Some(format));
    }
    let cases = [
        ("a.md", Some(Format::Markdown)),
        ("a.MDX", Some(Format::Mdx)),
        ("a.njk", Some(Format::Html)),
        ("a.liquid", Some(Format::Html)),
        ("a.hbs", Some(Format::Html)),
        ("a.handlebars", Some(Format::Html)),
        ("a.jinja", Some(Format::Html)),
        ("a.j2", Some(Format::Html)),
        ("a.twig", Some(Format::Html)),
        ("a.erb", None),
        ("a.astro", None),
    ];
    for (name, format) in cases {
        assert_eq!(Format::from_path(Path::new(name)), format, "{name}");
    }
}

/// `claimlint check` on the fixtures folder: the pages in every format are
/// walked and read in their format; standard input takes `--input-format`.
#[test]
fn the_cli_walks_mdx_and_template_files_and_reads_them_in_their_format() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str], stdin: &str| {
        let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_claimlint"))
            .current_dir(root)
            .args([
                "check",
                "--no-builtin",
                "--rules",
                "tests/packs/formats.toml",
            ])
            .args(["--format", "json"])
            .args(args)
            .write_stdin(stdin)
            .output()
            .expect("runs");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("JSON")
    };
    let report = run(&["tests/fixtures/formats"], "");
    let files = report["files"].as_array().unwrap();
    let count = |name: &str| {
        let file = files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not walked"));
        file["diagnostics"].as_array().unwrap().len()
    };
    // As many findings as the library gives in each file's format
    // (suppressed ones are reported too, marked).
    for (name, source, format) in [
        ("astro.mdx", ASTRO, Format::Mdx),
        ("page.njk", NUNJUCKS, Format::Html),
        ("product.liquid", LIQUID, Format::Html),
        ("hugo.md", HUGO, Format::Markdown),
        ("hugo.toml.md", HUGO_TOML, Format::Markdown),
    ] {
        let expected = linter().check_document(source, format).len();
        assert_eq!(count(name), expected, "{name}");
    }
    let mdx =
        "import X from './x'\nexport const a = 'ketamine cures'\n\nA ground-breaking lounge.\n";
    let report = run(&["--input-format", "mdx", "-"], mdx);
    let rules: Vec<&str> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["f/hype"]);
}

/// Pages of unclosed tags and braces: each once searched to the end of the
/// page from every opener, minutes at this size; now one pass. The claim
/// after them is still found where it is.
#[test]
fn unclosed_tags_and_braces_are_read_in_linear_time() {
    let linter = linter();
    let n = 100_000;
    let pages = [
        ("{".repeat(n), Format::Mdx),
        ("<a b={".repeat(n / 6), Format::Mdx),
        ("{{ ".repeat(n / 3), Format::Markdown),
        ("{{ a\n\n".repeat(n / 6) + "}}", Format::Markdown),
        ("{% comment %}".repeat(n / 13), Format::Html),
        ("{% comment %}{% x ".repeat(n / 18), Format::Html),
        ("{{!-- ".repeat(n / 6), Format::Html),
    ];
    for (code, format) in pages {
        let page = format!("{code}\n\nKetamine cures it.\n");
        let ds = linter.check_document(&page, format);
        assert_consistent(&page, &ds);
        let cure = ds.iter().find(|d| d.rule == "f/cure");
        assert_eq!(
            cure.map(|d| d.span.start),
            page.rfind("cures"),
            "{format:?}"
        );
    }
}
