//! Untrusted rule packs: every cap of `claimlint::limits` refuses a pack
//! that crosses it with a `Limit` error at the line where it does, and packs
//! built to cost as much as the caps allow load, or are refused, without
//! exhausting time or memory (how long they take: `benches/hostile_packs.rs`).

#[path = "support/hostile.rs"]
mod hostile;

use claimlint::limits::{
    COMPILED_SIZE_LIMIT, MAX_EXAMPLES_PER_PACK, MAX_PACK_BYTES, MAX_PACK_REGEX_BYTES,
    MAX_PATTERNS_PER_PACK, MAX_PATTERN_LEN, MAX_RULES_PER_PACK, MAX_SCOPE_WORDS,
    MAX_TRIGGERS_PER_RULE, REGEX_NEST_LIMIT, TRIGGERS_SIZE_LIMIT,
};
use claimlint::{Linter, RuleError, RuleErrorKind, RuleSet};
use hostile::{header, list, rule, word};

/// The error of loading and compiling `src`, which must fail.
fn error(src: &str) -> RuleError {
    match RuleSet::from_toml("hostile.toml", src).and_then(|set| Linter::compile(&set)) {
        Ok(_) => panic!("the pack loaded"),
        Err(e) => e,
    }
}

/// `src` fails with a `Limit` error at `line`, whose message says `needle`.
fn assert_limit(src: &str, line: usize, needle: &str) {
    let e = error(src);
    assert_eq!(e.kind(), RuleErrorKind::Limit, "{e}");
    assert_eq!(e.line(), line, "{e}");
    assert!(e.message().contains(needle), "{e}");
}

/// The 1-based line of byte `offset` in `src`.
fn line_of(src: &str, offset: usize) -> usize {
    src[..offset].matches('\n').count() + 1
}

/// The line of the `n`th (0-based) occurrence of `needle` in `src`.
fn line_of_nth(src: &str, needle: &str, n: usize) -> usize {
    let (offset, _) = src.match_indices(needle).nth(n).expect("needle occurs");
    line_of(src, offset)
}

/// A loadable pack of `rules` one-phrase rules, each on a line of its own.
fn phrases_pack(rules: usize) -> String {
    let mut src = header("");
    for i in 0..rules {
        src.push_str(&rule(i, &format!("phrases = ['{}']", word(i))));
    }
    src
}

#[test]
fn a_pack_file_over_the_size_cap_is_refused_at_the_line_that_crosses_it() {
    let mut src = phrases_pack(1);
    src.push_str("# padding\n");
    while src.len() <= MAX_PACK_BYTES {
        src.push_str("# a comment line that pads the pack past its size cap\n");
    }
    assert_limit(&src, line_of(&src, MAX_PACK_BYTES), "limit of");
}

#[test]
fn a_pack_over_the_rule_cap_is_refused_at_the_first_rule_over_it() {
    let src = phrases_pack(MAX_RULES_PER_PACK + 1);
    let line = line_of_nth(&src, "[[rule]]", MAX_RULES_PER_PACK);
    assert_limit(&src, line, "rules and disclosures");
    assert!(RuleSet::from_toml("ok.toml", &phrases_pack(MAX_RULES_PER_PACK)).is_ok());
}

#[test]
fn a_rule_over_the_trigger_cap_is_refused_at_its_id() {
    let words = (0..=MAX_TRIGGERS_PER_RULE).map(word);
    let src = format!(
        "{}{}",
        header(""),
        rule(0, &format!("phrases = {}", list(words)))
    );
    assert_limit(
        &src,
        line_of_nth(&src, "id = \"h/r0\"", 0),
        "phrases and patterns",
    );
}

#[test]
fn a_pack_over_the_pattern_cap_is_refused_at_the_pattern_that_crosses_it() {
    let per_rule = MAX_TRIGGERS_PER_RULE;
    let rules = MAX_PATTERNS_PER_PACK / per_rule + 1;
    let mut src = header("");
    for i in 0..rules {
        let patterns = (0..per_rule).map(|j| format!(r"\b{}\b", word(i * per_rule + j)));
        src.push_str(&rule(i, &format!("patterns = {}", list(patterns))));
    }
    let crossing = format!(r"'\b{}\b'", word(MAX_PATTERNS_PER_PACK));
    assert_limit(
        &src,
        line_of_nth(&src, &crossing, 0),
        "phrases and patterns",
    );
}

#[test]
fn a_term_counts_against_the_pattern_cap_each_time_it_is_used() {
    let term: Vec<String> = (0..100).map(|t| format!(r"\b{}\b", word(t))).collect();
    let uses = MAX_PATTERNS_PER_PACK / term.len();
    let mut src = header(&format!("t = {}", list(term)));
    for i in 0..uses {
        let body = format!("phrases = ['{}']\nunless = ['@t']", word(1_000 + i));
        src.push_str(&rule(i, &body));
    }
    // The term's own patterns count once, then each rule's phrase and use.
    let mut used = 100;
    let crossing = (0..uses)
        .find(|_| {
            used += 1 + 100;
            used > MAX_PATTERNS_PER_PACK
        })
        .expect("the uses cross the cap");
    let line = line_of_nth(&src, "unless = ['@t']", crossing);
    assert_limit(&src, line, "a term counts again");
}

#[test]
fn a_pack_over_the_compiled_pattern_bytes_cap_is_refused_at_the_pattern_that_crosses_it() {
    // `\pL` is a few bytes as written and about 13 kB spelled out, folded.
    let mut src = header("");
    let mut i = 0;
    while src.len() < MAX_PACK_BYTES / 2 && i < 200 {
        src.push_str(&rule(i, &format!(r"patterns = ['{}\pL']", word(i))));
        i += 1;
    }
    let e = error(&src);
    assert_eq!(e.kind(), RuleErrorKind::Limit, "{e}");
    assert!(
        e.message().contains(&MAX_PACK_REGEX_BYTES.to_string()),
        "{e}"
    );
    let text = src.lines().nth(e.line() - 1).expect("the line exists");
    assert!(
        text.starts_with("patterns = ") && text.contains(r"\pL"),
        "{e}: {text}"
    );
}

