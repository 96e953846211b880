//! What every fuzz target shares: the linters, compiled once per process,
//! and the invariants every diagnostic must keep (a broken one is a crash,
//! which libFuzzer records).

use std::sync::LazyLock;

use claimlint::{Diagnostic, Format, Linter, RuleSet};

/// The built-in packs and the engine test pack (every rule kind and
/// condition), together.
pub static LINTER: LazyLock<Linter> = LazyLock::new(|| {
    let mut set = RuleSet::builtin().expect("built-in packs load");
    set.add_toml("engine.toml", include_str!("../../tests/packs/engine.toml"))
        .expect("engine pack loads");
    Linter::new(&set).expect("packs compile")
});

/// Compile the linters before the first input, so that libFuzzer does not
/// time the compile (seconds in an instrumented build) as a slow input.
pub fn init() {
    LazyLock::force(&LINTER);
}

/// The input as text: arbitrary bytes, invalid UTF-8 replaced, as a host
/// that reads bytes lossily would pass them.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

#[path = "../../tests/support/spans.rs"]
mod spans;

/// Lint `text` and check every diagnostic's span, text and position.
pub fn lint_and_check(text: &str, format: Format) -> Vec<Diagnostic> {
    let found = LINTER.check_document(text, format);
    if let Err(broken) = spans::check(text, &found) {
        panic!("{broken}");
    }
    found
}
