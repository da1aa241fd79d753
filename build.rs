//! Compiles `codes/*.toml` into the registry's Rust code (see `build/` and `codes/README.md`).
//!
//! Mistakes in the data fail the build with every error at once, each pointing at its file,
//! line and column, and no code is generated from bad data.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[path = "build/mod.rs"]
mod compiler;

use compiler::{SourceFile, render_all};

fn main() -> ExitCode {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build");
    println!("cargo::rerun-if-changed=src/fold.rs");
    println!("cargo::rerun-if-changed=codes");
    match run(&manifest_dir, &out_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            // One `cargo::error` line per mistake puts `file:line:column` where cargo prints its
            // own errors; the full rustc-style report goes to stderr, which cargo shows below.
            for line in &failure.headlines {
                println!("cargo::error={}", line.replace(['\n', '\r'], " "));
            }
            eprintln!("{}", failure.report);
            ExitCode::FAILURE
        }
    }
}

/// Why the build failed: one line per mistake, and the full report.
struct Failure {
    headlines: Vec<String>,
    report: String,
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure {
            headlines: vec![message.clone()],
            report: format!("error: {message}"),
        }
    }
}

fn run(manifest_dir: &Path, out_dir: &Path) -> Result<(), Failure> {
    let codes_dir = manifest_dir.join("codes");
    let paths = compiler::toml_files(&codes_dir)
        .map_err(|e| format!("cannot read {}: {e}", codes_dir.display()))?;
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let shown = path.strip_prefix(manifest_dir).unwrap_or(path);
        files.push(SourceFile {
            path: shown.to_string_lossy().replace('\\', "/"),
            text,
        });
    }
    let generated = compiler::compile(&files).map_err(|errors| Failure {
        headlines: errors.iter().map(ToString::to_string).collect(),
        report: render_all(&errors, &files),
    })?;
    for (name, source) in [
        ("registry.rs", &generated.registry),
        ("codes.rs", &generated.codes),
    ] {
        let target = out_dir.join(name);
        std::fs::write(&target, source)
            .map_err(|e| Failure::from(format!("cannot write {}: {e}", target.display())))?;
    }
    Ok(())
}
