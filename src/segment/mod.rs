//! Paragraphs and sentences of web copy, as spans into the original text.
//!
//! The base is Unicode sentence segmentation (UAX #29, `unicode-segmentation`),
//! corrected for what clinic pages look like once their markup is gone:
//! - a blank line ends a paragraph;
//! - a line break ends a sentence unless the next line starts in lower case
//!   (a wrapped line). Headings, buttons and list items carry no final
//!   punctuation, and must not be glued to what follows;
//! - a line that starts with a bullet (•, -, *, +, "1.", "2)", ✅ ...) always
//!   starts a new sentence;
//! - abbreviations ("Dr.", "e.g.", "U.S.", "et al.") do not end a sentence,
//!   while UAX #29 already keeps "0.5 mg/kg" and "1–3 days" whole.
//!
//! The linter segments lazily: only paragraphs that hold a candidate match,
//! and in those only the stretch around each match that needs its sentence
//! (see [`Sentences`]).

use std::collections::btree_map::{BTreeMap, Entry};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

use crate::span::floor_char_boundary;

pub(crate) mod clause;
mod notes;

/// The paragraph around byte `pos`: the run of non-blank lines holding it.
#[cfg(test)]
fn paragraph_at(text: &str, pos: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut start = line_start(bytes, pos);
    if is_blank(&bytes[start..line_end(bytes, pos)]) {
        return start..line_end(bytes, pos);
    }
    while start > 0 {
        let prev = line_start(bytes, start - 1);
        if is_blank(&bytes[prev..start]) {
            break;
        }
        start = prev;
    }
    let mut end = line_end(bytes, pos);
    while end < bytes.len() {
        let next = line_end(bytes, end + 1);
        if is_blank(&bytes[end + 1..next]) {
            break;
        }
        end = next;
    }
    start..end
}

/// The paragraphs of `text`, in order (blank lines between them left out):
/// runs of non-blank lines, read line by line from the start.
pub(crate) fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        let mut end = line_end(bytes, pos);
        while is_blank(&bytes[pos.min(bytes.len())..end]) {
            if end == bytes.len() {
                return None;
            }
            pos = end + 1;
            end = line_end(bytes, pos);
        }
        let start = pos;
        while end < bytes.len() {
            let next = line_end(bytes, end + 1);
            if is_blank(&bytes[end + 1..next]) {
                break;
            }
            end = next;
        }
        pos = end + 1;
        Some(start..end)
    })
}

#[cfg(test)]
fn line_start(bytes: &[u8], pos: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..pos.min(bytes.len())]).map_or(0, |i| i + 1)
}

fn line_end(bytes: &[u8], pos: usize) -> usize {
    let pos = pos.min(bytes.len());
    memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i)
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// The sentences of `text[para]`, as trimmed, non-empty spans of `text`.
pub(crate) fn sentences(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for block in blocks(text, para) {
        push_sentences(text, block, &mut out);
    }
    out
}

/// Appends the sentences of `text[range]`, trimmed and non-empty: its UAX #29
/// segments, each merged with the next while it does not end a sentence.
/// A sentence must start at `range.start` and end at `range.end`, as at the
/// ends of a block or of a stretch between restart points.
fn push_sentences(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let from = out.len();
    push_segments(text, range, out);
    notes::attach(text, out, from);
}

/// [`push_sentences`] before footnote markers are given to their sentence.
fn push_segments(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    if is_one_segment(&text[range.clone()]) {
        out.extend(trim(text, range));
        return;
    }
    let mut pending: Option<Range<usize>> = None;
    for (i, seg) in text[range.clone()].split_sentence_bound_indices() {
        let seg_range = range.start + i..range.start + i + seg.len();
        pending = Some(match pending {
            Some(prev) if !ends_sentence(&text[prev.clone()]) => prev.start..seg_range.end,
            Some(prev) => {
                out.extend(trim(text, prev));
                seg_range
            }
            None => seg_range,
        });
    }
    out.extend(pending.and_then(|r| trim(text, r)));
}

