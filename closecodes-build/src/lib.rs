//! The data compiler of [closecodes](https://crates.io/crates/closecodes): reads close-code
//! tables written as TOML (one file per vendor, schema in closecodes' `codes/README.md`),
//! reports every mistake like a compiler, and generates the registry's Rust code.
//!
//! The API is the pure compile step — files in, generated Rust or every diagnostic out — in
//! the manner of `prost-build` and `chrono-tz-build`; closecodes' `build.rs` is the I/O shell
//! around it:
//!
//! ```
//! use closecodes_build::{SourceFile, compile};
//!
//! let standard = SourceFile::new("codes/rfc6455.toml", r#"
//! [vendor]
//! id = "rfc6455"
//! name = "RFC 6455"
//! source = "https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1"
//! standard = true
//!
//! [[code]]
//! code = 1000
//! name = "Normal Closure"
//! meaning = "The connection did what it was opened for."
//! action = "done"
//! "#);
//! let acme = SourceFile::new("codes/acme.toml", r#"
//! [vendor]
//! id = "acme"
//! name = "Acme"
//! source = "https://acme.example/close-codes"
//!
//! [[code]]
//! code = 4001
//! name = "Bad Key"
//! meaning = "The API key is not valid."
//! action = "stpo"
//! "#);
//! let errors = compile(&[standard, acme]).unwrap_err();
//! assert_eq!(
//!     errors[0].to_string(),
//!     "codes/acme.toml:11:10: `code[0].action`: unknown action \"stpo\" (help: did you mean \
//!      \"stop\"? The actions are: done, reconnect, backoff, retry_after, retry_later, \
//!      reauthenticate, stop)"
//! );
//! ```
//!
//! The phases: a spanned TOML reader (private) keeps every key's place; the schema reads one
//! file into the [`model`]; the rules check everything beyond a key's type, within a file and
//! across files; [`codegen`] writes the Rust; [`diagnostic`] renders mistakes as rustc does.

pub mod codegen;
pub mod diagnostic;
pub mod model;
pub mod naming;
mod row;
mod rules;
mod schema;
mod toml_reader;

pub mod synthetic;

use std::path::{Path, PathBuf};

pub use codegen::Generated;
pub use diagnostic::{Diagnostic, Location, SourceFile, render_all};
pub use model::Registry;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

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
    check_files(files, files.len())
}

/// Like [`check`], for a registry of `builtin` files (the crate's own `codes/`) and a user's
/// `extra` files: new vendors, and `[extend]` files that add rows to a vendor. Extra files may
/// not declare the standard, and their ids may not clash with the built-in ones.
pub fn check_with_extra(
    builtin: &[SourceFile],
    extra: &[SourceFile],
) -> Result<Registry, Vec<Diagnostic>> {
    let files: Vec<SourceFile> = builtin.iter().chain(extra).cloned().collect();
    check_files(&files, builtin.len())
}

/// Validates `files`, of which those from `first_extra` on are a user's extra files.
fn check_files(files: &[SourceFile], first_extra: usize) -> Result<Registry, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut vendors = Vec::new();
    let mut extensions = Vec::new();
    for (i, file) in files.iter().enumerate() {
        match schema::read_file(i, file, &mut errors) {
            Some(schema::FileSpec::Vendor(vendor)) => vendors.push(*vendor),
            Some(schema::FileSpec::Extension(extension)) => extensions.push(extension),
            None => {}
        }
    }
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
    rules::check_registry(vendors, extensions, files, first_extra, &mut errors).ok_or(errors)
}

/// Validates `files` and, if they are all correct, returns the formatted Rust source of the
/// registry; otherwise every mistake, and no code.
pub fn compile(files: &[SourceFile]) -> Result<Generated, Vec<Diagnostic>> {
    let registry = check(files)?;
    Ok(codegen::generate(&registry))
}

/// Like [`compile`], with a user's extra files (see [`check_with_extra`]).
pub fn compile_with_extra(
    builtin: &[SourceFile],
    extra: &[SourceFile],
) -> Result<Generated, Vec<Diagnostic>> {
    let registry = check_with_extra(builtin, extra)?;
    Ok(codegen::generate(&registry))
}
