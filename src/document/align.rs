//! Line a parser's decoded text up with the source it came from.
//!
//! Parsers hand out text with entities expanded (`&rsquo;` is `’`), escapes
//! removed and `\r\n` turned into `\n`, plus the source range of the whole
//! run. To put a finding's span on the right source bytes we need to know
//! which source bytes produced which decoded bytes. Rather than decode a
//! second time with a table of our own (and risk disagreeing with the parser
//! about `&notit;` or `&amp` without a semicolon), we walk the source and
//! the parser's output side by side: between escapes the two are equal byte
//! for byte; at an escape we find the shortest source sequence and the
//! shortest output after which both sides agree again.

use std::ops::Range;

/// A run of decoded text and the source bytes it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) raw: Range<usize>,
    pub(crate) decoded: Range<usize>,
    /// Byte `i` of the run is byte `i` of its source (no escape inside).
    pub(crate) linear: bool,
}

/// Longest source escape looked at (the longest named entity is 33 bytes;
/// numeric ones with long runs of leading zeros fall back to one run).
const MAX_ESCAPE: usize = 40;
/// Most bytes one escape decodes to (two chars of four bytes).
const MAX_DECODED: usize = 8;

/// Split `decoded` into runs that map onto `raw`. `specials` are the bytes
/// where an escape can start in `raw` (`&` for entities, `\r` for line
/// endings, `\\` for Markdown escapes, NUL, which HTML replaces).
///
/// If the two cannot be lined up (a parser rule this walk does not
/// foresee), the rest of the text becomes one atomic run: spans stay valid,
/// only coarser.
pub(crate) fn align(raw: &str, decoded: &str, specials: &[u8]) -> Vec<Run> {
    if raw == decoded {
        return vec![Run {
            raw: 0..raw.len(),
            decoded: 0..decoded.len(),
            linear: true,
        }];
    }
    let (rb, db) = (raw.as_bytes(), decoded.as_bytes());
    let next_special = |from: usize| {
        rb[from.min(rb.len())..]
            .iter()
            .position(|b| specials.contains(b))
            .map_or(rb.len(), |p| from + p)
    };
    let mut runs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < rb.len() {
        // Plain text up to the next escape: equal on both sides.
        let end = next_special(i);
        if end > i {
            let len = end - i;
            if db.get(j..j + len) != Some(&rb[i..end]) {
                break;
            }
            runs.push(Run {
                raw: i..end,
                decoded: j..j + len,
                linear: true,
            });
            (i, j) = (end, j + len);
            continue;
        }
        // An escape at `i`: a literal special byte, or an escape sequence.
        let literal_end = next_special(i + 1);
        if db.get(j..j + (literal_end - i)) == Some(&rb[i..literal_end]) {
            runs.push(Run {
                raw: i..i + 1,
                decoded: j..j + 1,
                linear: true,
            });
            (i, j) = (i + 1, j + 1);
            continue;
        }
        let Some((dr, dd)) = resync(rb, db, i, j, &next_special) else {
            break;
        };
        runs.push(Run {
            raw: i..i + dr,
            decoded: j..j + dd,
            linear: false,
        });
        (i, j) = (i + dr, j + dd);
    }
    if i < rb.len() || j < db.len() {
        // Fall back: whatever is left is one atomic run.
        if !raw.is_char_boundary(i) || !decoded.is_char_boundary(j) {
            return vec![Run {
                raw: 0..raw.len(),
                decoded: 0..decoded.len(),
                linear: false,
            }];
        }
        runs.push(Run {
            raw: i..rb.len(),
            decoded: j..db.len(),
            linear: false,
        });
    }
    runs
}

/// The shortest escape at `raw[i]`: `dr` source bytes that decode to `dd`
/// bytes, after which the source up to its next special byte reappears
/// verbatim in the output.
fn resync(
    rb: &[u8],
    db: &[u8],
    i: usize,
    j: usize,
    next_special: &dyn Fn(usize) -> usize,
) -> Option<(usize, usize)> {
    let is_boundary = |b: &[u8], k: usize| k >= b.len() || (b[k] as i8) >= -0x40;
    for dr in 1..=MAX_ESCAPE.min(rb.len() - i) {
        if !is_boundary(rb, i + dr) {
            continue;
        }
        let tail = &rb[i + dr..next_special(i + dr)];
        // An escape decodes to something; only a lone `\r` decodes to nothing.
        let shortest = usize::from(rb[i] != b'\r');
        for dd in shortest..=MAX_DECODED.min(db.len() - j) {
            if is_boundary(db, j + dd) && db[j + dd..].starts_with(tail) {
                return Some((dr, dd));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source and decoded pieces of each run.
    fn pieces<'a>(raw: &'a str, decoded: &'a str) -> Vec<(&'a str, &'a str, bool)> {
        align(raw, decoded, b"&\r\\\0")
            .into_iter()
            .map(|r| (&raw[r.raw], &decoded[r.decoded], r.linear))
            .collect()
    }

    #[test]
    fn entities_become_atomic_runs() {
        assert_eq!(
            pieces("Ketamine&rsquo;s &amp; x", "Ketamine’s & x"),
            vec![
                ("Ketamine", "Ketamine", true),
                ("&rsquo;", "’", false),
                ("s ", "s ", true),
                ("&amp;", "&", false),
                (" x", " x", true),
            ]
        );
        assert_eq!(
            pieces("&#8217;&#x2019;&nbsp;", "’’\u{a0}"),
            vec![
                ("&#8217;", "’", false),
                ("&#x2019;", "’", false),
                ("&nbsp;", "\u{a0}", false)
            ]
        );
    }

    #[test]
    fn legacy_and_partial_entities() {
        // `&not` without a semicolon is `¬`; `it;` stays text.
        assert_eq!(
            pieces("a &notit; b", "a ¬it; b"),
            vec![
                ("a ", "a ", true),
                ("&not", "¬", false),
                ("it; b", "it; b", true)
            ]
        );
        // A lone ampersand is text.
        assert_eq!(
            pieces("R&D & x &", "R&D & x &"),
            vec![("R&D & x &", "R&D & x &", true)]
        );
        assert_eq!(
            pieces("a & b&lt;", "a & b<"),
            vec![
                ("a ", "a ", true),
                ("&", "&", true),
                (" b", " b", true),
                ("&lt;", "<", false)
            ]
        );
    }

    #[test]
    fn line_endings_and_escapes() {
        assert_eq!(
            pieces("a\r\nb", "a\nb"),
            vec![("a", "a", true), ("\r", "", false), ("\nb", "\nb", true)]
        );
        assert_eq!(
            pieces("\\*x", "*x"),
            vec![("\\*", "*", false), ("x", "x", true)]
        );
    }

    #[test]
    fn unalignable_text_falls_back_to_one_run() {
        assert_eq!(
            pieces("ab&zz;cd", "ab?"),
            vec![("ab", "ab", true), ("&zz;cd", "?", false)]
        );
        assert_eq!(pieces("é", "e"), vec![("é", "e", false)]);
    }
}
