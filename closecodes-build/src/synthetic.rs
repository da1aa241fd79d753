//! A synthetic registry for scale measurements: `vendors` files of `codes_per_vendor` rows.
//!
//! The first file is a real vendor file padded with synthetic rows, so that a benchmark that
//! compares that vendor's codes with a hand-written `match` runs unchanged against the large
//! registry. The standard file is not included; callers add the real one.

use crate::model::Action;

/// `(file name, contents)` for each vendor file: `padded` (a file name and its text, whose own
/// codes must be below 4100) filled up to `codes_per_vendor` rows, then `vendors - 1` others.
pub fn registry(
    vendors: usize,
    codes_per_vendor: usize,
    padded: (&str, &str),
) -> Vec<(String, String)> {
    let (padded_name, padded_text) = padded;
    let padded_rows = padded_text.matches("[[code]]").count();
    let mut files = vec![(
        padded_name.to_owned(),
        format!(
            "{padded_text}{}",
            rows(0, codes_per_vendor.saturating_sub(padded_rows), 4100)
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
        let action = Action::ALL[(vendor + i) % Action::ALL.len()].word();
        text.push_str(&format!(
            "\n[[code]]\ncode = {code}\nname = \"Synthetic Code {i:03}\"\n\
             meaning = \"Synthetic row {i} of vendor {vendor}, for scale measurements.\"\naction = \"{action}\"\n"
        ));
    }
    text
}
