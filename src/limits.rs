//! Caps that keep an untrusted rule pack (from a shared repository, or typed
//! into a CMS admin screen) from exhausting memory or time when compiled.
//! All limits are far above what the built-in packs use.

/// Longest phrase or pattern, in bytes.
pub(crate) const MAX_PATTERN_LEN: usize = 2_000;
/// Most rules and disclosures in one pack.
pub(crate) const MAX_RULES_PER_PACK: usize = 2_000;
/// Most phrases and patterns in one rule.
pub(crate) const MAX_TRIGGERS_PER_RULE: usize = 500;
/// Deepest nesting of groups and repetitions in a pattern.
pub(crate) const REGEX_NEST_LIMIT: u32 = 64;
/// Largest compiled automaton (NFA) for one pattern, in bytes.
pub(crate) const REGEX_SIZE_LIMIT: usize = 2 * (1 << 20);
/// Largest compiled multi-pattern automaton, in bytes.
pub(crate) const SCANNER_SIZE_LIMIT: usize = 64 * (1 << 20);
