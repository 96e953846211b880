//! The matching engine: how the patterns of every rule are found in a
//! document in one pass, and searched exactly only where they may match.
//!
//! A rule file's patterns are written in the [`pattern`] dialect (ASCII word
//! boundaries, curly apostrophes), with their case-insensitive classes
//! folded ahead of the parser by [`class_fold`]. When a linter compiles,
//! [`needles`] takes from each pattern the literals every match of it
//! begins or ends with, and the [`scan`] builds one Aho-Corasick automaton
//! of them all. Linting a document then goes:
//!
//! 1. [`scan`]: the automaton walks the lower-cased text, four stretches at
//!    once ([`lanes`]); from each needle found, an anchored search
//!    ([`anchored`]) tells which patterns match from there (or, in
//!    reverse, up to there). The few patterns without a needle worth
//!    searching are in one forward automaton ([`forward`]). The result:
//!    for each trigger, the paragraphs where it may match; for each pack's
//!    `active-when`, the paragraphs that may name its subject.
//! 2. The linter (`crate::linter`) searches each trigger exactly in its
//!    paragraphs and checks its context conditions around each match;
//!    those conditions are [`forward`] automata over a sentence, a clause
//!    or a window of words.
//! 3. Conditions asked of the whole document (a disclosure's accepted
//!    forms, `within = "document"`) are searched from their needles too
//!    ([`anywhere`]) once a document has shown them to be rare.
//!
//! Every automaton is built within the caps of [`limits`], which also bound
//! the work a hostile pack or text can cause.

pub(crate) mod anchored;
pub(crate) mod anywhere;
pub(crate) mod class_fold;
pub(crate) mod forward;
pub(crate) mod lanes;
pub mod limits;
pub(crate) mod needles;
pub(crate) mod pattern;
pub(crate) mod scan;
