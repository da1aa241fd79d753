//! [`Entry`]: one row of a vendor's close-code table.

use core::fmt;

use crate::{Action, CodeRange, Vendor};

/// One close code as a vendor documents it: a row of `codes/<vendor>.toml`.
///
/// Entries are generated at build time and every lookup hands out `&'static Entry`. Compare
/// entries with `==` (two lookups of the same row may return different addresses: lookups
/// return references to constants so that they cost what a hand-written `match` costs).
///
/// ```
/// use closecodes::{Action, Vendor};
///
/// let entry = Vendor::Metered.get(4010).unwrap();
/// assert_eq!(entry.vendor(), Vendor::Metered);
/// assert_eq!(entry.code(), 4010);
/// assert_eq!(entry.name(), "Over Concurrent Limit");
/// assert_eq!(entry.action(), Action::Backoff);
/// assert!(entry.source().starts_with("https://"));
/// assert_eq!(entry.to_string(), "4010 Over Concurrent Limit");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    pub(crate) vendor: Vendor,
    pub(crate) code: u16,
    pub(crate) last: u16,
    pub(crate) name: &'static str,
    pub(crate) meaning: &'static str,
    pub(crate) action: Action,
    pub(crate) source: &'static str,
    pub(crate) inferred: bool,
    pub(crate) note: Option<&'static str>,
    pub(crate) retry_limit: Option<u32>,
    pub(crate) flag_rule: Option<FlagRule>,
}

impl Entry {
    /// Builds a row; used by the generated code, which passes every field in order.
    #[allow(clippy::too_many_arguments)] // One argument per field, written only by codegen.
    pub(crate) const fn row(
        vendor: Vendor,
        code: u16,
        last: u16,
        name: &'static str,
        meaning: &'static str,
        action: Action,
        source: &'static str,
        inferred: bool,
        note: Option<&'static str>,
        retry_limit: Option<u32>,
        flag_rule: Option<FlagRule>,
    ) -> Entry {
        Entry {
            vendor,
            code,
            last,
            name,
            meaning,
            action,
            source,
            inferred,
            note,
            retry_limit,
            flag_rule,
        }
    }

    /// The vendor (or standard) that defines this row.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The close code; for a range rule, the first code of the range.
    pub const fn code(&self) -> u16 {
        self.code
    }

    /// The last code the row covers: [`code`](Self::code) itself, or the end of a range rule.
    pub const fn last_code(&self) -> u16 {
        self.last
    }

    /// Whether this is a range rule (`[[range]]`) rather than one code's row.
    pub const fn is_range(&self) -> bool {
        self.last != self.code
    }

    /// The vendor's own name for the code, spelled as the vendor writes it.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// What the code means, in one sentence.
    pub const fn meaning(&self) -> &'static str {
        self.meaning
    }

    /// What a client should do after this close, with every flag off.
    pub const fn action(&self) -> Action {
        self.action
    }

    /// The address of the documentation this row comes from.
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the meaning or action is this crate's inference rather than the vendor's word
    /// (see [`note`](Self::note) for what was inferred).
    pub const fn is_inferred(&self) -> bool {
        self.inferred
    }

    /// Further advice or context from the documentation, if any.
    pub const fn note(&self) -> Option<&'static str> {
        self.note
    }

    /// How many reconnect attempts the vendor allows after this close, if it limits them
    /// (e.g. "reconnect once" is `Some(1)`).
    pub const fn retry_limit(&self) -> Option<u32> {
        self.retry_limit
    }

    /// A vendor option that, when turned on, replaces [`action`](Self::action).
    pub const fn flag_rule(&self) -> Option<FlagRule> {
        self.flag_rule
    }

    /// The action to take given which flags are on.
    ///
    /// ```
    /// use closecodes::{Action, Vendor};
    ///
    /// let duplicate = Vendor::SolsStatTracker.get(4003).unwrap();
    /// assert_eq!(duplicate.action_with(|_| false), Action::Stop);
    /// assert_eq!(
    ///     duplicate.action_with(|flag| flag == "reconnect_on_duplicate_connection"),
    ///     Action::Backoff
    /// );
    /// ```
    pub fn action_with(&self, mut flag_is_on: impl FnMut(&str) -> bool) -> Action {
        match self.flag_rule {
            Some(rule) if flag_is_on(rule.flag) => rule.action,
            _ => self.action,
        }
    }

    /// The protocol range the code falls in.
    pub const fn range(&self) -> CodeRange {
        CodeRange::of(self.code)
    }

    /// Whether the code may be sent in a close frame (see [`is_sendable`](crate::is_sendable)).
    pub const fn is_sendable(&self) -> bool {
        crate::is_sendable(self.code)
    }
}

/// Writes the code and name, e.g. `4010 Over Concurrent Limit` (a range: `4100–4199 …`).
impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_range() {
            write!(f, "{}–{} {}", self.code, self.last, self.name)
        } else {
            write!(f, "{} {}", self.code, self.name)
        }
    }
}

/// A vendor option that changes a row's action while it is on (the `when_flag` key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FlagRule {
    pub(crate) flag: &'static str,
    pub(crate) action: Action,
    /// The flag's index in the vendor's `flags()`, which is its bit in a policy's flag set.
    pub(crate) bit: u8,
}

impl FlagRule {
    /// The flag's name, as declared in the vendor's `[vendor.flags]`.
    pub const fn flag(&self) -> &'static str {
        self.flag
    }

    /// The action that replaces the row's own while the flag is on.
    pub const fn action(&self) -> Action {
        self.action
    }
}
