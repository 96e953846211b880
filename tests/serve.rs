//! `claimlint serve` over a real socket: every endpoint, every error
//! status, each response validated against `schema/serve-v1.json`, and the
//! answers equal to what the command line prints for the same text.

#[path = "support/server.rs"]
mod server;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use server::{assert_valid, Server, BIN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A risky draft in three formats, with characters of two, three and four
/// bytes before the findings, so a span counted in chars or UTF-16 units
/// instead of bytes would be off.
const TEXT: &str = "Café “Renew” 🌿 clinic.\nOur revolutionary ketamine infusions cure depression.\nThis treatment is 100% safe. Results guaranteed!\n";
const MARKDOWN: &str = "---\ntitle: Renew — ketamine\n---\n# Café “Renew” 🌿\n\nOur *revolutionary* ketamine infusions cure depression.\n\n- This treatment is 100% safe.\n- Results guaranteed!\n";
const HTML: &str = "<!doctype html><title>Renew — ketamine</title><h1>Café “Renew” 🌿</h1>\n<p>Our <em>revolutionary</em> ketamine infusions cure depression.</p>\n<p>This treatment is 100% safe &amp; results are guaranteed!</p>\n";

/// `claimlint check --isolated ARGS -` on `input`, its stdout.
fn cli(args: &[&str], input: &str) -> Vec<u8> {
    let mut child = Command::new(BIN)
        .args(["check", "--isolated"])
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().stdout
}

/// What `check --format json` prints for `input` read as `name`.
fn check_json(name: &str, input: &str) -> Value {
    let out = cli(&["--format", "json", "--stdin-filename", name], input);
    serde_json::from_slice(&out).unwrap()
}

/// The rule of each diagnostic of an answer.
fn rules_of(answer: &Value) -> Vec<&str> {
    let diagnostics = answer["diagnostics"].as_array().unwrap();
    diagnostics
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect()
}

/// Each diagnostic's `text` is `text[start..end]`: byte offsets.
fn assert_spans_point_into(text: &str, answer: &Value) {
    for d in answer["diagnostics"].as_array().unwrap() {
        let (start, end) = (d["start"].as_u64().unwrap(), d["end"].as_u64().unwrap());
        assert_eq!(
            &text[start as usize..end as usize],
            d["text"].as_str().unwrap()
        );
    }
}

#[tokio::test]
async fn lint_answers_what_check_json_prints_with_the_same_byte_spans() {
    let server = Server::start(&[]);
    for (text, format, name) in [
        (TEXT, "text", "page.txt"),
        (MARKDOWN, "markdown", "page.md"),
        (HTML, "html", "page.html"),
    ] {
        let reply = server
            .post(
                "/v1/lint",
                &json!({"text": text, "format": format, "path": name}),
            )
            .await;
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(reply.header("content-type"), "application/json");
        let answer = reply.json();
        assert_valid("lint", &answer);
        let printed = check_json(name, text);
        assert_eq!(answer["diagnostics"], printed["files"][0]["diagnostics"]);
        assert_eq!(answer["summary"], printed["summary"]);
        assert_eq!(answer["path"], name);
        let diagnostics = answer["diagnostics"].as_array().unwrap();
        assert!(diagnostics.len() >= 4, "{format}: {diagnostics:#?}");
        assert_spans_point_into(text, &answer);
        let rules = rules_of(&answer);
        assert!(rules.contains(&"health-claims/cure"), "{format}: {rules:?}");
    }
}

#[tokio::test]
async fn lint_takes_the_format_from_the_path_and_narrows_with_select_and_ignore() {
    let server = Server::start(&[]);
    // No `format`: `.html` says HTML, so the markup is not copy.
    let answer = server
        .post("/v1/lint", &json!({"text": HTML, "path": "offer.html"}))
        .await
        .json();
    assert_eq!(
        answer["diagnostics"],
        check_json("offer.html", HTML)["files"][0]["diagnostics"]
    );
    // Neither: plain text, named "<request>".
    let answer = server.post("/v1/lint", &json!({"text": TEXT})).await.json();
    assert_eq!(answer["path"], "<request>");
    assert_eq!(
        answer["diagnostics"],
        check_json("x.txt", TEXT)["files"][0]["diagnostics"]
    );

    let only_cure = server
        .post(
            "/v1/lint",
            &json!({"text": TEXT, "select": ["health-claims/cure", "health-claims/guarantee"], "ignore": ["health-claims/guarantee"]}),
        )
        .await
        .json();
    assert_valid("lint", &only_cure);
    let rules = rules_of(&only_cure);
    assert_eq!(rules, ["health-claims/cure"]);
    assert_eq!(only_cure["summary"]["errors"], 1);
}

#[tokio::test]
async fn fix_applies_safe_fixes_by_default_as_check_fix_does() {
    let server = Server::start(&[]);
    let answer = server
        .post("/v1/fix", &json!({"text": TEXT, "format": "text"}))
        .await
        .json();
    assert_valid("fix", &answer);
    let fixed = answer["text"].as_str().unwrap();
    assert!(fixed.contains("Our new ketamine"), "{fixed}");
    assert!(
        fixed.contains("cure depression"),
        "an unsafe fix was applied: {fixed}"
    );
    // The same text and findings as `check --fix -` (fixed text on stdout).
    let printed = cli(&["--fix", "--stdin-filename", "x.txt"], TEXT);
    assert_eq!(fixed.as_bytes(), printed);
    assert_eq!(
        answer["diagnostics"],
        check_json("x.txt", fixed)["files"][0]["diagnostics"]
    );
    assert_eq!(answer["summary"]["fixed"], 1);
    // Every span points into the fixed text.
    assert_spans_point_into(fixed, &answer);
}

#[tokio::test]
async fn fix_with_unsafe_and_rules_applies_only_those_rules_suggestions() {
    let server = Server::start(&[]);
    let answer = server
        .post(
            "/v1/fix",
            &json!({"text": TEXT, "unsafe": true, "rules": ["health-claims/cure", "missing-results-vary"]}),
        )
        .await
        .json();
    assert_valid("fix", &answer);
    let fixed = answer["text"].as_str().unwrap();
    assert!(
        fixed.contains("infusions ease symptoms of depression"),
        "{fixed}"
    );
    assert!(fixed.contains("Individual results vary"), "{fixed}");
    // Not named: the safe hype fix and the unsafe safety fix stay undone.
    assert!(
        fixed.contains("revolutionary") && fixed.contains("100% safe"),
        "{fixed}"
    );
    let left = rules_of(&answer);
    assert!(!left.contains(&"health-claims/cure"), "{left:?}");
    assert!(left.contains(&"health-claims/absolute-safety"), "{left:?}");

    let everything = server
        .post("/v1/fix", &json!({"text": TEXT, "unsafe": true}))
        .await
        .json();
    let printed = cli(
        &["--fix", "--unsafe-fixes", "--stdin-filename", "x.txt"],
        TEXT,
    );
    assert_eq!(everything["text"].as_str().unwrap().as_bytes(), printed);
}

#[tokio::test]
async fn rules_lists_what_claimlint_rules_lists_and_explains_each() {
    let server = Server::start(&[]);
    let rules = server.get("/v1/rules").await.json();
    assert_valid("rules", &rules);
    let listed = Command::new(BIN)
        .args(["rules", "--isolated"])
        .output()
        .unwrap()
        .stdout;
    let listed = String::from_utf8(listed).unwrap();
    let ids: Vec<&str> = listed
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let served: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(served, ids);

    // With a `/` in the id, as a path or escaped.
    for path in [
        "/v1/rules/health-claims/cure",
        "/v1/rules/health-claims%2Fcure",
    ] {
        let reply = server.get(path).await;
        assert_eq!(reply.status, 200, "{path}");
        let rule = reply.json();
        assert_valid("explanation", &rule);
        assert_eq!(rule["id"], "health-claims/cure");
        assert_eq!(rule["kind"], "claim");
        let explained = Command::new(BIN)
            .args(["explain", "--isolated", "health-claims/cure"])
            .output()
            .unwrap()
            .stdout;
        let explained = String::from_utf8(explained).unwrap();
        let first_line = rule["rationale"].as_str().unwrap().lines().next().unwrap();
        assert!(explained.contains(first_line.trim()), "{explained}");
        assert!(!rule["flagged"].as_array().unwrap().is_empty());
    }
    let disclosure = server.get("/v1/rules/ketamine/off-label").await.json();
    assert_valid("explanation", &disclosure);
    assert_eq!(disclosure["kind"], "disclosure");
    assert!(disclosure["disclosure"].is_string());
    let engine = server
        .get("/v1/rules/claimlint/unused-suppression")
        .await
        .json();
    assert_valid("explanation", &engine);
    assert_eq!(engine["kind"], "engine");
}

#[tokio::test]
async fn health_says_the_rules_are_compiled() {
    let server = Server::start(&[]);
    let reply = server.get("/healthz").await;
    assert_eq!(reply.status, 200);
    let health = reply.json();
    assert_valid("health", &health);
    assert!(health["rules"].as_u64().unwrap() > 100, "{health}");
}

/// The status and the error's message, the body checked against the schema.
async fn error_of(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: impl Into<hyper::body::Bytes>,
) -> (u16, String) {
    let reply = server.send(method, path, headers, body).await;
    let error = reply.json();
    assert_valid("error", &error);
    assert_eq!(error["status"], reply.status);
    assert_eq!(reply.header("content-type"), "application/json");
    (reply.status, error["message"].as_str().unwrap().to_string())
}

const JSON: &[(&str, &str)] = &[("content-type", "application/json")];

/// A request (method, path, headers, body), the status it must get, and
/// words its error message must hold.
type Case<'a> = (
    &'a str,
    &'a str,
    &'a [(&'a str, &'a str)],
    Vec<u8>,
    u16,
    &'a str,
);

