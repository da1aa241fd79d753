//! [`HandshakeStatus`]: an HTTP status that refused the WebSocket upgrade.

use core::fmt;

use crate::{Action, Vendor};

/// A vendor's advice for an HTTP status answering the upgrade request instead of
/// `101 Switching Protocols` (a `[[status]]` row of `codes/<vendor>.toml`).
///
/// Such failures happen before any close code exists, so clients see a status instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HandshakeStatus {
    pub(crate) vendor: Vendor,
    pub(crate) status: u16,
    pub(crate) meaning: &'static str,
    pub(crate) action: Action,
    pub(crate) source: &'static str,
    pub(crate) inferred: bool,
    pub(crate) note: Option<&'static str>,
}

impl HandshakeStatus {
    /// The vendor (or standard) that documents this status.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The HTTP status code.
    pub const fn status(&self) -> u16 {
        self.status
    }

    /// What the status means for this vendor, in one sentence.
    pub const fn meaning(&self) -> &'static str {
        self.meaning
    }

    /// What a client should do.
    pub const fn action(&self) -> Action {
        self.action
    }

    /// The address of the documentation this row comes from.
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the meaning or action is this crate's inference rather than the vendor's word.
    pub const fn is_inferred(&self) -> bool {
        self.inferred
    }

    /// Further advice from the documentation, if any.
    pub const fn note(&self) -> Option<&'static str> {
        self.note
    }
}

/// Writes e.g. `HTTP 429`.
impl fmt::Display for HandshakeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)
    }
}
