//! What the README and `docs/` show a user is true: every TOML snippet
//! loads (a rule pack compiles and its examples hold; a config is one the
//! library reads for the built-in packs), every shell command runs (or is a
//! step `.ci/run` runs), every YAML recipe parses and its `claimlint`
//! commands run, every suppression comment suppresses what it names, and
//! the JSON example has the shape the CLI prints; `claimlint serve` starts
//! as shown, and the `curl` and Node examples get their answers from it.
//! (The Rust examples are doc-tests: see `src/lib.rs`.)

#[path = "support/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

use claimlint::{Config, Format, Linter, RuleSet};

const BIN: &str = env!("CARGO_BIN_EXE_claimlint");
const DOCS: [(&str, &str); 3] = [
    ("README.md", include_str!("../README.md")),
    (
        "docs/architecture.md",
        include_str!("../docs/architecture.md"),
    ),
    (
        "docs/performance.md",
        include_str!("../docs/performance.md"),
    ),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fenced code blocks of `doc` whose info string starts with `lang`.
fn blocks<'a>(doc: &'a str, lang: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        let info_end = after.find('\n').unwrap_or(after.len());
        let info = after[..info_end].trim();
        let body = &after[(info_end + 1).min(after.len())..];
        let close = body.find("\n```").map_or(body.len(), |c| c + 1);
        if info.split([',', ' ']).next() == Some(lang) {
            out.push(&body[..close]);
        }
        rest = body.get(close + 3..).unwrap_or("");
    }
    out
}

fn every(lang: &str) -> Vec<(&'static str, &'static str)> {
    DOCS.iter()
        .flat_map(|&(name, doc)| blocks(doc, lang).into_iter().map(move |b| (name, b)))
        .collect()
}

