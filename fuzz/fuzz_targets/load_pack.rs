//! Load arbitrary bytes as a rule pack: an error or a linter, never a panic
//! (nor a hang: libFuzzer's -timeout catches those); a linter that loads
//! lints a page.
#![no_main]

use claimlint::{Format, Linter, RuleSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(set) = RuleSet::from_toml("fuzz.toml", source) else {
        return;
    };
    let Ok(linter) = Linter::new(&set) else {
        return;
    };
    for format in [Format::Text, Format::Markdown, Format::Html] {
        linter.check_document(include_str!("../../examples/careless-clinic.txt"), format);
        linter.check_document(source, format);
    }
});
