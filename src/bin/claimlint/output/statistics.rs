//! `--statistics`: how many findings each rule reported, most frequent
//! first (then by id), so a team adopting claimlint sees where to start.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{active, Context};

pub fn write(out: &mut dyn Write, cx: &Context<'_>) -> io::Result<()> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in cx.reports.iter().flat_map(active) {
        *counts.entry(&d.rule).or_default() += 1;
    }
    let mut rows: Vec<(&str, usize)> = counts.into_iter().collect();
    // Sorted by id already: a stable sort by count keeps ties in id order.
    rows.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let width = rows.first().map_or(1, |(_, n)| n.to_string().len());
    for (rule, count) in rows {
        writeln!(out, "{count:>width$}  {rule}")?;
    }
    Ok(())
}
