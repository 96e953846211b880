//! `claimlint.Finding`, one diagnostic of the library, and `apply_fixes`.

use claimlint::{Applicability, Diagnostic};
use pyo3::prelude::*;

use crate::value::serialized;

/// One finding: a risky passage, or a disclosure the document lacks. Its
/// attributes are the fields of `claimlint check --format json`, and
/// `to_dict()` is that very object.
#[pyclass(module = "claimlint", frozen, eq)]
#[derive(PartialEq)]
pub struct Finding {
    pub diagnostic: Diagnostic,
}

#[pymethods]
impl Finding {
    /// The rule id, `<pack>/<name>`.
    #[getter]
    fn rule(&self) -> &str {
        &self.diagnostic.rule
    }

    /// The taxonomy category (`missing-<name>` for a disclosure).
    #[getter]
    fn category(&self) -> &str {
        &self.diagnostic.category
    }

    /// `"error"`, `"warning"` or `"info"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.diagnostic.severity.as_str()
    }

    #[getter]
    fn message(&self) -> &str {
        &self.diagnostic.message
    }

    /// UTF-8 byte offset of the start in the source as given.
    #[getter]
    fn start(&self) -> usize {
        self.diagnostic.span.start
    }

    /// UTF-8 byte offset of the end.
    #[getter]
    fn end(&self) -> usize {
        self.diagnostic.span.end
    }

    /// 1-based line of the start.
    #[getter]
    fn line(&self) -> usize {
        self.diagnostic.start.line
    }

    /// 1-based column of the start, in characters.
    #[getter]
    fn column(&self) -> usize {
        self.diagnostic.start.column
    }

    #[getter]
    fn end_line(&self) -> usize {
        self.diagnostic.end.line
    }

    #[getter]
    fn end_column(&self) -> usize {
        self.diagnostic.end.column
    }

    /// The source under the span.
    #[getter]
    fn text(&self) -> &str {
        &self.diagnostic.text
    }

    /// Edits that would resolve it, best first: dicts with `start`, `end`,
    /// `replacement` and `applicability`.
    #[getter]
    fn suggestions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialized(py, &self.diagnostic.suggestions)
    }

    /// A compliant way to say it, where the rule has one.
    #[getter]
    fn rewrite(&self) -> Option<&str> {
        self.diagnostic.rewrite.as_deref()
    }

    /// Whether an approved exception (a suppression comment) covers it.
    #[getter]
    fn suppressed(&self) -> bool {
        self.diagnostic.is_suppressed()
    }

    /// The suppression that covers it, as a dict, or `None`.
    #[getter]
    fn suppression<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialized(py, &self.diagnostic.suppression)
    }

    /// The finding as `claimlint check --format json` prints it.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialized(py, &self.diagnostic)
    }

    fn __repr__(&self) -> String {
        let d = &self.diagnostic;
        format!(
            "Finding(rule={:?}, severity={:?}, line={}, column={}, text={:?})",
            d.rule,
            d.severity.as_str(),
            d.start.line,
            d.start.column,
            d.text
        )
    }
}

/// `text` with the first suggestion of each finding applied: the safe ones,
/// and with `unsafe=True` the unsafe ones too (wording changes and
/// disclosure sentences a human should read). Overlapping edits are skipped,
/// never merged; lint the result again to see what is left.
#[pyfunction]
#[pyo3(signature = (text, findings, r#unsafe = false))]
pub fn apply_fixes(text: String, findings: Vec<PyRef<'_, Finding>>, r#unsafe: bool) -> String {
    let min = if r#unsafe {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let diagnostics: Vec<Diagnostic> = findings.iter().map(|f| f.diagnostic.clone()).collect();
    claimlint::apply_fixes(&text, &diagnostics, min).text
}
