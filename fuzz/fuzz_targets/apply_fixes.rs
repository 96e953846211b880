//! Lint arbitrary bytes in each format and apply the fixes, safe and all:
//! whole, disjoint edits, and no panic on any text a fix makes.
#![no_main]

mod common;

use claimlint::{apply_fixes, Applicability, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: common::init(), |data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let formats = [Format::Text, Format::Markdown, Format::Mdx, Format::Html];
    let format = formats[usize::from(selector) % formats.len()];
    let text = common::text(rest);
    let found = common::lint_and_check(&text, format);
    for min in [Applicability::Safe, Applicability::Unsafe] {
        let fixed = apply_fixes(&text, &found, min);
        let offered = found
            .iter()
            .filter(|d| {
                d.suggestions
                    .first()
                    .is_some_and(|s| s.applicability >= min)
            })
            .count();
        assert!(fixed.applied + fixed.skipped <= offered);
        // The fixed text is a document like any other.
        let again = common::lint_and_check(&fixed.text, format);
        apply_fixes(&fixed.text, &again, min);
    }
});
