//! Properties that hold for any input: arbitrary text (non-ASCII, emoji,
//! line breaks, markup-like and claim-like words) in every format, linted by
//! the engine test pack and by the built-in packs.
//!
//! - no panic; every span lies within the input, on char boundaries, and the
//!   diagnostics come sorted; `d.text` is the input under the span, and the
//!   line and column agree with the byte offsets (recounted here);
//! - applying the safe fixes, or all of them, applies whole, disjoint edits
//!   (rebuilt here independently), and once no edit was skipped, a second
//!   lint and fix changes nothing;
//! - linting is deterministic, and the same from several threads at once.

use std::sync::LazyLock;

use claimlint::{apply_fixes, Applicability, Diagnostic, Format, Linter, RuleSet};
use proptest::prelude::*;

#[path = "support/spans.rs"]
mod spans;

static ENGINE: LazyLock<Linter> = LazyLock::new(|| {
    let pack = include_str!("packs/engine.toml");
    Linter::new(&RuleSet::from_toml("engine.toml", pack).expect("loads")).expect("compiles")
});

static BUILTIN: LazyLock<Linter> =
    LazyLock::new(|| Linter::new(&RuleSet::builtin().expect("loads")).expect("compiles"));

const FORMATS: [Format; 4] = [Format::Text, Format::Markdown, Format::Mdx, Format::Html];

/// Pieces of clinic copy, markup and awkward characters, that random
/// sequences of make texts with findings, fixes and suppressions.
const TOKENS: &[&str] = &[
    "Ketamine",
    "ketamine",
    " cures ",
    "depression",
    " is FDA-approved ",
    "ground-breaking",
    "Ground breaking",
    " miracle ",
    "Studies show",
    " not ",
    " may ",
    " completely safe",
    " guaranteed results",
    " infusions",
    " PTSD",
    " off-label",
    ". ",
    "! ",
    "Dr. ",
    "\n",
    "\n\n",
    "\r\n",
    "- ",
    "✅ ",
    "🧠",
    "é",
    "’",
    "\u{a0}",
    "\u{200b}",
    "\0",
    "\t",
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<br>",
    "<script>x</script>",
    "<img alt=\"miracle cure\">",
    "&amp;",
    "&rsquo;",
    "&#x1F9E0;",
    "**",
    "_",
    "`",
    "# ",
    "> ",
    "[link](http://x)",
    "<!-- claimlint-disable-next-line t/hype -- approved -->",
    "<!-- claimlint-disable -- no selector -->",
    "<!-- claimlint-disable health-claims -- approved -->",
    "<!-- claimlint-enable -->",
    "claimlint-disable t -- approved\n",
    "claimlint-disable-next-line ketamine, hype -- approved\n",
    "claimlint-enable\n",
    "(Lee et al., 2023)",
    // Front matter, MDX and templates.
    "---\n",
    "+++\n",
    "title: ",
    "description = \"",
    "\"",
    "'",
    "''",
    "\\\"",
    "\\u00e9",
    "\\\n",
    "|\n  ",
    ">-\n  ",
    "  - ",
    "[params]\n",
    "{{ page.title }}",
    "{% if x %}",
    "{%",
    "}}",
    "{# claimlint-disable-next-line t/hype -- approved #}",
    "{/* claimlint-disable-next-line t -- approved */}",
    "{",
    "}",
    "<Callout type=\"x\">",
    "</Callout>",
    "<Image alt=\"miracle cure\" />",
    "import X from 'y'\n",
    "export const a = {\n",
    "    ",
];

/// Pages that start with front matter: a YAML or TOML block made of the
/// tokens, then a body made of them.
fn page() -> impl Strategy<Value = String> {
    let tokens = || {
        proptest::collection::vec(proptest::sample::select(TOKENS), 0..20).prop_map(|t| t.concat())
    };
    (
        proptest::sample::select(&["---", "+++"][..]),
        tokens(),
        tokens(),
    )
        .prop_map(|(delimiter, front, body)| {
            format!("{delimiter}\ntitle: {front}\n{delimiter}\n{body}")
        })
}

/// Texts made of the tokens, and arbitrary strings.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::collection::vec(proptest::sample::select(TOKENS), 0..40)
            .prop_map(|t| t.concat()),
        1 => any::<String>(),
        1 => "[a-zA-Z <>/&;#*_\\n.é🧠-]{0,80}",
        1 => page(),
    ]
}

fn check_diagnostics(text: &str, found: &[Diagnostic]) -> Result<(), TestCaseError> {
    spans::check(text, found).map_err(TestCaseError::fail)
}

/// `apply_fixes`, rebuilt: the first suggestion of each diagnostic at or
/// above `min`, by position, each kept only if it starts where or after the
/// last kept one ends; returns the text and how many were skipped.
fn fixed_by_hand(text: &str, found: &[Diagnostic], min: Applicability) -> (String, usize) {
    let mut edits: Vec<_> = found
        .iter()
        .filter_map(|d| d.suggestions.first())
        .filter(|s| s.applicability >= min)
        .map(|s| (s.span.start, s.span.end, s.replacement.clone()))
        .collect();
    // Stable: insertions at one point keep the diagnostics' order.
    edits.sort_by_key(|&(start, end, _)| (start, end));
    edits.dedup();
    let (mut out, mut last, mut skipped) = (String::new(), 0, 0);
    for (start, end, replacement) in edits {
        if start < last {
            skipped += 1;
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(&replacement);
        last = end;
    }
    out.push_str(&text[last..]);
    (out, skipped)
}

fn check_fixes(linter: &Linter, text: &str, format: Format) -> Result<(), TestCaseError> {
    let found = linter.check_document(text, format);
    for min in [Applicability::Safe, Applicability::Unsafe] {
        let fixed = apply_fixes(text, &found, min);
        let (expected, skipped) = fixed_by_hand(text, &found, min);
        prop_assert_eq!(&fixed.text, &expected);
        prop_assert_eq!(fixed.skipped, skipped);
        prop_assert!(std::str::from_utf8(fixed.text.as_bytes()).is_ok());
        if min == Applicability::Safe && fixed.skipped == 0 && fixed.applied > 0 {
            let again = linter.check_document(&fixed.text, format);
            let twice = apply_fixes(&fixed.text, &again, min);
            prop_assert_eq!(&twice.text, &fixed.text, "a second pass changed the text");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn spans_lines_and_columns_are_exact(text in text()) {
        for linter in [&*ENGINE, &*BUILTIN] {
            for format in FORMATS {
                check_diagnostics(&text, &linter.check_document(&text, format))?;
            }
        }
    }

    #[test]
    fn fixes_are_disjoint_whole_edits_and_converge(text in text()) {
        for linter in [&*ENGINE, &*BUILTIN] {
            for format in FORMATS {
                check_fixes(linter, &text, format)?;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn linting_is_deterministic_across_threads(text in text()) {
        for format in FORMATS {
            let once = BUILTIN.check_document(&text, format);
            let threads: Vec<Vec<Diagnostic>> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..4)
                    .map(|_| scope.spawn(|| BUILTIN.clone().check_document(&text, format)))
                    .collect();
                handles.into_iter().map(|h| h.join().expect("no panic")).collect()
            });
            for other in threads {
                prop_assert_eq!(&other, &once);
            }
            prop_assert_eq!(&BUILTIN.check_document(&text, format), &once);
        }
    }
}
