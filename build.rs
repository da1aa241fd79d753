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

/// The variable naming a user's own TOML files: directories or files, separated as the
/// platform separates paths.
const EXTRA: &str = "CLOSECODES_EXTRA_CODES";

fn run() -> Result<(), Failure> {
    let manifest_dir = cargo_dir("CARGO_MANIFEST_DIR")?;
    let out_dir = cargo_dir("OUT_DIR")?;
    let builtin = read_dir(&manifest_dir, &manifest_dir.join("codes"))?;
    let extra = extra_files()?;
    let generated = closecodes_build::compile_with_extra(&builtin, &extra).map_err(|errors| {
        let files: Vec<SourceFile> = builtin.iter().chain(&extra).cloned().collect();
        Failure {
            headlines: errors.iter().map(ToString::to_string).collect(),
            report: closecodes_build::render_all(&errors, &files),
        }
    })?;
    for (name, source) in generated.files() {
        let target = out_dir.join(name);
        std::fs::write(&target, source)
            .map_err(|e| Failure::from(format!("cannot write {}: {e}", target.display())))?;
    }
    // The built-in files, for `closecodes check` to check a user's files against.
    let sources: Vec<String> = builtin
        .iter()
        .map(|file| {
            let path = manifest_dir.join(&file.path);
            format!(
                "({:?}, include_str!({:?})),",
                file.path,
                path.display().to_string()
            )
        })
        .collect();
    let sources = format!(
        "/// The crate's own `codes/` files: (path, text).\npub(crate) const BUILTIN: &[(&str, &str)] = &[{}];\n",
        sources.join("\n")
    );
    let target = out_dir.join("sources.rs");
    std::fs::write(&target, sources)
        .map_err(|e| Failure::from(format!("cannot write {}: {e}", target.display())))?;
    Ok(())
}

/// The files `CLOSECODES_EXTRA_CODES` names, each shown in messages by the path given.
fn extra_files() -> Result<Vec<SourceFile>, Failure> {
    println!("cargo::rerun-if-env-changed={EXTRA}");
    let Some(value) = std::env::var_os(EXTRA) else {
        return Ok(Vec::new());
    };
    let mut files = Vec::new();
    for path in std::env::split_paths(&value).filter(|p| !p.as_os_str().is_empty()) {
        if path.is_relative() {
            return Err(format!(
                "{EXTRA} names the relative path \"{}\", which this build script cannot resolve: it runs in closecodes' own directory. In your project's .cargo/config.toml write `[env] {EXTRA} = {{ value = \"{}\", relative = true }}`, so that cargo makes it absolute, or give an absolute path",
                path.display(),
                path.display()
            )
            .into());
        }
        println!("cargo::rerun-if-changed={}", path.display());
        if path.is_dir() {
            files.extend(read_dir(Path::new(""), &path)?);
        } else if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(read_file(Path::new(""), &path)?);
        } else {
            return Err(format!(
                "{EXTRA} names \"{}\", which is neither a directory nor a .toml file",
                path.display()
            )
            .into());
        }
    }
    Ok(files)
}

/// Reads every `*.toml` file of `dir`, each shown in messages by its path below `base`.
fn read_dir(base: &Path, dir: &Path) -> Result<Vec<SourceFile>, Failure> {
    let paths = closecodes_build::toml_files(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    paths.iter().map(|path| read_file(base, path)).collect()
}

/// Reads one file, shown in messages by its path below `base`.
fn read_file(base: &Path, path: &Path) -> Result<SourceFile, Failure> {
    println!("cargo::rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let shown = path.strip_prefix(base).unwrap_or(path);
    Ok(SourceFile::new(
        shown.to_string_lossy().replace('\\', "/"),
        text,
    ))
}
