//! A claim reported as someone else's (a regulator's finding, a critic's
//! words, a list of wording to avoid) is not the page's own: every built-in
//! pack drops it (`[pack] unless` with the pack's `@reported-speech`), and
//! the same claim made by the page is still reported.

use claimlint::{Linter, RuleSet};

/// The claim rules that fire on `text` (disclosures aside).
fn claims(linter: &Linter, text: &str) -> Vec<String> {
    (linter.check(text).into_iter())
        .filter(|d| !d.category.starts_with("missing-"))
        .map(|d| d.rule)
        .collect()
}

#[test]
fn a_claim_reported_as_someone_elses_is_not_the_pages() {
    let set = RuleSet::builtin().unwrap_or_else(|e| panic!("{e}"));
    let linter = Linter::compile(&set).unwrap_or_else(|e| panic!("{e}"));
    // The page's own claim, then the same claim reported.
    let pairs = [
        (
            "Our infusions cure depression.",
            "The FTC alleged that the clinic told patients its infusions cure depression.",
        ),
        (
            "Ketamine is completely safe.",
            "Regulators objected to ads calling ketamine completely safe.",
        ),
        (
            "Compounded semaglutide is the same as Ozempic.",
            "Several sellers whose ads claimed compounded semaglutide is the same as Ozempic received letters.",
        ),
        (
            "Ketamine is FDA-approved for depression.",
            "Some clinics falsely described ketamine as FDA-approved for depression.",
        ),
        (
            "TMS is a permanent cure for OCD.",
            "Critics said the company sold TMS as a permanent cure for OCD.",
        ),
        (
            "Stem cell injections are guaranteed to regrow cartilage.",
            "A warning letter to the clinic quoted its promise that stem cell injections are guaranteed to regrow cartilage.",
        ),
        (
            "Our IV drips flush toxins from your body.",
            "Regulators said the spa promoted drips that flush toxins from your body.",
        ),
        (
            "Psilocybin is legal nationwide.",
            "Regulators said the retreat advertised psilocybin as legal nationwide.",
        ),
        (
            "Hyperbaric oxygen therapy cures autism.",
            "The FDA warns consumers about claims that hyperbaric oxygen therapy cures autism.",
        ),
        (
            "BPC-157 is FDA-approved.",
            "The agency found the shop falsely labeled BPC-157 as FDA-approved.",
        ),
    ];
    // Every service pack is among them.
    let fired: Vec<String> = (pairs.iter())
        .flat_map(|(own, _)| claims(&linter, own))
        .collect();
    for pack in set.packs().iter().filter(|p| !p.rules().is_empty()) {
        let prefix = format!("{}/", pack.id());
        assert!(
            fired.iter().any(|r| r.starts_with(&prefix)),
            "no example for {}",
            pack.id()
        );
    }
    for (own, reported) in pairs {
        assert!(!claims(&linter, own).is_empty(), "{own:?} is a claim");
        assert_eq!(
            claims(&linter, reported),
            Vec::<String>::new(),
            "{reported:?}"
        );
    }
}
