//! Caps that keep an untrusted rule pack (from a shared repository, or typed
//! into a CMS admin screen) from exhausting memory or time when it is loaded,
//! compiled or used. Loading and compiling any one pack under these caps takes
//! well under a second (see `benches/hostile_packs.rs` and the README's
//! "Guarantees"); exceeding one is a [`crate::RuleError`] of kind
//! [`crate::RuleErrorKind::Limit`] at the line where the cap is crossed. All
//! caps are far above what the built-in packs use.
//!
//! Public so that a host can tell its users the caps before they upload a pack.

/// Largest pack file, in bytes.
pub const MAX_PACK_BYTES: usize = 256 << 10;
/// Most rules and disclosures in one pack.
pub const MAX_RULES_PER_PACK: usize = 500;
/// Most phrases and patterns in one rule.
pub const MAX_TRIGGERS_PER_RULE: usize = 500;
/// Most phrases and patterns in one pack, counting every entry of `[terms]`,
/// `active-when`, the rules and the disclosures, and a term's patterns again
/// each time a condition uses the term (a term is copied into every condition
/// that names it).
pub const MAX_PATTERNS_PER_PACK: usize = 4_000;
/// Most bytes of regular expressions in one pack, as compiled: after phrases
/// become patterns, terms are copied into the conditions that use them, and
/// case-insensitive character classes are spelled out (`\pL` is 13 kB).
pub const MAX_PACK_REGEX_BYTES: usize = 512 << 10;
/// Most `fire` and `clean` examples in one pack. Each is linted when the pack
/// is compiled by [`crate::Linter::new`].
pub const MAX_EXAMPLES_PER_PACK: usize = 1_000;
/// Longest phrase or pattern, in bytes.
pub const MAX_PATTERN_LEN: usize = 2_000;
/// Largest `N` in a `before:N`, `after:N` or `around:N` scope.
pub const MAX_SCOPE_WORDS: usize = 100;
/// Deepest nesting of groups and repetitions in a pattern.
pub const REGEX_NEST_LIMIT: u32 = 64;
/// The nesting limit of patterns in engine syntax: the rewrites of the rule
/// dialect (`\b`, apostrophes, folded classes, conditions joined into one
/// alternation) add a level or two to what the author wrote.
pub(crate) const ENGINE_NEST_LIMIT: u32 = REGEX_NEST_LIMIT + 4;
/// Largest compiled automaton (NFA) for one pattern or condition, in bytes.
pub const REGEX_SIZE_LIMIT: usize = 2 * (1 << 20);
/// Most memory, in bytes, that the automata of all distinct conditions (of
/// all packs) take together; each is compiled when the linter is.
pub const COMPILED_SIZE_LIMIT: usize = 32 << 20;
/// Most memory, in bytes, that the triggers' own automata (each phrase's
/// and pattern's, which finds its matches where the scanner saw it) and the
/// disclosures' anchors (which find where a missing disclosure is reported)
/// take together; each is compiled when the linter is.
pub const TRIGGERS_SIZE_LIMIT: usize = 32 << 20;
/// Most bytes of needles (the literals one of which every match of a
/// pattern holds) that the scan searches for; the patterns past them are
/// scanned by an automaton of their own, within [`SCANNER_SIZE_LIMIT`].
pub const NEEDLE_BYTES: usize = 1 << 20;
/// Largest compiled multi-pattern automaton (the scanner of all
/// triggers), in bytes.
pub const SCANNER_SIZE_LIMIT: usize = 8 << 20;

/// How many bytes, for each byte of a paragraph, the scan's anchored
/// searches may walk past their needles in it (and a few more, for a short
/// one). On copy they die within a few bytes of their needle, a fraction of
/// the paragraph in all. A pattern with a gap of any length after its
/// needle (`\bfoo\b.*\bbar\b`) walks to the paragraph's end from every
/// needle where it does not match: on a long paragraph with many needles
/// that made the scan quadratic (200 KB on one line: 10 s). Past the
/// limit, a needle's patterns are listed where it is found, unsearched;
/// their own automata then search the paragraph once each.
pub(crate) const SCAN_STEPS_PER_BYTE: usize = 8;
/// The steps every paragraph's searches may take, however short it is.
pub(crate) const SCAN_STEPS_SLACK: usize = 4096;

/// The bytes the anchored searches from needles may walk past them in
/// `len` bytes of text ([`SCAN_STEPS_PER_BYTE`]).
pub(crate) fn scan_steps(len: usize) -> usize {
    len.saturating_mul(SCAN_STEPS_PER_BYTE)
        .saturating_add(SCAN_STEPS_SLACK)
}

/// Most patterns in one automaton for which a literal prefilter is
/// extracted; past this, extraction time grows with the square of the
/// count. The built-in packs stay under it.
pub(crate) const PREFILTER_MAX_PATTERNS: usize = 1_000;

/// How far, in bytes per word, a `before:N`/`after:N`/`around:N` window may
/// reach from its match. Real words are far shorter; the cap keeps a window's
/// cost bounded on hostile text (a megabyte of hyphenated "words").
pub(crate) const WINDOW_BYTES_PER_WORD: usize = 64;

/// How far back, in bytes, a finding looks for another on the same passage
/// (see `Linter`'s merge): matches are far shorter, and the bound keeps a
/// document of a million findings linear.
pub(crate) const SAME_PASSAGE_LOOKBACK: usize = 4096;
