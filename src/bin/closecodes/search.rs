//! `closecodes search`: rows whose text has every word asked, however names are written.

use std::io::Write;

use closecodes::Vendor;

use crate::answers::Row;
use crate::human::Style;
use crate::{Failure, export, human};

/// `search WORDS…`: the rows of `vendors` whose name, meaning or note has every word; the notes
/// that made a row match are shown, since the table does not show notes.
pub(crate) fn run(
    out: &mut Vec<u8>,
    style: Style,
    asked: &[String],
    vendors: &[Vendor],
    json: bool,
) -> Result<(), Failure> {
    let text = asked.join(" ");
    let words = words_of(&text);
    if words.is_empty() {
        return Err(Failure::usage(
            "the search text is empty; give a word to look for, e.g. `closecodes search token`",
        ));
    }
    let rows: Vec<Row> = vendors
        .iter()
        .flat_map(|v| Row::of(*v))
        .filter(|row| {
            let text = format!(
                "{} {} {}",
                row.name(),
                row.meaning(),
                row.note().unwrap_or("")
            );
            matches(&words, &text)
        })
        .collect();
    if rows.is_empty() {
        if json {
            export::rows_json(out, &rows);
        }
        return Err(Failure::not_found(format!(
            "no row's name, meaning or note has all of \"{text}\""
        )));
    }
    if json {
        export::rows_json(out, &rows);
        return Ok(());
    }
    human::rows(out, style, &rows);
    let by_note: Vec<&Row> = rows
        .iter()
        .filter(|row| !matches(&words, &format!("{} {}", row.name(), row.meaning())))
        .collect();
    if !by_note.is_empty() {
        let _ = writeln!(out, "\nFound in the notes:");
        for row in by_note {
            let _ = writeln!(
                out,
                "  {:<18} {:<5} {}",
                row.vendor().id(),
                row.codes(),
                row.note().unwrap_or_default()
            );
        }
    }
    Ok(())
}

/// `text` as lower-case words: punctuation and underscores split words, and so does a capital
/// after a small letter (`TooManyRequests` is "too many requests").
pub(crate) fn words_of(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && previous_lower {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
            word.extend(c.to_lowercase());
        } else {
            previous_lower = false;
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether every query word starts a word of `text`, or starts a run of its words written
/// together: "rate limit" and "ratelimited" both find `RateLimited`; "rate" does not find
/// "separate".
pub(crate) fn matches(query: &[String], text: &str) -> bool {
    let words = words_of(text);
    query.iter().all(|wanted| {
        (0..words.len()).any(|start| {
            let mut run = String::new();
            for word in &words[start..] {
                run.push_str(word);
                if run.starts_with(wanted.as_str()) {
                    return true;
                }
                if !wanted.starts_with(run.as_str()) {
                    return false;
                }
            }
            false
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Vec<String> {
        words_of(text)
    }

    #[test]
    fn names_however_written() {
        for asked in [
            "rate limit",
            "RATE-limit",
            "ratelimited",
            "rate_limited",
            "Rate",
        ] {
            assert!(matches(&query(asked), "RateLimited"), "{asked}");
        }
        assert!(matches(&query("too many"), "TooManyInitialisationRequests"));
    }

    #[test]
    fn words_start_where_the_text_starts_a_word() {
        assert!(!matches(&query("rate"), "separate accurate"));
        assert!(!matches(&query("rate banana"), "RateLimited"));
        assert!(!matches(&query("limitedrate"), "RateLimited"));
    }
}
