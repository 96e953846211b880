//! Throughput of the built-in packs on generated clinic-like copy (repeated
//! sentences, and copy that does not repeat), and the cost of compiling
//! them. Run with `cargo bench`; criterion prints MB/s.

use claimlint::{Format, Linter, RuleSet, BUILTIN_PACKS};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// Neutral sentences of the kind that fill most of a clinic page.
const PLAIN: &[&str] = &[
    "Our clinic is open Monday to Friday, with evening appointments on Thursdays.",
    "Parking is free in the garage behind the building; take the elevator to the third floor.",
    "Your first visit includes a review of your medical history and current medications.",
    "We accept most major insurance plans and offer payment plans for other costs.",
    "Treatment plans are discussed with your primary care physician when you consent.",
    "Each session lasts about an hour, and a nurse checks your blood pressure before and after.",
    "Bring a friend or family member who can drive you home after the appointment.",
    "Our team includes anesthesiologists, psychiatrists and registered nurses.",
];

/// Neutral sentences that name the service and the conditions, as nearly
/// every sentence of a real clinic page does: the words the rules' patterns
/// begin or end with are everywhere, and most of the searches from them find
/// nothing (the development corpus goes slower than the copy above).
const CLINIC: &[&str] = &[
    "Ketamine infusions for depression are given in a quiet room while a nurse watches your heart rate.",
    "Patients with bipolar disorder meet our psychiatrist before their first ketamine session.",
    "Side effects such as dizziness or nausea are talked through at the consultation.",
    "Many of the patients we see live with treatment-resistant depression, anxiety or PTSD.",
    "Esketamine nasal spray sessions take place at the clinic, followed by two hours of observation.",
    "Your care team reviews your depression and anxiety symptoms before each infusion.",
    "We plan ketamine treatment together with your therapist and the doctor who prescribes your medications.",
    "Tell us about any history of psychosis, high blood pressure or substance use before treatment.",
];

/// Risky and careful claim sentences, about one in ten of the corpus.
const CLAIMS: &[&str] = &[
    "Ketamine is FDA-approved for depression and works by boosting serotonin.",
    "Our ground-breaking infusions are completely safe and cure anxiety for good.",
    "Studies show 90% of our patients are free of symptoms after one week.",
    "Ketamine is not FDA-approved for depression; its use is off-label.",
    "Research suggests ketamine may reduce depressive symptoms for some adults (Lee et al., 2023).",
    "Ketamine repairs your brain and is safer than antidepressants.",
];

/// About `bytes` of copy in paragraphs of five sentences, claims mixed in.
fn corpus(bytes: usize, claim_every: usize) -> String {
    let mut out = String::with_capacity(bytes + 200);
    let mut i = 0usize;
    while out.len() < bytes {
        let s = if claim_every > 0 && i % claim_every == claim_every - 1 {
            CLAIMS[(i / claim_every) % CLAIMS.len()]
        } else {
            PLAIN[i % PLAIN.len()]
        };
        out.push_str(s);
        out.push_str(if i % 5 == 4 { "\n\n" } else { " " });
        i += 1;
    }
    out
}

/// About `bytes` of copy that does not repeat: sentences of 8 to 15 words
/// drawn at random (from a fixed seed) from the words of `neutral`, and a
/// claim sentence in every ten. Every page a linter sees is new to it; an
/// engine that learns the text it reads (a lazy DFA) can be fast on the
/// repeated copy above and slow on this.
fn varied(bytes: usize, neutral: &[&str]) -> String {
    let words: Vec<&str> = neutral.iter().flat_map(|s| s.split_whitespace()).collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut out = String::with_capacity(bytes + 200);
    let mut i = 0usize;
    while out.len() < bytes {
        if i % 10 == 9 {
            out.push_str(CLAIMS[next(CLAIMS.len())]);
        } else {
            let len = 8 + next(8);
            let sentence: Vec<&str> = (0..len).map(|_| words[next(words.len())]).collect();
            out.push_str(&sentence.join(" "));
            out.push('.');
        }
        out.push_str(if i % 5 == 4 { "\n\n" } else { " " });
        i += 1;
    }
    out
}

fn throughput(c: &mut Criterion) {
    let linter = Linter::new(&RuleSet::builtin().expect("built-in packs load")).expect("compile");
    let mut group = c.benchmark_group("check");
    for (name, claim_every) in [
        ("no-claims", 0),
        ("claim-every-10", 10),
        ("claim-every-3", 3),
    ] {
        let text = corpus(1 << 20, claim_every);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("text-1MiB", name), &text, |b, t| {
            b.iter(|| linter.check_document(t, Format::Text))
        });
    }
    for (name, neutral) in [
        ("varied-claim-every-10", PLAIN),
        ("varied-clinic-words-claim-every-10", CLINIC),
    ] {
        let text = varied(1 << 20, neutral);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("text-1MiB", name), &text, |b, t| {
            b.iter(|| linter.check_document(t, Format::Text))
        });
    }
    // Text with no blank line is one paragraph: each trigger the scan
    // lists in it is searched for through all of it (README, Performance).
    let text = corpus(1 << 18, 10).replace("\n\n", "\n");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("text-256KiB", "one-paragraph-claim-every-10"),
        &text,
        |b, t| b.iter(|| linter.check_document(t, Format::Text)),
    );
    group.finish();
}

fn compile(c: &mut Criterion) {
    let set = RuleSet::builtin().expect("built-in packs load");
    let mut group = c.benchmark_group("compile");
    group.sample_size(20);
    group.bench_function("load-builtin-toml", |b| b.iter(RuleSet::builtin));
    group.bench_function("compile-builtin", |b| b.iter(|| Linter::compile(&set)));
    // Patterns and conditions compile the first time a document needs them:
    // what a CLI run on one page pays in all.
    let page = include_str!("../examples/clinic.html");
    group.bench_function("compile-builtin-and-lint-a-page", |b| {
        b.iter(|| {
            let linter = Linter::compile(&set).expect("compiles");
            linter.check_document(page, Format::Html)
        })
    });
    // `Linter::new` trusts the built-in packs' examples (the tests run
    // them); the same packs loaded as user files have theirs verified.
    let mut as_files = RuleSet::default();
    for (name, source) in BUILTIN_PACKS {
        as_files
            .add_toml(&format!("rules/{name}.toml"), source)
            .expect("built-in packs load");
    }
    group.bench_function("compile-builtin-and-verify-examples", |b| {
        b.iter(|| Linter::new(&as_files))
    });
    group.finish();
}

criterion_group!(benches, throughput, compile);
criterion_main!(benches);
