//! `claimlint.Linter`: rule packs compiled once, then any number of
//! documents linted with the GIL released.

use std::path::PathBuf;

use claimlint::{Format, RuleSet, Selection, Selector};
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::errors::rule_error;
use crate::finding::Finding;
use crate::rules;

/// What a linter is built from. A pickled `Linter` carries this, the packs'
/// text rather than their paths, so that a worker on another machine
/// rebuilds the same linter without the files.
#[derive(Clone)]
struct Recipe {
    /// Each pack's origin (its path, as errors name it) and TOML text.
    packs: Vec<(String, String)>,
    builtin: bool,
    select: Vec<String>,
    ignore: Vec<String>,
}

/// Rule packs compiled for linting. Build it once and reuse it: it is
/// thread-safe, releases the GIL while it lints, and pickles (it is rebuilt
/// from its packs' text), so Spark and Dask can ship it to their workers.
#[pyclass(module = "claimlint", frozen)]
pub struct Linter {
    recipe: Recipe,
    linter: claimlint::Linter,
    /// Which rules' findings are kept: as on the command line, every rule
    /// runs and the findings of rules left out are dropped, so that a
    /// suppression naming an ignored rule is not reported as unused.
    selection: Selection,
}

#[pymethods]
impl Linter {
    /// `packs`: paths of rule pack TOML files, loaded after the built-in
    /// packs (or alone with `builtin=False`). `select` and `ignore`: rule
    /// ids, packs, categories or globs, as `--select` and `--ignore` take.
    ///
    /// Raises `RuleError` for a pack that does not load or compile, `OSError`
    /// for one that cannot be read, `ValueError` for a selector that names
    /// no loaded rule.
    #[new]
    #[pyo3(signature = (packs = None, builtin = true, select = None, ignore = None))]
    fn new(
        py: Python<'_>,
        packs: Option<Vec<PathBuf>>,
        builtin: bool,
        select: Option<Vec<String>>,
        ignore: Option<Vec<String>>,
    ) -> PyResult<Linter> {
        let packs = packs
            .unwrap_or_default()
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path)?;
                Ok((path.display().to_string(), text))
            })
            .collect::<PyResult<Vec<_>>>()?;
        let recipe = Recipe {
            packs,
            builtin,
            select: select.unwrap_or_default(),
            ignore: ignore.unwrap_or_default(),
        };
        Linter::build(py, recipe)
    }

    /// Lint `text` read as `format` (`"text"`, `"markdown"`, `"mdx"` or
    /// `"html"`). Spans, lines and columns point into `text` as given,
    /// markup included; findings that suppression comments cover are
    /// included with `suppressed` set, as in the JSON output.
    #[pyo3(signature = (text, format = "text"))]
    fn check(&self, py: Python<'_>, text: String, format: &str) -> PyResult<Vec<Finding>> {
        let format = Format::parse(format).ok_or_else(|| {
            PyValueError::new_err(format!(
                "unknown format {format:?}: use \"text\", \"markdown\", \"mdx\" or \"html\""
            ))
        })?;
        let diagnostics = py.detach(|| {
            let mut found = self.linter.check_document(&text, format);
            found.retain(|d| self.selection.keeps_diagnostic(d));
            found
        });
        Ok(diagnostics
            .into_iter()
            .map(|diagnostic| Finding { diagnostic })
            .collect())
    }

    /// The rules that run, as `claimlint rules` lists them: dicts with `id`,
    /// `category`, `severity`, `kind` and `summary`.
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        rules::list(py, &self.linter, &self.selection)
    }

    /// What `claimlint explain RULE` tells of a loaded rule, as a dict:
    /// `id`, `kind`, `category`, `severity`, `summary`, `message`,
    /// `rationale`, `rewrite`, `disclosure`, `references`, `fire` and
    /// `clean` (its examples). Raises `KeyError` for an id no pack loaded.
    fn explain<'py>(&self, py: Python<'py>, rule_id: &str) -> PyResult<Bound<'py, PyDict>> {
        rules::explain(py, &self.linter, rule_id)?.ok_or_else(|| {
            PyKeyError::new_err(format!("no rule `{rule_id}`; Linter.rules() lists them"))
        })
    }

    /// Pickled as the packs' text and the arguments, not the compiled
    /// automata: `_rebuild` compiles them again where it is unpickled.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let rebuild = py.import("claimlint._native")?.getattr("_rebuild")?;
        let r = &self.recipe;
        let args = (
            r.packs.clone(),
            r.builtin,
            r.select.clone(),
            r.ignore.clone(),
        );
        (rebuild, args).into_pyobject(py)
    }

    fn __repr__(&self) -> String {
        let packs: Vec<&str> = self.recipe.packs.iter().map(|(o, _)| o.as_str()).collect();
        format!(
            "Linter(packs={packs:?}, builtin={}, select={:?}, ignore={:?})",
            if self.recipe.builtin { "True" } else { "False" },
            self.recipe.select,
            self.recipe.ignore
        )
    }
}

impl Linter {
    /// Load the packs, check the selectors against them and compile, with
    /// the GIL released: compiling the built-in packs takes a fifth of a
    /// second.
    fn build(py: Python<'_>, recipe: Recipe) -> PyResult<Linter> {
        let compiled = py.detach(|| -> Result<_, claimlint::RuleError> {
            let mut set = if recipe.builtin {
                RuleSet::builtin()?
            } else {
                RuleSet::new()
            };
            for (origin, text) in &recipe.packs {
                set.add_toml(origin, text)?;
            }
            let selection = selection(&set, &recipe.select, &recipe.ignore);
            Ok((claimlint::Linter::new(&set)?, selection))
        });
        let (linter, selection) = compiled.map_err(|e| rule_error(py, &e))?;
        Ok(Linter {
            recipe,
            linter,
            selection: selection?,
        })
    }
}

/// The selection of `select` and `ignore`, each selector checked against
/// the loaded rules, so that a typo is an error rather than a rule that
/// silently never runs.
fn selection(set: &RuleSet, select: &[String], ignore: &[String]) -> PyResult<Selection> {
    let parse = |what: &str, list: &[String]| {
        list.iter()
            .map(|s| {
                Selector::new(s, set).map_err(|e| PyValueError::new_err(format!("{what}: {e}")))
            })
            .collect::<PyResult<Vec<_>>>()
    };
    Ok(Selection::new(
        parse("select", select)?,
        parse("ignore", ignore)?,
    ))
}

/// Unpickle a `Linter` (see `Linter.__reduce__`).
#[pyfunction]
pub fn _rebuild(
    py: Python<'_>,
    packs: Vec<(String, String)>,
    builtin: bool,
    select: Vec<String>,
    ignore: Vec<String>,
) -> PyResult<Linter> {
    Linter::build(
        py,
        Recipe {
            packs,
            builtin,
            select,
            ignore,
        },
    )
}

/// The format a file name implies from its extension, as the command line
/// reads it (`"html"` for `.html` and templates such as `.njk`, `"markdown"`
/// for `.md`, ...), or `None` for an extension claimlint does not read.
#[pyfunction]
pub fn format_of(path: PathBuf) -> Option<&'static str> {
    Format::from_path(&path).map(Format::as_str)
}
