//! `claimlint.RuleError`: a rule pack that does not load or compile, with
//! the place of the problem as attributes, so that a tool can point at the
//! line of the TOML file.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

pyo3::create_exception!(
    claimlint,
    RuleError,
    PyValueError,
    "A rule pack that does not load or compile. `str(error)` is \
     `origin:line:column: message`; the attributes `origin`, `line`, `column` \
     (1-based; 0 when the problem has no place), `kind` and `message` hold the parts."
);

/// The Python exception for a library `RuleError`, its parts set as attributes.
pub fn rule_error(py: Python<'_>, error: &claimlint::RuleError) -> PyErr {
    let err = RuleError::new_err(error.to_string());
    match set_parts(err.value(py), error) {
        Ok(()) => err,
        Err(e) => e,
    }
}

fn set_parts(
    value: &Bound<'_, pyo3::exceptions::PyBaseException>,
    error: &claimlint::RuleError,
) -> PyResult<()> {
    value.setattr("origin", error.origin())?;
    value.setattr("line", error.line())?;
    value.setattr("column", error.column())?;
    value.setattr("kind", kind_name(error.kind()))?;
    value.setattr("message", error.message())
}

/// The kind's name, lower-case, as Python code compares it.
fn kind_name(kind: claimlint::RuleErrorKind) -> &'static str {
    use claimlint::RuleErrorKind as K;
    match kind {
        K::Io => "io",
        K::Syntax => "syntax",
        K::Regex => "regex",
        K::Id => "id",
        K::Category => "category",
        K::Term => "term",
        K::Example => "example",
        K::Limit => "limit",
        K::Invalid => "invalid",
        _ => "other",
    }
}
