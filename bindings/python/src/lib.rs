//! `claimlint._native`, the extension module behind the `claimlint` Python
//! package: the Rust library's linter, findings and fixes, with nothing
//! re-implemented. Python's `claimlint/__init__.py` re-exports it.

mod errors;
mod finding;
mod linter;
mod rules;
mod value;

use pyo3::prelude::*;

#[pymodule]
mod _native {
    use pyo3::prelude::*;

    #[pymodule_export]
    use crate::errors::RuleError;
    #[pymodule_export]
    use crate::finding::{apply_fixes, Finding};
    #[pymodule_export]
    use crate::linter::{_rebuild, format_of, Linter};

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
