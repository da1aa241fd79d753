//! `closecodes explain`: what codes (or HTTP refusals) mean, to every vendor or to one.

use std::io::Write;

use closecodes::{Answer, Entry, Vendor};

use crate::answers::StatusAnswer;
use crate::human::Style;
use crate::{Failure, export, human};

/// `explain CODE…`: each code's answers, as tables or JSON Lines.
pub(crate) fn codes(
    out: &mut Vec<u8>,
    report: &mut Vec<u8>,
    style: Style,
    args: &[String],
    vendor: Option<Vendor>,
    json: bool,
) -> Result<(), Failure> {
    let Asked {
        codes,
        ambiguous,
        unknown,
    } = codes_asked(&words(args)?, vendor)?;
    for line in ambiguous {
        // Beside JSON, on standard error, so that standard output stays one object a line.
        if json {
            let _ = writeln!(report, "note: {line}");
        } else {
            let _ = writeln!(out, "{line}\n");
        }
    }
    let mut missing = Vec::new();
    for (i, &code) in codes.iter().enumerate() {
        // One vendor: its answer, default included, as the policy would act on it.
        // Every vendor: each one's own row or range for the code.
        let answers: Vec<Answer> = match vendor {
            Some(vendor) => vendor.answer(code).into_iter().collect(),
            None => closecodes::explain(code).collect(),
        };
        if json {
            export::explain_json(out, code, &answers);
        } else {
            if i > 0 {
                out.push(b'\n');
            }
            human::explain(out, style, code, vendor, &answers);
            if let (Some(vendor), true) = (vendor, answers.is_empty()) {
                human::unlisted_code(out, code, vendor);
            }
        }
        if answers.is_empty() {
            missing.push(code.to_string());
        }
    }
    let mut errors: Vec<String> = unknown
        .iter()
        .map(|name| {
            format!(
                "no close code is named \"{name}\"; `closecodes search {}` looks for its words \
                 in names, meanings and notes",
                shell_quoted(name)
            )
        })
        .collect();
    if !missing.is_empty() {
        errors.push(missing_codes(&missing, vendor));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        // One failure, one `error:` line per problem.
        Err(Failure::not_found(errors.join("\nerror: ")))
    }
}

/// The error for codes that neither the vendor asked about (or any vendor) nor the standard
/// define.
fn missing_codes(missing: &[String], vendor: Option<Vendor>) -> String {
    let codes = if missing.len() == 1 {
        "close code"
    } else {
        "close codes"
    };
    let whom = match vendor {
        None => "no vendor in the registry defines".to_owned(),
        Some(v) if v.is_standard() => "the standard does not define".to_owned(),
        Some(v) => format!("neither {v} nor the standard defines"),
    };
    format!("{whom} {codes} {}", missing.join(", "))
}

