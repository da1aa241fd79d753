//! [`Answer`]: what the registry says about one code for one vendor.

use core::fmt;

use super::rows::advice_accessors;
use super::{Action, Advice, CodeRange, Entry, FlagRule, RowKind, Vendor};

/// The registry's answer for one code and one vendor: the row that applies and where it comes
/// from, speaking about the code that was asked for — also when the row is a range rule or the
/// vendor's default, which cover many codes.
///
/// Every lookup by code gives one: [`lookup`](crate::lookup) and [`Vendor::answer`] (the vendor's
/// word, else the standard's), [`Vendor::resolve`] (the vendor's word only),
/// [`Vendor::get_range`] and [`explain`](crate::explain). The reconnect policy acts on the same
/// row.
///
/// Code-level questions — [`code`](Self::code), [`is_sendable`](Self::is_sendable),
/// [`range`](Self::range), `Display` — are about the code asked. Row-level facts — the row's
/// [`kind`](Self::kind), its bounds [`first_code`](Self::first_code) and
/// [`last_code`](Self::last_code), its name, advice, retry limit and flag rule — are the row's,
/// and [`entry`](Self::entry) gives the row itself.
///
/// ```
/// use closecodes::{Origin, Vendor};
///
/// let answer = Vendor::Realtimeodds.answer(1000).unwrap();
/// assert_eq!(answer.code(), 1000);
/// assert_eq!(answer.origin(), Origin::Default); // "any other code, 1000 included"
/// assert!(answer.is_sendable(), "1000 itself may be sent");
/// assert_eq!(answer.to_string(), "1000 Any other code (realtimeodds's default)");
/// assert_eq!((answer.first_code(), answer.last_code()), (0, 65535), "the default covers all");
///
/// let standard = Vendor::Metered.answer(1006).unwrap();
/// assert_eq!(standard.origin(), Origin::Standard);
/// assert!(!standard.is_sendable());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Answer {
    vendor: Vendor,
    code: u16,
    entry: &'static Entry,
}

/// Where an [`Answer`] comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Origin {
    /// The vendor's row for this very code.
    Row,
    /// The vendor's range rule covering the code.
    Range,
    /// The vendor's default for codes it does not list.
    Default,
    /// The standard's row (RFC 6455 and the IANA registry): the vendor says nothing of its own.
    Standard,
}

impl Origin {
    /// `"row"`, `"range"`, `"default"` or `"standard"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Origin::Row => "row",
            Origin::Range => "range",
            Origin::Default => "default",
            Origin::Standard => "standard",
        }
    }
}

impl Answer {
    pub(crate) const fn new(vendor: Vendor, code: u16, entry: &'static Entry) -> Answer {
        Answer {
            vendor,
            code,
            entry,
        }
    }

    /// The vendor that was asked.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The code that was asked about.
    pub const fn code(&self) -> u16 {
        self.code
    }

    /// The row that applies (a code's row, a range rule, a default, or the standard's row).
    pub const fn entry(&self) -> &'static Entry {
        self.entry
    }

    /// Where the answer comes from.
    pub fn origin(&self) -> Origin {
        if self.entry.vendor() != self.vendor {
            return Origin::Standard;
        }
        match self.entry.kind() {
            RowKind::Range => Origin::Range,
            RowKind::Default => Origin::Default,
            _ => Origin::Row,
        }
    }

    /// Which kind of row answers: a code's own, a range rule, or a vendor's default (see
    /// [`origin`](Self::origin) for whether it is the vendor's or the standard's).
    pub const fn kind(&self) -> RowKind {
        self.entry.kind()
    }

    /// The first code the answering row covers: the code itself for a code's row.
    pub const fn first_code(&self) -> u16 {
        self.entry.code()
    }

    /// The last code the answering row covers: the code itself for a code's row.
    pub const fn last_code(&self) -> u16 {
        self.entry.last_code()
    }

    /// The row's name: the vendor's name for the code, or the range's or default's label.
    pub const fn name(&self) -> &'static str {
        self.entry.name()
    }

    /// What the row says: meaning, action, source, inference, note, session rules.
    pub const fn advice(&self) -> &'static Advice {
        &self.entry.advice
    }

    advice_accessors!("code");

    /// How many reconnect attempts the vendor allows after this close, if it limits them.
    pub const fn retry_limit(&self) -> Option<u32> {
        self.entry.retry_limit()
    }

    /// A vendor option that, when turned on, replaces [`action`](Self::action).
    pub const fn flag_rule(&self) -> Option<FlagRule> {
        self.entry.flag_rule()
    }

    /// The action to take given which flags are on (see [`Entry::action_with`]).
    pub fn action_with(&self, flag_is_on: impl FnMut(&str) -> bool) -> Action {
        self.entry.action_with(flag_is_on)
    }

    /// Whether the code asked about may be sent in a close frame.
    pub const fn is_sendable(&self) -> bool {
        super::is_sendable(self.code)
    }

    /// The protocol range the code asked about falls in.
    pub const fn range(&self) -> CodeRange {
        CodeRange::of(self.code)
    }
}

/// Writes the code and the row's name, and where the row comes from when it is not the code's
/// own: `4150 Reconnect with backoff (range 4100–4199)`, `4500 Any other code (acme's
/// default)`, `1006 Abnormal Closure (the standard's)`.
impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.entry.name())?;
        match self.origin() {
            Origin::Row => Ok(()),
            Origin::Range => write!(
                f,
                " (range {}–{})",
                self.entry.code(),
                self.entry.last_code()
            ),
            Origin::Default => write!(f, " ({}'s default)", self.vendor),
            Origin::Standard => f.write_str(" (the standard's)"),
        }
    }
}
