//! [`Decision`]: what to do after a connection ended, and why.

use core::fmt;
use core::time::Duration;

use crate::{Action, Advice, Endpoint, Entry, HandshakeStatus, Session, Vendor};

/// What a [`Policy`](crate::Policy) decided after a connection ended.
///
/// [`Display`](fmt::Display) writes one line for a log: the vendor, what ended the connection,
/// the action, and when to reconnect, with what the row adds (a new session, subscribing again):
///
/// ```
/// use closecodes::{Policy, Vendor};
///
/// let mut policy = Policy::new(Vendor::Metered);
/// let line = policy.on_close(4010).to_string(); // the delay is jittered
/// assert!(line.starts_with("metered close 4010 (Over Concurrent Limit): backoff; reconnect in "));
/// assert!(line.ends_with(" (attempt 1), then subscribe again"));
///
/// let line = policy.on_close(4012).to_string();
/// assert_eq!(line, "metered close 4012 (Account Suspended): stop; do not reconnect");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use = "a decision says whether and when to reconnect; dropping it ignores the policy"]
pub struct Decision {
    pub(crate) vendor: Vendor,
    pub(crate) event: Event,
    pub(crate) action: Action,
    pub(crate) delay: Option<Duration>,
    pub(crate) rule: Rule,
    pub(crate) attempt: u32,
    pub(crate) counted: bool,
    pub(crate) overridden: bool,
    pub(crate) session: Option<Session>,
    pub(crate) reconnect_to: Option<Endpoint>,
    pub(crate) resubscribe: bool,
    pub(crate) was_open: bool,
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
    /// The server asked, in a message, that the client move to another address (Twitch's
    /// `session_reconnect`): see [`Policy::on_moved`](crate::Policy::on_moved).
    Moved,
    /// The server said goodbye inside a message, a signal with this name (Slack's `disconnect`):
    /// see [`Policy::on_signal`](crate::Policy::on_signal).
    Signal(&'static str),
}

/// The old name of [`Rule`].
#[deprecated(note = "renamed to `Rule`: it is the rule that decided, not the close reason")]
#[doc(hidden)]
pub type Reason = Rule;

/// The rule a decision's action comes from ([`Decision::rule`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
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
    /// The server moved the client to another address: reconnect there, keeping the session.
    Moved,
    /// The vendor's signal (a `[[message]]` with an action) that the server sent.
    Signal(&'static crate::Message),
}

impl Rule {
    /// The advice of the row behind the rule, for a close-code or status row.
    pub(crate) const fn advice(&self) -> Option<&'static Advice> {
        match self {
            Rule::Row(entry) | Rule::Flag(entry) | Rule::RetryLimit(entry) => Some(&entry.advice),
            Rule::Status(status) => Some(&status.advice),
            _ => None,
        }
    }
}

