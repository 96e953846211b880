//! The built-in packs, embedded in the crate so the binary and every library
//! user carry the same knowledge. `build.rs` lists every `rules/*.toml`.

/// `(name, TOML source)` of every built-in pack, sorted by name.
pub const BUILTIN_PACKS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));
