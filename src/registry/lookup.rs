//! The lookups that span vendors: a vendor's answer with the standard's as fallback, and
//! every vendor's answer for one code.

use super::{Answer, Entry, Vendor, tables};

/// The registry's answer for `code` from `vendor`: the vendor's own row, else its range rule
/// covering the code, else its default for codes it does not list, else the standard's row —
/// the same row the reconnect policy acts on. `None` when neither the vendor nor the standard
/// says anything. The [`Answer`] speaks about `code` itself (whether it may be sent, its range,
/// how it is written), whichever row answers.
///
/// ```
/// use closecodes::{Origin, Vendor};
///
/// // Metered restates 1001 with its own advice…
/// assert_eq!(closecodes::lookup(Vendor::Metered, 1001).unwrap().origin(), Origin::Row);
/// // …and leaves 1006 to the standard, which says it is never sent.
/// let dropped = closecodes::lookup(Vendor::Metered, 1006).unwrap();
/// assert_eq!(dropped.origin(), Origin::Standard);
/// assert!(!dropped.is_sendable());
/// // RealtimeOdds' default answers for 4999, and 4999 may be sent.
/// let other = closecodes::lookup(Vendor::Realtimeodds, 4999).unwrap();
/// assert_eq!(other.origin(), Origin::Default);
/// assert!(other.is_sendable());
/// assert_eq!(other.to_string(), "4999 Any other code (realtimeodds's default)");
/// assert!(closecodes::lookup(Vendor::Metered, 4999).is_none());
/// ```
#[inline]
pub fn lookup(vendor: Vendor, code: u16) -> Option<Answer> {
    lookup_row(vendor, code).map(|entry| Answer::new(vendor, code, entry))
}

/// The row [`lookup`] answers with: what the policy acts on.
#[inline]
pub(crate) fn lookup_row(vendor: Vendor, code: u16) -> Option<&'static Entry> {
    vendor
        .resolve_row(code)
        .or_else(|| Vendor::standard().get(code))
}

/// Every vendor's answer for `code` from its own rows (its row for the code, else its range rule
/// covering it), the standard's first, then the vendors' by id. Defaults are left out: every
/// vendor with one would answer every code.
///
/// ```
/// let vendors: Vec<String> = closecodes::explain(4003).map(|a| a.vendor().to_string()).collect();
/// assert!(vendors.contains(&"metered".to_string()));
/// assert!(closecodes::explain(4003).all(|answer| answer.code() == 4003 && answer.is_sendable()));
/// assert_eq!(closecodes::explain(2999).count(), 0, "1016–2999 are reserved; nobody defines them");
/// ```
pub fn explain(code: u16) -> impl Iterator<Item = Answer> {
    tables::explain(code)
        .iter()
        .map(move |&entry| Answer::new(entry.vendor(), code, entry))
}
