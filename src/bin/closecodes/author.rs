//! For people writing their own vendor files: `check` runs the build's own compiler on them,
//! together with the crate's files, and `new` prints a template to start from.

use std::io::Write;
use std::path::{Path, PathBuf};

use closecodes_build::SourceFile;

use crate::Failure;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/sources.rs"));
}

/// Checks the files and directories in `paths` (every `*.toml` of a directory) with the crate's
/// own files, as the build would with `CLOSECODES_EXTRA_CODES` naming them. Mistakes go to
/// `report`, rendered exactly as the build renders them.
pub(crate) fn check(
    paths: &[PathBuf],
    out: &mut Vec<u8>,
    report: &mut Vec<u8>,
) -> Result<(), Failure> {
    let builtin: Vec<SourceFile> = builtin::BUILTIN
        .iter()
        .map(|(path, text)| SourceFile::new(*path, *text))
        .collect();
    let mut extra = Vec::new();
    for path in paths {
        if path.is_dir() {
            let files = closecodes_build::toml_files(path)
                .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
            for file in files {
                extra.push(read(&file)?);
            }
        } else {
            extra.push(read(path)?);
        }
    }
    if extra.is_empty() {
        return Err(Failure::usage(
            "no .toml files to check; name files or directories, e.g. `closecodes check codes/`",
        ));
    }
    match closecodes_build::check_with_extra(&builtin, &extra) {
        Ok(registry) => {
            let files = extra.len();
            let new_vendors = registry
                .vendors
                .iter()
                .filter(|v| v.file >= builtin.len())
                .count();
            let _ = writeln!(
                out,
                "ok: {files} file{} checked with the {} built-in ones; {new_vendors} new vendor{}",
                if files == 1 { "" } else { "s" },
                builtin.len(),
                if new_vendors == 1 { "" } else { "s" },
            );
            Ok(())
        }
        Err(errors) => {
            let files: Vec<SourceFile> = builtin.iter().chain(&extra).cloned().collect();
            let _ = writeln!(report, "{}", closecodes_build::render_all(&errors, &files));
            Err(Failure::quiet(1))
        }
    }
}

fn read(path: &Path) -> Result<SourceFile, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
    Ok(SourceFile::new(
        path.to_string_lossy().replace('\\', "/"),
        text,
    ))
}

/// A commented template for a new vendor file with this id.
pub(crate) fn template(id: &str) -> Result<String, Failure> {
    // The compiler's own rule, so that a template it accepts is one `check` accepts.
    if !closecodes_build::naming::is_vendor_id(id) {
        return Err(Failure::usage(format!(
            "\"{id}\" is not a vendor id: use lower-case words of letters and digits joined by hyphens, e.g. `acme-push`"
        )));
    }
    Ok(TEMPLATE.replace("{id}", id))
}

const TEMPLATE: &str = r#"# Close codes of a service, for closecodes. Save this as `{id}.toml` (the file name is the id),
# fill it in from the service's documentation, and check it with `closecodes check {id}.toml`.
# Every key is described in closecodes' codes/README.md.

[vendor]
id = "{id}"
name = "The service's name"
source = "https://example.com/docs/close-codes"   # the page the codes come from
verified = "2026-01-01"                           # the day you checked the file against it

# What to do after any code the service does not list (optional).
# [vendor.default]
# action = "backoff"
# meaning = "Any other close is transient."

# The reconnect backoff the service documents (optional; leave out what it does not say).
# [vendor.backoff]
# initial_ms = 1000
# max_ms = 30000

# The service's ready event, after which a connection counts as established (optional).
# [vendor.session]
# ready = "the welcome message"

# One table per close code. `action` is one of: done, reconnect, backoff, retry_after,
# retry_later, reauthenticate, stop. Where the service does not say what to do, write your
# best guess and mark it `inferred = true`, with a `note` saying why.
[[code]]
code = 4000
name = "Example Code"
meaning = "One sentence, in your own words, on what the code means."
action = "stop"
"#;
