//! `claimlint.toml` end to end: discovery, `--config`, `--isolated`,
//! per-path and severity overrides, disclosure wording, include/exclude,
//! invalid configs, and `claimlint init`.
//!
//! `tests/fixtures/config/site` is a small clinic site whose config keeps
//! the health-claims and ketamine packs, excludes `drafts/`, lowers
//! `health-claims/hype` to info, accepts its own off-label wording, and on
//! the blog ignores `health-claims/cure` and raises hype to error.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_claimlint");
const SITE: &str = "tests/fixtures/config/site";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `claimlint` run in `dir`.
fn claimlint_in(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir);
    cmd
}

/// `(file name, rule, severity)` of every finding of a JSON run.
fn findings(cmd: &mut Command) -> Vec<(String, String, String)> {
    let output = cmd.args(["--format", "json"]).output().expect("runs");
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut found = Vec::new();
    for file in report["files"].as_array().expect("files") {
        let name = Path::new(file["path"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for d in file["diagnostics"].as_array().unwrap() {
            found.push((
                name.clone(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            ));
        }
    }
    found
}

fn has(found: &[(String, String, String)], file: &str, rule: &str, severity: &str) -> bool {
    found
        .iter()
        .any(|(f, r, s)| f == file && r == rule && s == severity)
}

fn fires(found: &[(String, String, String)], file: &str, rule: &str) -> bool {
    found.iter().any(|(f, r, _)| f == file && r == rule)
}

#[test]
fn config_is_found_from_a_nested_folder() {
    let blog = root().join(SITE).join("blog");
    let found = findings(claimlint_in(&blog).arg("check"));
    assert!(
        has(&found, "story.md", "health-claims/hype", "error"),
        "{found:?}"
    );
    assert!(
        !fires(&found, "story.md", "health-claims/cure"),
        "{found:?}"
    );
}

#[test]
fn config_is_found_from_the_one_path_given() {
    let found = findings(claimlint_in(&root()).args(["check", SITE]));
    assert!(
        has(&found, "infusions.md", "health-claims/hype", "info"),
        "{found:?}"
    );
    assert!(
        !fires(&found, "draft.md", "health-claims/absolute-safety"),
        "{found:?}"
    );
}

#[test]
fn isolated_ignores_the_config() {
    let found = findings(claimlint_in(&root().join(SITE)).args(["check", "--isolated"]));
    assert!(
        has(&found, "infusions.md", "health-claims/hype", "warning"),
        "{found:?}"
    );
    assert!(fires(&found, "story.md", "health-claims/cure"), "{found:?}");
    assert!(
        fires(&found, "draft.md", "health-claims/absolute-safety"),
        "{found:?}"
    );
    assert!(
        fires(&found, "infusions.md", "ketamine/off-label"),
        "{found:?}"
    );
}

#[test]
fn per_path_overrides_apply_only_where_the_glob_matches() {
    let found = findings(claimlint_in(&root()).args(["check", SITE]));
    // The blog ignores cure and raises hype; the pages keep cure and lower hype.
    assert!(
        !fires(&found, "story.md", "health-claims/cure"),
        "{found:?}"
    );
    assert!(
        has(&found, "story.md", "health-claims/hype", "error"),
        "{found:?}"
    );
    assert!(
        has(&found, "infusions.md", "health-claims/cure", "error"),
        "{found:?}"
    );
    assert!(
        has(&found, "infusions.md", "health-claims/hype", "info"),
        "{found:?}"
    );
}

#[test]
fn severity_override_shows_in_rules() {
    claimlint_in(&root().join(SITE))
        .args(["rules", "--select", "health-claims/hype"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"health-claims/hype\s+\S+\s+info").unwrap());
}

#[test]
fn own_disclaimer_wording_satisfies_the_off_label_disclosure() {
    let found = findings(claimlint_in(&root()).args(["check", SITE]));
    assert!(
        !fires(&found, "infusions.md", "ketamine/off-label"),
        "{found:?}"
    );
}

#[test]
fn exclude_skips_walked_files_but_not_named_ones() {
    let found = findings(claimlint_in(&root()).args(["check", SITE]));
    assert!(!found.iter().any(|(f, _, _)| f == "draft.md"), "{found:?}");
    let named = format!("{SITE}/drafts/draft.md");
    let found = findings(claimlint_in(&root()).args(["check", &named]));
    assert!(
        fires(&found, "draft.md", "health-claims/absolute-safety"),
        "{found:?}"
    );
}

#[test]
fn explicit_config_replaces_discovery_with_its_include_select_and_fail_on() {
    let mut cmd = claimlint_in(&root());
    cmd.args([
        "check",
        "--config",
        "tests/fixtures/config/only-hype.toml",
        SITE,
    ]);
    let found = findings(&mut cmd);
    // Only pages/ is included, only hype selected, at its pack severity.
    assert_eq!(
        found,
        [(
            "infusions.md".to_string(),
            "health-claims/hype".to_string(),
            "warning".to_string()
        )]
    );
    // fail-on = "error": a warning does not fail the run.
    claimlint_in(&root())
        .args([
            "check",
            "-q",
            "--config",
            "tests/fixtures/config/only-hype.toml",
            SITE,
        ])
        .assert()
        .code(0);
}

#[test]
fn command_line_select_replaces_the_config_select() {
    let mut cmd = claimlint_in(&root());
    cmd.args([
        "check",
        "--config",
        "tests/fixtures/config/only-hype.toml",
        "--select",
        "health-claims/cure",
        SITE,
    ]);
    let found = findings(&mut cmd);
    assert!(
        fires(&found, "infusions.md", "health-claims/cure"),
        "{found:?}"
    );
    assert!(
        !fires(&found, "infusions.md", "health-claims/hype"),
        "{found:?}"
    );
}

#[test]
fn invalid_config_is_an_error_at_its_line_and_column() {
    claimlint_in(&root())
        .args([
            "check",
            "--config",
            "tests/fixtures/config/invalid/claimlint.toml",
            SITE,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "tests/fixtures/config/invalid/claimlint.toml:4:1: unknown field `ignroe`",
        ));
    claimlint_in(&root())
        .args([
            "check",
            "--config",
            "tests/fixtures/config/invalid/bad-value.toml",
            SITE,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad-value.toml:1:11: unknown variant `sometimes`",
        ));
}

#[test]
fn selector_naming_no_rule_is_an_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("claimlint.toml"), "ignore = [\"hpye\"]\n").unwrap();
    fs::write(dir.path().join("a.txt"), "Hello.\n").unwrap();
    claimlint_in(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "claimlint.toml:1:11: ignore \"hpye\" matches no rule id, pack, category or glob of the loaded rules (did you mean \"hype\"?)",
        ));
}