/// Whether `s` is a single UAX #29 segment for certain, without segmenting
/// it: terminal punctuation only in the run that closes it (terminators,
/// then closing quotes and brackets, then spaces) or in periods that join
/// what follows them, a line break only at its end, and no other character
/// that could end a sentence. UAX #29 breaks
/// only after terminal punctuation or a paragraph separator (SB4, SB11), and
/// a lookup mostly segments one such sentence (or line) between two restart
/// points, at a cost per character well above the automata's.
fn is_one_segment(s: &str) -> bool {
    let s = s
        .strip_suffix('\n')
        .map_or(s, |s| s.strip_suffix('\r').unwrap_or(s));
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(k) = bytes[i..]
        .iter()
        .position(|&b| is_mark(&b) || b == b'\r' || b >= 0x80)
    {
        i += k;
        if bytes[i] == b'.' && period_joins_next(bytes, i) {
            i += 1;
            continue;
        }
        if bytes[i] < 0x80 {
            return ends_closed(&s[i..]);
        }
        let c = s[i..].chars().next().unwrap_or_default();
        if !cannot_end_sentence(c) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// Whether UAX #29 never breaks after the period at `bytes[i]`, whatever
/// follows: a lower-case letter right after it (SB8: "e.g.the"), a digit
/// (SB6: "0.5", "administration.1"), or a capital after a letter (SB7:
/// "U.S", "States.Ketamine"). Nothing further on can break for it either: the
/// rules that could (SB9 to SB11) need closings or spaces right after it.
fn period_joins_next(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i + 1) {
        Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit() => true,
        Some(b) if b.is_ascii_uppercase() => i > 0 && bytes[i - 1].is_ascii_alphabetic(),
        _ => false,
    }
}

/// Whether `run` is terminators, then closing quotes and brackets, then
/// spaces, and nothing else.
fn ends_closed(run: &str) -> bool {
    let closings = run.trim_start_matches(['.', '!', '?']);
    closings.len() < run.len()
        && (closings
            .trim_start_matches(['"', '\'', ')', ']', '’', '”', '»'])
            .bytes())
        .all(|b| b == b' ')
}

/// Non-ASCII characters of web copy that are neither terminal punctuation
/// nor a paragraph separator for UAX #29 (so no sentence ends after them):
/// Latin letters and Latin-1 signs, dashes, curly quotes, bullets and the
/// ellipsis, arrows, symbols and emoji (a test checks each against
/// `unicode-segmentation`). Anything else takes the full segmentation.
fn cannot_end_sentence(c: char) -> bool {
    matches!(c,
        '\u{a0}'..='\u{24f}'
        | '\u{2010}'..='\u{2023}'
        | '\u{2025}'..='\u{2027}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{2600}'..='\u{27bf}'
        | '\u{1f300}'..='\u{1faff}')
}

/// How far, in bytes, [`Sentences::at`] looks on either side of a position
/// for restart points before it segments the whole paragraph instead. Most
/// sentences of web copy are far shorter; the bound keeps a megabyte without
/// terminal punctuation from being scanned once per match.
const REACH: usize = 1024;

/// The sentences of one paragraph, looked up one position at a time, each
/// exactly as [`sentences`] gives it.
///
/// Unicode segmentation costs far more per byte than the automata, and a
/// paragraph of claim-dense copy holds five or more sentences for the one or
/// two that its matches need. So a lookup segments only the stretch
/// between the nearest *restart points* around the position: places where a
/// sentence of the whole paragraph starts whatever precedes them (see
/// [`restart_made_by`]), so that the stretch, segmented alone, splits exactly
/// as the paragraph does. Where none lies within [`REACH`] bytes (a megabyte
/// without terminal punctuation, a run of "1. 2. 3. ..."), the whole
/// paragraph is segmented, once, as before.
pub(crate) struct Sentences<'t> {
    text: &'t str,
    para: Range<usize>,
    /// How far restart points are looked for ([`REACH`]; less in tests).
    reach: usize,
    /// The last lookup's position and sentence: the conditions of a match,
    /// and the next match of a rule, mostly ask for the same sentence.
    last: Option<(usize, Range<usize>)>,
    /// The stretches segmented so far, by start: their end and sentences.
    /// Each rule's matches come in order, rule after rule, so the sentences
    /// of one stretch are asked for again.
    stretches: BTreeMap<usize, (usize, Vec<Range<usize>>)>,
    /// All the paragraph's sentences, once a lookup found no restart point
    /// within reach.
    all: Option<Vec<Range<usize>>>,
}

