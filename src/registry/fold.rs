//! Folding of names and ids for lookups that ignore case and punctuation.
//!
//! The table comes from the compiler, which folded every name and id in the generated lookups
//! with it, so input folded here always meets keys folded alike.

include!(concat!(env!("OUT_DIR"), "/fold.rs"));

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
