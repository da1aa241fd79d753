//! Folding of names and ids for lookups that ignore case and punctuation.
//!
//! This one file is compiled twice: into the library, and into the build script (which folds
//! every name to build the perfect-hash tables), so both sides always fold the same way.

/// The bytes of `text` folded: ASCII letters lower-cased, ASCII digits kept, other ASCII bytes
/// (spaces, `_`, `-`, `/`, …) dropped, non-ASCII bytes kept as they are.
///
/// Whole UTF-8 sequences are kept or dropped together, so the result is always valid UTF-8.
pub(crate) fn folded_bytes(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes()
        .filter(|b| !b.is_ascii() || b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_lowercase())
}

/// Folds `text` into `buf` without allocating; `None` when the folded text does not fit.
#[allow(dead_code)] // The build script folds into a `String` instead.
pub(crate) fn fold_into<'b>(text: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let mut len = 0;
    for byte in folded_bytes(text) {
        *buf.get_mut(len)? = byte;
        len += 1;
    }
    core::str::from_utf8(buf.get(..len)?).ok()
}