#[test]
fn config_selectors_are_ids_packs_categories_and_globs() {
    let dir = tempfile::tempdir().unwrap();
    let page = "It is a miracle cure. Ketamine is completely safe.\n";
    fs::create_dir(dir.path().join("blog")).unwrap();
    fs::write(dir.path().join("a.txt"), page).unwrap();
    fs::write(dir.path().join("blog/b.txt"), page).unwrap();
    let config = r#"
select = ["health-claims/*"]
ignore = ["cure-guarantee"]

[severity]
"health-claims" = "info"
"health-claims/h*" = "error"

[[per-path]]
glob = "blog/**"
select = ["health-claims/"]
ignore = ["missing-results-vary"]
severity = { "*/absolute-*" = "warning" }
"#;
    fs::write(dir.path().join("claimlint.toml"), config).unwrap();
    let mut found = findings(claimlint_in(dir.path()).arg("check"));
    found.sort();
    let expected = [
        ("a.txt", "health-claims/absolute-safety", "info"),
        ("a.txt", "health-claims/hype", "error"),
        ("a.txt", "health-claims/results-vary", "info"),
        ("b.txt", "health-claims/absolute-safety", "warning"),
        ("b.txt", "health-claims/hype", "error"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(f, r, s)| (f.to_string(), r.to_string(), s.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_config_selector_naming_nothing_is_an_error_at_its_key() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Hello.\n").unwrap();
    for (config, error) in [
        (
            "select = [\"health-claims/hyp\"]\n",
            "claimlint.toml:1:11: select \"health-claims/hyp\" matches no rule",
        ),
        (
            "[severity]\n\"ketamine/fda-approved-p\" = \"info\"\n",
            "claimlint.toml:2:1: severity \"ketamine/fda-approved-p\" matches no rule",
        ),
        (
            "[[per-path]]\nglob = \"*\"\nignore = [\"x/*\"]\n",
            "claimlint.toml:3:11: per-path[0]: ignore \"x/*\" matches no rule",
        ),
        (
            "[[per-path]]\nglob = \"*\"\nselect = [\"hyp\"]\n",
            "claimlint.toml:3:11: per-path[0]: select \"hyp\" matches no rule",
        ),
    ] {
        fs::write(dir.path().join("claimlint.toml"), config).unwrap();
        claimlint_in(dir.path())
            .arg("check")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(error));
    }
}

#[test]
fn pack_files_are_read_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir_all(site.join("pages")).unwrap();
    fs::copy(
        root().join("tests/fixtures/cli/pack.toml"),
        site.join("house.toml"),
    )
    .unwrap();
    fs::write(site.join("claimlint.toml"), "packs = [\"house.toml\"]\n").unwrap();
    fs::write(
        site.join("pages/a.txt"),
        "A ground-breaking miracle cure.\n",
    )
    .unwrap();
    for args in [
        vec!["check", "site/pages/a.txt"],
        vec!["check", "--config", "site/claimlint.toml", "site/pages"],
    ] {
        let found = findings(claimlint_in(dir.path()).args(&args));
        assert!(fires(&found, "a.txt", "demo/hype"), "{args:?}: {found:?}");
        assert!(
            found.iter().all(|(_, rule, _)| rule.starts_with("demo/")),
            "only the named pack: {found:?}"
        );
    }
}

#[test]
fn init_writes_a_working_config_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    claimlint_in(dir.path()).arg("init").assert().success();
    let written = fs::read_to_string(dir.path().join("claimlint.toml")).unwrap();
    assert!(written.contains("# [[per-path]]"));
    fs::write(dir.path().join("a.txt"), "It is a miracle cure.\n").unwrap();
    claimlint_in(dir.path()).arg("check").assert().code(1);

    fs::write(dir.path().join("claimlint.toml"), "select = [\"hype\"]\n").unwrap();
    claimlint_in(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("claimlint.toml already exists"));
    assert_eq!(
        fs::read_to_string(dir.path().join("claimlint.toml")).unwrap(),
        "select = [\"hype\"]\n"
    );
}