#[test]
fn every_toml_snippet_loads() {
    let snippets = every("toml");
    assert!(
        snippets.len() >= 3,
        "README has a pack, a config and a dependency"
    );
    for (doc, toml) in snippets {
        if toml.contains("[pack]") {
            let set = RuleSet::from_toml(doc, toml).unwrap_or_else(|e| panic!("{e}"));
            Linter::new(&set).unwrap_or_else(|e| panic!("{doc}: {e}"));
        } else if toml.contains("[dependencies]") {
            let manifest: toml::Table = toml::from_str(toml).unwrap_or_else(|e| panic!("{e}"));
            let dep = &manifest["dependencies"]["claimlint"];
            assert_eq!(dep["default-features"].as_bool(), Some(false), "{doc}");
        } else {
            let config = Config::from_toml(doc, toml).unwrap_or_else(|e| panic!("{e}"));
            let mut rules = config.builtin_rules().unwrap();
            config
                .configure(&mut rules)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn the_readme_pack_reports_what_it_says_and_its_rewrite_applies() {
    let readme = DOCS[0].1;
    let pack = (blocks(readme, "toml").into_iter())
        .find(|b| b.contains("[pack]"))
        .expect("a pack");
    let linter = Linter::new(&RuleSet::from_toml("README.md", pack).unwrap()).unwrap();
    let text = "Ketamine is FDA-approved for depression.";
    let found = linter.check(text);
    let rules: Vec<_> = found.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, ["house/fda-approved"]);
    let fixed = claimlint::apply_fixes(text, &found, claimlint::Applicability::Unsafe);
    assert_eq!(fixed.text, "Ketamine is used off-label for depression.");
}

#[test]
fn the_readme_config_means_what_its_comments_say() {
    let readme = DOCS[0].1;
    let config = (blocks(readme, "toml").into_iter())
        .find(|b| b.contains("fail-on"))
        .expect("a config");
    let config = Config::from_toml("README.md", config).unwrap();
    assert_eq!(
        config.pack_files().collect::<Vec<_>>(),
        ["house-rules.toml"]
    );
    let mut rules = config.builtin_rules().unwrap();
    config.configure(&mut rules).unwrap();
    let severity = |id: &str| rules.rule(id).map(|r| r.severity());
    assert_eq!(
        severity("health-claims/hype"),
        Some(claimlint::Severity::Info)
    );
    assert_eq!(
        severity("ketamine/unproven-use"),
        Some(claimlint::Severity::Error)
    );
    assert_eq!(
        config.format_for(Path::new("src/content/post.mdoc")),
        Some(Format::Markdown)
    );
}

/// A scratch site: the bundled examples, as `examples/` and as `site/`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["examples", "site"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        for entry in std::fs::read_dir(root().join("examples")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(
                &path,
                dir.path().join(folder).join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    dir
}

/// Run a `claimlint` command line as written in a doc (placeholders
/// filled in) in `dir`; it must not be a usage error.
fn run_claimlint(dir: &Path, line: &str) {
    let words: Vec<String> = line
        .split_whitespace()
        .skip(1)
        .map(|w| match w {
            "[PATH" => "examples/".to_string(),
            "...]" => String::new(),
            "RULE" => "health-claims/cure".to_string(),
            w => w.to_string(),
        })
        .filter(|w| !w.is_empty())
        .collect();
    let out = Command::new(BIN)
        .args(&words)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "`{line}` exited {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_shell_command_runs_or_is_run_by_ci() {
    let ci = include_str!("../.ci/run");
    let site = site();
    for (doc, block) in every("sh") {
        for line in block.lines() {
            let command = line.split('#').next().unwrap().trim();
            if command.is_empty() {
                continue;
            }
            if let Some(args) = command.strip_prefix("claimlint serve") {
                serve_starts(site.path(), args);
            } else if command.starts_with("claimlint ") {
                run_claimlint(site.path(), command);
            } else if command.starts_with("curl ") {
                curl_answers(site.path(), command);
            } else if let Some(args) = command.strip_prefix("cargo run --release -- ") {
                run_claimlint(site.path(), &format!("claimlint {args}"));
            } else if command.starts_with("cargo ") || command.starts_with("bash .ci/") {
                let step = command.trim_start_matches("bash ");
                assert!(
                    ci.contains(step) || command == "bash .ci/run",
                    "{doc}: `{command}` is neither run here nor by .ci/run"
                );
            } else {
                panic!("{doc}: `{command}`: no test runs this command");
            }
        }
    }
}

#[test]
fn every_yaml_recipe_parses_and_its_claimlint_steps_run() {
    let recipes = every("yaml");
    assert!(!recipes.is_empty());
    let site = site();
    for (doc, yaml) in recipes {
        for event in saphyr_parser::Parser::new_from_str(yaml) {
            event.unwrap_or_else(|e| panic!("{doc}: YAML does not parse: {e}\n{yaml}"));
        }
        for line in yaml.lines() {
            let Some(run) = line.trim().strip_prefix("- run: ") else {
                continue;
            };
            let command = run.split(" > ").next().unwrap();
            if command.starts_with("claimlint ") {
                run_claimlint(site.path(), command);
            }
        }
    }
    // The GitHub workflow keeps its SARIF even when findings fail the job.
    let readme = DOCS[0].1;
    let workflow = (blocks(readme, "yaml").into_iter())
        .find(|b| b.contains("upload-sarif"))
        .expect("a workflow");
    let sarif_step = workflow.find("--format sarif").unwrap();
    let upload = workflow.find("upload-sarif").unwrap();
    let failing = workflow.find("--format github").unwrap();
    assert!(sarif_step < upload && upload < failing);
    assert!(workflow[sarif_step..upload].contains("continue-on-error: true"));
    assert!(workflow[upload..failing].contains("if: always()"));
}

#[test]
fn every_suppression_comment_suppresses_what_it_names() {
    let linter = Linter::new(&RuleSet::builtin().unwrap()).unwrap();
    let mut seen = 0;
    for (doc, html) in every("html") {
        if !html.contains("claimlint-") {
            continue;
        }
        let found = linter.check_document(html, Format::Html);
        let engine: Vec<_> = found
            .iter()
            .filter(|d| d.rule.starts_with("claimlint/"))
            .collect();
        assert!(engine.is_empty(), "{doc}: {engine:#?}");
        let suppressed = found.iter().filter(|d| d.is_suppressed()).count();
        let directives = html.matches("claimlint-disable").count();
        assert!(suppressed >= directives, "{doc}: {found:#?}");
        seen += directives;
    }
    assert!(seen >= 2, "the README shows both forms of suppression");
}

#[test]
fn the_json_example_has_the_shape_the_cli_prints() {
    let readme = DOCS[0].1;
    let example: serde_json::Value =
        serde_json::from_str(blocks(readme, "json")[0]).expect("the README's JSON parses");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("offer.txt");
    std::fs::write(&page, "Our therapy cures depression for good.\n").unwrap();
    let out = Command::new(BIN)
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "health-claims/cure",
        ])
        .arg(&page)
        .output()
        .unwrap();
    let real: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = |d: &serde_json::Value| {
        let mut k: Vec<String> = d.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let shown = &example["files"][0]["diagnostics"][0];
    let printed = &real["files"][0]["diagnostics"][0];
    assert_eq!(keys(shown), keys(printed));
    assert_eq!(shown["rule"], printed["rule"]);
    assert_eq!(shown["text"], printed["text"]);
    assert_eq!(
        shown["suggestions"][0]["replacement"],
        printed["suggestions"][0]["replacement"]
    );
    assert_eq!(example["version"], real["version"]);
}

