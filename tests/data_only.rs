//! Adding a vendor must stay a data-only change: no vendor id, module name or display name may
//! appear in the library's, the build script's or the compiler crate's Rust code, outside
//! comments (doc examples are comments). Generated code lives in OUT_DIR and is not scanned.

use std::path::{Path, PathBuf};

use closecodes::Vendor;

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Whole-word occurrence, so `metered` does not match inside `unmetered`.
fn contains_word(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + word.len()..].chars().next();
        let is_word =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
        !is_word(before) && !is_word(after)
    })
}

#[test]
fn no_vendor_is_named_in_hand_written_rust() {
    let mut files = vec![PathBuf::from("build.rs")];
    rust_files(Path::new("src"), &mut files);
    rust_files(Path::new("closecodes-build/src"), &mut files);
    let mut names: Vec<String> = Vec::new();
    for vendor in Vendor::ALL.iter().filter(|v| !v.is_standard()) {
        names.push(vendor.id().to_owned());
        names.push(vendor.id().replace('-', "_"));
        names.push(format!("{vendor:?}"));
        names.push(vendor.name().to_owned());
    }
    let mut offenders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for name in &names {
                if contains_word(line, name) {
                    offenders.push(format!("{}:{}: {name}", file.display(), number + 1));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "vendors named in Rust code:\n{}",
        offenders.join("\n")
    );
    assert!(files.len() > 10, "the scan found the sources");
}

#[test]
fn the_scan_would_catch_a_vendor_name() {
    assert!(contains_word("if vendor == \"metered\" {", "metered"));
    assert!(contains_word("Vendor::Metered => 1,", "Metered"));
    assert!(!contains_word("let unmetered = 1;", "metered"));
}
