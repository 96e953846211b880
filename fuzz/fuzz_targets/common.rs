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

/// Lint `text` and check every diagnostic's span, text and position.
pub fn lint_and_check(text: &str, format: Format) -> Vec<Diagnostic> {
    let found = LINTER.check_document(text, format);
    let mut last = 0;
    for d in &found {
        let (start, end) = (d.span.start, d.span.end);
        assert!(
            start <= end && end <= text.len(),
            "span out of the text: {d:?}"
        );
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        assert_eq!(&text[start..end], d.text, "text under the span");
        assert!(start >= last, "diagnostics out of order");
        last = start;
        let line = text[..start].matches('\n').count() + 1;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(d.start.line, line);
        assert_eq!(d.start.column, text[line_start..start].chars().count() + 1);
        for s in &d.suggestions {
            assert!(s.span.start <= s.span.end && s.span.end <= text.len());
            assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        }
    }
    found
}
