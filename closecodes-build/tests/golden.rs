//! The golden fixture (as prost-build keeps them): a small registry whose every schema key
//! appears once, and the code generated from it, checked in beside it under `expected/`. Any
//! change to code generation shows up as a diff of those files, to be read and committed.
//!
//! After an intended change, bless the new output with
//! `UPDATE_EXPECT=1 cargo test -p closecodes-build --test golden`, then review `git diff`.

use std::path::Path;

use closecodes_build::{SourceFile, compile, toml_files};

#[test]
fn the_fixture_generates_exactly_the_expected_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acme");
    let files: Vec<SourceFile> = toml_files(&dir.join("codes"))
        .unwrap()
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            SourceFile::new(
                format!("codes/{name}"),
                std::fs::read_to_string(path).unwrap(),
            )
        })
        .collect();
    let generated = compile(&files).unwrap_or_else(|errors| {
        panic!("{}", closecodes_build::render_all(&errors, &files));
    });
    for (name, source) in generated.files() {
        expect_test::expect_file![dir.join("expected").join(name)].assert_eq(source);
    }
}
