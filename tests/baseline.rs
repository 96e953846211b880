//! `--write-baseline` and `--baseline`: adopting claimlint on a site with
//! existing findings. The rules come from `tests/fixtures/cli/pack.toml`.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_claimlint");

fn pack() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli/pack.toml")
}

/// `claimlint check --isolated --no-builtin --rules PACK ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .args(["check", "--isolated", "--no-builtin", "--rules"])
        .arg(pack())
        .args(args);
    cmd
}

/// A site with two pages and findings on both.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("pages")).unwrap();
    fs::write(
        dir.path().join("pages/a.txt"),
        "A ground-breaking clinic.\n\nWe offer Guaranteed   results.\n",
    )
    .unwrap();
    fs::write(dir.path().join("pages/b.txt"), "A miracle drip.\n").unwrap();
    dir
}

fn write_baseline(dir: &Path) {
    check(dir, &["--write-baseline", "baseline.json", "pages"])
        .assert()
        .success()
        .stdout("")
        .stderr("Wrote 3 findings to baseline.json.\n");
}

/// The rule and text of every finding a `--baseline` run reports.
fn new_findings(dir: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["--format", "json", "--baseline", "baseline.json"];
    all.extend_from_slice(args);
    let output = check(dir, &all).output().unwrap();
    assert!(output.status.code().is_some_and(|c| c < 2), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut found = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            found.push((
                d["rule"].as_str().unwrap().to_string(),
                d["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    found
}

#[test]
fn the_baseline_is_versioned_json_in_a_stable_order() {
    let dir = site();
    write_baseline(dir.path());
    let written = fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    let baseline: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(baseline["version"], 1);
    let findings: Vec<(&str, &str, &str, u64)> = baseline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["claim"].as_str().unwrap(),
                f["occurrence"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("pages/a.txt", "demo/guarantee", "guaranteed results", 0),
            ("pages/a.txt", "demo/hype", "ground-breaking", 0),
            ("pages/b.txt", "demo/hype", "miracle", 0),
        ]
    );
    // Written again from another folder: the same bytes.
    check(
        &dir.path().join("pages"),
        &["--write-baseline", "../baseline.json", "."],
    )
    .assert()
    .success();
    assert_eq!(
        fs::read_to_string(dir.path().join("baseline.json")).unwrap(),
        written
    );
    // No temporary file is left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn known_findings_are_hidden_and_counted() {
    let dir = site();
    write_baseline(dir.path());
    check(dir.path(), &["--baseline", "baseline.json", "pages"])
        .assert()
        .success()
        .stdout("No problems found in 2 files. 3 known findings hidden by the baseline.\n");
    let output = check(
        dir.path(),
        &["--format", "json", "--baseline", "baseline.json", "pages"],
    )
    .output()
    .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["baselined"], 3);
    assert_eq!(report["summary"]["diagnostics"], 0);
    // Run from another folder, the paths still match.
    check(
        &dir.path().join("pages"),
        &["-q", "--baseline", "../baseline.json"],
    )
    .assert()
    .success()
    .stdout("");
}

#[test]
fn edits_elsewhere_keep_old_findings_hidden_and_new_claims_are_reported() {
    let dir = site();
    write_baseline(dir.path());
    // Lines added above, and the claim's case and spacing changed.
    fs::write(
        dir.path().join("pages/a.txt"),
        "New intro.\n\nMore copy.\n\nA GROUND-BREAKING clinic.\n\nWe offer guaranteed\nresults.\n",
    )
    .unwrap();
    assert_eq!(new_findings(dir.path(), &["pages"]), []);
    // A second copy of a known claim is new, and so is a new claim.
    fs::write(
        dir.path().join("pages/b.txt"),
        "A miracle drip.\n\nAnother miracle, and a ground-breaking one.\n",
    )
    .unwrap();
    assert_eq!(
        new_findings(dir.path(), &["pages"]),
        [
            ("demo/hype".to_string(), "miracle".to_string()),
            ("demo/hype".to_string(), "ground-breaking".to_string()),
        ]
    );
    // The new findings fail the run.
    check(dir.path(), &["-q", "--baseline", "baseline.json", "pages"])
        .assert()
        .code(1);
}

#[test]
fn a_missing_or_malformed_baseline_is_exit_2() {
    let dir = site();
    check(dir.path(), &["--baseline", "nope.json", "pages"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "nope.json: cannot read the baseline (write one with --write-baseline nope.json)",
        ));
    fs::write(
        dir.path().join("bad.json"),
        "{\"version\": 1,\n \"findings\": [{}]}",
    )
    .unwrap();
    check(dir.path(), &["--baseline", "bad.json", "pages"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.json:2:16: not a claimlint baseline: missing field `path`",
        ));
    fs::write(
        dir.path().join("old.json"),
        "{\"version\": 7, \"entries\": []}",
    )
    .unwrap();
    check(dir.path(), &["--baseline", "old.json", "pages"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "old.json: baseline version 7 is not one this claimlint reads (1)",
        ));
    fs::write(dir.path().join("empty.json"), "").unwrap();
    check(dir.path(), &["--baseline", "empty.json", "pages"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "empty.json:1:0: not a claimlint baseline",
        ));
}

#[test]
fn a_run_that_cannot_read_an_input_leaves_the_baseline_alone() {
    let dir = site();
    write_baseline(dir.path());
    let before = fs::read(dir.path().join("baseline.json")).unwrap();
    fs::write(dir.path().join("pages/c.txt"), b"A miracle \xff.\n").unwrap();
    check(dir.path(), &["--write-baseline", "baseline.json", "pages"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "baseline.json: not written, since some inputs could not be read",
        ));
    assert_eq!(fs::read(dir.path().join("baseline.json")).unwrap(), before);
    check(
        dir.path(),
        &["--write-baseline", "no/such/dir/b.json", "pages/a.txt"],
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains(
        "no/such/dir/b.json: cannot resolve its folder",
    ));
}

#[test]
fn write_baseline_refuses_fix_and_baseline() {
    let dir = site();
    for other in ["--fix", "--diff"] {
        check(dir.path(), &["--write-baseline", "b.json", other, "pages"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot be used with"));
    }
    check(
        dir.path(),
        &[
            "--write-baseline",
            "b.json",
            "--baseline",
            "b.json",
            "pages",
        ],
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains("cannot be used with"));
}
