//! [`Event`]: what a [`Client`](super::Client) reports, and [`Error`]: what went wrong with a
//! connection, beside the policy's decision.

use core::fmt;
use core::time::Duration;

use tungstenite::Message;

use crate::Decision;

/// What happened, in order: a connection opened, its session became ready, a message arrived,
/// the connection ended and the client reconnects, or the client stopped. `Stopped` comes
/// exactly once, last.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event {
    /// A connection opened (the upgrade succeeded) to this address.
    Connected {
        /// The address connected to.
        url: String,
    },
    /// The session on this connection is ready: the vendor's ready message arrived (or the
    /// application's own test, [`Builder::ready_when`](super::Builder::ready_when), said so),
    /// which tells the policy the connection is established; for a vendor with no ready
    /// message, the connection opened (the policy then judges it by its uptime). Messages
    /// queued by the [`Sender`](super::Sender) go out from now on.
    Ready,
    /// A text or binary message from the server.
    Message(Message),
    /// The connection ended and the policy decided to reconnect after `delay`.
    Reconnecting {
        /// The policy's decision; its `Display` is the log line.
        decision: Decision,
        /// How long the client waits before the next attempt.
        delay: Duration,
        /// The address the next attempt goes to when the server gave one; `None`: the default.
        url: Option<String>,
        /// What went wrong, when the connection failed rather than being closed.
        error: Option<Error>,
    },
    /// The client stopped and will not connect again.
    Stopped {
        /// The policy's final decision; `None` when the application closed the client or the
        /// request maker failed.
        decision: Option<Decision>,
        /// What went wrong, if anything did.
        error: Option<Error>,
        /// The messages that were queued and never sent, in order.
        unsent: Vec<Message>,
    },
}

/// What went wrong with a connection or an attempt.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request maker failed; the client stops (a maker that can retry does so itself).
    Request(Box<dyn std::error::Error + Send + Sync>),
    /// Connecting failed.
    Connect(tungstenite::Error),
    /// Reading or writing failed on an open connection.
    Io(tungstenite::Error),
    /// Connecting took longer than the connect timeout.
    ConnectTimeout(Duration),
    /// Nothing arrived for this long: the connection was treated as dropped (1006).
    Stalled(Duration),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Request(e) => write!(f, "the request maker failed: {e}"),
            Error::Connect(e) => write!(f, "could not connect: {e}"),
            Error::Io(e) => write!(f, "the connection failed: {e}"),
            Error::ConnectTimeout(d) => write!(f, "no connection within {d:?}"),
            Error::Stalled(d) => write!(f, "nothing received for {d:?}: connection dropped"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Request(e) => Some(e.as_ref()),
            Error::Connect(e) | Error::Io(e) => Some(e),
            _ => None,
        }
    }
}
