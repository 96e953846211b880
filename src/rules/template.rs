//! Replacement templates: the rewrites a rule offers for what it matched.
//!
//! A replacement in a rule file is text with references in braces:
//! `{match}` is the matched text, and `{name}` the text of the pattern's
//! named group `(?P<name>...)`. "cures depression" matched by
//! `\bcures\s+(?P<condition>depression|anxiety)\b` and rewritten with
//! `"may ease symptoms of {condition}"` gives "may ease symptoms of
//! depression": the writer's own words, hedged, and no fact the page did
//! not have. References are checked when the pack loads, so a misspelt
//! group name is an error at its line rather than an empty hole at run time.

/// The name `{match}` stands for the whole matched text.
pub(crate) const MATCH: &str = "match";

/// The names a template refers to, in order, or the first malformed
/// brace (an unclosed `{`, an empty `{}`, or a name with other than
/// letters, digits and `_`).
pub(crate) fn references(template: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("`}}` without a `{{` in replacement {template:?}"));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!("unclosed `{{` in replacement {template:?}"));
        };
        let name = &after[..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "`{{{name}}}` in replacement {template:?} is not a reference: write {{match}} or {{group}} for a named group (?P<group>...)"
            ));
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    Ok(names)
}

/// Whether a template needs the pattern's groups (a reference other than
/// `{match}`).
pub(crate) fn needs_groups(template: &str) -> bool {
    references(template).is_ok_and(|names| names.iter().any(|&n| n != MATCH))
}

/// The template with each reference replaced: `{match}` by `matched`, a
/// group by `group(name)` (empty where the group took no part in the match).
/// Templates are checked when their pack loads ([`references`]), not here,
/// once a finding.
pub(crate) fn expand<'a>(
    template: &str,
    matched: &'a str,
    group: impl Fn(&str) -> Option<&'a str>,
) -> String {
    let mut out = String::with_capacity(template.len() + matched.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        let name = &after[..close];
        out.push_str(if name == MATCH {
            matched
        } else {
            group(name).unwrap_or("")
        });
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_in_order() {
        assert_eq!(
            references("may ease {what} of {match}").unwrap(),
            ["what", "match"]
        );
        assert_eq!(references("no references").unwrap(), Vec::<&str>::new());
    }

    #[test]
    fn malformed_braces_are_errors() {
        for bad in ["{", "a {b", "{}", "{two words}", "b}", "{a-b}"] {
            assert!(references(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn expansion_fills_match_and_groups() {
        let group = |name: &str| (name == "condition").then_some("anxiety");
        assert_eq!(
            expand("may ease symptoms of {condition}", "cures anxiety", group),
            "may ease symptoms of anxiety"
        );
        assert_eq!(
            expand("{match} [source]", "studies show", group),
            "studies show [source]"
        );
        assert_eq!(expand("{missing}!", "x", group), "!");
        assert!(needs_groups("{condition}") && !needs_groups("{match} only"));
    }
}
