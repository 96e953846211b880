//! The `claimlint` binary end to end: every output format, exit code, input
//! kind and fix mode. The rules come from `tests/fixtures/cli/pack.toml`
//! with `--no-builtin`, so these tests never depend on the built-in packs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_claimlint");
const PACK: &str = "tests/fixtures/cli/pack.toml";
const PAGE: &str = "tests/fixtures/cli/page.txt";
const CLEAN: &str = "tests/fixtures/cli/clean.txt";
/// Suppression comments: one approved, one without a reason, one unused.
const APPROVED: &str = "tests/fixtures/cli/approved.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `claimlint` run from the crate root.
fn claimlint() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(root()).env_remove("NO_COLOR");
    cmd
}

/// `claimlint check --no-builtin --rules PACK` plus `args`.
fn check(args: &[&str]) -> Command {
    let mut cmd = claimlint();
    cmd.args(["check", "--no-builtin", "--rules"])
        .arg(root().join(PACK))
        .args(args);
    cmd
}

/// Standard output, from a command to run or from a run already asserted on.
trait Stdout {
    fn stdout_bytes(self) -> Vec<u8>;
}

impl Stdout for &mut Command {
    fn stdout_bytes(self) -> Vec<u8> {
        self.output().expect("runs").stdout
    }
}

impl Stdout for assert_cmd::assert::Assert {
    fn stdout_bytes(self) -> Vec<u8> {
        self.get_output().stdout.clone()
    }
}

fn stdout_of(run: impl Stdout) -> String {
    String::from_utf8(run.stdout_bytes()).expect("UTF-8 output")
}

fn json_of(run: impl Stdout) -> Value {
    serde_json::from_str(&stdout_of(run)).expect("valid JSON on stdout")
}

/// The rule ids reported, in output order, over all files.
fn rules_reported(report: &Value) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------- formats

#[test]
fn json_output_has_the_documented_shape() {
    let out = stdout_of(check(&["--format", "json", PAGE]).assert().code(1));
    insta::assert_snapshot!("page_json", out);

    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["version"], 1);
    let text = fs::read_to_string(root().join(PAGE)).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["path"], PAGE);
    for d in file["diagnostics"].as_array().unwrap() {
        for key in [
            "rule",
            "category",
            "severity",
            "message",
            "start",
            "end",
            "line",
            "column",
            "end_line",
            "end_column",
            "text",
            "suggestions",
            "rewrite",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        // start/end are byte offsets into the file as it is on disk.
        let (start, end) = (
            d["start"].as_u64().unwrap() as usize,
            d["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], d["text"].as_str().unwrap());
    }
    let summary = &report["summary"];
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["diagnostics"], 6);
    assert_eq!(
        (
            summary["errors"].as_u64(),
            summary["warnings"].as_u64(),
            summary["info"].as_u64()
        ),
        (Some(2), Some(3), Some(1))
    );
    assert_eq!(summary["fixable"], 1);
    assert_eq!(summary["unsafe_fixable"], 3);
}

#[test]
fn json_diagnostics_are_the_library_serialization() {
    let pack = fs::read_to_string(root().join(PACK)).unwrap();
    let linter =
        claimlint::Linter::new(&claimlint::RuleSet::from_toml(PACK, &pack).unwrap()).unwrap();
    for (path, format) in [
        (PAGE, claimlint::Format::Text),
        (APPROVED, claimlint::Format::Markdown),
    ] {
        let report = json_of(&mut check(&["--format", "json", path]));
        let text = fs::read_to_string(root().join(path)).unwrap();
        let library = serde_json::to_value(linter.check_document(&text, format)).unwrap();
        assert_eq!(report["files"][0]["diagnostics"], library, "{path}");
    }
}

#[test]
fn json_is_deterministic_and_sorted_by_path() {
    let args = ["--format", "json", PAGE, CLEAN, "tests/fixtures/cli"];
    let first = stdout_of(&mut check(&args));
    assert_eq!(first, stdout_of(&mut check(&args)));
    let report: Value = serde_json::from_str(&first).unwrap();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    // The same file named twice (directly and through its folder) is linted once.
    assert_eq!(paths.iter().filter(|p| p.ends_with("page.txt")).count(), 1);
}

#[test]
fn sarif_output_is_what_code_scanning_reads() {
    let out = stdout_of(check(&["--format", "sarif", PAGE]).assert().code(1));
    insta::assert_snapshot!("page_sarif", out);

    let log: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 5, "every rule that ran is described");
    for rule in rules {
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], PAGE);
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    let hype = results.iter().find(|r| r["ruleId"] == "demo/hype").unwrap();
    let replacement = &hype["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "promising");
    let fda = results.iter().find(|r| r["ruleId"] == "demo/fda").unwrap();
    assert!(fda.get("fixes").is_none(), "no suggestion, no fix");
}