impl Decision {
    /// A decision not to reconnect, which the policy then completes.
    pub(crate) const fn new(vendor: Vendor, event: Event, action: Action, rule: Rule) -> Decision {
        Decision {
            vendor,
            event,
            action,
            delay: None,
            rule,
            attempt: 0,
            counted: false,
            overridden: false,
            was_open: false,
            session: None,
            reconnect_to: None,
            resubscribe: false,
        }
    }

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
        match self.rule {
            Rule::Row(entry) | Rule::Flag(entry) | Rule::RetryLimit(entry) => Some(entry),
            _ => None,
        }
    }

    /// The rule that chose the action: a row, a flag rule, the vendor's default, a retry limit,
    /// … (The close frame's reason text never reaches the policy.)
    pub const fn rule(&self) -> Rule {
        self.rule
    }

    /// The old name of [`rule`](Self::rule), which read like the close frame's reason text.
    #[deprecated(note = "renamed to `rule`: it is the rule that decided, not the close reason")]
    #[doc(hidden)]
    pub const fn reason(&self) -> Rule {
        self.rule
    }

    /// Whether to resume the session on the new connection or start a new one, where the row
    /// says (Discord: resume after most closes, a new session after 4007 and 4009); `None` when
    /// it does not say or the client should not reconnect.
    pub const fn session(&self) -> Option<Session> {
        self.session
    }

    /// Which address to reconnect to, where the row says (Twitch 4007: the default address, not
    /// the reconnect URL the server handed out); `None` when it does not say.
    pub const fn reconnect_to(&self) -> Option<Endpoint> {
        self.reconnect_to
    }

    /// Whether the subscriptions must be created again on the new connection (the vendor's
    /// `[vendor.session] resubscribe`); false when the session resumes, which keeps them, and
    /// when the client should not reconnect.
    pub const fn resubscribe(&self) -> bool {
        self.resubscribe
    }

    /// Whether this reconnect uses up one of the attempts the policy allows; false for rows
    /// marked `uncounted` and when not reconnecting.
    pub const fn is_counted(&self) -> bool {
        self.counted
    }

    /// Whether the application's hook ([`Policy::with_action_hook`](crate::Policy::with_action_hook))
    /// changed the action the rules chose.
    pub const fn is_overridden(&self) -> bool {
        self.overridden
    }

    /// Whether a connection was open when this happened: [`Policy::on_open`](crate::Policy::on_open)
    /// (or `on_uptime`, or `on_ready`) came after the previous decision. False for a connection
    /// that failed before it opened — refused, unreachable, or dropped during the upgrade —
    /// which the log line then says.
    pub const fn was_open(&self) -> bool {
        self.was_open
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
            Event::TransportError if self.was_open => {
                f.write_str("connection lost without a close frame")?
            }
            Event::TransportError => f.write_str("could not connect")?,
            Event::LocalError(code) => write!(f, "local error, as close {code}")?,
            Event::InvalidRequest => f.write_str("invalid request")?,
            Event::Moved => f.write_str("moved by the server")?,
            Event::Signal(name) => write!(f, "signal {name}")?,
        }
        match self.rule {
            Rule::Row(entry) | Rule::Flag(entry) | Rule::RetryLimit(entry) => {
                write!(f, " ({})", entry.name())?
            }
            Rule::VendorDefault => f.write_str(" (not listed; vendor default)")?,
            Rule::UnknownCode | Rule::UnknownStatus => f.write_str(" (unknown)")?,
            Rule::Signal(message) => {
                if let Some(meaning) = message.meaning() {
                    write!(f, " ({meaning})")?
                }
            }
            Rule::Status(_)
            | Rule::AttemptsExhausted
            | Rule::Stopped
            | Rule::InvalidRequest
            | Rule::Moved => {}
        }
        write!(f, ": {}", self.action)?;
        match self.rule {
            Rule::Flag(entry) => {
                if let Some(rule) = entry.flag_rule() {
                    write!(f, " (flag {} is on)", rule.flag())?;
                }
            }
            Rule::RetryLimit(_) => f.write_str(" (retry limit reached)")?,
            Rule::AttemptsExhausted => f.write_str(" (out of attempts)")?,
            Rule::Stopped => f.write_str(" (stopped earlier)")?,
            _ => {}
        }
        if self.overridden {
            f.write_str(" (set by the application)")?;
        }
        let Some(delay) = self.delay else {
            return f.write_str("; do not reconnect");
        };
        if delay.is_zero() {
            f.write_str("; reconnect now")?;
        } else {
            write!(f, "; reconnect in {delay:.1?}")?;
        }
        if self.counted {
            write!(f, " (attempt {})", self.attempt)?;
        } else {
            f.write_str(" (not counted as an attempt)")?;
        }
        match self.session {
            Some(Session::Resume) => f.write_str(", resuming the session")?,
            Some(Session::New) => f.write_str(", with a new session")?,
            None => {}
        }
        match self.reconnect_to {
            Some(Endpoint::Default) => f.write_str(", to the default address")?,
            Some(Endpoint::Server) => f.write_str(", to the address the server gave")?,
            None => {}
        }
        if self.resubscribe {
            f.write_str(", then subscribe again")?;
        }
        Ok(())
    }
}
