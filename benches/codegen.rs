//! The data compiler (parse, validate, generate, format) on the shipped registry and on a
//! synthetic one of 100 vendors × 100 codes. Target: under 1 s for 10 000 rows.
//!
//! Run: `cargo bench --bench codegen`.

use criterion::{Criterion, criterion_group, criterion_main};

use closecodes_build::{self as compiler, SourceFile, synthetic};

fn shipped() -> Vec<SourceFile> {
    compiler::toml_files(std::path::Path::new("codes"))
        .unwrap()
        .iter()
        .map(|path| {
            SourceFile::new(
                path.to_string_lossy(),
                std::fs::read_to_string(path).unwrap(),
            )
        })
        .collect()
}

fn synthetic(vendors: usize, codes: usize) -> Vec<SourceFile> {
    let metered = std::fs::read_to_string("codes/metered.toml").unwrap();
    let mut files: Vec<SourceFile> =
        synthetic::registry(vendors, codes, ("metered.toml", &metered))
            .into_iter()
            .map(|(name, text)| SourceFile::new(format!("codes/{name}"), text))
            .collect();
    files.push(SourceFile::new(
        "codes/rfc6455.toml",
        std::fs::read_to_string("codes/rfc6455.toml").unwrap(),
    ));
    files
}

fn codegen(c: &mut Criterion) {
    let small = shipped();
    let large = synthetic(100, 100);
    let rows: usize = large
        .iter()
        .map(|f| f.text.matches("[[code]]").count())
        .sum();
    assert!(rows >= 10_000, "{rows} rows");
    assert!(
        compiler::compile(&large).is_ok(),
        "the synthetic registry is valid"
    );
    let mut group = c.benchmark_group("codegen");
    group.sample_size(10);
    group.bench_function("shipped", |b| {
        b.iter(|| {
            compiler::compile(std::hint::black_box(&small))
                .unwrap()
                .codes
                .len()
        })
    });
    group.bench_function("10000_rows", |b| {
        b.iter(|| {
            compiler::compile(std::hint::black_box(&large))
                .unwrap()
                .codes
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, codegen);
criterion_main!(benches);
