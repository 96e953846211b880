//! A malformed rule pack gives an error at its file, line and column.

use claimlint::{Linter, RuleErrorKind, RuleSet};

const HEADER: &str = r#"[pack]
id = "p"
name = "p"
version = "1"
description = "d"
"#;

/// A pack with one rule whose body is `body` (`[[rule]]` is line 7, its
/// first field line 8).
fn pack(body: &str) -> String {
    format!("{HEADER}\n[[rule]]\n{body}")
}

const RULE: &str = r#"id = "p/r"
category = "hype"
severity = "warning"
message = "m"
rationale = "r"
references = ["https://example.org"]
"#;

fn load_err(src: &str) -> claimlint::RuleError {
    match RuleSet::from_toml("p.toml", src) {
        Ok(set) => Linter::new(&set).err().expect("expected an error"),
        Err(e) => e,
    }
}

fn assert_err(src: &str, kind: RuleErrorKind, line: usize, needle: &str) {
    let e = load_err(src);
    assert_eq!(e.kind(), kind, "{e}");
    assert_eq!(e.line(), line, "{e}");
    assert!(e.to_string().starts_with(&format!("p.toml:{line}:")), "{e}");
    assert!(e.message().contains(needle), "{e}");
}

#[test]
fn unknown_field() {
    assert_err(
        &pack(&format!("{RULE}phrasez = [\"x\"]\n")),
        RuleErrorKind::Syntax,
        14,
        "unknown field `phrasez`",
    );
}

#[test]
fn bad_regex_points_at_the_pattern_and_its_position() {
    let e = load_err(&pack(&format!(
        "{RULE}patterns = [\n  'ok',\n  '(unclosed'\n]\n"
    )));
    assert_eq!(
        (e.kind(), e.line(), e.column()),
        (RuleErrorKind::Regex, 16, 3),
        "{e}"
    );
    assert!(e.message().contains("unclosed group"), "{e}");
}

#[test]
fn duplicate_rule_id() {
    let src = format!(
        "{}\n[[rule]]\n{RULE}phrases = [\"y\"]\n",
        pack(&format!("{RULE}phrases = [\"x\"]\n"))
    );
    assert_err(&src, RuleErrorKind::Id, 17, "duplicate rule id `p/r`");
}

#[test]
fn unknown_category() {
    let src = pack(&format!(
        "{}phrases = [\"x\"]\n",
        RULE.replace("\"hype\"", "\"hyperbole\"")
    ));
    assert_err(
        &src,
        RuleErrorKind::Category,
        9,
        "unknown category `hyperbole`",
    );
}

#[test]
fn declared_category_is_accepted() {
    let src = pack(&format!(
        "{}phrases = [\"x\"]\n",
        RULE.replace("\"hype\"", "\"pricing\"")
    ))
    .replace(
        "description = \"d\"",
        "description = \"d\"\ncategories = [\"pricing\"]",
    );
    assert!(RuleSet::from_toml("p.toml", &src).is_ok());
}

#[test]
fn missing_message() {
    let src = pack(&format!(
        "{}phrases = [\"x\"]\n",
        RULE.replace("message = \"m\"\n", "")
    ));
    assert_err(&src, RuleErrorKind::Syntax, 7, "missing field `message`");
}

#[test]
fn unknown_term() {
    assert_err(
        &pack(&format!(
            "{RULE}phrases = [\"x\"]\nunless = [\"@hedges\"]\n"
        )),
        RuleErrorKind::Term,
        15,
        "unknown term `@hedges`",
    );
}

#[test]
fn unknown_scope() {
    assert_err(
        &pack(&format!("{RULE}phrases = [\"x\"]\nscope = \"page\"\n")),
        RuleErrorKind::Invalid,
        15,
        "unknown scope `page`",
    );
}

#[test]
fn rule_id_must_carry_the_pack_prefix() {
    assert_err(
        &pack(&RULE.replace("p/r", "q/r")),
        RuleErrorKind::Id,
        8,
        "must be `p/<name>`",
    );
}