impl<'t> Sentences<'t> {
    /// The sentences of `text[para]`; nothing is segmented yet.
    pub(crate) fn new(text: &'t str, para: Range<usize>) -> Sentences<'t> {
        Sentences {
            text,
            para,
            reach: REACH,
            last: None,
            stretches: BTreeMap::new(),
            all: None,
        }
    }

    /// The sentence holding byte `pos`, or else the first after it: the
    /// first of [`sentences`] that ends after `pos`, if any.
    pub(crate) fn at(&mut self, pos: usize) -> Option<Range<usize>> {
        if let Some((from, sentence)) = &self.last {
            // No sentence ends between the two positions.
            if (*from..sentence.end).contains(&pos) {
                return Some(sentence.clone());
            }
        }
        let found = match self.all.is_none().then(|| self.near(pos)).flatten() {
            Some(found) => found,
            None => {
                let (text, para) = (self.text, self.para.clone());
                first_ending_after(self.all.get_or_insert_with(|| sentences(text, para)), pos)
            }
        };
        self.last = found.clone().map(|sentence| (pos, sentence));
        found
    }

    /// [`Sentences::at`] from the stretches around `pos` alone; `None` when
    /// a restart point bounding them lies out of reach.
    fn near(&mut self, pos: usize) -> Option<Option<Range<usize>>> {
        let (text, para) = (self.text, &self.para);
        let pos = pos.max(para.start);
        if pos >= para.end {
            return Some(None);
        }
        let limit = pos.saturating_add(self.reach);
        let mut start = match self.stretches.range(..=pos).next_back() {
            Some((&start, &(end, _))) if pos < end => start,
            _ => restart_before(text, para, pos, pos.saturating_sub(self.reach))?,
        };
        // `pos` can lie past the last sentence of its stretch (in trailing
        // space): the sentence is then the first of a later stretch.
        loop {
            let (end, found) = match self.stretches.entry(start) {
                Entry::Occupied(stretch) => stretch.into_mut(),
                Entry::Vacant(stretch) => {
                    let end = restart_after(text, para, start, limit)?;
                    let mut found = Vec::new();
                    push_sentences(text, start..end, &mut found);
                    stretch.insert((end, found))
                }
            };
            if let Some(sentence) = first_ending_after(found, pos) {
                return Some(Some(sentence));
            }
            if *end == para.end {
                return Some(None);
            }
            start = *end;
        }
    }
}

/// The first of `sentences` (sorted, disjoint) that ends after `pos`.
fn first_ending_after(sentences: &[Range<usize>], pos: usize) -> Option<Range<usize>> {
    sentences
        .get(sentences.partition_point(|s| s.end <= pos))
        .cloned()
}

/// The last restart point at or before `pos`: one made by a mark at or
/// after `floor`, or else the start of the paragraph if `floor` reaches it.
fn restart_before(text: &str, para: &Range<usize>, pos: usize, floor: usize) -> Option<usize> {
    let floor = floor.max(para.start);
    let mut j = pos;
    while let Some(k) = text.as_bytes()[floor..j].iter().rposition(is_mark) {
        j = floor + k;
        // Restart points grow with the marks that make them, but the one
        // a mark just before `pos` makes can lie after it.
        if let Some(i) = restart_made_by(text, para, j).filter(|&i| i <= pos) {
            return Some(i);
        }
    }
    (floor == para.start).then_some(para.start)
}

/// The first restart point after `start`, itself one, made by a mark before
/// `limit`; the end of the paragraph counts as one. Only marks from `start`
/// on need looking at: the marks before a restart point make none after it.
fn restart_after(text: &str, para: &Range<usize>, start: usize, limit: usize) -> Option<usize> {
    // (A lookup in the space after a stretch's last sentence moves on to
    // the next stretch, which can start past `limit`: then none is found.)
    let stop = limit.min(para.end).max(start);
    let mut j = start;
    while let Some(k) = text.as_bytes()[j..stop].iter().position(is_mark) {
        j += k;
        if let Some(i) = restart_made_by(text, para, j) {
            return Some(i);
        }
        j += 1;
    }
    (stop == para.end).then_some(para.end)
}

/// The bytes that can make a restart point: a line break, terminal
/// punctuation.
fn is_mark(b: &u8) -> bool {
    matches!(b, b'\n' | b'.' | b'!' | b'?')
}

/// The restart point that the mark at byte `j` of `text[para]` makes, if
/// any: a place where one of [`sentences`]`(text, para)` starts whatever
/// precedes the mark, so that segmentation can start afresh there.
///
/// - After a line break, the next line, if it starts a block (blocks are
///   segmented apart).
/// - After "!" or "?", closing quotes or brackets, and spaces, an ASCII letter
///   or digit: UAX #29 breaks there (SB11), and [`ends_sentence`] agrees.
/// - After "." and the same, at least one space and an ASCII capital: UAX
///   #29 breaks there (SB7 keeps "U.S", SB8 keeps "e.g. the"), and the period
///   must end a sentence for [`ends_sentence`] whatever the merged segment
///   holding it starts with: see [`word_ends_sentence`].
///
/// Doubtful places (longer runs of closings or spaces than [`MAX_RUN`],
/// other spaces) make none, at the cost of a longer stretch.
fn restart_made_by(text: &str, para: &Range<usize>, j: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes[j] == b'\n' {
        let i = j + 1;
        return (i < para.end && !continues(text, i, para.end)).then_some(i);
    }
    let unclosed = trim_start_run(&text[j + 1..para.end], is_close);
    let unspaced = trim_start_run(unclosed, |c| matches!(c, ' ' | '\t' | '\u{a0}'));
    let next = *unspaced.as_bytes().first()?;
    let starts = match bytes[j] {
        b'.' => {
            unspaced.len() < unclosed.len()
                && next.is_ascii_uppercase()
                && word_ends_sentence(&text[para.start..j])
        }
        _ => next.is_ascii_alphanumeric(),
    };
    starts.then_some(para.end - unspaced.len())
}

/// Longest run of closing quotes and brackets, or of spaces, that
/// [`restart_made_by`] looks through.
const MAX_RUN: usize = 8;

/// `s` without the characters that `is` holds for at its start, up to
/// [`MAX_RUN`] of them.
fn trim_start_run(s: &str, is: impl Fn(char) -> bool) -> &str {
    let mut start = 0;
    for c in s.chars().take(MAX_RUN) {
        if !is(c) {
            break;
        }
        start += c.len_utf8();
    }
    &s[start..]
}

/// Whether a period after `head` ends a sentence for [`ends_sentence`],
/// wherever in `head` the merged segment holding it starts: a segment can
/// start inside a word ("Hi!Dr."), and its last word is cut there.
///
/// - After a character that is neither a letter, a digit nor a separator
///   (")", "%", "”", "."), every last word ends with it: no abbreviation,
///   initial or list number does.
/// - After a word of ASCII letters and digits (no segment starts inside one)
///   that follows a separator or opens the paragraph, the last word is that
///   word: it must be no abbreviation, initial or number (a list number only
///   opens its segment, but where a segment starts is not known here).
/// - After such a word that follows ASCII punctuation UAX #29 never breaks
///   after ("-", "/", ","), the last word holds that punctuation too.
fn word_ends_sentence(head: &str) -> bool {
    match head.chars().next_back() {
        None => return false, // "." opens the paragraph: a list number "."
        Some(c) if !c.is_ascii_alphanumeric() => return !c.is_alphanumeric() && !is_separator(c),
        Some(_) => {}
    }
    let len = (head.bytes().rev())
        .take_while(u8::is_ascii_alphanumeric)
        .take(MAX_WORD_LOOKED_AT + 1)
        .count();
    if len > MAX_WORD_LOOKED_AT {
        return false;
    }
    let (rest, word) = head.split_at(head.len() - len);
    let plain = || !is_abbreviation(word) && !word.bytes().all(|b| b.is_ascii_digit());
    match rest.chars().next_back() {
        None => plain(),
        Some(c) if is_separator(c) => plain(),
        Some(c) => {
            c.is_ascii_punctuation()
                && !matches!(
                    c,
                    '.' | '!' | '?' | '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}'
                )
        }
    }
}

/// Lines grouped into blocks: a block ends where a line break ends a sentence.
fn blocks(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = para.start;
    let mut pos = para.start;
    while let Some(nl) = memchr::memchr(b'\n', &text.as_bytes()[pos..para.end]) {
        let next = pos + nl + 1;
        if !continues(text, next, para.end) {
            out.push(start..next);
            start = next;
        }
        pos = next;
    }
    if start < para.end {
        out.push(start..para.end);
    }
    out
}

/// Whether the line at `next` (up to `end`) continues the line before it, as
/// a wrapped line does: it starts in lower case, and not with a bullet.
fn continues(text: &str, next: usize, end: usize) -> bool {
    // Only the line's own indentation: trimming all whitespace would rescan
    // a run of blank-looking lines (U+00A0) at every line break.
    let rest = text[next..end].trim_start_matches(|c: char| c != '\n' && c.is_whitespace());
    rest.chars().next().is_some_and(char::is_lowercase) && !starts_with_bullet(rest)
}

fn starts_with_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '◦' | '▪' | '·' | '‣' | '–' | '—') => {
            chars.next().is_some_and(char::is_whitespace)
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
                && line[digits + 1..].starts_with(char::is_whitespace)
        }
        // Emoji and other pictographs used as bullets (✅, ✔, ➤, 👉).
        Some(c) => !c.is_alphanumeric() && !c.is_ascii() && !is_quote(c),
        None => false,
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '«' | '»' | '„')
}

