#![allow(dead_code)] // Shared by tests and a bench, each of which uses part of it.

//! Rule packs built to cost as much as the caps of `claimlint::limits`
//! allow, shared by `tests/hostile_packs.rs` (they load, or fail with a
//! `Limit` error) and `benches/hostile_packs.rs` (how long that takes);
//! `tests/bad_input.rs` builds a pack of its own with [`header`] and
//! [`rule`].
//!
//! Each generator takes a number of rules and makes every rule as costly as
//! the caps allow; [`largest`] finds the most rules that still load.

use claimlint::limits::{
    MAX_EXAMPLES_PER_PACK, MAX_PACK_BYTES, MAX_PATTERNS_PER_PACK, MAX_PATTERN_LEN,
    MAX_RULES_PER_PACK, MAX_SCOPE_WORDS, MAX_TRIGGERS_PER_RULE,
};
use claimlint::{Linter, RuleSet};

/// A hostile pack generator: the pack with this many rules.
pub type Generator = fn(usize) -> String;

/// Every generator, by name.
pub const ALL: &[(&str, Generator)] = &[
    ("many-phrases", many_phrases),
    ("nasty-patterns", nasty_patterns),
    ("huge-alternations", huge_alternations),
    ("term-amplification", term_amplification),
    ("many-conditions", many_conditions),
    ("big-classes", big_classes),
    ("long-examples", long_examples),
    ("huge-activation", huge_activation),
];

/// The pack with the most rules (up to `MAX_RULES_PER_PACK`) that loads
/// and compiles, and its rule count.
pub fn largest(generate: Generator) -> (usize, String) {
    let loads = |n: usize| {
        RuleSet::from_toml("hostile.toml", &generate(n))
            .and_then(|set| Linter::compile(&set))
            .is_ok()
    };
    let (mut good, mut bad) = (0, MAX_RULES_PER_PACK + 1);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if loads(mid) {
            good = mid;
        } else {
            bad = mid;
        }
    }
    (good, generate(good))
}

/// The `[pack]` header, and a `[terms]` table when `terms` is not empty.
pub fn header(terms: &str) -> String {
    let mut s = String::from(
        "[pack]\nid = \"h\"\nname = \"Hostile\"\nversion = \"1\"\ndescription = \"Built to cost.\"\n",
    );
    if !terms.is_empty() {
        s.push_str("\n[terms]\n");
        s.push_str(terms);
        s.push('\n');
    }
    s
}

/// One claim rule `h/r<i>` whose body (phrases, patterns, conditions,
/// examples) is `body`.
pub fn rule(i: usize, body: &str) -> String {
    format!(
        "\n[[rule]]\nid = \"h/r{i}\"\ncategory = \"hype\"\nseverity = \"info\"\nmessage = \"m\"\nrationale = \"r\"\nreferences = [\"u\"]\n{body}\n"
    )
}

/// A TOML list of literal strings.
pub fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().map(|i| format!("'{i}'")).collect();
    format!("[{}]", items.join(", "))
}

