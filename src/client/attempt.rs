//! [`Attempt`]: what the request maker is told before each connection attempt.

use crate::{Decision, Session};

/// Why the client is about to connect ([`Attempt::why`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Why {
    /// The client's first connection.
    First,
    /// A reconnect after the connection ended, with the credentials the client has.
    Reconnect,
    /// A reconnect after a close that asks for new credentials (`reauthenticate`): fetch a fresh
    /// token before returning the request.
    NewCredentials,
}

/// One connection attempt, as the request maker sees it: why it happens, what the policy
/// decided before it, and which address to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub(crate) number: u32,
    pub(crate) decision: Option<Decision>,
    pub(crate) url: Option<String>,
}

impl Attempt {
    /// Which attempt this is since the client started: 1 for the first connection.
    pub const fn number(&self) -> u32 {
        self.number
    }

    /// Why the client is connecting.
    pub fn why(&self) -> Why {
        match self.decision {
            None => Why::First,
            Some(d) if d.needs_new_credentials() => Why::NewCredentials,
            Some(_) => Why::Reconnect,
        }
    }

    /// Whether the request needs new credentials (a fresh token).
    pub fn needs_new_credentials(&self) -> bool {
        self.why() == Why::NewCredentials
    }

    /// Whether to resume the session or start a new one, where the close's row says.
    pub fn session(&self) -> Option<Session> {
        self.decision.and_then(|d| d.session())
    }

    /// The decision this attempt follows; `None` for the first connection.
    pub const fn decision(&self) -> Option<Decision> {
        self.decision
    }

    /// The address the server gave to reconnect to, when the decision says to use it (a
    /// `reconnect_to = "server"` row, or a message that moved the client): connect there
    /// instead of the default address. `None`: use the default address.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}