/// Abbreviations that end in a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "u.s", "u.k", "al", "approx", "fig",
    "no", "jr", "sr", "inc", "ltd", "dept", "est", "min", "hr", "mg", "ml", "cf", "ca",
];

/// Whether a UAX #29 segment really ends a sentence. Inside a block a
/// segment can also end at a wrapped line or after an abbreviation; only
/// terminal punctuation (before any closing quotes or brackets) that does
/// not close an abbreviation ends one.
fn ends_sentence(seg: &str) -> bool {
    let trimmed = seg.trim_end().trim_end_matches(is_close);
    if trimmed.ends_with(['!', '?', '…', ':', ';']) {
        return true;
    }
    let Some(body) = trimmed.strip_suffix('.') else {
        return false;
    };
    // The last word, looked for in the last few bytes only: `body` grows
    // with every segment that did not end the sentence, and scanning all of
    // it each time would be quadratic on a long run of "Dr. Dr. Dr. ...".
    let window = floor_char_boundary(body, body.len().saturating_sub(MAX_WORD_LOOKED_AT));
    let last_word = body[window..].rsplit(is_separator).next().unwrap_or("");
    let before = &body[..body.len() - last_word.len()];
    if window > 0 && !before.ends_with(is_separator) {
        return true; // a word longer than any abbreviation or list number
    }
    let list_number = last_word.bytes().all(|b| b.is_ascii_digit())
        && before.chars().rev().all(char::is_whitespace);
    !(is_abbreviation(last_word) || list_number)
}

