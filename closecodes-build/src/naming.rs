//! How data names become Rust names, and the rules those names must follow.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's strict and reserved keywords (2024 edition), which no generated name may be.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// What each byte folds to in case- and punctuation-insensitive lookups: ASCII letters
/// lower-cased, ASCII digits and non-ASCII bytes kept, every other ASCII byte (spaces, `_`, `-`,
/// `/`, …) dropped (0). Whole UTF-8 sequences are kept together, so folding valid UTF-8 gives
/// valid UTF-8.
///
/// The generated code carries this table to the library, so the keys folded here and the
/// input the library folds at run time always fold alike.
pub const FOLD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let byte = i as u8;
        table[i] = if !byte.is_ascii() || byte.is_ascii_digit() {
            byte
        } else if byte.is_ascii_alphabetic() {
            byte.to_ascii_lowercase()
        } else {
            0
        };
        i += 1;
    }
    table
};

/// Folds a name or id the way the library's case- and punctuation-insensitive lookups do.
pub fn folded(text: &str) -> String {
    let bytes: Vec<u8> = text
        .bytes()
        .map(|b| FOLD[usize::from(b)])
        .filter(|&b| b != 0)
        .collect();
    // Only ASCII bytes are dropped or changed, so the bytes stay UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Whether `name` is ASCII words of lower-case letters and digits, starting with a letter,
/// joined by single `separator`s: kebab-case with `-`, snake_case with `_`.
pub(crate) fn is_lower_case_words(name: &str, separator: char) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split(separator).all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Whether `id` is a valid vendor id: kebab-case, lower-case ASCII words of letters and digits
/// joined by single hyphens, starting with a letter (a file's `id` must also equal its name).
pub fn is_vendor_id(id: &str) -> bool {
    is_lower_case_words(id, '-')
}

/// The `UpperCamelCase` type or variant name for a data name, or why there can be none.
pub fn type_name(name: &str) -> Result<String, String> {
    checked_ident(name.to_upper_camel_case())
}

/// The `snake_case` module name for a vendor id, or why there can be none.
pub fn module_name(id: &str) -> Result<String, String> {
    checked_ident(id.to_snake_case())
}

fn checked_ident(ident: String) -> Result<String, String> {
    if ident.is_empty() {
        return Err("it has no letters or digits to build a Rust name from".into());
    }
    if !ident
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(format!("its Rust name `{ident}` would not be plain ASCII"));
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!("its Rust name `{ident}` would start with a digit"));
    }
    if KEYWORDS.contains(&ident.as_str()) {
        return Err(format!("its Rust name `{ident}` is a Rust keyword"));
    }
    Ok(ident)
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|&(distance, c)| distance <= (c.len() / 3).max(2))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_ascii_punctuation_and_case_and_keeps_the_rest() {
        assert_eq!(folded("Over Concurrent Limit"), "overconcurrentlimit");
        assert_eq!(folded("NOT_LIVE"), "notlive");
        assert_eq!(folded("acme-stream"), "acmestream");
        assert_eq!(folded("Quota / rate-limit 429"), "quotaratelimit429");
        // Non-ASCII bytes are kept whole, so the result is still the same UTF-8 text.
        assert_eq!(folded("Café-Crème"), "cafécrème");
        assert_eq!(folded(" _-/ "), "");
    }

    #[test]
    fn names_become_rust_items_or_say_why_not() {
        assert_eq!(
            type_name("Over Concurrent Limit").as_deref(),
            Ok("OverConcurrentLimit")
        );
        assert_eq!(type_name("NOT_LIVE").as_deref(), Ok("NotLive"));
        assert_eq!(module_name("acme-stream").as_deref(), Ok("acme_stream"));
        assert!(type_name("self").unwrap_err().contains("keyword"));
        assert!(type_name("4xx").unwrap_err().contains("start with a digit"));
        assert!(
            type_name("---")
                .unwrap_err()
                .contains("no letters or digits")
        );
        assert!(type_name("Café").unwrap_err().contains("plain ASCII"));
    }

    #[test]
    fn suggestions_are_close_words_only() {
        let actions = ["backoff", "reconnect", "stop"];
        assert_eq!(suggest("bakoff", actions), Some("backoff"));
        assert_eq!(suggest("stpo", actions), Some("stop"));
        assert_eq!(suggest("refresh", actions), None);
    }
}
