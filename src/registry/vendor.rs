//! What the registry knows about each vendor, and lookups by vendor.

use core::fmt;
use core::str::FromStr;

use super::echo::Echo;
use super::rows::VendorInfo;
use super::vendor_enum::{ALL_VENDORS, STANDARD};
use super::{
    Answer, DefaultRule, DocumentedBackoff, Entry, Flag, HandshakeStatus, SessionRules, Vendor,
    fold, tables,
};

impl Vendor {
    /// Every vendor and protocol in the registry: the standard first, then the others by id.
    pub const ALL: &'static [Vendor] = ALL_VENDORS;

    /// The standard protocol (RFC 6455 and the IANA registry), whose rows apply to every vendor
    /// that does not restate them.
    pub const fn standard() -> Vendor {
        STANDARD
    }

    /// The vendor with this id, e.g. `"metered"`.
    ///
    /// Matching ignores ASCII case and punctuation, so `"Euler-Stream"` and `"euler_stream"` find
    /// `"euler-stream"`. Never allocates.
    ///
    /// ```
    /// use closecodes::Vendor;
    ///
    /// assert_eq!(Vendor::from_id("metered"), Some(Vendor::Metered));
    /// assert_eq!(Vendor::from_id("EULER_STREAM"), Some(Vendor::EulerStream));
    /// assert_eq!(Vendor::from_id("nobody"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<Vendor> {
        tables::vendor_by_exact_id(id).or_else(|| {
            let mut buf = [0u8; fold::FOLD_BUFFER_LEN];
            let folded = fold::fold_into(id, &mut buf)?;
            tables::FOLDED_IDS.get(folded).copied()
        })
    }

    /// The vendor's id: its file name in `codes/` without `.toml`, e.g. `"euler-stream"`.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The vendor's display name, e.g. `"Metered Realtime Messaging"`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The address of the vendor's close-code documentation.
    pub fn source(self) -> &'static str {
        self.info().source
    }

    /// A remark about the vendor's data as a whole, if the file has one.
    pub fn note(self) -> Option<&'static str> {
        self.info().note
    }

    /// Whether this is the standard protocol rather than a vendor.
    pub fn is_standard(self) -> bool {
        self == Self::standard()
    }

    /// The vendor's own rows, sorted by code.
    ///
    /// ```
    /// use closecodes::Vendor;
    ///
    /// let codes: Vec<u16> = Vendor::Realtimeodds.codes().iter().map(|e| e.code()).collect();
    /// assert_eq!(codes, [4001, 4002, 4003]);
    /// ```
    pub fn codes(self) -> &'static [Entry] {
        self.info().entries
    }

    /// The vendor's own row for `code`, if it has one (see [`lookup`](crate::lookup) to fall back
    /// to the standard). Never allocates or panics.
    ///
    /// ```
    /// use closecodes::Vendor;
    ///
    /// assert_eq!(Vendor::Metered.get(4010).unwrap().name(), "Over Concurrent Limit");
    /// assert!(Vendor::Metered.get(1000).is_none());
    /// ```
    #[inline]
    pub fn get(self, code: u16) -> Option<&'static Entry> {
        tables::get(self, code)
    }

    /// The vendor's own word on `code`: its row, else its range rule covering the code, else
    /// its default for codes it does not list. `None` when the vendor says nothing; then the
    /// standard's row applies ([`answer`](Self::answer) and [`lookup`](crate::lookup) fall back
    /// to it). The [`Answer`] speaks about `code` itself.
    ///
    /// ```
    /// use closecodes::{RowKind, Vendor};
    ///
    /// let realtimeodds = Vendor::Realtimeodds; // "any other code: reconnect with backoff"
    /// assert_eq!(realtimeodds.resolve(4001).unwrap().kind(), RowKind::Code);
    /// let normal = realtimeodds.resolve(1000).unwrap();
    /// assert_eq!(normal.kind(), RowKind::Default);
    /// assert!(normal.is_sendable(), "1000 may be sent, whichever row answers for it");
    /// assert!(Vendor::Metered.resolve(1006).is_none(), "Metered leaves 1006 to the standard");
    /// ```
    #[inline]
    pub fn resolve(self, code: u16) -> Option<Answer> {
        self.resolve_row(code)
            .map(|entry| Answer::new(self, code, entry))
    }

    /// The row [`resolve`](Self::resolve) answers with.
    #[inline]
    pub(crate) fn resolve_row(self, code: u16) -> Option<&'static Entry> {
        self.get(code)
            .or_else(|| tables::get_range(self, code))
            .or(self.info().default_entry)
    }

    /// The registry's answer for `code`: the vendor's word, else the standard's; the same as
    /// [`lookup`](crate::lookup).
    #[inline]
    pub fn answer(self, code: u16) -> Option<Answer> {
        crate::lookup(self, code)
    }

    /// When the vendor's file was last checked against its sources (`YYYY-MM-DD`).
    pub fn verified(self) -> Option<&'static str> {
        self.info().verified
    }

    /// The vendor's range rules (`[[range]]`), sorted by their first code; they never overlap.
    pub fn ranges(self) -> &'static [Entry] {
        self.info().ranges
    }

    /// The vendor's range rule covering `code`, if any, as an answer about `code` (see
    /// [`lookup`](crate::lookup), where a code's own row wins over a range).
    ///
    /// ```
    /// use closecodes::Vendor;
    ///
    /// let rule = Vendor::GraphqlWs.get_range(1500).unwrap(); // "any other code to 1999: stop"
    /// assert_eq!((rule.first_code(), rule.last_code(), rule.code()), (1000, 1999, 1500));
    /// assert!(!rule.is_sendable(), "1500 is unassigned, though 1000 may be sent");
    /// ```
    #[inline]
    pub fn get_range(self, code: u16) -> Option<Answer> {
        tables::get_range(self, code).map(|entry| Answer::new(self, code, entry))
    }

    /// The vendor's rows: its codes' rows by code, then its range rules by first code.
    ///
    /// ```
    /// use closecodes::{RowKind, Vendor};
    ///
    /// let vendor = Vendor::GraphqlWs;
    /// assert_eq!(vendor.rows().count(), vendor.codes().len() + vendor.ranges().len());
    /// assert_eq!(vendor.rows().last().unwrap().kind(), RowKind::Range);
    /// ```
    pub fn rows(self) -> impl Iterator<Item = &'static Entry> {
        self.codes().iter().chain(self.ranges())
    }

    /// The vendor's row with this name.
    ///
    /// The vendor's own spelling is found fastest; any other spelling that differs only in ASCII
    /// case and punctuation is found too, including the Rust variant name. Never allocates.
    ///
    /// ```
    /// use closecodes::Vendor;
    ///
    /// let by_name = |name| Vendor::Metered.get_by_name(name).map(|e| e.code());
    /// assert_eq!(by_name("Over Concurrent Limit"), Some(4010));
    /// assert_eq!(by_name("over_concurrent_limit"), Some(4010));
    /// assert_eq!(by_name("OverConcurrentLimit"), Some(4010));
    /// assert_eq!(by_name("Over Capacity"), None);
    /// ```
    #[inline]
    pub fn get_by_name(self, name: &str) -> Option<&'static Entry> {
        tables::get_by_exact_name(self, name).or_else(|| {
            let mut buf = [0u8; fold::FOLD_BUFFER_LEN];
            let folded = fold::fold_into(name, &mut buf)?;
            tables::get_by_folded_name(self, folded)
        })
    }

    /// The vendor's own advice for an HTTP status that answers the upgrade request instead of
    /// `101 Switching Protocols`, if it gives any (see [`Policy::on_handshake_status`](crate::Policy::on_handshake_status)
    /// for the fallbacks).
    ///
    /// ```
    /// use closecodes::{Action, Vendor};
    ///
    /// assert_eq!(Vendor::Metered.handshake_status(429).unwrap().action(), Action::Backoff);
    /// assert!(Vendor::Metered.handshake_status(418).is_none());
    /// ```
    pub fn handshake_status(self, status: u16) -> Option<&'static HandshakeStatus> {
        self.info().statuses.iter().find(|s| s.status == status)
    }

    /// Every HTTP status the vendor documents for a refused upgrade, sorted.
    pub fn handshake_statuses(self) -> &'static [HandshakeStatus] {
        self.info().statuses
    }

    /// What the vendor says to do for codes it does not list, if it says anything.
    ///
    /// ```
    /// use closecodes::{Action, Vendor};
    ///
    /// let rule = Vendor::Realtimeodds.default_rule().unwrap();
    /// assert_eq!(rule.action(), Action::Backoff);
    /// assert!(Vendor::Metered.default_rule().is_none());
    /// ```
    pub fn default_rule(self) -> Option<&'static DefaultRule> {
        self.info().default_rule.as_ref()
    }

    /// The reconnect backoff the vendor documents; parts it does not document are `None`.
    pub fn backoff(self) -> &'static DocumentedBackoff {
        &self.info().backoff
    }

    /// How the vendor's sessions begin and what survives a reconnect (`[vendor.session]`).
    pub fn session(self) -> &'static SessionRules {
        &self.info().session
    }

    /// The server's messages a client acts on (`[[message]]`): the one that makes a session
    /// ready, and those that carry a delay, an address or a keepalive deadline.
    ///
    /// ```
    /// use closecodes::Vendor;
    ///
    /// let ready: Vec<&str> = Vendor::GraphqlWs
    ///     .messages()
    ///     .iter()
    ///     .filter(|m| m.is_ready())
    ///     .map(|m| m.name())
    ///     .collect();
    /// assert_eq!(ready, ["connection_ack"]);
    /// ```
    pub fn messages(self) -> &'static [crate::Message] {
        self.info().messages
    }

    /// The opt-in behaviours (flags) the vendor's rows refer to.
    pub fn flags(self) -> &'static [Flag] {
        self.info().flags
    }

    fn info(self) -> &'static VendorInfo {
        tables::vendor_info(self)
    }
}