/// What separates the last word before a period from the text before it.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == '“' || c == '"'
}

/// Whether `word`, right before a period, is an abbreviation or a single
/// initial, whose period does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    if word.is_ascii() {
        // The same answer without a lower-case copy, for the common case.
        return (word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic())
            || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
        || (lower.chars().count() == 1 && lower.chars().all(char::is_alphabetic))
}

/// Closing quotes and brackets, which may follow terminal punctuation.
fn is_close(c: char) -> bool {
    is_quote(c) || matches!(c, '"' | ')' | ']')
}

/// Longest word, in bytes, that [`ends_sentence`] looks at as a possible
/// abbreviation, initial or list number.
const MAX_WORD_LOOKED_AT: usize = 24;

fn trim(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.start + s.trim_end().len();
    (start < end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::Index;

    /// What [`Sentences::at`] must give: the lookup in the full segmentation.
    fn reference(text: &str, para: Range<usize>, pos: usize) -> Option<Range<usize>> {
        first_ending_after(&sentences(text, para), pos)
    }

    /// Checks every lookup in `text[para]` against the full segmentation:
    /// each on its own, in turn with one finder in both directions (the
    /// cached stretches), and with a short reach (a `near` that gives up
    /// or is exact). Returns whether the default reach never gave up.
    fn check_lookups(text: &str, para: Range<usize>, short: usize) -> Result<bool, TestCaseError> {
        let all = sentences(text, para.clone());
        let mut forward = Sentences::new(text, para.clone());
        let mut backward = Sentences::new(text, para.clone());
        let positions: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (&pos, &back) in positions.iter().zip(positions.iter().rev()) {
            let want = first_ending_after(&all, pos);
            let alone = Sentences::new(text, para.clone()).at(pos);
            let mut near = Sentences {
                reach: short,
                ..Sentences::new(text, para.clone())
            };
            let near = near.near(pos).unwrap_or_else(|| want.clone());
            prop_assert_eq!(
                [alone, forward.at(pos), near, backward.at(back)],
                [
                    want.clone(),
                    want.clone(),
                    want,
                    first_ending_after(&all, back)
                ],
                "alone, in turn, within {} bytes at {}, and backwards at {}, in {:?} of {:?}",
                short,
                pos,
                back,
                para,
                text
            );
        }
        Ok(forward.all.is_none() && backward.all.is_none())
    }

    /// Pieces of web copy: sentence ends, abbreviations, initials, list
    /// numbers, decimals, quotes, brackets, line breaks, bullets, non-ASCII.
    const PIECES: &[&str] = &[
        "ketamine", "works", "Ketamine", "Our", "clinic", "A", "I", "J", "mg", "Dr", "st", "al",
        "5", "10", "2023", " ", " ", " ", " ", ". ", ". ", "! ", "? ", ".", "!", "?", "...", "…",
        "Dr. ", "U.S. ", "e.g. ", "et al. ", "1. ", "0.5 mg", "mg/kg", "“", "”", "‘", "’", "\"",
        "'", "(", ")", "[", "]", "«", "»", "„", "%", "-", "/", ",", ":", ";", "&", "*", "\n",
        "\n\n", "\n  ", "\r\n", "• ", "- ", "✅ ", "—", "–", "é", "É", "ß", "✅", "🧠", "\t",
        "\u{a0}", "\u{200d}", "\u{ad}", "\u{2029}", "\u{85}", "\u{212a}",
    ];

    /// Fewer pieces, mostly punctuation, to meet the rarer sequences
    /// ("Hi!'Dr. Lee", "x-5. Y", "\r!”\u{a0}Z") more often.
    const TIGHT: &[&str] = &[
        "a", "Dr", "B", "1", "é", ".", ".", "!", "?", " ", " ", "'", "\"", ")", "(", "”", "“", "-",
        "%", "\n", "\r", "\u{a0}", "\u{200d}",
    ];

    /// Words, punctuation and spacing for [`copy`]'s word-punctuation-space
    /// runs, which meet "Hi!)Dr. Lee" or "x-5. Y" far more often than
    /// random pieces do.
    const WORDS: &[&str] = &[
        "a",
        "Hi",
        "Dr",
        "e.g",
        "U.S",
        "5",
        "12",
        "J",
        "Lee",
        "é",
        "B",
        "ok",
        "²",
        "[4]",
        "[^n]",
        "(Lee 2020)",
        "3,4",
    ];
    const MARKS: &[&str] = &[
        ".", ".", "!", "?", ")", "]", "'", "\"", "”", "’", "(", "“", "-", "%", "…", ":", "\u{200d}",
    ];
    const SPACING: &[&str] = &[
        " ", " ", " ", "\u{a0}", "\t", "\n", "\r", "\n\n", "\u{2029}",
    ];

    fn copy() -> impl Strategy<Value = String> {
        let run = (
            prop::sample::select(WORDS),
            prop::collection::vec(prop::sample::select(MARKS), 0..3),
            prop::collection::vec(prop::sample::select(SPACING), 0..2),
        )
            .prop_map(|(word, marks, spacing)| [vec![word], marks, spacing].concat());
        prop_oneof![
            prop::collection::vec(prop::sample::select(PIECES), 0..60),
            prop::collection::vec(prop::sample::select(TIGHT), 0..40),
            prop::collection::vec(run, 0..16).prop_map(|runs| runs.concat()),
        ]
        .prop_map(|p| p.concat())
    }

    proptest! {
        /// The default case count is modest; `PROPTEST_CASES=5000` for more.
        #[test]
        fn lookups_match_the_full_segmentation(
            text in copy(),
            a in any::<Index>(),
            b in any::<Index>(),
            short in 1usize..48,
        ) {
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let (a, b) = (*a.get(&bounds), *b.get(&bounds));
            for para in [0..text.len(), paragraph_at(&text, a), a.min(b)..a.max(b)] {
                prop_assert!(check_lookups(&text, para, short)?, "gave up within {} bytes", REACH);
            }
        }
    }

    /// Every combination of what decides a restart point after a period
    /// or "!" (the context before the word, the word, the terminator,
    /// closings, spacing, what follows), looked up at every position.
    #[test]
    fn lookups_around_every_sentence_end_shape_match() {
        const CONTEXTS: &[&str] = &[
            "",
            "x ",
            "Hi!",
            "Hi!)",
            "Hi!'",
            "Hi.)",
            "Hi!\u{200d}",
            "\r",
            "a\n",
            "“",
            "x-",
            "x.",
            "x'",
            "1. ",
        ];
        const WORDS: &[&str] = &["", "Dr", "J", "5", "ok", "é", "abcdefghijklmnopqrstuvwxyz"];
        const ENDS: &[&str] = &[".", "!", "..", "!."];
        const CLOSINGS: &[&str] = &["", ")", "”", "'"];
        const SPACINGS: &[&str] = &["", " ", "\u{a0}", " \n"];
        for (context, word, end) in product3(CONTEXTS, WORDS, ENDS) {
            let nexts = [
                "Lee",
                "lee",
                "5",
                "² Lee",
                "[1] Lee",
                "3 Lee",
                "(Lee, 2020) Lee",
            ];
            for (closing, spacing, next) in product3(CLOSINGS, SPACINGS, &nexts) {
                let text = [context, word, end, closing, spacing, next].concat();
                let all = sentences(&text, 0..text.len());
                let mut lookup = Sentences::new(&text, 0..text.len());
                for pos in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let want = first_ending_after(&all, pos);
                    assert_eq!(lookup.at(pos), want, "at {pos} of {text:?}");
                }
            }
        }
    }

    fn product3<'a>(
        a: &'a [&'a str],
        b: &'a [&'a str],
        c: &'a [&'a str],
    ) -> impl Iterator<Item = (&'a str, &'a str, &'a str)> {
        a.iter().flat_map(move |&x| {
            b.iter()
                .flat_map(move |&y| c.iter().map(move |&z| (x, y, z)))
        })
    }

    proptest! {
        /// The shortcut agrees with UAX #29 on text full of what decides
        /// sentence breaks, ASCII or not.
        #[test]
        fn a_stretch_taken_as_one_segment_is_one(
            s in "[a-zA-Z0-9 .!?'\")(\\]\n\r,;:’”»“—é\u{a0}•✅…‼。\u{85}\u{2028}-]{0,40}",
        ) {
            if is_one_segment(&s) {
                prop_assert!(s.split_sentence_bounds().count() <= 1, "{:?}", s);
            }
        }

        /// Periods inside words and numbers ("e.g.the", "0.5", "U.S.A",
        /// "5.K") are taken as joining what follows only where UAX #29 agrees.
        #[test]
        fn a_stretch_with_inner_periods_taken_as_one_segment_is_one(
            s in "([a-zA-Z0-9 ,é)”]{0,5}[.][a-zA-Z0-9.!?)” ]{0,3}){1,4}\n?",
        ) {
            if is_one_segment(&s) {
                prop_assert!(s.split_sentence_bounds().count() <= 1, "{:?}", s);
            }
        }

        /// A line of copy, closed or not, is taken as one segment, as
        /// UAX #29 takes it.
        #[test]
        fn a_closed_line_is_taken_as_one_segment(
            s in "[a-zA-Z0-9 ,’“—é•✅]{0,20}([.!?]{1,2}[\"’”)]{0,2} {0,2})?(\r?\n)?",
        ) {
            prop_assert!(is_one_segment(&s), "{:?}", s);
            prop_assert!(s.split_sentence_bounds().count() <= 1, "{:?}", s);
        }

        #[test]
        fn abbreviations_are_found_in_any_case(
            word in "(?i:dr|e\\.g|u\\.s|approx|[a-z]|k)|[A-Za-z0-9.éİ\u{212a}]{0,7}",
        ) {
            let lower = word.to_lowercase();
            let single_initial =
                lower.chars().count() == 1 && lower.chars().all(char::is_alphabetic);
            prop_assert_eq!(
                is_abbreviation(&word),
                ABBREVIATIONS.contains(&lower.as_str()) || single_initial
            );
        }
    }

    /// The sentence that a lookup at the start of `needle` finds.
    fn found<'a>(text: &'a str, needle: &str) -> &'a str {
        let pos = text.find(needle).expect("needle");
        let para = 0..text.len();
        let got = Sentences::new(text, para.clone())
            .at(pos)
            .expect("a sentence");
        assert_eq!(Some(got.clone()), reference(text, para, pos));
        &text[got]
    }

    #[test]
    fn characters_taken_to_end_no_sentence_end_none() {
        let mut taken = 0;
        for c in (0xa0..0x1_fb00).filter_map(char::from_u32) {
            if cannot_end_sentence(c) {
                taken += 1;
                for shape in ["x{c} Y z", "x{c}\nY", "x{c}. Y"] {
                    let s = shape.replace("{c}", &c.to_string());
                    let want = usize::from(shape.contains('\n') || shape.contains('.')) + 1;
                    assert_eq!(s.split_sentence_bounds().count(), want, "{c:?} in {s:?}");
                }
            }
        }
        assert!(taken > 2000, "{taken}");
        // Terminal punctuation and separators it must not take.
        for c in ['‼', '。', '\u{85}', '\u{2028}', '\u{2024}'] {
            assert_eq!(format!("x{c} Y").split_sentence_bounds().count(), 2);
            assert!(!cannot_end_sentence(c), "{c:?}");
        }
    }

    #[test]
    fn periods_that_join_what_follows_need_no_segmentation() {
        for joined in [
            "Care across the United States.Ketamine helps some. ",
            "Relief after one dose.1 Results vary.",
            "Take 0.5 mg, e.g.twice a week.\n",
        ] {
            assert!(is_one_segment(joined), "{joined:?}");
            assert_eq!(joined.split_sentence_bounds().count(), 1, "{joined:?}");
        }
        // UAX #29 breaks after a period between a digit and a capital, and
        // before what follows a period and a space.
        for split in ["Dose 5.Ketamine helps.", "One. (2) Two.", "One. two."] {
            assert!(!is_one_segment(split), "{split:?}");
        }
    }

    #[test]
    fn lookups_keep_abbreviations_numbers_and_quotes_whole() {
        let text = "Call us. Dr. Smith sees adults in the U.S. Food and Drug Administration terms, e.g. Ann. \
                    Give 0.5 mg/kg. “It helped.” Done (see J. Lee). Next!";
        assert_eq!(
            found(text, "Smith"),
            "Dr. Smith sees adults in the U.S. Food and Drug Administration terms, e.g. Ann."
        );
        assert_eq!(found(text, "Food"), found(text, "Dr."));
        assert_eq!(found(text, "Ann"), found(text, "Dr."));
        assert_eq!(found(text, "mg/kg"), "Give 0.5 mg/kg.");
        assert_eq!(found(text, "It helped"), "“It helped.”");
        assert_eq!(found(text, "Lee"), "Done (see J. Lee).");
        assert_eq!(found(text, "Next"), "Next!");
        assert_eq!(
            found(text, " Dr."),
            "Dr. Smith sees adults in the U.S. Food and Drug Administration terms, e.g. Ann."
        );
    }

    #[test]
    fn lookups_split_lines_and_bullets_like_the_paragraph() {
        let text =
            "Why Ketamine Works\n1. Book now. It is fast\nand safe.\n• Fast relief\n\nBook a Call";
        assert_eq!(found(text, "Works"), "Why Ketamine Works");
        assert_eq!(found(text, "Book now"), "1. Book now.");
        assert_eq!(found(text, "and safe"), "It is fast\nand safe.");
        assert_eq!(found(text, "Fast relief"), "• Fast relief");
        assert_eq!(found(text, "\n\n"), "Book a Call");
        let end = text.len();
        assert_eq!(Sentences::new(text, 0..end).at(end), None);
    }

    #[test]
    fn restart_points_are_only_certain_sentence_starts() {
        let at = |text: &str, needle: &str| {
            let pos = text.find(needle).expect("needle");
            restart_before(text, &(0..text.len()), pos, 0) == Some(pos)
        };
        for (text, needle) in [
            ("It works. Book now", "Book"),
            ("Lee et al. (2023). Book now", "Book"),
            ("It is off-label. Book now", "Book"),
            ("Up to 90%. Book now", "Book"),
            ("“It helped.” Book now", "Book"),
            ("Does it work?Yes", "Yes"),
            ("Wow! book now", "book"),
            ("Line one\nLine two", "Line two"),
        ] {
            assert!(at(text, needle), "{text:?} restarts at {needle:?}");
        }
        for (text, needle) in [
            ("See Dr. Smith", "Smith"),
            ("the U.S. Food", "Food"),
            ("e.g. Ann", "Ann"),
            ("1. Book now", "Book"),
            ("Take 2. Book now", "Book"), // a sentence, but "2." could be a list number
            ("Give 0.5 mg/kg", "5 mg"),
            ("It works. book now", "book"),
            ("It works.Book now", "Book"),
            ("J. Lee", "Lee"),
            ("Hi!Dr. Lee", "Lee"),
            ("It works. Évian", "vian"),
            ("one\ntwo", "two"),
        ] {
            assert!(!at(text, needle), "{text:?} does not restart at {needle:?}");
        }
    }

    #[test]
    fn hostile_paragraphs_are_segmented_once_not_once_per_lookup() {
        // No terminal punctuation at all, and a run of list-number-like
        // sentences: no restart point within reach, so one full segmentation.
        for unit in ["ketamine cures depression and anxiety ", "cure 1. cure 2. "] {
            let text = unit.repeat((1 << 20) / unit.len());
            let mut lookup = Sentences::new(&text, 0..text.len());
            for pos in (0..text.len()).step_by(unit.len()) {
                lookup.at(pos);
            }
            assert!(lookup.all.is_some());
            for pos in [0, text.len() / 2, text.len() - 1] {
                assert_eq!(lookup.at(pos), reference(&text, 0..text.len(), pos));
            }
        }
        // A long line of ordinary sentences stays local.
        let text =
            "Ketamine is not FDA-approved for depression. It may help some adults. ".repeat(2000);
        let mut lookup = Sentences::new(&text, 0..text.len());
        let all = sentences(&text, 0..text.len());
        for pos in (0..text.len()).step_by(7) {
            assert_eq!(lookup.at(pos), first_ending_after(&all, pos));
        }
        assert!(lookup.all.is_none());
    }

    proptest! {
        /// Paragraphs read from the start are those found around each
        /// position.
        #[test]
        fn paragraphs_are_the_runs_of_non_blank_lines(text in "[a \t\r\n]{0,40}") {
            let mut want = Vec::new();
            let mut pos = 0;
            while pos < text.len() {
                let para = paragraph_at(&text, pos);
                pos = para.end + 1;
                if !is_blank(&text.as_bytes()[para.clone()]) {
                    want.push(para);
                }
            }
            prop_assert_eq!(paragraphs(&text).collect::<Vec<_>>(), want);
        }
    }

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let para = paragraph_at(text, pos);
            out.extend(sentences(text, para.clone()).into_iter().map(|r| &text[r]));
            pos = para.end + 1;
        }
        out
    }

    #[test]
    fn abbreviations_numbers_and_quotes_stay_whole() {
        let text = "Dr. Lee gives 0.5 mg/kg over 40 min. in the U.S. for adults, e.g. Ann. Relief in 1–3 days. “It helped.” Done";
        assert_eq!(
            split(text),
            vec![
                "Dr. Lee gives 0.5 mg/kg over 40 min. in the U.S. for adults, e.g. Ann.",
                "Relief in 1–3 days.",
                "“It helped.”",
                "Done"
            ]
        );
    }

    #[test]
    fn headings_bullets_and_buttons_are_their_own_sentences() {
        let text = "Why Ketamine Works\nIt acts on glutamate — not serotonin.\n• Fast relief\n- Safe for all\n✅ Proven results\n3. Book now\nBook a Call";
        assert_eq!(
            split(text),
            vec![
                "Why Ketamine Works",
                "It acts on glutamate — not serotonin.",
                "• Fast relief",
                "- Safe for all",
                "✅ Proven results",
                "3. Book now",
                "Book a Call"
            ]
        );
    }

    #[test]
    fn wrapped_lines_join_and_blank_lines_split_paragraphs() {
        let text = "Ketamine is not approved\nfor depression in adults.\n\nSecond paragraph.";
        assert_eq!(paragraph_at(text, 3), 0..50);
        assert_eq!(
            split(text),
            vec![
                "Ketamine is not approved\nfor depression in adults.",
                "Second paragraph."
            ]
        );
    }

    #[test]
    fn blank_lines_with_spaces_and_crlf_split_paragraphs() {
        let text = "One.\r\n  \r\nTwo.";
        assert_eq!(paragraph_at(text, 0), 0..5);
        assert_eq!(paragraph_at(text, text.len() - 1), 10..14);
    }
}
