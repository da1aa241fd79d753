//! Explains a WebSocket close code.
//!
//! ```text
//! cargo run --example explain -- metered 4010   # one vendor's row (or the standard one)
//! cargo run --example explain -- 4003           # every vendor's row for the code
//! ```

use std::process::ExitCode;

use closecodes::{CodeRange, Entry, Vendor};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (vendor, code) = match args.as_slice() {
        [code] => (None, code),
        [vendor, code] => match Vendor::from_id(vendor) {
            Some(vendor) => (Some(vendor), code),
            None => {
                let ids: Vec<&str> = Vendor::ALL.iter().map(|v| v.id()).collect();
                eprintln!(
                    "error: no vendor \"{vendor}\"; known vendors: {}",
                    ids.join(", ")
                );
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!(
                "usage: explain [VENDOR] CODE   e.g. `explain metered 4010` or `explain 4003`"
            );
            return ExitCode::from(2);
        }
    };
    let Ok(code) = code.parse::<u16>() else {
        eprintln!("error: \"{code}\" is not a close code (a number from 0 to 65535)");
        return ExitCode::from(2);
    };
    let sendable = if closecodes::is_sendable(code) {
        "may"
    } else {
        "must not"
    };
    println!(
        "{code}: {} range; it {sendable} be sent in a close frame",
        CodeRange::of(code)
    );
    let rows: Vec<&Entry> = match vendor {
        Some(vendor) => closecodes::lookup(vendor, code).into_iter().collect(),
        None => closecodes::explain(code).collect(),
    };
    if rows.is_empty() {
        println!("No vendor in the registry defines {code}.");
        return ExitCode::from(1);
    }
    for entry in rows {
        print_entry(vendor, entry);
    }
    ExitCode::SUCCESS
}

fn print_entry(asked: Option<Vendor>, entry: &Entry) {
    let fallback = match asked {
        Some(vendor) if vendor != entry.vendor() => {
            format!(" (standard row; {vendor} does not restate it)")
        }
        _ => String::new(),
    };
    println!();
    println!("{} {}{fallback}", entry.vendor(), entry);
    println!("  meaning: {}", entry.meaning());
    let inferred = if entry.is_inferred() {
        " (inferred)"
    } else {
        ""
    };
    println!(
        "  action:  {} ({}){inferred}",
        entry.action(),
        entry.action().description()
    );
    if let Some(limit) = entry.retry_limit() {
        println!("  limit:   at most {limit} reconnect attempt(s)");
    }
    if let Some(rule) = entry.flag_rule() {
        println!("  flag:    {} while `{}` is on", rule.action(), rule.flag());
    }
    if let Some(note) = entry.note() {
        println!("  note:    {note}");
    }
    println!("  source:  {}", entry.source());
}
