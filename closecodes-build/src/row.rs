//! What `schema` and `rules` both know about a row while a file is read: the `[vendor]` facts
//! a row is checked against, and what identifies a row for duplicate checks. It sits below
//! both so that `schema` can call the rules without the rules reaching back into the schema.

use std::ops::Range;

/// What rows need to know about their file's `[vendor]` table, once it was read.
pub(crate) struct RowContext {
    /// Whether the file is the standard's (which may describe 1004).
    pub(crate) standard: bool,
    /// The vendor's `source`, for rows without their own.
    pub(crate) source: String,
    /// The declared flags, in order: a flag's position is its index.
    pub(crate) flags: Vec<String>,
}

/// What identifies a row (its code, its name and the Rust variant it becomes), with places,
/// for messages about duplicates.
pub(crate) struct RowIdentity {
    pub(crate) path: String,
    pub(crate) code: Option<(u16, Range<usize>)>,
    pub(crate) name: Option<((String, Range<usize>), String)>,
}
