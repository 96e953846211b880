//! From a rule set to a linter: triggers, conditions (each distinct one
//! once), disclosures and the scan, within the limits.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::scan::Scanner;
use crate::engine::{limits, pattern};
use crate::error::{RuleError, RuleErrorKind};
use crate::rules::{Condition, Detect, RuleSet, Scope};

use super::automata::{LazyCondition, LazyGroups, LazyRegex, Texts, View};
use super::{Claim, CondId, Disclosure, Inner, Linter, TriggerInfo};

impl Linter {
    /// Compile without running the examples (for hosts that verified the
    /// packs already, as the tests do for the built-in ones).
    ///
    /// # Errors
    /// A [`RuleError`] when a pattern exceeds the size limits.
    pub fn compile(set: &RuleSet) -> Result<Linter, RuleError> {
        let mut conds = CondTable::default();
        let mut rules = Vec::new();
        let mut active = Vec::new();
        let mut activations = Vec::new();
        let mut claims = Vec::new();
        let mut disclosures = Vec::new();
        // Whether each rule is a user pack's: its automata are compiled now,
        // within the limits.
        let mut untrusted_rules = Vec::new();
        let mut triggers = Vec::new();
        let mut origins = Vec::new();

        for pack in set.packs() {
            let untrusted = !pack.is_builtin();
            conds.here = (pack.origin.clone(), (1, 1), untrusted);
            // The scan looks for the subject of a pack that has rules.
            let pack_cond = (pack.active_when.as_ref())
                .filter(|_| !pack.rules().is_empty())
                .map(|c| {
                    activations.push(conds.get(c));
                    activations.len() - 1
                });
            for rule in pack.rules() {
                conds.here = (pack.origin.clone(), rule.at, untrusted);
                let idx = rules.len();
                rules.push(rule.clone());
                active.push(pack_cond);
                untrusted_rules.push(untrusted);
                origins.push((pack.origin.as_str(), rule.at));
                match &rule.detect {
                    Detect::Claim {
                        triggers: ts,
                        fix,
                        placeholder,
                        scope,
                        requires,
                        unless,
                    } => {
                        for t in ts {
                            triggers.push(TriggerInfo {
                                rule: idx,
                                is_phrase: t.is_phrase,
                                replace: t.replace.clone(),
                                regex: LazyRegex::new(&t.regex, View::of(t.sets_case_flag)),
                                groups: t.groups.as_deref().map(LazyGroups::new),
                            });
                        }
                        let mut resolve = |list: &[Condition]| {
                            list.iter()
                                .map(|c| {
                                    let id = if c.within.unwrap_or(*scope) == Scope::Document {
                                        conds.doc(c)
                                    } else {
                                        conds.get(c)
                                    };
                                    (id, c.within)
                                })
                                .collect::<Vec<_>>()
                        };
                        let requires = resolve(requires);
                        let unless = if untrusted {
                            resolve(unless)
                        } else {
                            resolve(&joined(unless))
                        };
                        claims.push(Some(Claim {
                            scope: *scope,
                            requires,
                            unless,
                            fix: *fix,
                            placeholder: placeholder.clone(),
                        }));
                    }
                    Detect::Disclosure(d) => {
                        claims.push(None);
                        let anchor = (d.when.first())
                            .map(|c| LazyRegex::new(&c.regex, View::of(c.sets_case_flag)));
                        disclosures.push((
                            idx,
                            Disclosure {
                                when: d.when.iter().map(|c| conds.doc(c)).collect(),
                                when_found: d.when_found.clone(),
                                anchor,
                                accepted: conds.doc(&d.accepted),
                                uses: (d.uses.iter())
                                    .map(|(name, c)| (name.clone(), conds.doc(c)))
                                    .collect(),
                                detect: (**d).clone(),
                            },
                        ));
                    }
                }
            }
        }

        let located = |rule: usize, kind: RuleErrorKind, message: String| {
            let (origin, at) = origins[rule];
            RuleError::new(kind, origin, at, message)
        };
        // The scan also finds, after the activations, the accepted forms
        // of the disclosures asked on every page (those of packs without
        // `active-when`): on a page that lacks them a search of the whole
        // document for each took a tenth of the time on copy that makes no
        // claim, and the scan sees every byte anyway. A service pack's are
        // asked only of pages about its service, and searched for then:
        // in the scan, their patterns would cost every compile more than
        // they save.
        let mut scanned = activations.clone();
        for (idx, d) in &disclosures {
            if active[*idx].is_none() && !scanned.contains(&d.accepted) {
                scanned.push(d.accepted);
            }
        }
        let scanner = if triggers.is_empty() && scanned.is_empty() {
            None
        } else {
            let too_large = |e: &dyn std::fmt::Display| {
                // Name the pattern too large on its own, if one is (a search
                // only on this error path); else the last rule, whose pack is
                // the one that went over.
                let culprit =
                    (triggers.iter()).find(|t| t.regex.build(limits::REGEX_SIZE_LIMIT).is_err());
                let (rule, what) = match culprit {
                    Some(t) => (t.rule, "a pattern of this rule is too large to compile"),
                    None => (
                        rules.len() - 1,
                        "the rules' patterns are too large to compile together",
                    ),
                };
                located(rule, RuleErrorKind::Limit, format!("{what}: {e}"))
            };
            let scan_form = |view: View, p: &str| view.scan_parse(p).map(pattern::widened);
            let triggers_hirs = triggers.iter().map(|trigger| {
                scan_form(trigger.regex.view, &trigger.regex.pattern)
                    .map_err(|e| located(trigger.rule, RuleErrorKind::Regex, e))
            });
            let scanned_hirs = scanned.iter().map(|&id| {
                scan_form(conds.views[id], &conds.regexes[id])
                    .map_err(|e| conds.located(id, RuleErrorKind::Regex, e))
            });
            let hirs = (triggers_hirs.chain(scanned_hirs)).collect::<Result<Vec<_>, _>>()?;
            let gates: Vec<Option<usize>> = triggers.iter().map(|t| active[t.rule]).collect();
            // The activations are needed; an accepted form the scan cannot
            // find by its needles is searched for in the whole document.
            let optional = triggers.len() + activations.len();
            Some(Scanner::new(&hirs, triggers.len(), &gates, optional).map_err(|e| too_large(&e))?)
        };
        // A user pack's patterns each compile within the limits now, and
        // so do its disclosures' anchors.
        let mut budget = limits::TRIGGERS_SIZE_LIMIT;
        let own = (triggers.iter().map(|t| (t.rule, &t.regex)))
            .chain((disclosures.iter()).filter_map(|(rule, d)| Some((*rule, d.anchor.as_ref()?))));
        for (rule, regex) in own {
            if untrusted_rules[rule] {
                (regex.compile(&mut budget)).map_err(|e| located(rule, RuleErrorKind::Limit, e))?;
            }
        }
        let mut found_by_scan = vec![None; conds.regexes.len()];
        for (i, &id) in scanned.iter().enumerate() {
            if scanner
                .as_ref()
                .is_some_and(|s| s.looks_for(triggers.len() + i))
            {
                found_by_scan[id] = Some(i);
            }
        }
        let conds = conds.compile()?;
        let linter = Linter {
            inner: Arc::new(Inner {
                messages: (rules.iter())
                    .map(|r| r.message.split("{match}").map(String::from).collect())
                    .collect(),
                rules,
                active,
                activations,
                found_by_scan,
                claims,
                disclosures,
                triggers,
                scanner,
                conds,
            }),
        };
        linter.check_disclosure_inserts(&untrusted_rules, &origins)?;
        Ok(linter)
    }

