//! The lookups that span vendors: a vendor's answer with the standard's as fallback, and
//! every vendor's answer for one code.

use super::{Entry, Vendor, tables};

/// The row that applies to `code` for `vendor`: the vendor's own, else the vendor's range rule
/// covering it, else the vendor's default for codes it does not list, else the standard's row —
/// the same answer the reconnect policy acts on. The row's [`kind`](Entry::kind) and
/// [`vendor`](Entry::vendor) say where the answer comes from.
///
/// ```
/// use closecodes::Vendor;
///
/// // Metered restates 1001 with its own advice…
/// assert_eq!(closecodes::lookup(Vendor::Metered, 1001).unwrap().vendor(), Vendor::Metered);
/// // …and leaves 1006 to the standard.
/// assert_eq!(closecodes::lookup(Vendor::Metered, 1006).unwrap().vendor(), Vendor::standard());
/// assert!(closecodes::lookup(Vendor::Metered, 4999).is_none());
/// ```
#[inline]
pub fn lookup(vendor: Vendor, code: u16) -> Option<&'static Entry> {
    vendor
        .resolve(code)
        .or_else(|| Vendor::standard().get(code))
}

/// Every vendor's row for `code` (its exact row, else its range rule covering the code), the
/// standard's first, then the vendors' by id.
///
/// ```
/// let vendors: Vec<String> = closecodes::explain(4003).map(|e| e.vendor().to_string()).collect();
/// assert!(vendors.contains(&"metered".to_string()));
/// assert_eq!(closecodes::explain(2999).count(), 0, "1016–2999 are reserved; nobody defines them");
/// ```
pub fn explain(code: u16) -> impl Iterator<Item = &'static Entry> {
    tables::explain(code).iter().copied()
}