#[tokio::test]
async fn every_bad_request_gets_a_json_error_with_its_status() {
    let server = Server::start(&[]);
    let s = &server;
    let cases: Vec<Case> = vec![
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{\"text\": ".to_vec(),
            400,
            "not valid JSON",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{\"text\": \"x\" \"format\"}".to_vec(),
            400,
            "not valid JSON",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{\"text\": \"caf\xe9\"}".to_vec(),
            400,
            "not UTF-8 (invalid byte at offset 13)",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{\"text\": \"\\ud800\"}".to_vec(),
            400,
            "not valid JSON",
        ),
        (
            "POST",
            "/v1/lint",
            &[],
            b"{\"text\": \"x\"}".to_vec(),
            415,
            "Content-Type: application/json",
        ),
        (
            "POST",
            "/v1/fix",
            &[("content-type", "text/plain")],
            b"{\"text\": \"x\"}".to_vec(),
            415,
            "Content-Type: application/json",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{\"text\": 5}".to_vec(),
            422,
            "invalid type: integer `5`, expected a string",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{}".to_vec(),
            422,
            "missing field `text`",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"\"text\"".to_vec(),
            422,
            "expected struct",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{\"text\": \"x\", \"formt\": \"html\"}".to_vec(),
            422,
            "unknown field `formt`",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{\"text\": \"x\", \"format\": \"docx\"}".to_vec(),
            422,
            "format: \"docx\" is not a format",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{\"text\": \"x\", \"select\": [\"health-claims/cures\"]}".to_vec(),
            422,
            "select: \"health-claims/cures\" matches no rule",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{\"text\": \"x\", \"ignore\": \"hype\"}".to_vec(),
            422,
            "expected a sequence",
        ),
        (
            "POST",
            "/v1/lint",
            JSON,
            b"{\"text\": \"x\", \"unsafe\": true}".to_vec(),
            422,
            "send them to POST /v1/fix",
        ),
        (
            "POST",
            "/v1/fix",
            JSON,
            b"{\"text\": \"x\", \"rules\": [\"nope\"]}".to_vec(),
            422,
            "rules: \"nope\" matches no rule",
        ),
        (
            "POST",
            "/v1/fix",
            JSON,
            b"{\"text\": \"x\", \"unsafe\": \"yes\"}".to_vec(),
            422,
            "expected a boolean",
        ),
        (
            "GET",
            "/v1/rules/health-claims/cures",
            &[],
            Vec::new(),
            404,
            "no rule `health-claims/cures`; did you mean",
        ),
        (
            "GET",
            "/v1/rules/zzz",
            &[],
            Vec::new(),
            404,
            "GET /v1/rules lists them",
        ),
        (
            "GET",
            "/v2/lint",
            &[],
            Vec::new(),
            404,
            "no such endpoint: /v2/lint",
        ),
        (
            "GET",
            "/v1/lint",
            &[],
            Vec::new(),
            405,
            "/v1/lint does not take GET",
        ),
        (
            "DELETE",
            "/v1/rules",
            &[],
            Vec::new(),
            405,
            "/v1/rules does not take DELETE",
        ),
    ];
    for (method, path, headers, body, status, message) in cases {
        let shown = String::from_utf8_lossy(&body).into_owned();
        let (got, said) = error_of(s, method, path, headers, body).await;
        assert_eq!(got, status, "{method} {path} {shown}: {said}");
        assert!(
            said.contains(message),
            "{method} {path} {shown}: {said:?} lacks {message:?}"
        );
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_the_connection_gets_its_answer() {
    let server = Server::start(&[]);
    // Over the default 5 MiB, with Content-Length: refused before reading.
    let big = format!("{{\"text\": \"{}\"}}", "a".repeat(5 * 1024 * 1024 + 1));
    let (status, message) = error_of(&server, "POST", "/v1/lint", JSON, big.clone()).await;
    assert_eq!(status, 413, "{message}");
    assert!(
        message.contains("over the limit of 5242880 bytes"),
        "{message}"
    );
    // Just under: linted.
    let under = format!("{{\"text\": \"{}\"}}", "a ".repeat(2 * 1024 * 1024));
    let reply = server.send("POST", "/v1/lint", JSON, under).await;
    assert_eq!(reply.status, 200);

    // A smaller limit, and a body sent in chunks with no Content-Length:
    // counted as it arrives.
    let small = Server::start(&["--max-body", "1000"]);
    let body = format!("{{\"text\": \"{}\"}}", "b".repeat(5000));
    let mut stream = tokio::net::TcpStream::connect(small.addr).await.unwrap();
    let head = "POST /v1/lint HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.as_bytes().chunks(700) {
        let framed = format!("{:x}\r\n", chunk.len());
        stream.write_all(framed.as_bytes()).await.unwrap();
        stream.write_all(chunk).await.unwrap();
        stream.write_all(b"\r\n").await.unwrap();
    }
    stream.write_all(b"0\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("over the limit of 1000 bytes"), "{answer}");
}

#[tokio::test]
async fn with_a_token_every_api_request_needs_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("token"), "s3cret-Token_42\n").unwrap();
    let server = Server::start_in(dir.path(), &["--token-file", "token"]);
    let body = serde_json::to_vec(&json!({"text": TEXT})).unwrap();
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Bearer s3cret-Token_4"),
        Some("s3cret-Token_42"),
        Some("Basic s3cret-Token_42"),
    ] {
        let mut headers = vec![("content-type", "application/json")];
        headers.extend(auth.map(|a| ("authorization", a)));
        let reply = server
            .send("POST", "/v1/lint", &headers, body.clone())
            .await;
        assert_eq!(reply.status, 401, "{auth:?}");
        assert_eq!(reply.header("www-authenticate"), "Bearer");
        assert_valid("error", &reply.json());
        let reply = server
            .send("GET", "/v1/rules", &headers[1..], Vec::new())
            .await;
        assert_eq!(reply.status, 401, "{auth:?}");
    }
    let headers = [
        ("content-type", "application/json"),
        ("authorization", "Bearer s3cret-Token_42"),
    ];
    let reply = server.send("POST", "/v1/lint", &headers, body).await;
    assert_eq!(reply.status, 200);
    // Health checks and the page need no token.
    assert_eq!(server.get("/healthz").await.status, 200);
    assert_eq!(server.get("/").await.status, 200);
}

#[test]
fn a_non_loopback_address_without_a_token_refuses_to_start() {
    let out = Command::new(BIN)
        .args(["serve", "--isolated", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("0.0.0.0:0 is not a loopback address"),
        "{stderr}"
    );
    assert!(stderr.contains("--token-file"), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty"), "\n").unwrap();
    let out = Command::new(BIN)
        .args(["serve", "--isolated", "--token-file", "empty"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the token file is empty"));
}

#[tokio::test]
async fn a_client_that_stalls_gets_408_when_the_timeout_runs_out() {
    let server = Server::start(&["--timeout", "1"]);
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    // Says 100 bytes, sends 10, then waits.
    let head = "POST /v1/lint HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"text\": \"";
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("an answer within 10 s")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("longer than 1 s"), "{answer}");
}

#[tokio::test]
async fn with_one_permit_concurrent_requests_wait_their_turn() {
    let server = Server::start(&["--max-concurrent", "1"]);
    let body = json!({"text": TEXT.repeat(200)});
    let replies = lint_at_once(&server, &body, 8).await;
    assert!(replies.iter().all(|&s| s == 200), "{replies:?}");
}

async fn lint_at_once(server: &Server, body: &Value, n: usize) -> Vec<u16> {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..n {
        let addr = server.addr;
        let body = serde_json::to_vec(body).unwrap();
        set.spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            let head = format!(
                "POST /v1/lint HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).await.unwrap();
            stream.write_all(&body).await.unwrap();
            let mut answer = Vec::new();
            stream.read_to_end(&mut answer).await.unwrap();
            let status = String::from_utf8_lossy(&answer[9..12]).into_owned();
            status.parse::<u16>().unwrap()
        });
    }
    set.join_all().await
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_finishes_the_request_in_progress_then_exits() {
    let server = Server::start(&[]);
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let body = serde_json::to_vec(&json!({"text": TEXT})).unwrap();
    let head = format!(
        "POST /v1/lint HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let killed = Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // The server waits for this request's body, and answers it.
    let stopping = server.log.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(stopping.contains("stopping"), "{stopping}");
    stream.write_all(&body[5..]).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("health-claims/cure"), "{answer}");
    // And new connections are refused.
    let log = server.log.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(log.contains("stopped"), "{log}");
    let addr = server.addr;
    assert!(server.wait().success());
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn the_page_and_its_files_are_served_from_the_binary_with_a_strict_policy() {
    let server = Server::start(&[]);
    let page = server.get("/").await;
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").starts_with("text/html"));
    let policy = page.header("content-security-policy");
    assert!(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'"));
    let html = String::from_utf8(page.body.clone()).unwrap();
    for (path, kind) in [
        ("/review.js", "text/javascript"),
        ("/review.css", "text/css"),
    ] {
        assert!(
            html.contains(&format!("\"{path}\"")),
            "the page loads {path}"
        );
        let reply = server.get(path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert!(reply.header("content-type").starts_with(kind), "{path}");
        let text = String::from_utf8(reply.body).unwrap();
        assert!(!text.contains("://"), "{path} loads nothing from elsewhere");
    }
    assert!(
        !html.contains("://"),
        "the page loads nothing from elsewhere"
    );
}
