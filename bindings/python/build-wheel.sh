#!/usr/bin/env bash
# Build the wheel into DIR (default: target/wheels): the extension module,
# and the `claimlint` command from the root crate's release build, which
# pip installs beside python, so that `pip install` (and a pre-commit hook
# with `language: python`) gives the command without a Rust toolchain.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/target/wheels}

# The same build `.ci/run`'s release step makes: nothing to do after it.
(cd "$root" && cargo build --release --locked --bin claimlint)
scripts=$here/target/wheel-data/scripts
mkdir -p "$scripts"
# The release profile keeps debug info for profiling; the wheel needs none.
strip -o "$scripts/claimlint" "$root/target/release/claimlint"

cd "$here"
maturin build --release --locked --out "$out"
