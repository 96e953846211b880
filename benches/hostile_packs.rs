//! How long untrusted rule packs take to load: packs built to cost as much
//! as the caps of `claimlint::limits` allow (`tests/support/hostile.rs`),
//! each with the most rules that still load, and the same with one rule
//! more, which a cap refuses. The guarantee in the README is that each takes
//! well under a second; run with `cargo bench --bench hostile_packs`.

#[path = "../tests/support/hostile.rs"]
mod hostile;

use std::time::Duration;

use claimlint::{Linter, RuleSet};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn hostile_packs(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile-pack");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (name, generate) in hostile::ALL {
        let (rules, at_caps) = hostile::largest(*generate);
        let over = generate(rules + 1);
        eprintln!("{name}: {rules} rules, {} bytes", at_caps.len());
        group.bench_with_input(
            BenchmarkId::new("load-compile", name),
            &at_caps,
            |b, src| b.iter(|| Linter::compile(&RuleSet::from_toml("h.toml", src).expect("loads"))),
        );
        group.bench_with_input(
            BenchmarkId::new("load-compile-verify-examples", name),
            &at_caps,
            |b, src| b.iter(|| Linter::new(&RuleSet::from_toml("h.toml", src).expect("loads"))),
        );
        group.bench_with_input(BenchmarkId::new("refused", name), &over, |b, src| {
            b.iter(|| RuleSet::from_toml("h.toml", src).and_then(|set| Linter::compile(&set)))
        });
    }
    group.finish();
}

criterion_group!(benches, hostile_packs);
criterion_main!(benches);