/// Writes the vendor's id, which [`FromStr`] parses back.
impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Parses a vendor id like [`Vendor::from_id`].
impl FromStr for Vendor {
    type Err = UnknownVendor;

    fn from_str(id: &str) -> Result<Vendor, UnknownVendor> {
        Vendor::from_id(id).ok_or_else(|| UnknownVendor {
            id: Echo::new(id),
            suggestion: closest(id),
        })
    }
}

/// A string that is no vendor's id (from `FromStr` on [`Vendor`]).
///
/// ```
/// use closecodes::Vendor;
///
/// let error = "meterd".parse::<Vendor>().unwrap_err();
/// assert_eq!(error.id(), "meterd");
/// assert_eq!(error.suggestion(), Some(Vendor::Metered));
/// assert_eq!(error.to_string(), "no vendor has the id \"meterd\"; did you mean \"metered\"?");
/// assert_eq!("nobody".parse::<Vendor>().unwrap_err().suggestion(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownVendor {
    id: Echo,
    suggestion: Option<Vendor>,
}

impl UnknownVendor {
    /// The id that was looked for (its first 64 bytes, if it was longer).
    pub fn id(&self) -> &str {
        self.id.as_str()
    }

    /// The vendor whose id is closest to it, if one is close enough to be a likely typo.
    pub const fn suggestion(&self) -> Option<Vendor> {
        self.suggestion
    }
}