#[test]
fn input_format_overrides_the_file_name() {
    let page = "<script>A miracle cure.</script><p>Welcome.</p>";
    let run = |format: &str| {
        let mut cmd = claimlint_in(&root());
        cmd.args(["check", "--isolated", "--stdin-filename", "page.txt"])
            .args(["--input-format", format])
            .write_stdin(page);
        findings(&mut cmd)
    };
    assert!(fires(&run("text"), "page.txt", "health-claims/hype"));
    assert!(!fires(&run("html"), "page.txt", "health-claims/hype"));
}

#[test]
fn the_config_region_decides_the_crisis_lines_and_the_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let page = "People with suicidal thoughts deserve care. Call Samaritans on 116 123.\n";
    fs::write(dir.path().join("a.txt"), page).unwrap();
    let crisis =
        |found: &[(String, String, String)]| fires(found, "a.txt", "health-claims/crisis-resource");
    let us = findings(claimlint_in(dir.path()).args(["check", "a.txt"]));
    assert!(crisis(&us), "a UK line does not count for US readers");
    fs::write(dir.path().join("claimlint.toml"), "region = \"uk\"\n").unwrap();
    let uk = findings(claimlint_in(dir.path()).args(["check", "a.txt"]));
    assert!(!crisis(&uk), "it does for UK readers");
    let flag = findings(claimlint_in(dir.path()).args(["check", "a.txt", "--region", "us"]));
    assert!(crisis(&flag), "--region overrides the config");
    fs::write(dir.path().join("claimlint.toml"), "region = \"gb\"\n").unwrap();
    claimlint_in(dir.path())
        .args(["check", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "claimlint.toml:1:10: region: unknown region \"gb\": use one of us, ca, uk, ie, au, nz",
        ));
}

#[test]
fn a_folder_with_nothing_to_lint_fails_and_formats_map_other_extensions() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(
        dir.path().join("src/index.astro"),
        "<main><p>Our infusions cure depression.</p></main>\n",
    )
    .unwrap();
    claimlint_in(dir.path())
        .args(["check", "src"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nothing to lint: no file under src",
        ));
    fs::write(
        dir.path().join("claimlint.toml"),
        "[formats]\n\"**/*.astro\" = \"html\"\n",
    )
    .unwrap();
    let found = findings(claimlint_in(dir.path()).args(["check", "src"]));
    assert!(
        fires(&found, "index.astro", "health-claims/cure"),
        "{found:?}"
    );
}

#[test]
fn front_matter_fields_named_in_the_config_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    let page = "---\ntitle: Ketamine care\nseo:\n  description: Our infusions cure depression.\n---\n\nWelcome.\n";
    fs::write(dir.path().join("page.md"), page).unwrap();
    let cure = |found: &[(String, String, String)]| fires(found, "page.md", "health-claims/cure");
    assert!(!cure(&findings(
        claimlint_in(dir.path()).args(["check", "page.md"])
    )));
    fs::write(
        dir.path().join("claimlint.toml"),
        "front-matter = [\"seo.description\"]\n",
    )
    .unwrap();
    assert!(cure(&findings(
        claimlint_in(dir.path()).args(["check", "page.md"])
    )));
}
