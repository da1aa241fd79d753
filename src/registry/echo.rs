//! [`Echo`]: a caller's input, copied into an error so the error owns it.

use core::fmt;

/// Up to [`Echo::CAPACITY`] bytes of a string, cut at a character boundary.
///
/// Errors keep the input they refuse so that their message can show it, yet stay `'static`,
/// `Copy` and free of allocation (the crate works without an allocator). Ids, names and flags
/// are far shorter than the capacity; a longer input is shown cut, with `…`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Echo {
    bytes: [u8; Echo::CAPACITY],
    len: u8,
    cut: bool,
}

impl Echo {
    /// How many bytes are kept.
    pub(crate) const CAPACITY: usize = 64;

    pub(crate) fn new(text: &str) -> Echo {
        let mut len = text.len().min(Echo::CAPACITY);
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0; Echo::CAPACITY];
        bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
        Echo {
            bytes,
            // `len` is at most `CAPACITY`, which fits.
            len: len as u8,
            cut: len < text.len(),
        }
    }

    /// The kept text: the whole input, or its start when it was longer than the capacity.
    pub(crate) fn as_str(&self) -> &str {
        // The bytes were copied from a `str` up to a character boundary.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

/// The text in quotes, with `…` after a cut one.
impl fmt::Display for Echo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ellipsis = if self.cut { "…" } else { "" };
        write!(f, "\"{}{ellipsis}\"", self.as_str())
    }
}

impl fmt::Debug for Echo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}
