//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it: every
//! rule that ran in `tool.driver.rules` (with help and `helpUri`), every
//! finding as a result with a region, and its first suggestion as a `fix`.

use std::io::{self, Write};
use std::path::Path;

use claimlint::{Applicability, Diagnostic, LineIndex, Position, Rule, Severity, Suppression};
use serde_json::{json, Value};

use super::{help, Context};
use crate::check::FileReport;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://crates.io/crates/claimlint";
/// Relative paths are relative to where claimlint ran: the repository root
/// in CI, which is what GitHub resolves `%SRCROOT%` against.
const SRCROOT: &str = "%SRCROOT%";

pub fn write(out: &mut dyn Write, cx: &Context<'_>) -> io::Result<()> {
    let ran: Vec<&Rule> = cx
        .linter
        .rules()
        .iter()
        .filter(|r| cx.selection.keeps(r.id(), r.category()))
        .collect();
    let mut descriptors: Vec<Value> = ran.iter().map(|r| descriptor(r)).collect();
    let mut ids: Vec<&str> = ran.iter().map(|r| r.id()).collect();
    // The engine's rules about suppression comments, when they reported.
    for (id, summary) in Suppression::RULES {
        if cx
            .reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| d.rule == id)
        {
            descriptors.push(engine_descriptor(id, summary));
            ids.push(id);
        }
    }
    let results: Vec<Value> = cx
        .reports
        .iter()
        .flat_map(|report| {
            let lines = LineIndex::new(&report.text);
            report
                .diagnostics
                .iter()
                .map(|d| result(report, &lines, d, &ids))
                .collect::<Vec<_>>()
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "claimlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn descriptor(rule: &Rule) -> Value {
    let mut help_text = format!("{}\n", rule.rationale().trim());
    let mut help_md = help_text.clone();
    if let Some(rewrite) = rule.rewrite() {
        help_text.push_str(&format!("\nSay instead: {rewrite}\n"));
        help_md.push_str(&format!("\n**Say instead:** {rewrite}\n"));
    }
    if !rule.references().is_empty() {
        help_text.push_str("\nReferences:\n");
        help_md.push_str("\n**References:**\n\n");
        for url in rule.references() {
            help_text.push_str(&format!("- {url}\n"));
            help_md.push_str(&format!("- <{url}>\n"));
        }
    }
    let mut d = json!({
        "id": rule.id(),
        "name": friendly_name(rule.id()),
        "shortDescription": { "text": sentence(&rule.summary()) },
        "fullDescription": { "text": sentence(rule.rationale().trim()) },
        "help": { "text": help_text, "markdown": help_md },
        "defaultConfiguration": { "level": level(rule.severity()) },
        "properties": { "category": rule.category(), "tags": [rule.category()] },
    });
    // The references are the rule's documentation; the first one is the
    // page a reader of the alert most needs.
    if let Some(url) = rule.references().first() {
        d["helpUri"] = json!(url);
    }
    d
}

/// SARIF's "friendly name": the rule's name after the pack, in PascalCase
/// (`ketamine/fda-approved` is `FdaApproved`).
fn friendly_name(id: &str) -> String {
    let name = id.rsplit('/').next().unwrap_or(id);
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn engine_descriptor(id: &str, summary: &str) -> Value {
    let help = "A suppression comment (claimlint-disable, claimlint-disable-next-line) \
                records an approved exception with its reason. claimlint checks each one, \
                so that every exception is readable, justified and still needed.";
    json!({
        "id": id,
        "name": friendly_name(id),
        "shortDescription": { "text": sentence(summary) },
        "fullDescription": { "text": help },
        "help": { "text": help },
        "defaultConfiguration": { "level": level(Severity::Warning) },
        "properties": { "category": Suppression::CATEGORY, "tags": [Suppression::CATEGORY] },
    })
}

fn result(report: &FileReport, lines: &LineIndex, d: &Diagnostic, rules: &[&str]) -> Value {
    let location = artifact(&report.path);
    let mut message = d.message.clone();
    for line in help(d) {
        message.push_str(&format!("\nHelp: {line}"));
    }
    let mut r = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location,
                "region": region(d.start, d.end, Some(&d.text)),
            }
        }],
        "properties": { "category": d.category },
    });
    if let Some(index) = rules.iter().position(|id| *id == d.rule) {
        r["ruleIndex"] = json!(index);
    }
    // An approved exception: code scanning shows the alert as dismissed,
    // with the reviewer's reason, so the audit trail stays in the report.
    if let Some(s) = &d.suppression {
        let end = lines.position(&report.text, s.span.end);
        r["suppressions"] = json!([{
            "kind": "inSource",
            "justification": s.reason,
            "location": {
                "physicalLocation": {
                    "artifactLocation": artifact(&report.path),
                    "region": region(s.start, end, None),
                }
            },
        }]);
    }
    // A display-only suggestion holds a placeholder: not a fix to apply.
    let fix = (d.suggestions.first()).filter(|s| s.applicability != Applicability::DisplayOnly);
    if let Some(s) = fix.filter(|_| !d.is_suppressed()) {
        let start = lines.position(&report.text, s.span.start);
        let end = lines.position(&report.text, s.span.end);
        r["fixes"] = json!([{
            "description": { "text": help(d).first().cloned().unwrap_or_default() },
            "artifactChanges": [{
                "artifactLocation": artifact(&report.path),
                "replacements": [{
                    "deletedRegion": region(start, end, None),
                    "insertedContent": { "text": s.replacement },
                }],
            }],
        }]);
    }
    r
}

fn region(start: Position, end: Position, snippet: Option<&str>) -> Value {
    let mut region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    });
    if let Some(text) = snippet {
        region["snippet"] = json!({ "text": text });
    }
    region
}

fn artifact(path: &Path) -> Value {
    let shown = path.display().to_string().replace('\\', "/");
    if path.is_absolute() {
        json!({ "uri": format!("file://{}", encode(&shown)) })
    } else {
        let relative = shown.strip_prefix("./").unwrap_or(&shown);
        json!({ "uri": encode(relative), "uriBaseId": SRCROOT })
    }
}

/// Percent-encode what a URI path may not hold as is (RFC 3986).
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF asks that descriptions end with a period.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded_and_relative_to_the_root() {
        assert_eq!(encode("a b/ü.md"), "a%20b/%C3%BC.md");
        assert_eq!(artifact(Path::new("./x/y.md"))["uri"], "x/y.md");
        assert_eq!(artifact(Path::new("/tmp/y.md"))["uri"], "file:///tmp/y.md");
    }

    #[test]
    fn friendly_names_are_pascal_case() {
        assert_eq!(friendly_name("ketamine/fda-approved"), "FdaApproved");
        assert_eq!(friendly_name("t/off_label2"), "OffLabel2");
    }
}
