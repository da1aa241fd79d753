//! Writes a synthetic registry for scale measurements (see BENCHMARKS.md):
//!
//! ```text
//! cargo run --example synthetic_registry -- <DIR> [VENDORS=100] [CODES=100]
//! ```
//!
//! `DIR` receives the real standard file plus `VENDORS` vendor files of `CODES` rows each.

use std::path::PathBuf;
use std::process::ExitCode;

use closecodes_build::synthetic;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: synthetic_registry <DIR> [VENDORS] [CODES]");
        return ExitCode::from(2);
    };
    let number =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (vendors, codes) = (number(1, 100), number(2, 100).min(900));
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("codes");
    let read = |name: &str| std::fs::read_to_string(here.join(name));
    let (Ok(standard), Ok(metered)) = (read("rfc6455.toml"), read("metered.toml")) else {
        eprintln!("error: cannot read the shipped codes/ files");
        return ExitCode::FAILURE;
    };
    let mut files = synthetic::registry(vendors, codes, ("metered.toml", &metered));
    files.push(("rfc6455.toml".to_owned(), standard));
    if let Err(error) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {error}", dir.display());
        return ExitCode::FAILURE;
    }
    for (name, text) in &files {
        if let Err(error) = std::fs::write(dir.join(name), text) {
            eprintln!("error: cannot write {name}: {error}");
            return ExitCode::FAILURE;
        }
    }
    let rows: usize = files
        .iter()
        .map(|(_, t)| t.matches("[[code]]").count())
        .sum();
    println!(
        "wrote {} files, {rows} rows, to {}",
        files.len(),
        dir.display()
    );
    ExitCode::SUCCESS
}
