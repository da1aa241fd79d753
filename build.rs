//! Compiles `codes/*.toml` into the registry's Rust code with `closecodes-build`.
//!
//! This file is the I/O around the compiler: it finds and reads the files, tells cargo when to
//! rerun, writes the generated files to `OUT_DIR`, and reports mistakes. Mistakes in the data
//! fail the build with every error at once, each pointing at its file, line and column, and no
//! code is generated from bad data.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use closecodes_build::SourceFile;

fn main() -> ExitCode {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=codes");
    match run() {
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

/// A directory cargo always sets for a build script; missing only when run outside cargo.
fn cargo_dir(variable: &str) -> Result<PathBuf, Failure> {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .ok_or_else(|| format!("{variable} is not set: run this build script through cargo").into())
}

fn run() -> Result<(), Failure> {
    let manifest_dir = cargo_dir("CARGO_MANIFEST_DIR")?;
    let out_dir = cargo_dir("OUT_DIR")?;
    let files = read_dir(&manifest_dir, &manifest_dir.join("codes"))?;
    let generated = closecodes_build::compile(&files).map_err(|errors| Failure {
        headlines: errors.iter().map(ToString::to_string).collect(),
        report: closecodes_build::render_all(&errors, &files),
    })?;
    for (name, source) in generated.files() {
        let target = out_dir.join(name);
        std::fs::write(&target, source)
            .map_err(|e| Failure::from(format!("cannot write {}: {e}", target.display())))?;
    }
    Ok(())
}

/// Reads every `*.toml` file of `dir`, each shown in messages by its path below `base`.
fn read_dir(base: &Path, dir: &Path) -> Result<Vec<SourceFile>, Failure> {
    let paths = closecodes_build::toml_files(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let shown = path.strip_prefix(base).unwrap_or(path);
        files.push(SourceFile::new(
            shown.to_string_lossy().replace('\\', "/"),
            text,
        ));
    }
    Ok(files)
}
