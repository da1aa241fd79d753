//! [`Decision`]: what to do after a connection ended, and why.

use core::fmt;
use core::time::Duration;

use crate::{Action, Entry, HandshakeStatus, Vendor};

/// What a [`Policy`](crate::Policy) decided after a connection ended.
///
/// [`Display`](fmt::Display) writes one line for a log:
/// `metered close 4010 (Over Concurrent Limit): backoff; reconnect in 1.2s (attempt 1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use = "a decision says whether and when to reconnect; dropping it ignores the policy"]
pub struct Decision {
    pub(crate) vendor: Vendor,
    pub(crate) event: Event,
    pub(crate) action: Action,
    pub(crate) delay: Option<Duration>,
    pub(crate) reason: Reason,
    pub(crate) attempt: u32,
}

/// What ended the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Event {
    /// The server closed the connection with this code.
    Close(u16),
    /// The server answered the upgrade request with this HTTP status instead of 101.
    HandshakeStatus(u16),
    /// The connection failed without a close frame (reported as 1006).
    TransportError,
    /// The connection failed on this side (TLS, an oversized or invalid message); decided as
    /// this close code.
    LocalError(u16),
    /// The request could not be made at all (e.g. an invalid URL).
    InvalidRequest,
}

/// Where a decision's action comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// The row for the code (the vendor's own, or the standard's when the vendor has no default).
    Row(&'static Entry),
    /// The row's `when_flag` rule: the flag is on.
    Flag(&'static Entry),
    /// The vendor's default for codes it does not list.
    VendorDefault,
    /// No row and no default: the crate's rule for unknown codes (reconnect with backoff).
    UnknownCode,
    /// The vendor's (or standard's) row for the HTTP status.
    Status(&'static HandshakeStatus),
    /// No row for the HTTP status: the crate's rule (other 4xx: stop; anything else: backoff).
    UnknownStatus,
    /// The row allows only so many reconnects after this code, and they are used up.
    RetryLimit(&'static Entry),
    /// Every attempt the policy allows since the last successful connection is used up.
    AttemptsExhausted,
    /// An earlier decision was [`Action::Stop`]; a stopped policy stays stopped.
    Stopped,
    /// The request itself is invalid: retrying it cannot succeed.
    InvalidRequest,
}

impl Decision {
    /// What the client should do.
    pub const fn action(&self) -> Action {
        self.action
    }

    /// Whether the client should connect again (after [`delay`](Self::delay)).
    pub const fn should_reconnect(&self) -> bool {
        self.delay.is_some()
    }

    /// How long to wait before reconnecting; `None` when the client should not reconnect.
    pub const fn delay(&self) -> Option<Duration> {
        self.delay
    }

    /// Whether the client must get fresh credentials before reconnecting.
    pub fn needs_new_credentials(&self) -> bool {
        self.action == Action::Reauthenticate && self.should_reconnect()
    }

    /// The row behind the decision, when a close-code row decided it.
    pub const fn entry(&self) -> Option<&'static Entry> {
        match self.reason {
            Reason::Row(entry) | Reason::Flag(entry) | Reason::RetryLimit(entry) => Some(entry),
            _ => None,
        }
    }

    /// Where the action comes from.
    pub const fn reason(&self) -> Reason {
        self.reason
    }

    /// What ended the connection.
    pub const fn event(&self) -> Event {
        self.event
    }

    /// The vendor whose rules decided.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// How many reconnects in a row this one is, counting from 1 after the last successful
    /// connection; 0 when not reconnecting.
    pub const fn attempt(&self) -> u32 {
        self.attempt
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.vendor.id())?;
        match self.event {
            Event::Close(code) => write!(f, "close {code}")?,
            Event::HandshakeStatus(status) => write!(f, "handshake refused with HTTP {status}")?,
            Event::TransportError => f.write_str("connection lost without a close frame")?,
            Event::LocalError(code) => write!(f, "local error, as close {code}")?,
            Event::InvalidRequest => f.write_str("invalid request")?,
        }
        match self.reason {
            Reason::Row(entry) | Reason::Flag(entry) | Reason::RetryLimit(entry) => {
                write!(f, " ({})", entry.name())?
            }
            Reason::VendorDefault => f.write_str(" (not listed; vendor default)")?,
            Reason::UnknownCode | Reason::UnknownStatus => f.write_str(" (unknown)")?,
            Reason::Status(_)
            | Reason::AttemptsExhausted
            | Reason::Stopped
            | Reason::InvalidRequest => {}
        }
        write!(f, ": {}", self.action)?;
        match self.reason {
            Reason::Flag(entry) => {
                if let Some(rule) = entry.flag_rule() {
                    write!(f, " (flag {} is on)", rule.flag())?;
                }
            }
            Reason::RetryLimit(_) => f.write_str(" (retry limit reached)")?,
            Reason::AttemptsExhausted => f.write_str(" (out of attempts)")?,
            Reason::Stopped => f.write_str(" (stopped earlier)")?,
            _ => {}
        }
        match self.delay {
            Some(Duration::ZERO) => write!(f, "; reconnect now (attempt {})", self.attempt),
            Some(delay) => write!(f, "; reconnect in {delay:.1?} (attempt {})", self.attempt),
            None => f.write_str("; do not reconnect"),
        }
    }
}
