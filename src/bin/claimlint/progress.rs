//! The progress bar: on stderr, for a person watching a long run only.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Below this many files a run ends before a bar would be worth drawing.
const MIN_FILES: usize = 50;

/// A bar for `len` files, or `None` when nobody would see it: with
/// `--quiet`, for a short run, or when stderr is a pipe or a CI log.
pub fn bar(len: usize, quiet: bool) -> Option<ProgressBar> {
    if quiet || len < MIN_FILES || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    Some(bar)
}