/// `explain --status STATUS…`: what each vendor does with an HTTP status that refused the
/// upgrade.
pub(crate) fn statuses(
    out: &mut Vec<u8>,
    args: &[String],
    vendor: Option<Vendor>,
    json: bool,
) -> Result<(), Failure> {
    let mut statuses = Vec::new();
    for word in words(args)? {
        let status = word
            .parse::<u16>()
            .ok()
            .filter(|s| (100..=599).contains(s))
            .ok_or_else(|| {
                Failure::usage(format!(
                    "{word} is not an HTTP status: give a number from 100 to 599, such as 429"
                ))
            })?;
        if !statuses.contains(&status) {
            statuses.push(status);
        }
    }
    let mut missing = Vec::new();
    for (i, &status) in statuses.iter().enumerate() {
        // One vendor: its answer. Every vendor: each one that lists the status, else the
        // standard's answer.
        let vendors: Vec<Vendor> = match vendor {
            Some(vendor) => vec![vendor],
            None => {
                let listing: Vec<Vendor> = Vendor::ALL
                    .iter()
                    .copied()
                    .filter(|v| v.handshake_status(status).is_some())
                    .collect();
                if listing.is_empty() {
                    vec![Vendor::standard()]
                } else {
                    listing
                }
            }
        };
        let answers: Vec<StatusAnswer> = vendors
            .iter()
            .map(|&vendor| StatusAnswer::of(vendor, status))
            .collect();
        if json {
            export::status_json(out, status, &answers);
        } else {
            if i > 0 {
                out.push(b'\n');
            }
            human::status(out, status, &answers);
        }
        if answers.iter().any(|answer| answer.row.is_none()) {
            missing.push(status.to_string());
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let whom = match vendor {
        None => "no vendor lists".to_owned(),
        Some(v) if v.is_standard() => "the standard does not list".to_owned(),
        Some(v) => format!("neither {v} nor the standard lists"),
    };
    Err(Failure::not_found(format!(
        "{whom} HTTP {}",
        missing.join(", ")
    )))
}

/// `explain --vendor ID --message TEXT`: the signal a server's message is, by the vendor's
/// `[[message]]` rows.
pub(crate) fn message(
    out: &mut Vec<u8>,
    vendor: Vendor,
    text: &str,
    json: bool,
) -> Result<(), Failure> {
    let reading = vendor.read_text(text, false);
    let Some(message) = reading.signal else {
        let what = match reading.matched.first() {
            Some(row) if row.is_ready() => {
                format!(
                    "it is {vendor}'s ready event ({}), not a signal",
                    row.name()
                )
            }
            Some(row) => match row.meaning() {
                Some(meaning) => format!(
                    "it is {vendor}'s {} message, not a signal ({})",
                    row.name(),
                    meaning.trim_end_matches('.')
                ),
                None => format!("it is {vendor}'s {} message, not a signal", row.name()),
            },
            None => format!("no message in {vendor}'s data matches it"),
        };
        return Err(Failure::not_found(format!(
            "{what}; `closecodes vendor {vendor}` lists its messages"
        )));
    };
    let Some(signal) = message.signal() else {
        return Err(Failure::not_found("no signal"));
    };
    if json {
        export::signal_json(out, vendor, message, signal, &reading);
    } else {
        human::signal(out, vendor, message, signal, &reading);
    }
    Ok(())
}

/// The words asked about: the arguments, with `-` replaced by standard input (one word a line,
/// or several separated by commas); surrounding white space trimmed, blanks dropped.
fn words(args: &[String]) -> Result<Vec<String>, Failure> {
    let mut words: Vec<String> = Vec::new();
    for arg in args {
        if arg.trim() == "-" {
            let mut input = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
                .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
            words.extend(input.split([',', '\n']).map(str::to_owned));
        } else {
            words.push(arg.clone());
        }
    }
    let words: Vec<String> = words
        .iter()
        .map(|w| w.trim().to_owned())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Err(Failure::usage(
            "nothing to explain; e.g. `closecodes explain 4429`",
        ));
    }
    Ok(words)
}

/// What `explain`'s words asked for.
struct Asked {
    /// The codes, each once, in the order asked.
    codes: Vec<u16>,
    /// A line for each name that vendors give to different codes.
    ambiguous: Vec<String>,
    /// The names no row has.
    unknown: Vec<String>,
}

/// The codes `explain` was asked about, each once: numbers, and code names (folded, as the
/// library folds them). Also a line for each name that vendors give to different codes, and
/// the names no row has.
fn codes_asked(words: &[String], vendor: Option<Vendor>) -> Result<Asked, Failure> {
    let mut codes = Vec::new();
    let mut ambiguous = Vec::new();
    let mut unknown = Vec::new();
    let mut add = |code: u16| {
        if !codes.contains(&code) {
            codes.push(code);
        }
    };
    for word in words {
        if let Ok(code) = word.parse::<u16>() {
            add(code);
            continue;
        }
        if word.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Failure::usage(format!(
                "{word} is not a close code: codes run from 0 to 65535"
            )));
        }
        let vendors: Vec<Vendor> = match vendor {
            Some(vendor) => vec![vendor],
            None => Vendor::ALL.to_vec(),
        };
        let found: Vec<&Entry> = vendors.iter().filter_map(|v| v.get_by_name(word)).collect();
        if found.is_empty() {
            unknown.push(word.clone());
            continue;
        }
        let mut distinct: Vec<u16> = found.iter().map(|e| e.code()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() > 1 {
            // "3000 (rfc6455), 4401 (graphql-ws, hocuspocus)": each code once, with its vendors.
            let each: Vec<String> = distinct
                .iter()
                .map(|&code| {
                    let vendors: Vec<&str> = found
                        .iter()
                        .filter(|e| e.code() == code)
                        .map(|e| e.vendor().id())
                        .collect();
                    format!("{code} ({})", vendors.join(", "))
                })
                .collect();
            ambiguous.push(format!(
                "\"{word}\" names {} codes: {}",
                distinct.len(),
                each.join(", ")
            ));
        }
        distinct.iter().for_each(|&code| add(code));
    }
    Ok(Asked {
        codes,
        ambiguous,
        unknown,
    })
}

/// `text` as one shell word: as it is when it holds only letters, digits, spaces (the search
/// takes several words) and `-_.`; else in single quotes.
fn shell_quoted(text: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.');
    if text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
