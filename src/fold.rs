//! Folding of names and ids for lookups that ignore case and punctuation.
//!
//! This one file is compiled twice: into the library, and into the build script (which folds
//! every name to generate the lookup tables), so both sides always fold the same way.

/// What each byte folds to: ASCII letters lower-cased, ASCII digits and non-ASCII bytes kept,
/// every other ASCII byte (spaces, `_`, `-`, `/`, …) dropped (0).
///
/// Whole UTF-8 sequences are kept together, so folding valid UTF-8 gives valid UTF-8.
const FOLD: [u8; 256] = {
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

/// The bytes of `text`, folded.
#[allow(dead_code)] // Used by the build script; the library folds into a buffer instead.
pub(crate) fn folded_bytes(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes()
        .map(|b| FOLD[usize::from(b)])
        .filter(|&b| b != 0)
}

/// Folds `text` into `buf` without allocating; `None` when the folded text does not fit.
pub(crate) fn fold_into<'b>(text: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut len = 0;
    for &byte in text.as_bytes() {
        let folded = FOLD[usize::from(byte)];
        // Write unconditionally and advance only for kept bytes: no branch on the input's
        // punctuation, which a processor cannot predict.
        *buf.get_mut(len)? = folded;
        len += usize::from(folded != 0);
    }
    buf.get(..len)
}
