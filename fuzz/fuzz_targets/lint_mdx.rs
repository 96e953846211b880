//! Lint arbitrary bytes as MDX (front matter, imports, JSX, expressions):
//! no panic, and every diagnostic exact.
#![no_main]

mod common;

use claimlint::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: common::init(), |data: &[u8]| {
    common::lint_and_check(&common::text(data), Format::Mdx);
});