/// A made-up word, distinct for each `i`.
pub fn word(i: usize) -> String {
    let mut w = String::from("q");
    let mut n = i;
    loop {
        w.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    w.push('z');
    w
}

/// `rules` rules made by `make`, the header first.
fn pack(header: String, rules: usize, make: impl Fn(usize) -> String) -> String {
    let mut pack = header;
    for i in 0..rules {
        pack.push_str(&make(i));
        if pack.len() > MAX_PACK_BYTES {
            break; // over the cap already: the loader refuses it
        }
    }
    pack
}

/// Each rule takes its share of the pattern and example caps in plain
/// phrases, each example firing: the most work of `Linter::new` per rule.
pub fn many_phrases(rules: usize) -> String {
    let per_rule = (MAX_PATTERNS_PER_PACK / rules.max(1)).clamp(1, MAX_TRIGGERS_PER_RULE);
    let examples = (MAX_EXAMPLES_PER_PACK / rules.max(1)).max(1);
    pack(header(""), rules, |i| {
        let words: Vec<String> = (0..per_rule).map(|j| word(i * per_rule + j)).collect();
        let fire = (0..examples).map(|j| format!("A {} here.", words[j % per_rule]));
        rule(
            i,
            &format!("phrases = {}\nfire = {}", list(words.clone()), list(fire)),
        )
    })
}

/// Short patterns with automata about as large as one pattern may make
/// them (counted and nested repetitions over Unicode classes; larger counts
/// exceed `REGEX_SIZE_LIMIT`).
pub const NASTY: &[&str] = &[
    r"(a|aa)*b{1000}",
    r"\w{0,30}",
    r"(?:\w+\s+){0,10}x",
    r"[\pL\pN]{2,20}",
    r"((((((((((a*)*)*)*)*)*)*)*)*)*)*b",
    r"(?:\S{1,20}\s){1,5}",
    r"\pL{20}\PL{20}",
];

/// One nasty pattern per rule, in turn, each made distinct by a word so
/// that none is shared.
pub fn nasty_patterns(rules: usize) -> String {
    pack(header(""), rules, |i| {
        let pattern = format!("{}{}", NASTY[i % NASTY.len()], word(i));
        rule(i, &format!("patterns = {}", list([pattern])))
    })
}

/// Patterns at the length cap, each an alternation of made-up words.
pub fn huge_alternations(rules: usize) -> String {
    let per_rule = 4;
    pack(header(""), rules, |i| {
        let patterns = (0..per_rule).map(|j| {
            let mut n = (i * per_rule + j) * 200;
            let mut p = String::from(r"\b(?:");
            while p.len() + 12 < MAX_PATTERN_LEN {
                p.push_str(&word(n));
                p.push('|');
                n += 1;
            }
            p.push_str(r"x)\b");
            p
        });
        rule(i, &format!("patterns = {}", list(patterns)))
    })
}

/// A term of many patterns named by a condition of every rule, each with a
/// widest window: every use copies the whole term into a condition of its
/// own (made distinct by a second, unique pattern).
pub fn term_amplification(rules: usize) -> String {
    let term: Vec<String> = (0..100)
        .map(|t| format!(r"\b{}[a-z]{{0,40}}", word(t + 2_000_000)))
        .collect();
    let terms = format!("t = {}", list(term));
    pack(header(&terms), rules, |i| {
        rule(
            i,
            &format!(
                "patterns = ['\\b{}\\b']\nunless = [{{ any = ['@t', '\\b{}\\b'], within = \"around:{MAX_SCOPE_WORDS}\" }}]\nfire = ['A {0} here.']",
                word(i),
                word(i + 1_000_000)
            ),
        )
    })
}

/// A nasty pattern and conditions with large automata, each distinct, one
/// in eight over the whole document: every distinct condition is an
/// automaton of its own, and the document-wide ones one more.
pub fn many_conditions(rules: usize) -> String {
    pack(header(""), rules, |i| {
        let condition = |j: usize| {
            let within = if j == 0 { "document" } else { "sentence" };
            let pattern = format!("{}{}", NASTY[(i + j) % NASTY.len()], word(i * 8 + j));
            format!("{{ any = {}, within = \"{within}\" }}", list([pattern]))
        };
        let conditions: Vec<String> = (0..8).map(condition).collect();
        rule(
            i,
            &format!(
                "patterns = {}\nunless = [{}]",
                list([format!("{}{}", NASTY[i % NASTY.len()], word(1_000_000 + i))]),
                conditions.join(", ")
            ),
        )
    })
}

/// Unicode classes that case-insensitive matching spells out letter by
/// letter (`\pL` is 13 kB once folded), one per rule.
pub fn big_classes(rules: usize) -> String {
    pack(header(""), rules, |i| {
        let pattern = format!(r"{}[\pL\p{{Greek}}\p{{Cyrillic}}]{{2}}", word(i));
        rule(i, &format!("patterns = {}", list([pattern])))
    })
}

/// Few rules with the longest examples the file allows, each full of
/// matches, for the linting that `Linter::new` does.
pub fn long_examples(rules: usize) -> String {
    let per_rule = MAX_PACK_BYTES / rules.max(1) / 2;
    pack(header(""), rules, |i| {
        let w = word(i);
        let mut example = String::new();
        while example.len() + w.len() + 1 < per_rule {
            example.push_str(&w);
            example.push(' ');
        }
        rule(
            i,
            &format!(
                "phrases = ['{w}']\npatterns = ['{w}(?:\\s+\\w+){{0,20}}']\nunless = [{{ any = ['\\bnot\\b'], within = \"before:{MAX_SCOPE_WORDS}\" }}]\nfire = ['{example}']"
            ),
        )
    })
}

/// An `active-when` that grows with the rules, four patterns each, each
/// with repeated Unicode classes: they join the trigger scan, and the
/// condition that confirms it.
pub fn huge_activation(rules: usize) -> String {
    let subjects = (0..rules * 4).map(|k| format!(r"\b{}\w{{0,2}}", word(k)));
    let header = header("") + &format!("active-when = {}\n", list(subjects));
    pack(header, rules, |i| {
        rule(i, &format!("phrases = {}", list([word(1_000_000 + i)])))
    })
}
