//! The command line on files it must handle with care: text that is not
//! UTF-8 and binary files (one file's problem never stops the run), empty
//! and markup-only files, and `--fix` on files it must not write: read-only
//! files and symlinks. A file that changes between reading and writing is
//! tested next to the writer, in `src/bin/claimlint/fix.rs`.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const PACK: &str = "tests/fixtures/cli/pack.toml";

/// Copy the test pack fixes: "ground-breaking" has a safe replacement.
const HYPE: &str = "A ground-breaking clinic.\n";

/// `claimlint check --no-builtin --rules PACK --format json` plus `args`.
fn check(args: &[&str], paths: &[&Path]) -> Command {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimlint"));
    cmd.current_dir(&root)
        .args(["check", "--no-builtin", "--rules"])
        .arg(root.join(PACK))
        .args(args)
        .args(paths);
    cmd
}

/// The paths of the files the JSON report lists, file names only.
fn files_reported(stdout: &[u8]) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_slice(stdout).expect("JSON report");
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = PathBuf::from(f["path"].as_str().unwrap());
            path.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect()
}

/// A folder holding the file `name` with these bytes, and beside it a
/// page of hype, `page.txt`.
fn beside_a_page(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), bytes).unwrap();
    fs::write(dir.path().join("page.txt"), HYPE).unwrap();
    dir
}

#[test]
fn a_binary_file_is_skipped_with_a_note_and_the_others_are_linted() {
    // A walked extension does not make a file text.
    let dir = beside_a_page("logo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR ground-breaking");
    let run = check(&["--format", "json"], &[dir.path()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("logo.txt: binary file, skipped"));
    assert_eq!(files_reported(&run.get_output().stdout), ["page.txt"]);
    // --quiet drops the note, not the exit code.
    check(&["--quiet", "--format", "json"], &[dir.path()])
        .assert()
        .code(1)
        .stderr("");
}

#[test]
fn text_that_is_not_utf8_is_an_error_for_that_file_naming_its_line() {
    let dir = beside_a_page("latin1.txt", b"First line.\nCaf\xe9 ground-breaking.\n");
    let run = check(&["--format", "json"], &[dir.path()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "latin1.txt: not UTF-8 text (invalid byte at offset 15, line 2)",
        ));
    assert_eq!(files_reported(&run.get_output().stdout), ["page.txt"]);
}

#[test]
fn empty_and_markup_only_files_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("empty.html"), "").unwrap();
    fs::write(
        dir.path().join("markup.html"),
        "<!doctype html><html><head><style>p{}</style></head><body><div><br></div></body></html>",
    )
    .unwrap();
    fs::write(dir.path().join("markup.md"), "---\n\n* \n\n```\n```\n").unwrap();
    let run = check(&["--format", "json"], &[dir.path()])
        .assert()
        .success();
    assert_eq!(
        files_reported(&run.get_output().stdout),
        ["empty.html", "empty.txt", "markup.html", "markup.md"]
    );
}

#[test]
fn fix_leaves_a_read_only_file_untouched_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    fs::write(&page, HYPE).unwrap();
    fs::set_permissions(&page, fs::Permissions::from_mode(0o444)).unwrap();
    // Renaming a temporary file over it would work even so (the folder is
    // writable, and root ignores modes): the mode itself must be honoured.
    check(&["--fix"], &[&page])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "page.txt: the file is read-only; left untouched",
        ));
    assert_eq!(fs::read_to_string(&page).unwrap(), HYPE);
    assert_eq!(
        fs::metadata(&page).unwrap().permissions().mode() & 0o777,
        0o444
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn fix_through_a_symlink_to_a_read_only_file_leaves_both_alone() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    let link = dir.path().join("link.txt");
    fs::write(&page, HYPE).unwrap();
    fs::set_permissions(&page, fs::Permissions::from_mode(0o444)).unwrap();
    std::os::unix::fs::symlink(&page, &link).unwrap();
    check(&["--fix"], &[&link]).assert().code(2);
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(fs::read_to_string(&page).unwrap(), HYPE);
}

#[test]
fn a_file_that_cannot_be_fixed_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("a-locked.txt");
    let open = dir.path().join("b-open.txt");
    fs::write(&locked, HYPE).unwrap();
    fs::write(&open, HYPE).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).unwrap();
    check(&["--fix"], &[dir.path()]).assert().code(2);
    assert_eq!(fs::read_to_string(&locked).unwrap(), HYPE);
    assert_eq!(fs::read_to_string(&open).unwrap(), "A promising clinic.\n");
}
