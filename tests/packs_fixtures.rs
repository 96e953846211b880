//! The service packs (`glp1`, `iv-therapy`, `devices-tms`, `regenerative`,
//! `psychedelics`) on pages of our own that mix careful and careless copy:
//! a snapshot of what each pack finds, and checks that each pack stays quiet
//! on pages about other services.
//!
//! The snapshots lint with the five service packs alone, so that they show
//! everything these packs find and do not change when the general packs
//! (`health-claims`, `ketamine`) change or win a merge of overlapping
//! findings. The quietness checks lint with every built-in pack.

use std::sync::OnceLock;

use claimlint::{Diagnostic, Linter, RuleSet};

/// The packs under test, and the fixture page written for each.
const PAGES: &[(&str, &str)] = &[
    ("glp1", include_str!("fixtures/packs/glp1.txt")),
    ("iv-therapy", include_str!("fixtures/packs/iv-therapy.txt")),
    (
        "devices-tms",
        include_str!("fixtures/packs/devices-tms.txt"),
    ),
    (
        "regenerative",
        include_str!("fixtures/packs/regenerative.txt"),
    ),
    (
        "psychedelics",
        include_str!("fixtures/packs/psychedelics.txt"),
    ),
];

/// A ketamine clinic page with careless claims of its own and the words the
/// service packs must not mistake for their subject ("IV", "infusion", "drip
/// rate", "psychedelic", "compounded", "lose 60%").
const KETAMINE_PAGE: &str = include_str!("fixtures/packs/ketamine-only.txt");

/// Every built-in pack.
fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| {
        let rules = RuleSet::builtin().expect("the built-in packs load");
        Linter::new(&rules).expect("the built-in packs compile and their examples pass")
    })
}

/// The five service packs alone.
fn service_linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| {
        let mut rules = RuleSet::builtin().expect("the built-in packs load");
        rules.retain(|r| is_service_pack(r.id().split('/').next().unwrap_or_default()));
        Linter::new(&rules).expect("the service packs compile and their examples pass")
    })
}

fn pack_of(d: &Diagnostic) -> &str {
    d.rule.split('/').next().unwrap_or_default()
}

fn is_service_pack(pack: &str) -> bool {
    PAGES.iter().any(|(p, _)| *p == pack)
}

fn page(pack: &str) -> &'static str {
    PAGES
        .iter()
        .find(|(p, _)| *p == pack)
        .map(|(_, text)| *text)
        .expect("a fixture page for every service pack")
}

/// One line per finding of the service packs: rule, category, line:col, text.
fn render(text: &str) -> String {
    service_linter()
        .check(text)
        .iter()
        .map(|d| {
            format!(
                "{:<40} {:<32} {}:{} {:?}\n",
                d.rule, d.category, d.start.line, d.start.column, d.text
            )
        })
        .collect()
}

#[test]
fn glp1_page() {
    insta::assert_snapshot!("glp1", render(page("glp1")));
}

#[test]
fn iv_therapy_page() {
    insta::assert_snapshot!("iv-therapy", render(page("iv-therapy")));
}

#[test]
fn devices_tms_page() {
    insta::assert_snapshot!("devices-tms", render(page("devices-tms")));
}

#[test]
fn regenerative_page() {
    insta::assert_snapshot!("regenerative", render(page("regenerative")));
}

#[test]
fn psychedelics_page() {
    insta::assert_snapshot!("psychedelics", render(page("psychedelics")));
}

#[test]
fn each_pack_finds_something_on_its_own_page() {
    for (pack, text) in PAGES {
        let own = linter()
            .check(text)
            .iter()
            .filter(|d| pack_of(d) == *pack)
            .count();
        assert!(own > 0, "`{pack}` reports nothing on its own fixture page");
    }
}

#[test]
fn service_packs_stay_quiet_on_other_services_pages() {
    for (pack, text) in PAGES {
        let strays: Vec<String> = linter()
            .check(text)
            .iter()
            .filter(|d| is_service_pack(pack_of(d)) && pack_of(d) != *pack)
            .map(|d| format!("{} {:?} at {}", d.rule, d.text, d.start.line))
            .collect();
        assert!(
            strays.is_empty(),
            "the `{pack}` page gets findings from other service packs: {strays:#?}"
        );
    }
}

#[test]
fn service_packs_stay_quiet_on_a_ketamine_page() {
    let strays: Vec<String> = linter()
        .check(KETAMINE_PAGE)
        .iter()
        .filter(|d| is_service_pack(pack_of(d)))
        .map(|d| format!("{} {:?} at {}", d.rule, d.text, d.start.line))
        .collect();
    assert!(
        strays.is_empty(),
        "the ketamine page gets findings from the service packs: {strays:#?}"
    );
}

#[test]
fn ketamine_infusion_copy_does_not_activate_iv_therapy() {
    let text = "Our IV ketamine infusions detox your brain, boost your immune system and work better than pills.";
    let found = linter().check(text);
    assert!(
        found.iter().all(|d| pack_of(d) != "iv-therapy"),
        "{found:#?}"
    );
    // Naming a vitamin drip on the page turns the pack on.
    let text = "We also offer IV vitamin drips. Our vitamin drips detox your body.";
    assert!(linter()
        .check(text)
        .iter()
        .any(|d| d.rule == "iv-therapy/detox"));
}

#[test]
fn compounded_glp1_page_needs_the_not_approved_disclosure() {
    let disclosure = "Compounded semaglutide and tirzepatide are not FDA-approved. The FDA does not review compounded drugs for safety, effectiveness or quality.\n\n";
    let full = page("glp1");
    assert!(
        full.contains(disclosure),
        "the fixture carries the disclosure"
    );
    let missing = |text: &str| {
        linter()
            .check(text)
            .iter()
            .any(|d| d.category == "missing-compounded-not-approved")
    };
    assert!(!missing(full));
    assert!(missing(&full.replace(disclosure, "")));
    // A page that prescribes only the brands needs no such disclosure.
    assert!(!missing(
        "We prescribe Wegovy and Zepbound, both FDA-approved for chronic weight management."
    ));
}
