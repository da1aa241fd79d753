//! Output for machines and documents: JSON, Markdown and CSV.
//!
//! The JSON forms are a stable contract: rows are `closecodes::Entry` and answers
//! `closecodes::Answer`, serialized with the field names the crate documents (its "Serialized
//! form" section); a range rule's `code` is its first code and `last_code` its last.

use std::io::Write;

use closecodes::{Answer, CodeRange, Entry, Message, Reading, Signal, Vendor};
use serde_json::json;

use crate::answers::{Row, StatusAnswer};

/// One JSON object on one line (JSON Lines), for output that has one object per input.
fn write_json_line(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    // Serializing the registry's own types into memory cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
    out.push(b'\n');
}

fn write_json(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    // Serializing the registry's own types into memory cannot fail.
    let _ = serde_json::to_writer_pretty(&mut *out, value);
    out.push(b'\n');
}

pub(crate) fn rows_json(out: &mut Vec<u8>, rows: &[Row]) {
    let rows: Vec<serde_json::Value> = rows.iter().map(|row| row.json()).collect();
    write_json(out, &rows);
}

/// The answers for one code: each says where it comes from and speaks about that code.
pub(crate) fn explain_json(out: &mut Vec<u8>, code: u16, answers: &[Answer]) {
    write_json_line(
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

/// One vendor's rules (`closecodes vendor ID --json`): what the text form shows, with the
/// backoff the policy uses (`backoff`) beside what the file documents (`documented_backoff`).
pub(crate) fn vendor_json(out: &mut Vec<u8>, vendor: Vendor) {
    let backoff = closecodes::Backoff::for_vendor(vendor);
    let documented = vendor.backoff();
    let millis = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    let retry_limits: Vec<&Entry> = vendor
        .codes()
        .iter()
        .filter(|e| e.retry_limit().is_some())
        .collect();
    let flags: Vec<_> = vendor
        .flags()
        .iter()
        .map(|f| json!({ "name": f.name(), "meaning": f.meaning() }))
        .collect();
    write_json(
        out,
        &json!({
            "id": vendor.id(),
            "name": vendor.name(),
            "source": vendor.source(),
            "verified": vendor.verified(),
            "note": vendor.note(),
            "default": vendor.default_rule().map(|rule| rule.entry()),
            "backoff": {
                "initial_ms": millis(backoff.initial()),
                "max_ms": millis(backoff.max()),
                "factor": backoff.factor(),
                "jitter": backoff.jitter(),
                "max_attempts": documented.max_attempts(),
            },
            "documented_backoff": {
                "initial_ms": documented.initial_ms(),
                "max_ms": documented.max_ms(),
                "factor": documented.factor(),
                "jitter": documented.jitter(),
                "max_attempts": documented.max_attempts(),
            },
            "session": vendor.session(),
            "messages": vendor.messages(),
            "flags": flags,
            "retry_limits": retry_limits,
            "statuses": vendor.handshake_statuses(),
        }),
    );
}

/// The signal a message is (`explain --vendor ID --message TEXT --json`), on one line.
pub(crate) fn signal_json(
    out: &mut Vec<u8>,
    vendor: Vendor,
    message: &Message,
    signal: &Signal,
    reading: &Reading,
) {
    let millis = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    write_json_line(
        out,
        &json!({
            "vendor": vendor,
            "name": message.name(),
            "action": signal.action(),
            "source": message.source(),
            "meaning": message.meaning(),
            "ends": signal.ends().as_str(),
            "inferred": message.is_inferred(),
            "session": signal.session(),
            "reconnect_to": signal.reconnect_to(),
            "delay_ms": signal.delay(),
            "retry_after_ms": reading.retry_after.map(millis),
            "reconnect_url": reading.reconnect_url,
            "note": message.note(),
        }),
    );
}

/// One HTTP status (`explain --status … --json`), on one line: for each vendor asked, the
/// action a client following the policy takes and the row behind it (the vendor's, the
/// standard's in its stead, or null).
pub(crate) fn status_json(out: &mut Vec<u8>, status: u16, answers: &[StatusAnswer]) {
    let answers: Vec<_> = answers
        .iter()
        .map(|answer| {
            json!({
                "vendor": answer.vendor,
                "action": answer.action,
                "row": answer.row,
            })
        })
        .collect();
    write_json_line(out, &json!({ "status": status, "answers": answers }));
}

/// The Markdown reference (`docs/codes.md`): one section per vendor.
pub(crate) fn markdown(out: &mut Vec<u8>, vendors: &[Vendor]) {
    let _ = writeln!(out, "# WebSocket close codes\n");
    let generated = match vendors {
        [one] if vendors.len() < Vendor::ALL.len() => format!(
            "Generated by `closecodes export --format markdown --vendor {}`.",
            one.id()
        ),
        _ => "Generated from `codes/*.toml` by \
              `cargo run --features cli -- export --format markdown > docs/codes.md`. \
              Do not edit by hand."
            .to_owned(),
    };
    let _ = writeln!(
        out,
        "{generated}\n\nActions marked * are inferred: the vendor does not state them."
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
        for row in Row::of(vendor) {
            let marker = if row.is_inferred() { "*" } else { "" };
            let _ = writeln!(
                out,
                "| {} | {} | {}{marker} | {} |",
                row.codes(),
                cell(row.name()),
                row.action(),
                cell(row.meaning())
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
        .flat_map(|v| Row::of(*v))
        .filter_map(|row| match row.json() {
            serde_json::Value::Object(fields) => Some(fields),
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
