//! Checks that span several files: the registry as a whole.

use crate::compiler::diagnostic::{Diagnostic, SourceFile};
use crate::compiler::model::{Registry, VendorSpec};

/// Orders the vendors (standard first, then by id) and checks what no single file can:
/// unique ids and Rust names, and exactly one standard file. Pushes every mistake to `errors`.
pub fn check_registry(
    mut vendors: Vec<VendorSpec>,
    files: &[SourceFile],
    errors: &mut Vec<Diagnostic>,
) -> Option<Registry> {
    let before = errors.len();
    vendors.sort_by(|a, b| b.standard.cmp(&a.standard).then_with(|| a.id.cmp(&b.id)));
    for (i, vendor) in vendors.iter().enumerate() {
        let clash = vendors[..i].iter().find(|earlier| {
            earlier.id == vendor.id
                || earlier.variant == vendor.variant
                || earlier.module == vendor.module
                || earlier.folded_id == vendor.folded_id
        });
        if let Some(earlier) = clash {
            let earlier_path = &files[earlier.file].path;
            errors.push(
                Diagnostic::at(
                    &files[vendor.file],
                    vendor.id_span.clone(),
                    "vendor.id",
                    format!(
                        "vendor id \"{}\" clashes with \"{}\" in {earlier_path}: ids must differ in more than case and punctuation",
                        vendor.id, earlier.id
                    ),
                )
                .help("give one of the vendors another id (and file name)"),
            );
        }
    }
    let standards: Vec<&VendorSpec> = vendors.iter().filter(|v| v.standard).collect();
    match standards.as_slice() {
        [_] => {}
        [] => errors.push(
            Diagnostic::global(
                "vendor.standard",
                "no file declares `standard = true`, so codes a vendor does not list have nothing to fall back on",
            )
            .help("keep the shipped codes/rfc6455.toml, which describes the standard codes"),
        ),
        [first, rest @ ..] => {
            for extra in rest {
                errors.push(
                    Diagnostic::at(
                        &files[extra.file],
                        extra.id_span.clone(),
                        "vendor.standard",
                        format!(
                            "a second file declares `standard = true` (the first is {})",
                            files[first.file].path
                        ),
                    )
                    .help("only the file describing RFC 6455 and the IANA registry is the standard; remove `standard = true` here"),
                );
            }
        }
    }
    (errors.len() == before).then_some(Registry { vendors })
}
