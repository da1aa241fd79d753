//! The server's messages a client acts on (`[[message]]` in `codes/*.toml`): how each is
//! recognised and what it says — the session is ready, wait this long, reconnect there, expect
//! silence no longer than this. The data only; reading a message against it needs JSON, which
//! the `messages` feature brings ([`Vendor::read_message`](crate::Vendor::read_message)).

/// A message the vendor's server sends that tells a client something it acts on: a row of
/// `[[message]]`.
///
/// ```
/// use closecodes::{Matcher, Scalar, Vendor};
///
/// let welcome = Vendor::TwitchEventsub.messages().iter().find(|m| m.is_ready()).unwrap();
/// assert_eq!(welcome.name(), "session_welcome");
/// assert_eq!(
///     welcome.matcher(),
///     Matcher::Pointer {
///         pointer: "/metadata/message_type",
///         equals: &[Scalar::Text("session_welcome")],
///     }
/// );
/// assert_eq!(welcome.keepalive_s(), Some("/payload/session/keepalive_timeout_seconds"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Message {
    pub(crate) name: &'static str,
    pub(crate) matcher: Matcher,
    pub(crate) also: Option<Condition>,
    /// Words of which a text that is this message contains one as written, unless it has `\u`
    /// escapes; empty when any text may be it (found by the build, see `codegen::needles`).
    pub(crate) needles: &'static [&'static str],
    pub(crate) ready: bool,
    pub(crate) retry_after_ms: Option<&'static str>,
    pub(crate) retry_after_s: Option<&'static str>,
    pub(crate) signal: Option<Signal>,
    pub(crate) meaning: Option<&'static str>,
    pub(crate) inferred: bool,
    pub(crate) reconnect_url: Option<&'static str>,
    pub(crate) keepalive_s: Option<&'static str>,
    pub(crate) source: &'static str,
    pub(crate) note: Option<&'static str>,
}

impl Message {
    /// The vendor's name for the message (`"session_welcome"`, `"READY"`, `"going_away"`).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// How the message is recognised.
    pub const fn matcher(&self) -> Matcher {
        self.matcher
    }

    /// A second value the message must hold besides its [`matcher`](Self::matcher)'s (`and`
    /// in the file): a type, then a sub-code.
    pub const fn also(&self) -> Option<Condition> {
        self.also
    }

    /// Whether the message makes the session ready: a client calls
    /// [`Policy::on_ready`](crate::Policy::on_ready) when it arrives.
    pub const fn is_ready(&self) -> bool {
        self.ready
    }

    /// Where the message holds the delay, in milliseconds, it asks for before reconnecting (a
    /// JSON pointer): the hint for
    /// [`Policy::on_close_with_retry_after`](crate::Policy::on_close_with_retry_after).
    pub const fn retry_after_ms(&self) -> Option<&'static str> {
        self.retry_after_ms
    }

    /// Where the message holds the delay, in seconds, it asks for before reconnecting (a JSON
    /// pointer).
    pub const fn retry_after_s(&self) -> Option<&'static str> {
        self.retry_after_s
    }

    /// What the message says when it is a signal — the server saying goodbye inside a message
    /// rather than with a close code: the action, and whether it ends the session.
    /// [`Policy::on_signal`](crate::Policy::on_signal) decides on it.
    pub const fn signal(&self) -> Option<&Signal> {
        self.signal.as_ref()
    }

    /// What the message means, in one sentence, where the file says (every signal does).
    pub const fn meaning(&self) -> Option<&'static str> {
        self.meaning
    }

    /// Whether the meaning or the signal's action is this crate's inference rather than the
    /// vendor's word.
    pub const fn is_inferred(&self) -> bool {
        self.inferred
    }

    /// Where the message holds the address to reconnect to (a JSON pointer): the address a
    /// [`Decision::reconnect_to`](crate::Decision::reconnect_to) of
    /// [`Endpoint::Server`](crate::Endpoint::Server) means, or the next connection's address.
    pub const fn reconnect_url(&self) -> Option<&'static str> {
        self.reconnect_url
    }

    /// Where the message holds the longest silence, in seconds, before the server sends
    /// something again (a JSON pointer): past it, the connection is dead.
    pub const fn keepalive_s(&self) -> Option<&'static str> {
        self.keepalive_s
    }

    /// The address of the documentation this row comes from.
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// Further advice or context from the documentation, if any.
    pub const fn note(&self) -> Option<&'static str> {
        self.note
    }
}