    /// A disclosure's insertion must satisfy the disclosure, or `--fix`
    /// would insert it again on every run. Checked for user packs; the
    /// crate's tests check the built-in ones.
    fn check_disclosure_inserts(
        &self,
        untrusted_rules: &[bool],
        origins: &[(&str, (usize, usize))],
    ) -> Result<(), RuleError> {
        for (idx, d) in &self.inner.disclosures {
            if !untrusted_rules[*idx] {
                continue;
            }
            let insert = d.detect.insert_naming(&[]);
            let texts = Texts {
                original: &insert,
                lowered: &insert.to_ascii_lowercase(),
            };
            if !self.inner.conds[d.accepted].is_match(texts, 0..insert.len()) {
                let (origin, at) = origins[*idx];
                return Err(RuleError::new(
                    RuleErrorKind::Invalid,
                    origin,
                    at,
                    format!(
                        "the `insert` text of `{}` does not match its own `accepted` forms",
                        self.inner.rules[*idx].id
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Distinct condition regexes, compiled once however many rules share them.
#[derive(Default)]
struct CondTable {
    ids: HashMap<String, CondId>,
    regexes: Vec<String>,
    views: Vec<View>,
    pub(super) document: Vec<bool>,
    /// Whether a user pack uses the condition: its automaton is compiled
    /// with the linter, within the size limits.
    untrusted: Vec<bool>,
    /// Where each condition is first used, for errors.
    used_at: Vec<(String, (usize, usize))>,
    /// The pack and rule being resolved, and whether the pack is a user's.
    here: (String, (usize, usize), bool),
}

impl CondTable {
    pub(super) fn get(&mut self, c: &Condition) -> CondId {
        let next = self.regexes.len();
        let id = *self.ids.entry(c.regex.clone()).or_insert(next);
        if id == next {
            self.regexes.push(c.regex.clone());
            self.views.push(View::of(c.sets_case_flag));
            self.document.push(false);
            self.untrusted.push(false);
            self.used_at.push((self.here.0.clone(), self.here.1));
        }
        self.untrusted[id] |= self.here.2;
        id
    }

    /// A condition evaluated over the whole document.
    fn doc(&mut self, c: &Condition) -> CondId {
        let id = self.get(c);
        self.document[id] = true;
        id
    }

    /// An error at the rule where condition `id` is first used.
    fn located(&self, id: CondId, kind: RuleErrorKind, message: String) -> RuleError {
        let (origin, at) = &self.used_at[id];
        RuleError::new(kind, origin, *at, message)
    }

    /// The conditions' automata: those of user packs now, within
    /// `COMPILED_SIZE_LIMIT` together; the rest when first needed.
    pub(super) fn compile(self) -> Result<Vec<LazyCondition>, RuleError> {
        let mut budget = limits::COMPILED_SIZE_LIMIT;
        (0..self.regexes.len())
            .map(|id| {
                let (pattern, view) = (self.regexes[id].clone(), self.views[id]);
                if !self.untrusted[id] {
                    return Ok(LazyCondition::new(pattern, view));
                }
                LazyCondition::compiled(pattern, view, self.document[id], &mut budget)
                    .map_err(|(kind, e)| self.located(id, kind, e))
            })
            .collect()
    }
}

/// A built-in rule's `unless` conditions, those that look in the same scope
/// of the same view of the text joined into one alternation: any of them
/// holds where the alternation matches, and one search of a sentence costs
/// far less than five (a rule cancels on up to a dozen conditions, and a
/// match that fires asks every one). A user pack's are left apart: each
/// compiles within the limits, and its errors point at it.
fn joined(unless: &[Condition]) -> Vec<Condition> {
    let mut out: Vec<Condition> = Vec::with_capacity(unless.len());
    for c in unless {
        let same =
            |o: &&mut Condition| o.within == c.within && o.sets_case_flag == c.sets_case_flag;
        match out.iter_mut().find(same) {
            // Each is an alternation of groups: "(?:a)|(?:b)".
            Some(o) => o.regex = format!("{}|{}", o.regex, c.regex),
            None => out.push(c.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unless_conditions_in_the_same_scope_and_view_are_joined() {
        let cond = |regex: &str, within, sets_case_flag| Condition {
            regex: regex.to_string(),
            within,
            sets_case_flag,
        };
        let unless = [
            cond("(?:not)", None, false),
            cond("(?:may)|(?:might)", Some(Scope::Before(3)), false),
            cond("(?:FDA)", None, true),
            cond("(?:studies)", None, false),
            cond("(?:never)", Some(Scope::Before(3)), false),
        ];
        let joined = joined(&unless);
        let got: Vec<(&str, Option<Scope>, bool)> = (joined.iter())
            .map(|c| (c.regex.as_str(), c.within, c.sets_case_flag))
            .collect();
        assert_eq!(
            got,
            [
                ("(?:not)|(?:studies)", None, false),
                ("(?:may)|(?:might)|(?:never)", Some(Scope::Before(3)), false),
                ("(?:FDA)", None, true),
            ]
        );
    }
}
