//! A synthetic registry for scale measurements: `vendors` files of `codes_per_vendor` rows.
//!
//! The first file is the real `codes/metered.toml` padded with synthetic rows, so that the
//! lookup benchmark (which compares Metered's codes with a hand-written `match`) runs unchanged
//! against the large registry. The standard file is not included; callers add the real one.

const ACTIONS: [&str; 7] = [
    "done",
    "reconnect",
    "backoff",
    "retry_after",
    "retry_later",
    "reauthenticate",
    "stop",
];

/// `(file name, contents)` for each vendor file.
pub fn registry(vendors: usize, codes_per_vendor: usize, metered: &str) -> Vec<(String, String)> {
    let metered_rows = metered.matches("[[code]]").count();
    let mut files = vec![(
        "metered.toml".to_owned(),
        format!(
            "{metered}{}",
            rows(0, codes_per_vendor.saturating_sub(metered_rows), 4100)
        ),
    )];
    for vendor in 1..vendors {
        let header = format!(
            "[vendor]\nid = \"synthetic-{vendor:03}\"\nname = \"Synthetic vendor {vendor}\"\n\
             source = \"https://example.com/synthetic/{vendor}\"\n"
        );
        files.push((
            format!("synthetic-{vendor:03}.toml"),
            header + &rows(vendor, codes_per_vendor, 4000),
        ));
    }
    files
}

/// `count` rows with distinct codes from `first` up (at most 900 of them in the private range).
fn rows(vendor: usize, count: usize, first: usize) -> String {
    let mut text = String::new();
    for i in 0..count {
        let code = first + i;
        let action = ACTIONS[(vendor + i) % ACTIONS.len()];
        text.push_str(&format!(
            "\n[[code]]\ncode = {code}\nname = \"Synthetic Code {i:03}\"\n\
             meaning = \"Synthetic row {i} of vendor {vendor}, for scale measurements.\"\naction = \"{action}\"\n"
        ));
    }
    text
}