#[test]
fn example_that_does_not_fire_names_its_line() {
    let src = pack(&format!(
        "{RULE}phrases = [\"miracle\"]\nfire = [\"a miracle\", \"nothing here\"]\n"
    ));
    assert_err(
        &src,
        RuleErrorKind::Example,
        15,
        "should be reported but is not",
    );
}

#[test]
fn clean_example_that_fires_names_its_line() {
    let src = pack(&format!(
        "{RULE}phrases = [\"miracle\"]\nclean = [\n  \"fine\",\n  \"a miracle\"\n]\n"
    ));
    assert_err(
        &src,
        RuleErrorKind::Example,
        17,
        "should stay clean but is reported",
    );
}

#[test]
fn pattern_matching_the_empty_string_is_refused() {
    assert_err(
        &pack(&format!("{RULE}patterns = ['x*']\n")),
        RuleErrorKind::Regex,
        14,
        "empty string",
    );
}

#[test]
fn rule_with_nothing_to_look_for() {
    assert_err(
        &pack(RULE),
        RuleErrorKind::Invalid,
        7,
        "neither `phrases` nor `patterns`",
    );
}

#[test]
fn invalid_toml() {
    assert_err("[pack\nid = 1", RuleErrorKind::Syntax, 1, "");
}

#[test]
fn disclosure_insert_must_satisfy_itself() {
    let src = format!(
        "{HEADER}\n[[disclosure]]\nid = \"p/d\"\nname = \"off-label\"\nseverity = \"warning\"\nmessage = \"m\"\nrationale = \"r\"\nreferences = []\nwhen = ['x']\naccepted = ['off-label']\ninsert = \"Ask your doctor.\"\n"
    );
    assert_err(
        &src,
        RuleErrorKind::Invalid,
        7,
        "does not match its own `accepted`",
    );
}

#[test]
fn replacement_naming_a_group_the_pattern_lacks() {
    assert_err(
        &pack(&format!(
            "{RULE}patterns = [\n  {{ pattern = '\\bcures (?P<condition>pain)\\b', replace = [\"eases {{conditon}}\"] }},\n]\n"
        )),
        RuleErrorKind::Invalid,
        15,
        "`{conditon}`, which is not a named group",
    );
}

#[test]
fn replacement_with_a_malformed_brace() {
    assert_err(
        &pack(&format!(
            "{RULE}phrases = [{{ phrase = \"miracle\", replace = [\"a {{new option\"] }}]\n"
        )),
        RuleErrorKind::Invalid,
        14,
        "unclosed `{`",
    );
}

/// A disclosure whose fields after `references` are `body` (`[[disclosure]]`
/// is line 7, `body` starts on line 14).
fn disclosure(body: &str) -> String {
    format!(
        "{HEADER}\n[[disclosure]]\nid = \"p/d\"\nname = \"results-vary\"\nseverity = \"warning\"\nmessage = \"m\"\nrationale = \"r\"\nreferences = []\n{body}"
    )
}

#[test]
fn when_found_names_a_claim_category() {
    assert_err(
        &disclosure(
            "accepted = ['vary']\ninsert = \"Results vary.\"\nwhen-found = [\"efficacy\"]\n",
        ),
        RuleErrorKind::Category,
        16,
        "`when-found` names `efficacy`, which is not a claim category",
    );
}

#[test]
fn a_disclosure_needs_a_when_or_a_when_found() {
    assert_err(
        &disclosure("accepted = ['vary']\ninsert = \"Results vary.\"\n"),
        RuleErrorKind::Invalid,
        7,
        "needs a `when` condition or a `when-found` category",
    );
}

#[test]
fn uses_and_the_insert_that_names_them_go_together() {
    assert_err(
        &disclosure("when = ['x']\naccepted = ['vary']\ninsert = \"For {uses}, results vary.\"\n"),
        RuleErrorKind::Invalid,
        16,
        "needs `uses` and `uses-default`",
    );
}

#[test]
fn a_region_is_one_the_crate_knows() {
    assert_err(
        &disclosure("when = ['x']\naccepted = ['vary']\ninsert = \"Results vary.\"\n\n[disclosure.regions.mars]\ninsert = \"Results vary.\"\n"),
        RuleErrorKind::Invalid,
        18,
        "unknown region `mars`",
    );
}