/// How a [`Message`] is recognised among the server's messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Matcher {
    /// The first message the server sends on a connection, text or binary.
    First,
    /// A text message that starts with this (for protocols that are not JSON: Socket.IO's
    /// `41` is its disconnect packet).
    Prefix(&'static str),
    /// A text message holding JSON whose value at `pointer` (RFC 6901) is one of `equals`, or
    /// is anything but null when `equals` is empty.
    Pointer {
        /// Where the value is, e.g. `"/type"`.
        pointer: &'static str,
        /// The values that mark the message; empty when any value does.
        equals: &'static [Scalar],
    },
}

/// A second test a message's JSON must pass ([`Message::also`]), beside its [`Matcher`]: a
/// message of one type whose code is in a band, say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Condition {
    /// The value at `pointer` (RFC 6901) is one of `equals`.
    Equals {
        /// Where the value is, e.g. `"/event"`.
        pointer: &'static str,
        /// The values that pass.
        equals: &'static [Scalar],
    },
    /// The value at `pointer` is a whole number from `low` to `high`, both included.
    Between {
        /// Where the value is, e.g. `"/data/code"`.
        pointer: &'static str,
        /// The lowest number that passes.
        low: i64,
        /// The highest number that passes.
        high: i64,
    },
}

impl Condition {
    /// Where the value is.
    pub const fn pointer(&self) -> &'static str {
        match *self {
            Condition::Equals { pointer, .. } | Condition::Between { pointer, .. } => pointer,
        }
    }
}

/// A JSON value a [`Matcher`] compares with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scalar {
    /// A string.
    Text(&'static str),
    /// A whole number.
    Integer(i64),
    /// `true` or `false`.
    Boolean(bool),
}

/// A server's goodbye inside a message ([`Message::signal`]): what a client does, as the vendor
/// documents it (the message's [`meaning`](Message::meaning) says what it means).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Signal {
    pub(crate) action: crate::Action,
    pub(crate) ends: Ending,
    pub(crate) session: Option<crate::Session>,
    pub(crate) reconnect_to: Option<crate::Endpoint>,
    pub(crate) delay: Option<crate::DelayWindow>,
}

impl Signal {
    /// What a client does after it, with every flag off.
    pub const fn action(&self) -> crate::Action {
        self.action
    }

    /// Whether the server closes the connection after it, or the signal ends the session itself.
    pub const fn ends(&self) -> Ending {
        self.ends
    }

    /// Whether to resume the session or start a new one after it, where the vendor says.
    pub const fn session(&self) -> Option<crate::Session> {
        self.session
    }

    /// Which address to reconnect to after it, where the vendor says.
    pub const fn reconnect_to(&self) -> Option<crate::Endpoint> {
        self.reconnect_to
    }

    /// The window a random wait before reconnecting is drawn from, where the vendor gives one
    /// (Discord: 1 to 5 s after an Invalid Session that cannot be resumed).
    pub const fn delay(&self) -> Option<crate::DelayWindow> {
        self.delay
    }
}

/// How a [`Signal`] ends a connection (the `ends` key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Ending {
    /// The server closes the connection soon after (Slack's `disconnect` warning): the client
    /// waits for that close and decides once, by the signal.
    Announces,
    /// The signal itself ends the session (Socket.IO's disconnect packet): the client closes the
    /// connection and acts.
    Ends,
}

impl Ending {
    /// The word in `codes/*.toml`: `"announces"` or `"ends"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Ending::Announces => "announces",
            Ending::Ends => "ends",
        }
    }
}