#[test]
fn a_pack_over_the_example_cap_is_refused_at_the_first_example_over_it() {
    let per_rule = 100;
    let rules = MAX_EXAMPLES_PER_PACK / per_rule + 1;
    let mut src = header("");
    for i in 0..rules {
        let fire = (0..per_rule).map(|j| format!("A {} {j}.", word(i)));
        let body = format!("phrases = ['{}']\nfire = {}", word(i), list(fire));
        src.push_str(&rule(i, &body));
    }
    let line = line_of_nth(&src, "fire = ", MAX_EXAMPLES_PER_PACK / per_rule);
    assert_limit(&src, line, "examples");
}

#[test]
fn a_pattern_or_phrase_over_the_length_cap_is_refused_at_it() {
    let long = "a".repeat(MAX_PATTERN_LEN + 1);
    for field in ["patterns", "phrases"] {
        let src = format!(
            "{}{}",
            header(""),
            rule(0, &format!("{field} = ['x', '{long}']"))
        );
        assert_limit(&src, line_of_nth(&src, field, 0), "long");
    }
}

#[test]
fn a_word_window_over_the_cap_is_refused_at_it() {
    let n = MAX_SCOPE_WORDS + 1;
    for body in [
        format!("phrases = ['x']\nscope = \"before:{n}\""),
        format!("phrases = ['x']\nunless = [{{ any = ['y'], within = \"around:{n}\" }}]"),
    ] {
        let src = format!("{}{}", header(""), rule(0, &body));
        assert_limit(
            &src,
            line_of(&src, src.find(&n.to_string()).unwrap()),
            "words",
        );
    }
    let ok = format!(
        "{}{}",
        header(""),
        rule(
            0,
            &format!("phrases = ['x']\nscope = \"after:{MAX_SCOPE_WORDS}\"")
        )
    );
    assert!(RuleSet::from_toml("ok.toml", &ok).is_ok());
}

#[test]
fn a_pattern_nested_past_the_cap_is_refused_at_it() {
    let depth = REGEX_NEST_LIMIT as usize + 1;
    let nested = format!("{}a{}", "(".repeat(depth), ")".repeat(depth));
    let src = format!(
        "{}{}",
        header(""),
        rule(0, &format!("patterns = ['{nested}']"))
    );
    assert_limit(&src, line_of_nth(&src, "patterns", 0), "nest");
}

#[test]
fn a_pattern_whose_automaton_is_too_large_is_refused_at_its_rule() {
    // Short, but a counted repetition of a Unicode class is megabytes.
    let src = format!(
        "{}{}{}",
        header(""),
        rule(0, "phrases = ['fine']"),
        rule(1, r"patterns = ['x\w{0,300}']")
    );
    assert_limit(&src, line_of_nth(&src, "[[rule]]", 1), "too large");
}

#[test]
fn automata_over_the_compiled_size_budget_are_refused() {
    // Each distinct condition is an automaton of its own, of about 0.5 MB:
    // these take 40 MB together.
    let mut src = header("");
    for i in 0..COMPILED_SIZE_LIMIT / (400 << 10) {
        let body = format!(
            "phrases = ['{}']\nunless = ['{}\\w{{0,30}}']",
            word(i),
            word(1_000 + i)
        );
        src.push_str(&rule(i, &body));
    }
    let e = error(&src);
    assert_eq!(e.kind(), RuleErrorKind::Limit, "{e}");
    assert!(
        e.message().contains(&COMPILED_SIZE_LIMIT.to_string()),
        "{e}"
    );
    assert!(e.line() > 1, "{e}");
}

#[test]
fn triggers_over_their_compiled_size_budget_are_refused() {
    // Each trigger's own automaton is about 0.5 MB (a Unicode `\w` thirty
    // times); the scanner of them all stays small, as it widens `\w`.
    let rules = TRIGGERS_SIZE_LIMIT / (400 << 10);
    let mut src = header("");
    for i in 0..rules {
        src.push_str(&rule(i, &format!(r"patterns = ['{}\w{{0,30}}']", word(i))));
    }
    let e = error(&src);
    assert_eq!(e.kind(), RuleErrorKind::Limit, "{e}");
    assert!(
        e.message().contains(&TRIGGERS_SIZE_LIMIT.to_string()),
        "{e}"
    );
    // The rules before the one refused compile together.
    let before = &src[..src
        .lines()
        .take(e.line() - 1)
        .map(|l| l.len() + 1)
        .sum::<usize>()];
    let before = &before[..before.rfind("[[rule]]").expect("a rule")];
    assert!(before.matches("[[rule]]").count() > 1, "{e}");
    let set = RuleSet::from_toml("ok.toml", before).expect("loads");
    assert!(Linter::compile(&set).is_ok());
}

#[test]
fn packs_built_to_cost_the_most_load_or_hit_a_cap() {
    for (name, generate) in hostile::ALL {
        for rules in [1, 8, MAX_RULES_PER_PACK] {
            let result = RuleSet::from_toml("hostile.toml", &generate(rules))
                .and_then(|s| Linter::compile(&s));
            if let Err(e) = result {
                assert_eq!(
                    e.kind(),
                    RuleErrorKind::Limit,
                    "{name} with {rules} rules: {e}"
                );
                assert!(e.line() > 0, "{name}: {e}");
            }
        }
    }
}
