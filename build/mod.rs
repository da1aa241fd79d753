//! The data compiler: reads `codes/*.toml`, reports every mistake like a compiler, and
//! generates the registry's Rust code.
//!
//! `build.rs` runs it on the crate's own `codes/`; the tests include this module too (with
//! `#[path]`) so that the validation rules can be tested without running cargo.

pub mod codegen;
pub mod diagnostic;
pub mod model;
pub mod naming;
pub mod rules;
pub mod schema;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, SourceFile, render_all};
pub use model::Registry;

/// Lists the `*.toml` files of `dir`, sorted by file name so every build sees the same order.
pub fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Validates every file and builds the registry, or returns all the mistakes found.
pub fn check(files: &[SourceFile]) -> Result<Registry, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let vendors: Vec<_> = files
        .iter()
        .enumerate()
        .filter_map(|(i, file)| schema::read_vendor_file(i, file, &mut errors))
        .collect();
    // Files in input order, and within a file top to bottom, as a reader goes through them.
    errors.sort_by_key(|d| {
        d.location
            .as_ref()
            .map(|l| (files.iter().position(|f| f.path == l.path), l.span.start))
    });
    if !errors.is_empty() {
        // A file with mistakes is left out of `vendors`; checking the rest as a whole would
        // only add confusing follow-up errors (such as a missing standard file).
        return Err(errors);
    }
    rules::check_registry(vendors, files, &mut errors).ok_or(errors)
}

/// Validates `files` and, if they are all correct, returns the formatted Rust source of the registry.
pub fn compile(files: &[SourceFile]) -> Result<codegen::Generated, Vec<Diagnostic>> {
    let registry = check(files)?;
    Ok(codegen::generate(&registry))
}
