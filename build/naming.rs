//! How data names become Rust names, and the rules those names must follow.

use heck::{ToSnakeCase, ToUpperCamelCase};

#[allow(dead_code)] // The library half of the file is not used here.
#[path = "../src/fold.rs"]
mod fold;

/// Rust's strict and reserved keywords (2024 edition), which no generated name may be.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Folds a name or id the way the library's case- and punctuation-insensitive lookups do.
pub fn folded(text: &str) -> String {
    String::from_utf8(fold::folded_bytes(text).collect()).unwrap_or_default()
}

/// Whether `id` is kebab-case: lower-case ASCII words of letters and digits joined by single
/// hyphens, starting with a letter.
pub fn is_kebab_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
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