/// Where the README's server examples send their requests.
const README_ADDR: &str = "127.0.0.1:7878";

/// `claimlint serve ARGS`, as written but on a free port, starts and
/// answers `/healthz`.
fn serve_starts(dir: &Path, args: &str) {
    let mut words: Vec<&str> = args.split_whitespace().collect();
    if let Some(at) = words.iter().position(|w| *w == "--addr") {
        assert_eq!(words.get(at + 1), Some(&README_ADDR));
        words.drain(at..at + 2);
    }
    let server = server::Server::start_in(dir, &words);
    let out = Command::new("curl")
        .args(["-s", &format!("http://{}/healthz", server.addr)])
        .output()
        .unwrap();
    let health: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(health["status"], "ok");
}

/// A `curl` command of the README, sent to a server on a free port: its
/// answer fits the schema; for the lint example, it is the finding of the
/// JSON example above.
fn curl_answers(dir: &Path, command: &str) {
    let server = server::Server::start_in(dir, &[]);
    let command = command.replace(README_ADDR, &server.addr.to_string());
    let out = Command::new("sh").args(["-c", &command]).output().unwrap();
    assert!(out.status.success(), "`{command}`");
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("`{command}`: {e}: {}", String::from_utf8_lossy(&out.stdout)));
    server::assert_valid("lint", &answer);
    let shown: serde_json::Value = serde_json::from_str(blocks(DOCS[0].1, "json")[0]).unwrap();
    let shown = &shown["files"][0]["diagnostics"][0];
    let got = &answer["diagnostics"][0];
    for key in ["rule", "text", "start", "end", "message"] {
        assert_eq!(shown[key], got[key], "{key}");
    }
    assert_eq!(answer["path"], "<request>");
}

#[test]
fn the_node_example_gets_a_report_from_the_server() {
    let readme = DOCS[0].1;
    let js = blocks(readme, "js")
        .into_iter()
        .next()
        .expect("a Node example");
    let server = server::Server::start(&[]);
    let script = js.replace(README_ADDR, &server.addr.to_string())
        + "\nclaimlint('Our infusions cure depression.', 'text').then((r) => console.log(JSON.stringify(r)));\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hook.mjs");
    std::fs::write(&file, script).unwrap();
    let out = Command::new("node").arg(&file).output().expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    server::assert_valid("lint", &report);
    assert!(
        report["summary"]["errors"].as_u64().unwrap() >= 1,
        "{report}"
    );
}
