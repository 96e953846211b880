//! `claimlint rules` and `claimlint explain`: what the loaded rules are,
//! and why each exists.

use std::io::{self, Write};

use anyhow::{bail, Result};
use claimlint::{Rule, RuleKind, RuleSet, Selection, Severity, Suppression};
use serde::Serialize;

use crate::args::{ExplainArgs, RulesArgs};
use crate::{config, packs};

/// One rule of the catalogue: a line of `claimlint rules`, an element of
/// `GET /v1/rules`.
#[derive(Serialize)]
pub struct Row {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub summary: String,
}

/// The rules `selection` keeps, the packs' rules first, then the engine's
/// own about suppressions.
pub fn rows(set: &RuleSet, selection: &Selection) -> Vec<Row> {
    let packs = (set.rules())
        .filter(|r| selection.keeps(r.id(), r.category()))
        .map(|r| Row {
            id: r.id().to_string(),
            category: r.category().to_string(),
            severity: r.severity(),
            summary: r.summary(),
        });
    let engine = (Suppression::RULES.iter())
        .filter(|(id, _)| selection.keeps(id, Suppression::CATEGORY))
        .map(|(id, summary)| Row {
            id: id.to_string(),
            category: Suppression::CATEGORY.to_string(),
            severity: Severity::Warning,
            summary: summary.to_string(),
        });
    packs.chain(engine).collect()
}

/// One rule a line: id, category, severity and summary in aligned columns.
pub fn list(args: &RulesArgs) -> Result<()> {
    let mut project = config::find(&args.project, None)?;
    let set = packs::load(&args.packs, &project)?;
    packs::select(&set, &args.selection, &mut project)?;
    let selection = project.config.selection();
    if !set.rules().any(|r| selection.keeps(r.id(), r.category())) {
        eprintln!("No pack rules loaded: add a pack with --rules FILE.");
    }
    let rows: Vec<[String; 4]> = rows(&set, selection)
        .into_iter()
        .map(|r| [r.id, r.category, r.severity.to_string(), r.summary])
        .collect();
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

/// Why the engine's own rules (about suppression comments) exist.
const ENGINE_RATIONALE: &str =
    "Suppression comments are approved exceptions; claimlint checks them\n\
    so that every exception is readable, justified and still needed.";

/// What `explain` says of a rule: its message, rationale, rewrite,
/// references and examples; printed by `claimlint explain`, answered as
/// JSON by `GET /v1/rules/{id}`.
#[derive(Serialize)]
pub struct Explanation<'a> {
    pub id: &'a str,
    /// `claim`, `disclosure`, or `engine` (the rules about suppressions).
    pub kind: &'static str,
    pub severity: Severity,
    pub category: &'a str,
    pub summary: String,
    /// Why it matters.
    pub rationale: &'a str,
    /// A compliant way to say it.
    pub rewrite: Option<&'a str>,
    /// The sentence `--fix --unsafe-fixes` adds, for a disclosure.
    pub disclosure: Option<&'a str>,
    pub references: &'a [String],
    /// Copy the rule reports, and copy it leaves alone.
    pub flagged: Vec<&'a str>,
    pub not_flagged: Vec<&'a str>,
}

/// The explanation of rule `id`, or an error saying so, with the ids it
/// may have meant (or else what lists the rules: `listed_by`).
pub fn explanation<'a>(set: &'a RuleSet, id: &'a str, listed_by: &str) -> Result<Explanation<'a>> {
    if let Some((id, summary)) = Suppression::RULES.iter().find(|(known, _)| *known == id) {
        return Ok(Explanation {
            id,
            kind: "engine",
            severity: Severity::Warning,
            category: Suppression::CATEGORY,
            summary: format!("{summary}."),
            rationale: ENGINE_RATIONALE,
            rewrite: None,
            disclosure: None,
            references: &[],
            flagged: Vec::new(),
            not_flagged: Vec::new(),
        });
    }
    let Some(rule) = set.rule(id) else {
        let near: Vec<&str> = set
            .rules()
            .map(Rule::id)
            .filter(|known| {
                known.contains(id) || id.contains(known.rsplit('/').next().unwrap_or(known))
            })
            .collect();
        if near.is_empty() {
            bail!("no rule `{id}`; {listed_by} lists them");
        }
        bail!("no rule `{id}`; did you mean {}?", near.join(", "));
    };
    let texts =
        |examples: &'a [claimlint::Example]| examples.iter().map(|e| e.text.as_str()).collect();
    Ok(Explanation {
        id: rule.id(),
        kind: match rule.kind() {
            RuleKind::Claim => "claim",
            RuleKind::Disclosure => "disclosure",
        },
        severity: rule.severity(),
        category: rule.category(),
        summary: rule.summary(),
        rationale: rule.rationale(),
        rewrite: rule.rewrite(),
        disclosure: rule.disclosure_text(),
        references: rule.references(),
        flagged: texts(rule.fire_examples()),
        not_flagged: texts(rule.clean_examples()),
    })
}

/// The rule's message, rationale, rewrite, references and examples.
pub fn explain(args: &ExplainArgs) -> Result<()> {
    let project = config::find(&args.project, None)?;
    let set = packs::load(&args.packs, &project)?;
    let explanation = explanation(&set, &args.rule, "`claimlint rules`")?;
    let mut out = io::stdout().lock();
    write!(out, "{}", render(&explanation))?;
    out.flush()?;
    Ok(())
}

fn render(e: &Explanation) -> String {
    let kind = match e.kind {
        "engine" => {
            return format!(
                "{}: reported by the engine, {}, category {}\n\n{}\n\n{}\n",
                e.id, e.severity, e.category, e.summary, e.rationale
            )
        }
        "disclosure" => "required disclosure",
        _ => "claim",
    };
    let mut s = format!(
        "{}: {kind}, {}, category {}\n\n{}\n",
        e.id, e.severity, e.category, e.summary
    );
    prose(&mut s, "Why", Some(e.rationale));
    // A disclosure's rewrite is usually the sentence it adds: say it once.
    let rewrite = e.rewrite.filter(|r| Some(*r) != e.disclosure);
    prose(&mut s, "Say instead", rewrite);
    prose(&mut s, "Added by --fix --unsafe-fixes", e.disclosure);
    section(
        &mut s,
        "References",
        e.references.iter().map(String::as_str),
    );
    let label = match e.kind {
        "disclosure" => ["Reported for", "Not reported for"],
        _ => ["Flagged", "Not flagged"],
    };
    section(&mut s, label[0], e.flagged.iter().copied());
    section(&mut s, label[1], e.not_flagged.iter().copied());
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