impl fmt::Display for UnknownVendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no vendor has the id {}", self.id)?;
        match self.suggestion {
            Some(vendor) => write!(f, "; did you mean \"{vendor}\"?"),
            None => Ok(()),
        }
    }
}

/// The vendor whose id is within a few edits of `id` (a third of its length, at least two),
/// the closest first; `None` when none is.
fn closest(id: &str) -> Option<Vendor> {
    let mut best: Option<(usize, Vendor)> = None;
    for &vendor in Vendor::ALL {
        let candidate = vendor.id();
        let Some(distance) = edit_distance(id.as_bytes(), candidate.as_bytes()) else {
            continue;
        };
        let allowed = (candidate.len() / 3).max(2);
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, vendor));
        }
    }
    best.map(|(_, vendor)| vendor)
}

/// Levenshtein distance of two short byte strings, in fixed memory (no allocator); `None` when
/// either is longer than the longest id is worth comparing with.
fn edit_distance(a: &[u8], b: &[u8]) -> Option<usize> {
    const MAX: usize = 64;
    if a.len() > MAX || b.len() > MAX {
        return None;
    }
    let mut previous = [0usize; MAX + 1];
    let mut current = [0usize; MAX + 1];
    for (j, cell) in previous.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for (i, &x) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(!x.eq_ignore_ascii_case(&y));
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    Some(previous[b.len()])
}

impl core::error::Error for UnknownVendor {}
