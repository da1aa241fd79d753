//! Arbitrary bytes as a `codes/*.toml` file next to the standard one: the data compiler must
//! answer with diagnostics or with Rust that parses, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

use closecodes_build::{self as compiler, SourceFile};

const STANDARD: &str = include_str!("../../codes/rfc6455.toml");

fuzz_target!(|data: &[u8]| {
    let files = [
        SourceFile::new("codes/rfc6455.toml", STANDARD),
        SourceFile::new("codes/fuzzed.toml", String::from_utf8_lossy(data)),
    ];
    match compiler::compile(&files) {
        Ok(generated) => {
            for (name, source) in generated.files() {
                assert!(syn::parse_file(source).is_ok(), "generated {name} does not parse");
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            let report = compiler::render_all(&errors, &files);
            assert!(report.contains("error"));
        }
    }
});
