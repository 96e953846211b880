//! `Linter.rules()` and `Linter.explain()`: the loaded rules as dicts, from
//! the library's own accessors.

use claimlint::{Rule, RuleKind, Selection, Severity, Suppression};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Each pack rule the selection keeps, then the engine's own rules about
/// suppression comments, as `claimlint rules` lists them.
pub fn list<'py>(
    py: Python<'py>,
    linter: &claimlint::Linter,
    selection: &Selection,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let pack_rules = linter
        .rules()
        .iter()
        .filter(|r| selection.keeps(r.id(), r.category()))
        .map(|r| {
            row(
                py,
                r.id(),
                r.category(),
                r.severity(),
                kind(r),
                &r.summary(),
            )
        });
    let engine_rules = Suppression::RULES
        .iter()
        .filter(|(id, _)| selection.keeps(id, Suppression::CATEGORY))
        .map(|(id, summary)| engine_row(py, id, summary));
    pack_rules.chain(engine_rules).collect()
}

/// Everything the library knows of the rule with this id, or `None`.
pub fn explain<'py>(
    py: Python<'py>,
    linter: &claimlint::Linter,
    id: &str,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    if let Some((id, summary)) = Suppression::RULES.iter().find(|(rule, _)| *rule == id) {
        return engine_row(py, id, summary).map(Some);
    }
    let Some(rule) = linter.rule(id) else {
        return Ok(None);
    };
    let dict = row(
        py,
        rule.id(),
        rule.category(),
        rule.severity(),
        kind(rule),
        &rule.summary(),
    )?;
    dict.set_item("message", rule.message())?;
    dict.set_item("rationale", rule.rationale())?;
    dict.set_item("rewrite", rule.rewrite())?;
    dict.set_item("disclosure", rule.disclosure_text())?;
    dict.set_item("references", rule.references())?;
    let texts = |examples: &[claimlint::Example]| -> Vec<String> {
        examples.iter().map(|e| e.text.clone()).collect()
    };
    dict.set_item("fire", texts(rule.fire_examples()))?;
    dict.set_item("clean", texts(rule.clean_examples()))?;
    Ok(Some(dict))
}

fn kind(rule: &Rule) -> &'static str {
    match rule.kind() {
        RuleKind::Claim => "claim",
        RuleKind::Disclosure => "disclosure",
    }
}

/// A rule of the engine's own: it belongs to no pack and has no examples.
fn engine_row<'py>(py: Python<'py>, id: &str, summary: &str) -> PyResult<Bound<'py, PyDict>> {
    row(
        py,
        id,
        Suppression::CATEGORY,
        Severity::Warning,
        "engine",
        summary,
    )
}

fn row<'py>(
    py: Python<'py>,
    id: &str,
    category: &str,
    severity: Severity,
    kind: &str,
    summary: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("id", id)?;
    dict.set_item("category", category)?;
    dict.set_item("severity", severity.as_str())?;
    dict.set_item("kind", kind)?;
    dict.set_item("summary", summary)?;
    Ok(dict)
}
