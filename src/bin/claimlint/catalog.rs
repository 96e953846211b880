//! `claimlint rules` and `claimlint explain`: what the loaded rules are,
//! and why each exists.

use std::io::{self, Write};

use anyhow::{bail, Result};
use claimlint::{Rule, RuleKind, Severity, Suppression};

use crate::args::{ExplainArgs, RulesArgs};
use crate::{config, packs};

/// One rule a line: id, category, severity and summary in aligned columns,
/// the packs' rules first, then the engine's own about suppressions.
pub fn list(args: &RulesArgs) -> Result<()> {
    let mut project = config::find(&args.project, None)?;
    let mut set = packs::load(&args.packs, &project)?;
    packs::select(&set, &args.selection, &mut project)?;
    let selection = project.config.selection();
    set.retain(|rule| selection.keeps(rule.id(), rule.category()));
    let mut rows: Vec<[String; 4]> = set
        .rules()
        .map(|r| {
            [
                r.id().to_string(),
                r.category().to_string(),
                r.severity().to_string(),
                r.summary(),
            ]
        })
        .collect();
    if rows.is_empty() {
        eprintln!("No pack rules loaded: add a pack with --rules FILE.");
    }
    rows.extend(
        Suppression::RULES
            .iter()
            .filter(|(id, _)| selection.keeps(id, Suppression::CATEGORY))
            .map(|(id, summary)| {
                [
                    id.to_string(),
                    Suppression::CATEGORY.to_string(),
                    Severity::Warning.to_string(),
                    summary.to_string(),
                ]
            }),
    );
    let width = |i: usize, header: &str| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(0)
            .max(header.len())
    };
    let (id_width, cat_width) = (width(0, "ID"), width(1, "CATEGORY"));
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{:id_width$}  {:cat_width$}  {:8}  SUMMARY",
        "ID", "CATEGORY", "SEVERITY"
    )?;
    for [id, category, severity, summary] in &rows {
        writeln!(
            out,
            "{id:id_width$}  {category:cat_width$}  {severity:8}  {summary}"
        )?;
    }
    out.flush()?;
    Ok(())
}

/// The rule's message, rationale, rewrite, references and examples.
pub fn explain(args: &ExplainArgs) -> Result<()> {
    let project = config::find(&args.project, None)?;
    let set = packs::load(&args.packs, &project)?;
    if let Some((id, summary)) = Suppression::RULES.iter().find(|(id, _)| *id == args.rule) {
        let mut out = io::stdout().lock();
        writeln!(
            out,
            "{id}: reported by the engine, warning, category {}\n\n{summary}.\n\n\
             Suppression comments are approved exceptions; claimlint checks them\n\
             so that every exception is readable, justified and still needed.",
            Suppression::CATEGORY
        )?;
        out.flush()?;
        return Ok(());
    }
    let Some(rule) = set.rule(&args.rule) else {
        let near: Vec<&str> = set
            .rules()
            .map(Rule::id)
            .filter(|id| {
                id.contains(args.rule.as_str())
                    || args.rule.contains(id.rsplit('/').next().unwrap_or(id))
            })
            .collect();
        if near.is_empty() {
            bail!("no rule `{}`; `claimlint rules` lists them", args.rule);
        }
        bail!("no rule `{}`; did you mean {}?", args.rule, near.join(", "));
    };
    let mut out = io::stdout().lock();
    write!(out, "{}", render(rule))?;
    out.flush()?;
    Ok(())
}

fn render(rule: &Rule) -> String {
    let kind = match rule.kind() {
        RuleKind::Claim => "claim",
        RuleKind::Disclosure => "required disclosure",
    };
    let mut s = format!(
        "{}: {kind}, {}, category {}\n\n{}\n",
        rule.id(),
        rule.severity(),
        rule.category(),
        rule.summary()
    );
    prose(&mut s, "Why", Some(rule.rationale()));
    // A disclosure's rewrite is usually the sentence it adds: say it once.
    let rewrite = rule
        .rewrite()
        .filter(|r| Some(*r) != rule.disclosure_text());
    prose(&mut s, "Say instead", rewrite);
    prose(
        &mut s,
        "Added by --fix --unsafe-fixes",
        rule.disclosure_text(),
    );
    section(
        &mut s,
        "References",
        rule.references().iter().map(String::as_str),
    );
    let label = match rule.kind() {
        RuleKind::Claim => ["Flagged", "Not flagged"],
        RuleKind::Disclosure => ["Reported for", "Not reported for"],
    };
    section(
        &mut s,
        label[0],
        rule.fire_examples().iter().map(|e| e.text.as_str()),
    );
    section(
        &mut s,
        label[1],
        rule.clean_examples().iter().map(|e| e.text.as_str()),
    );
    s
}

/// A titled paragraph, indented, kept as the rule file wraps it.
fn prose(out: &mut String, title: &str, text: Option<&str>) {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return;
    };
    out.push_str(&format!("\n{title}:\n"));
    for line in text.lines() {
        out.push_str(&format!("  {}\n", line.trim_end()));
    }
}

/// A titled bullet list; nothing when the list is empty.
fn section<'a>(out: &mut String, title: &str, lines: impl IntoIterator<Item = &'a str>) {
    let mut lines = lines.into_iter().peekable();
    if lines.peek().is_none() {
        return;
    }
    out.push_str(&format!("\n{title}:\n"));
    for line in lines {
        for (i, part) in line.lines().enumerate() {
            let bullet = if i == 0 { "- " } else { "  " };
            out.push_str(&format!("  {bullet}{part}\n"));
        }
    }
}
