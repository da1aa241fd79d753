//! Output for machines and documents: JSON, Markdown and CSV.
//!
//! The JSON forms are a stable contract: every row is `closecodes::Entry` serialized with its
//! documented field names (`vendor`, `code`, `last_code`, `name`, `meaning`, `action`, `source`,
//! `inferred`, `note`, `retry_limit`, `flag_rule`, `sendable`, `range`); a range rule's `code` is
//! its first code and `last_code` its last.

use std::io::Write;

use closecodes::{Answer, CodeRange, Entry, Vendor};
use serde_json::json;

fn write_json(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    // Serializing the registry's own types into memory cannot fail.
    let _ = serde_json::to_writer_pretty(&mut *out, value);
    out.push(b'\n');
}

pub(crate) fn entries_json(out: &mut Vec<u8>, entries: &[&Entry]) {
    write_json(out, &entries);
}

/// The answers for one code: each says where it comes from and speaks about that code.
pub(crate) fn explain_json(out: &mut Vec<u8>, code: u16, answers: &[Answer]) {
    write_json(
        out,
        &json!({
            "code": code,
            "range": CodeRange::of(code),
            "sendable": closecodes::is_sendable(code),
            "entries": answers,
        }),
    );
}

pub(crate) fn vendors_json(out: &mut Vec<u8>) {
    let vendors: Vec<_> = Vendor::ALL
        .iter()
        .map(|v| {
            json!({
                "id": v.id(),
                "name": v.name(),
                "source": v.source(),
                "standard": v.is_standard(),
                "verified": v.verified(),
                "codes": v.codes().len(),
            })
        })
        .collect();
    write_json(out, &vendors);
}

/// The Markdown reference (`docs/codes.md`): one section per vendor.
pub(crate) fn markdown(out: &mut Vec<u8>, vendors: &[Vendor]) {
    let _ = writeln!(out, "# WebSocket close codes\n");
    let _ = writeln!(
        out,
        "Generated from `codes/*.toml` by `cargo run --features cli -- export --format markdown > docs/codes.md`. \
         Do not edit by hand.\n\nActions marked * are inferred: the vendor does not state them."
    );
    for &vendor in vendors {
        let _ = writeln!(out, "\n## {} (`{}`)\n", vendor.name(), vendor.id());
        let _ = writeln!(out, "Source: <{}>\n", vendor.source());
        if let Some(note) = vendor.note() {
            let _ = writeln!(out, "{}\n", cell(note));
        }
        if let Some(rule) = vendor.default_rule() {
            let _ = writeln!(
                out,
                "Codes not listed: **{}**. {}\n",
                rule.action(),
                cell(rule.meaning())
            );
        }
        let _ = writeln!(out, "| Code | Name | Action | Meaning |");
        let _ = writeln!(out, "|---:|---|---|---|");
        for entry in crate::rows(vendor) {
            let marker = if entry.is_inferred() { "*" } else { "" };
            let _ = writeln!(
                out,
                "| {} | {} | {}{marker} | {} |",
                crate::human::codes(entry),
                cell(entry.name()),
                entry.action(),
                cell(entry.meaning())
            );
        }
    }
}

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

/// Every row as CSV: the JSON export's fields, in its order, one column each (a flag rule as
/// `flag:action`, a delay window as `low-high`, null as an empty cell).
pub(crate) fn csv(out: &mut Vec<u8>, vendors: &[Vendor]) {
    let mut writer = csv::Writer::from_writer(&mut *out);
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = vendors
        .iter()
        .flat_map(|v| crate::rows(*v))
        .filter_map(|entry| match serde_json::to_value(entry) {
            Ok(serde_json::Value::Object(fields)) => Some(fields),
            _ => None,
        })
        .collect();
    if let Some(first) = rows.first() {
        let _ = writer.write_record(first.keys());
    }
    for fields in &rows {
        let _ = writer.write_record(fields.values().map(cell_text));
    }
    let _ = writer.flush();
}

/// One JSON value as a CSV cell.
fn cell_text(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join("-"),
        Value::Object(fields) => fields
            .values()
            .filter(|v| !v.is_boolean())
            .map(cell_text)
            .collect::<Vec<_>>()
            .join(":"),
        other => other.to_string(),
    }
}
