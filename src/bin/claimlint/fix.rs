//! `--fix` and `--diff`: applying suggestions until the text is stable,
//! keeping the file's line endings, and writing the result atomically.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use claimlint::{apply_fixes, Applicability, Diagnostic, Selection};

/// Passes of fix-then-lint before giving up on reaching a fixed point. An
/// edit skipped for overlapping another is applied on the next pass, so two
/// or three passes are the most real copy needs.
const MAX_PASSES: usize = 10;

/// The text after fixing, its remaining diagnostics, and how many edits
/// were applied.
pub struct Outcome {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub applied: usize,
}

/// Apply every suggestion at or above `min` of the rules `only` keeps,
/// re-linting with `check` after each pass until nothing more applies, so a
/// second `--fix` run changes nothing. A suppressed finding is an approved
/// exception: its suggestion is never applied.
pub fn fix(
    original: &str,
    mut diagnostics: Vec<Diagnostic>,
    min: Applicability,
    only: &Selection,
    check: impl Fn(&str) -> Vec<Diagnostic>,
) -> Outcome {
    let crlf = uses_crlf(original);
    let mut text = original.to_string();
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let mut active: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| !d.is_suppressed() && only.keeps_diagnostic(d))
            .cloned()
            .collect();
        if crlf {
            for suggestion in active.iter_mut().flat_map(|d| &mut d.suggestions) {
                suggestion.replacement = to_crlf(&suggestion.replacement);
            }
        }
        let fixed = apply_fixes(&text, &active, min);
        // An edit that re-creates its own match would loop; stop at no change.
        if fixed.applied == 0 || fixed.text == text {
            break;
        }
        applied += fixed.applied;
        text = fixed.text;
        diagnostics = check(&text);
    }
    Outcome {
        text,
        diagnostics,
        applied,
    }
}

/// Whether the file ends its lines with CRLF, judged by its first line
/// break: inserted text (a disclosure paragraph) must follow suit.
fn uses_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| text[..i].ends_with('\r'))
}

fn to_crlf(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// Replace `path`'s contents with `text`, but only if it still holds
/// `original`, the text the fixes were computed from: write a temporary file
/// in the same folder (so the rename cannot cross file systems), give it the
/// original's permissions, then rename it over the original. A crash or a
/// full disk leaves the original untouched, never half-written.
///
/// The file is refused, and left as it is, when it is read-only (a rename
/// would replace it regardless of its mode) or when its content changed
/// since it was read (an editor saved it meanwhile): the check compares the
/// whole content rather than a hash of it, since the original is at hand.
pub fn write_atomic(path: &Path, original: &str, text: &str) -> Result<()> {
    let shown = path.display();
    // Renaming over a symlink would replace the link with a plain file:
    // write where it points instead.
    let target =
        &std::fs::canonicalize(path).with_context(|| format!("{shown}: resolving the path"))?;
    let dir = target.parent().unwrap_or(Path::new("/"));
    let permissions = std::fs::metadata(target)
        .with_context(|| format!("{shown}: reading metadata"))?
        .permissions();
    if permissions.readonly() {
        bail!("{shown}: the file is read-only; left untouched");
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".claimlint-")
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "{shown}: cannot create a temporary file in {}; left untouched",
                dir.display()
            )
        })?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("{shown}: writing the fixed copy; left untouched"))?;
    tmp.as_file()
        .set_permissions(permissions)
        .with_context(|| format!("{shown}: setting permissions; left untouched"))?;
    let now =
        std::fs::read(target).with_context(|| format!("{shown}: re-reading before writing"))?;
    if now != original.as_bytes() {
        bail!(
            "{shown}: changed since it was read; not overwritten (run again to fix the new text)"
        );
    }
    tmp.persist(target)
        .with_context(|| format!("{shown}: replacing with the fixed copy; left untouched"))?;
    Ok(())
}

/// A unified diff between the original and the fixed text, with the path
/// in `a/`/`b/` headers as `git diff` prints them.
pub fn diff(path: &Path, original: &str, fixed: &str) -> String {
    let name = path.display().to_string().replace('\\', "/");
    similar::TextDiff::from_lines(original, fixed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.txt");
        std::fs::write(&page, "Edited meanwhile.\n").unwrap();
        let error = write_atomic(&page, "As read.\n", "Fixed.\n").unwrap_err();
        assert!(
            error.to_string().contains("changed since it was read"),
            "{error}"
        );
        assert_eq!(
            std::fs::read_to_string(&page).unwrap(),
            "Edited meanwhile.\n"
        );
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unchanged_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.txt");
        std::fs::write(&page, "As read.\n").unwrap();
        write_atomic(&page, "As read.\n", "Fixed.\n").unwrap();
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "Fixed.\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn line_endings_follow_the_first_break() {
        assert!(uses_crlf("a\r\nb\n"));
        assert!(!uses_crlf("a\nb\r\n"));
        assert!(!uses_crlf("no break"));
        assert_eq!(to_crlf("\nx\r\ny\n"), "\r\nx\r\ny\r\n");
    }
}
