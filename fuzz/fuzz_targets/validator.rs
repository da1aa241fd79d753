//! Arbitrary bytes as a `codes/*.toml` file next to the standard one: the data compiler must
//! answer with diagnostics or with Rust that parses, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../build/mod.rs"]
mod compiler;

use compiler::SourceFile;

const STANDARD: &str = include_str!("../../codes/rfc6455.toml");

fuzz_target!(|data: &[u8]| {
    let files = [
        SourceFile {
            path: "codes/rfc6455.toml".into(),
            text: STANDARD.into(),
        },
        SourceFile {
            path: "codes/fuzzed.toml".into(),
            text: String::from_utf8_lossy(data).into_owned(),
        },
    ];
    match compiler::compile(&files) {
        Ok(generated) => {
            assert!(syn::parse_file(&generated.registry).is_ok(), "generated Rust does not parse");
            assert!(syn::parse_file(&generated.codes).is_ok(), "generated Rust does not parse");
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            let report = compiler::render_all(&errors, &files);
            assert!(report.contains("error"));
        }
    }
});