#[test]
fn github_output_is_workflow_commands() {
    let out = stdout_of(check(&["--format", "github", PAGE]).assert().code(1));
    insta::assert_snapshot!("page_github", out);
    assert_eq!(out.lines().count(), 6);
    assert!(out.contains(
        "::error file=tests/fixtures/cli/page.txt,line=3,col=41,endLine=3,endColumn=53,title=demo/fda::False FDA status: FDA-approved"
    ));
    assert!(out
        .lines()
        .any(|l| l.starts_with("::notice ") && l.contains("title=demo/studies")));
}

#[test]
fn junit_output_has_a_suite_per_file_and_a_failure_per_finding() {
    let out = stdout_of(check(&["--format", "junit", PAGE, CLEAN]).assert().code(1));
    assert!(out.starts_with("<?xml"));
    assert_eq!(out.matches("<testsuite ").count(), 2);
    assert_eq!(out.matches("<failure ").count(), 6);
    assert!(
        out.contains(r#"<testsuite name="tests/fixtures/cli/clean.txt" tests="1" failures="0""#)
    );
    assert!(out.contains(r#"<testsuites name="claimlint" tests="7" failures="6""#));
    // The quotes of '{match}' messages are escaped, not raw.
    assert!(out.contains("message=\"&apos;ground-breaking&apos; is hype\""));
}

#[test]
fn concise_output_is_one_line_a_finding() {
    let out = stdout_of(
        check(&["--format", "concise", PAGE, APPROVED])
            .assert()
            .code(1),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "tests/fixtures/cli/approved.md:6:1: warning[claimlint/suppression-without-reason] This suppression gives no reason, so it suppresses nothing: add the approval after `--`",
            "tests/fixtures/cli/approved.md:7:3: warning[demo/hype] 'miracle' is hype",
            "tests/fixtures/cli/approved.md:8:1: warning[claimlint/invalid-suppression] This `claimlint-enable` has no `claimlint-disable` of `demo/hype` before it",
            "tests/fixtures/cli/approved.md:10:1: warning[claimlint/unused-suppression] Nothing that `demo/fda` names is found where this suppression applies: remove it, or move it next to the finding",
            "tests/fixtures/cli/page.txt:3:1: warning[demo/off-label] Ketamine for a psychiatric use without saying it is off-label",
            "tests/fixtures/cli/page.txt:3:5: warning[demo/hype] 'ground-breaking' is hype",
            "tests/fixtures/cli/page.txt:3:41: error[demo/fda] False FDA status: FDA-approved",
            "tests/fixtures/cli/page.txt:4:1: info[demo/studies] 'Studies show' with no source",
            "tests/fixtures/cli/page.txt:4:51: error[demo/guarantee] A promise of results: 'guaranteed results'",
            "tests/fixtures/cli/page.txt:6:3: warning[demo/hype] 'miracle' is hype",
            "Found 10 problems (2 errors, 7 warnings, 1 info) in 2 files (2 checked). 1 fixable with --fix (4 more with --fix --unsafe-fixes). 1 suppressed by approved exceptions.",
        ]
    );
    // Quiet: the findings alone.
    let quiet = stdout_of(&mut check(&["--format", "concise", "-q", PAGE]));
    assert_eq!(quiet.lines().count(), 6);
    assert!(quiet
        .lines()
        .all(|l| l.starts_with("tests/fixtures/cli/page.txt:")));
}

const STATISTICS: &str = "\
3  demo/hype
1  claimlint/invalid-suppression
1  claimlint/suppression-without-reason
1  claimlint/unused-suppression
1  demo/fda
1  demo/guarantee
1  demo/off-label
1  demo/studies
";

#[test]
fn statistics_count_findings_by_rule_alone_or_after_a_report() {
    // Alone: the counts only, most frequent first, then by id.
    check(&["--statistics", PAGE, APPROVED])
        .assert()
        .code(1)
        .stdout(STATISTICS);
    // After a report for people: on stdout, after it.
    let out = stdout_of(
        check(&["--statistics", "--format", "concise", PAGE, APPROVED])
            .assert()
            .code(1),
    );
    assert!(
        out.ends_with(&format!(
            "1 suppressed by approved exceptions.\n{STATISTICS}"
        )),
        "{out}"
    );
    // After a report for machines: on stderr, so stdout stays JSON.
    let run = check(&["--statistics", "--format", "json", PAGE, APPROVED])
        .assert()
        .code(1)
        .stderr(STATISTICS);
    let report = json_of(run);
    assert_eq!(report["summary"]["diagnostics"], 10);
    // Nothing found, nothing counted.
    check(&["--statistics", CLEAN])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn human_output_shows_snippets_help_and_a_summary() {
    let out = stdout_of(check(&[PAGE]).assert().code(1));
    assert!(
        out.contains("error[demo/fda]: False FDA status: FDA-approved"),
        "{out}"
    );
    assert!(out.contains("┌─ tests/fixtures/cli/page.txt:3:41"), "{out}");
    assert!(out.contains("^^^^^^^^^^^^ fda-status"), "{out}");
    assert!(
        out.contains("= help: replace with “promising” (safe fix: --fix applies it)"),
        "{out}"
    );
    assert!(
        out.contains("= help: say instead: Ketamine is FDA-approved as an anesthetic"),
        "{out}"
    );
    assert!(
        out.ends_with(
            "Found 6 problems (2 errors, 3 warnings, 1 info) in 1 file (1 checked). \
         1 fixable with --fix (3 more with --fix --unsafe-fixes).\n"
        ),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colour into a pipe");
}

#[test]
fn human_output_of_a_clean_file_is_one_line() {
    let out = stdout_of(check(&[CLEAN]).assert().success());
    assert_eq!(out, "No problems found in 1 file.\n");
    check(&["--quiet", CLEAN]).assert().success().stdout("");
}

#[test]
fn colour_follows_the_flag() {
    let coloured = stdout_of(&mut check(&["--color", "always", PAGE]));
    assert!(coloured.contains("\x1b["), "--color always colours a pipe");
    let plain = stdout_of(check(&["--color", "auto", PAGE]).env("NO_COLOR", "1"));
    assert!(!plain.contains('\x1b'));
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_code_follows_fail_on() {
    // page.txt holds errors, warnings and an info finding.
    check(&["--quiet", PAGE]).assert().code(1);
    check(&[
        "--quiet",
        "--select",
        "demo/hype",
        "--fail-on",
        "error",
        PAGE,
    ])
    .assert()
    .code(0);
    check(&[
        "--quiet",
        "--select",
        "demo/hype",
        "--fail-on",
        "warning",
        PAGE,
    ])
    .assert()
    .code(1);
    // An info finding fails the run only with --fail-on info.
    check(&["--quiet", "--select", "demo/studies", PAGE])
        .assert()
        .code(0);
    check(&[
        "--quiet",
        "--select",
        "demo/studies",
        "--fail-on",
        "info",
        PAGE,
    ])
    .assert()
    .code(1);
}

#[test]
fn a_missing_path_is_exit_2() {
    check(&["no/such/page.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/page.md: no such file or folder",
        ));
}

#[test]
fn a_broken_rule_file_is_exit_2_with_its_location() {
    claimlint()
        .args([
            "check",
            "--no-builtin",
            "--rules",
            "tests/fixtures/cli/bad.toml",
            PAGE,
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "tests/fixtures/cli/bad.toml:15:1: unknown field `colour`",
        ));
}

#[test]
fn loading_one_pack_twice_is_exit_2() {
    check(&["--rules", PACK, PAGE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pack id `demo` is already loaded"));
}

#[test]
fn usage_errors_are_exit_2() {
    check(&["--format", "xml", PAGE]).assert().code(2);
    check(&["--unsafe-fixes", PAGE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--fix"));
    check(&["--fix", "--diff", PAGE]).assert().code(2);
    check(&["--select", "demo/nope", PAGE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--select \"demo/nope\" matches no rule",
        ));
}

#[test]
fn an_unreadable_file_is_exit_2_but_the_others_are_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("latin1.txt"), b"caf\xe9 miracle\n").unwrap();
    fs::write(dir.path().join("ok.txt"), "A miracle drip.\n").unwrap();
    let report = json_of(
        check(&["--format", "json"])
            .arg(dir.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains("latin1.txt: not UTF-8 text")),
    );
    assert_eq!(rules_reported(&report), ["demo/hype"]);
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    // Enough findings that the output cannot fit in a pipe buffer, so a
    // write is certain to meet the closed end whenever the reader closes it.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("long.txt");
    fs::write(
        &page,
        "A miracle drip, a ground-breaking clinic.\n".repeat(5_000),
    )
    .unwrap();
    let mut child = std::process::Command::new(BIN)
        .args(["check", "--no-builtin", "--rules"])
        .arg(root().join(PACK))
        .args(["--format", "json"])
        .arg(&page)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

// ---------------------------------------------------------------- inputs

#[test]
fn stdin_takes_its_name_and_format_from_stdin_filename() {
    let report = json_of(
        check(&[
            "--format",
            "json",
            "--stdin-filename",
            "pages/offer.md",
            "-",
        ])
        .write_stdin("# Offer\n\nA **miracle** drip.\n"),
    );
    assert_eq!(report["files"][0]["path"], "pages/offer.md");
    let d = &report["files"][0]["diagnostics"][0];
    assert_eq!(
        (d["rule"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("demo/hype"), Some(3), Some(5))
    );
}

#[test]
fn stdin_without_a_name_is_reported_as_stdin() {
    let report = json_of(check(&["--format", "json", "-"]).write_stdin("Guaranteed results!\n"));
    assert_eq!(report["files"][0]["path"], "<stdin>");
    assert_eq!(rules_reported(&report), ["demo/guarantee"]);
}

#[test]
fn stdin_filename_alone_reads_stdin() {
    let report = json_of(
        check(&["--format", "json", "--stdin-filename", "x.txt"]).write_stdin("A miracle.\n"),
    );
    assert_eq!(report["files"][0]["path"], "x.txt");
}

#[test]
fn a_folder_walk_picks_copy_files_and_honours_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    for (path, text) in [
        ("index.html", "<p>A miracle drip.</p>\n"),
        ("about.md", "Guaranteed results.\n"),
        ("notes.txt", "Nothing to see.\n"),
        ("blog/post.markdown", "A ground-breaking clinic.\n"),
        ("blog/old.htm", "A miracle.\n"),
        ("app.js", "// a miracle, in code that is not copy\n"),
        ("drafts/wip.md", "A miracle, not yet published.\n"),
        (".hidden/secret.md", "A miracle.\n"),
        (".gitignore", "drafts/\n"),
    ] {
        let path = site.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let report = json_of(check(&["--format", "json", "site"]).current_dir(dir.path()));
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "site/about.md",
            "site/blog/old.htm",
            "site/blog/post.markdown",
            "site/index.html",
            "site/notes.txt"
        ]
    );
    assert_eq!(report["summary"]["files_with_diagnostics"], 4);

    // With no PATH the current folder is walked, and shown without `./`.
    let report = json_of(check(&["--format", "json"]).current_dir(&site));
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "about.md",
            "blog/old.htm",
            "blog/post.markdown",
            "index.html",
            "notes.txt"
        ]
    );
}

#[test]
fn a_file_named_on_the_command_line_is_linted_whatever_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("landing.copy");
    fs::write(&page, "Guaranteed results.\n").unwrap();
    let report = json_of(check(&["--format", "json"]).arg(&page));
    assert_eq!(rules_reported(&report), ["demo/guarantee"]);
}

// ---------------------------------------------------------------- fixes

/// A copy of the page in a fresh folder, to fix in place.
fn temp_page(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    fs::write(&page, text).unwrap();
    (dir, page)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

#[test]
fn diff_shows_the_safe_fix_and_writes_nothing() {
    let original = read(&root().join(PAGE));
    let (dir, page) = temp_page(&original);
    let out = stdout_of(
        check(&["--diff", "page.txt"])
            .current_dir(dir.path())
            .assert()
            .code(1)
            .stderr("Would apply 1 fix in 1 file.\n"),
    );
    assert!(
        out.starts_with("--- a/page.txt\n+++ b/page.txt\n@@ "),
        "{out}"
    );
    assert!(
        out.contains("\n-Our ground-breaking ketamine program"),
        "{out}"
    );
    assert!(out.contains("\n+Our promising ketamine program"), "{out}");
    assert!(
        !out.contains("+A option"),
        "an unsafe fix is not in a safe diff"
    );
    assert_eq!(read(&page), original);
}

#[test]
fn fix_applies_safe_fixes_and_a_second_run_changes_nothing() {
    let original = read(&root().join(PAGE));
    let (dir, page) = temp_page(&original);
    let out = stdout_of(
        check(&["--fix", "page.txt"])
            .current_dir(dir.path())
            .assert()
            .code(1),
    );
    assert!(out.contains("Applied 1 fix. Found 5 problems"), "{out}");
    let fixed = read(&page);
    assert_eq!(fixed, original.replace("ground-breaking", "promising"));

    let again = stdout_of(check(&["--fix", "page.txt"]).current_dir(dir.path()));
    assert!(
        again.contains("\nApplied 0 fixes. Found 5 problems"),
        "{again}"
    );
    assert_eq!(read(&page), fixed);
    check(&["--diff", "page.txt"])
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout("");
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn unsafe_fixes_apply_replacements_and_the_disclosure() {
    let (dir, page) = temp_page(&read(&root().join(PAGE)));
    let out = stdout_of(
        check(&["--fix", "--unsafe-fixes", "page.txt"])
            .current_dir(dir.path())
            .assert()
            .code(1),
    );
    assert!(out.contains("Applied 4 fixes."), "{out}");
    let fixed = read(&page);
    assert!(fixed.contains("Our promising ketamine"));
    assert!(fixed.contains("with results that vary."));
    assert!(
        fixed.contains("A option for PTSD?"),
        "the first of several replacements"
    );
    assert!(fixed.ends_with("first.\n\nKetamine is FDA-approved as an anesthetic; its use for depression is off-label.\n"), "{fixed:?}");
    // What is left has no suggestion: the FDA claim and the vague citation.
    let report = json_of(check(&["--format", "json", "page.txt"]).current_dir(dir.path()));
    assert_eq!(rules_reported(&report), ["demo/fda", "demo/studies"]);
}

#[test]
fn fix_keeps_crlf_line_endings() {
    let crlf = read(&root().join(PAGE)).replace('\n', "\r\n");
    let (dir, page) = temp_page(&crlf);
    check(&["--fix", "--unsafe-fixes", "page.txt"])
        .current_dir(dir.path())
        .assert()
        .code(1);
    let fixed = read(&page);
    assert!(fixed.contains("off-label.\r\n"), "{fixed:?}");
    assert_eq!(
        fixed.matches('\n').count(),
        fixed.matches("\r\n").count(),
        "no bare LF: {fixed:?}"
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, page) = temp_page("A ground-breaking clinic.\n");
    fs::set_permissions(&page, fs::Permissions::from_mode(0o640)).unwrap();
    check(&["--fix", "page.txt"])
        .current_dir(dir.path())
        .assert()
        .success();
    assert_eq!(read(&page), "A promising clinic.\n");
    assert_eq!(
        fs::metadata(&page).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[cfg(unix)]
#[test]
fn fix_writes_through_a_symlink() {
    let (dir, page) = temp_page("A ground-breaking clinic.\n");
    std::os::unix::fs::symlink(&page, dir.path().join("link.txt")).unwrap();
    check(&["--fix", "link.txt"])
        .current_dir(dir.path())
        .assert()
        .success();
    assert!(fs::symlink_metadata(dir.path().join("link.txt"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(read(&page), "A promising clinic.\n");
}

#[test]
fn fix_on_stdin_prints_the_fixed_text_and_reports_on_stderr() {
    let page = "A ground-breaking clinic.\nA miracle.\n";
    check(&["--fix", "--stdin-filename", "a.txt"])
        .write_stdin(page)
        .assert()
        .code(1)
        .stdout("A promising clinic.\nA miracle.\n")
        .stderr(predicate::str::contains("a.txt:2:3"))
        .stderr(predicate::str::contains(
            "Applied 1 fix. Found 1 problem (1 warning) in 1 file (1 checked).",
        ));
    // Nothing left: the text still comes out whole, and the run passes.
    let fixed = stdout_of(
        check(&["--fix", "--unsafe-fixes", "--format", "json", "-"])
            .write_stdin(page)
            .assert()
            .success()
            .stderr(predicate::str::contains("\"fixed\": 2")),
    );
    assert_eq!(fixed, "A promising clinic.\nA option.\n");
    // Clean copy is printed as it came.
    check(&["--fix", "-q", "-"])
        .write_stdin("Results vary.\n")
        .assert()
        .success()
        .stdout("Results vary.\n")
        .stderr("");
}

#[test]
fn fix_on_stdin_must_be_the_only_input() {
    check(&["--fix", "-", PAGE])
        .write_stdin("A miracle.\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--fix on standard input writes the fixed text to standard output, so `-` must be the only input",
        ));
}

#[test]
fn diff_works_on_stdin() {
    let out = stdout_of(
        check(&["--diff", "--stdin-filename", "a.txt", "-"])
            .write_stdin("A ground-breaking clinic.\n")
            .assert()
            .code(1),
    );
    assert_eq!(
        out,
        "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-A ground-breaking clinic.\n+A promising clinic.\n"
    );
}

// ---------------------------------------------------------------- approved exceptions

const GUARANTEE_REASON: &str = "Quoted from a signed patient letter; legal review 2024-05";

#[test]
fn a_suppressed_finding_is_listed_in_json_with_its_reason_but_not_counted() {
    let report = json_of(check(&["--format", "json", APPROVED]).assert().code(1));
    let diagnostics = report["files"][0]["diagnostics"].as_array().unwrap();
    let suppressed: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["suppressed"] == true)
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["rule"], "demo/guarantee");
    assert_eq!(suppressed[0]["suppression"]["reason"], GUARANTEE_REASON);
    assert_eq!(suppressed[0]["suppression"]["kind"], "next-line");
    assert!(diagnostics
        .iter()
        .filter(|d| d["suppressed"] == false)
        .all(|d| d["suppression"].is_null()));
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(report["summary"]["diagnostics"], diagnostics.len() - 1);
}

#[test]
fn only_suppressed_findings_pass_the_run() {
    let page = "<!-- claimlint-disable-next-line demo/guarantee -- Approved by legal -->\nGuaranteed results.\n";
    let out = stdout_of(
        check(&["--stdin-filename", "offer.md"])
            .write_stdin(page)
            .assert()
            .success(),
    );
    assert_eq!(
        out,
        "No problems found in 1 file. 1 suppressed by approved exceptions.\n"
    );
    check(&["--format", "github", "--stdin-filename", "offer.md"])
        .write_stdin(page)
        .assert()
        .success()
        .stdout("");
}

#[test]
fn sarif_marks_a_suppressed_result_with_its_justification() {
    let log = json_of(check(&["--format", "sarif", APPROVED]).assert().code(1));
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("every result has its rule") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let guarantee = results
        .iter()
        .find(|r| r["ruleId"] == "demo/guarantee")
        .unwrap();
    let suppression = &guarantee["suppressions"][0];
    assert_eq!(suppression["kind"], "inSource");
    assert_eq!(suppression["justification"], GUARANTEE_REASON);
    assert_eq!(
        suppression["location"]["physicalLocation"]["region"]["startLine"],
        3
    );
    assert!(
        guarantee.get("fixes").is_none(),
        "no fix for an approved exception"
    );
    assert_eq!(
        results
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .count(),
        1
    );
}

#[test]
fn junit_skips_a_suppressed_finding() {
    let out = stdout_of(check(&["--format", "junit", APPROVED]).assert().code(1));
    assert!(
        out.contains(&format!(
            r#"<skipped message="suppressed: {GUARANTEE_REASON}"/>"#
        )),
        "{out}"
    );
    assert!(
        out.contains(r#"tests="5" failures="4" errors="0" skipped="1""#),
        "{out}"
    );
}

#[test]
fn fix_leaves_an_approved_exception_alone() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("approved.md");
    let original = read(&root().join(APPROVED));
    fs::write(&page, &original).unwrap();
    check(&["--fix", "--unsafe-fixes", "approved.md"])
        .current_dir(dir.path())
        .assert()
        .code(1);
    let fixed = read(&page);
    assert!(
        fixed.contains("guaranteed results, and I got them"),
        "{fixed}"
    );
    assert!(
        fixed.contains("A option of scheduling"),
        "the unsuppressed finding is fixed: {fixed}"
    );
}

#[test]
fn suppression_reports_are_selected_like_rules() {
    let reported = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        all.push(APPROVED);
        let report = json_of(&mut check(&all));
        report["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["suppressed"] == false)
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        reported(&[]),
        [
            "claimlint/suppression-without-reason",
            "demo/hype",
            "claimlint/invalid-suppression",
            "claimlint/unused-suppression"
        ]
    );
    assert!(!reported(&["--ignore", "claimlint/unused-suppression"])
        .contains(&"claimlint/unused-suppression".to_string()));
    assert_eq!(reported(&["--ignore", "suppression"]), ["demo/hype"]);
    assert_eq!(reported(&["--select", "demo/hype"]), ["demo/hype"]);
    assert_eq!(reported(&["--select", "claimlint/"]).len(), 3);
    assert_eq!(reported(&["--select", "claimlint"]).len(), 3);
    assert_eq!(
        reported(&["--ignore", "claimlint/*-suppression"]),
        ["claimlint/suppression-without-reason", "demo/hype"]
    );
    // Ignoring a rule does not make the suppressions that name it unused.
    assert_eq!(reported(&["--ignore", "demo/guarantee"]), reported(&[]));
    let report = json_of(&mut check(&[
        "--format",
        "json",
        "--ignore",
        "demo/guarantee",
        APPROVED,
    ]));
    assert_eq!(
        report["summary"]["suppressed"], 0,
        "an ignored rule is not listed at all"
    );
}

#[test]
fn sarif_describes_only_the_rules_that_ran() {
    let log = json_of(&mut check(&[
        "--format",
        "sarif",
        "--select",
        "hype,fda-status",
        PAGE,
    ]));
    let ids: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["demo/hype", "demo/fda"]);
}

// ---------------------------------------------------------------- selection

/// The distinct rules reported on the page with these selection flags.
fn selected(args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    all.push(PAGE);
    let mut rules = rules_reported(&json_of(&mut check(&all)));
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn select_by_id_pack_category_and_glob() {
    assert_eq!(selected(&["--select", "demo/hype"]), ["demo/hype"]);
    assert_eq!(selected(&["--select", "demo/g*"]), ["demo/guarantee"]);
    assert_eq!(
        selected(&["--select", "*/hype,*/fda", "--select", "*/[fh]*"]),
        ["demo/fda", "demo/hype"]
    );
    assert_eq!(selected(&["--select", "demo/"]).len(), 5);
    assert_eq!(
        selected(&["--select", "fda-status,vague-citation"]),
        ["demo/fda", "demo/studies"]
    );
    assert_eq!(
        selected(&["--select", "missing-off-label"]),
        ["demo/off-label"]
    );
    assert_eq!(selected(&["--select", "demo"]).len(), 5);
}

#[test]
fn the_start_of_an_id_is_no_selector_and_a_glob_is_suggested() {
    for flag in ["--select", "--ignore"] {
        check(&[flag, "demo/g", PAGE])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "{flag} \"demo/g\" matches no rule id, pack, category or glob of the loaded rules (did you mean \"demo/g*\"?)"
            )));
    }
    check(&["--ignore", "hpye", PAGE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("(did you mean \"hype\"?)"));
    check(&["--select", "demo/[g", PAGE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--select \"demo/[g\" is not a valid glob",
        ));
}

#[test]
fn ignore_by_id_pack_category_and_glob_wins_over_select() {
    assert_eq!(selected(&[]).len(), 5);
    assert!(!selected(&["--ignore", "demo/hype"]).contains(&"demo/hype".to_string()));
    assert_eq!(
        selected(&[
            "--ignore",
            "hype",
            "--ignore",
            "cure-guarantee,fda-status,missing-off-label"
        ]),
        ["demo/studies"]
    );
    assert_eq!(
        selected(&["--select", "hype,fda-status", "--ignore", "demo/f*"]),
        ["demo/hype"]
    );
    assert!(selected(&["--ignore", "demo/"]).is_empty());
}

// ---------------------------------------------------------------- rules, explain

#[test]
fn rules_lists_id_category_severity_and_summary() {
    let out = stdout_of(
        claimlint()
            .args(["rules", "--no-builtin", "--rules", PACK])
            .assert()
            .success(),
    );
    let lines: Vec<&str> = out.lines().collect();
    // Five pack rules, then the engine's three about suppression comments.
    assert_eq!(lines.len(), 9, "{out}");
    assert!(
        lines[8].starts_with("claimlint/invalid-suppression "),
        "{out}"
    );
    assert!(
        lines[0].starts_with("ID ")
            && lines[0].contains("CATEGORY")
            && lines[0].ends_with("SUMMARY")
    );
    let fda = lines.iter().find(|l| l.starts_with("demo/fda ")).unwrap();
    let columns: Vec<&str> = fda
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        columns,
        ["demo/fda", "fda-status", "error", "False FDA status: …"]
    );

    let only =
        stdout_of(claimlint().args(["rules", "--no-builtin", "--rules", PACK, "--select", "hype"]));
    assert_eq!(only.lines().count(), 2);
}

#[test]
fn explain_prints_rationale_references_and_examples() {
    let out = stdout_of(
        claimlint()
            .args(["explain", "demo/fda", "--no-builtin", "--rules", PACK])
            .assert()
            .success(),
    );
    for part in [
        "demo/fda: claim, error, category fda-status",
        "Why:\n  Ketamine is FDA-approved only as an anesthetic.",
        "Say instead:\n  Ketamine is FDA-approved as an anesthetic",
        "References:\n  - https://example.org/demo/fda\n  - https://example.org/demo/fda-2",
        "Flagged:\n  - Ketamine is FDA-approved for depression.",
        "Not flagged:\n  - Ketamine is not FDA-approved for depression.",
    ] {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
    let disclosure =
        stdout_of(claimlint().args(["explain", "demo/off-label", "--no-builtin", "--rules", PACK]));
    assert!(
        disclosure.contains(
            "Added by --fix --unsafe-fixes:\n  Ketamine is FDA-approved as an anesthetic"
        ),
        "{disclosure}"
    );
    assert!(
        !disclosure.contains("Say instead:"),
        "the same sentence twice: {disclosure}"
    );
}

#[test]
fn explain_an_unknown_rule_is_exit_2_with_a_hint() {
    claimlint()
        .args(["explain", "fda", "--no-builtin", "--rules", PACK])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no rule `fda`; did you mean demo/fda?",
        ));
}

// ---------------------------------------------------------------- examples

/// The README's first command shows real findings: the careless page gets
/// many, the careful one few. Counts only, so rule wording can change.
#[test]
fn the_bundled_examples_show_the_careless_page_at_its_worst() {
    let report = json_of(claimlint().args(["check", "--format", "json", "examples/"]));
    let findings = |name: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == format!("examples/{name}"))
            .unwrap_or_else(|| panic!("examples/{name} not linted"))["diagnostics"]
            .as_array()
            .unwrap()
            .len()
    };
    let (careless, careful) = (findings("clinic.md"), findings("clinic.html"));
    if !claimlint::BUILTIN_PACKS.is_empty() {
        assert!(
            careless >= 5,
            "only {careless} findings on the careless page"
        );
        assert!(
            careful < careless / 2,
            "{careful} findings on the careful page"
        );
    }
}
