//! The validated registry: what the data compiler hands to code generation.
//!
//! Nothing in here can be wrong any more: every value was checked by `schema` and `rules`.

use std::ops::Range;

/// What a client should do after a close: the seven words of the `action` key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Done,
    Reconnect,
    Backoff,
    RetryAfter,
    RetryLater,
    Reauthenticate,
    Stop,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Action; 7] = [
        Action::Done,
        Action::Reconnect,
        Action::Backoff,
        Action::RetryAfter,
        Action::RetryLater,
        Action::Reauthenticate,
        Action::Stop,
    ];

    /// Parses an action word as written in TOML.
    pub fn from_word(word: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|a| a.word() == word)
    }

    /// The TOML word for this action.
    pub fn word(self) -> &'static str {
        match self {
            Action::Done => "done",
            Action::Reconnect => "reconnect",
            Action::Backoff => "backoff",
            Action::RetryAfter => "retry_after",
            Action::RetryLater => "retry_later",
            Action::Reauthenticate => "reauthenticate",
            Action::Stop => "stop",
        }
    }

    /// Whether a client following this action connects again at some point.
    pub fn reconnects(self) -> bool {
        !matches!(self, Action::Done | Action::Stop)
    }

    /// The name of the matching `closecodes::Action` variant.
    pub fn variant(self) -> &'static str {
        match self {
            Action::Done => "Done",
            Action::Reconnect => "Reconnect",
            Action::Backoff => "Backoff",
            Action::RetryAfter => "RetryAfter",
            Action::RetryLater => "RetryLater",
            Action::Reauthenticate => "Reauthenticate",
            Action::Stop => "Stop",
        }
    }
}

/// `session`: what a client's session becomes after a close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Session {
    Resume,
    New,
}

impl Session {
    /// Every value, in declaration order.
    pub const ALL: [Session; 2] = [Session::Resume, Session::New];

    /// The TOML word.
    pub fn word(self) -> &'static str {
        match self {
            Session::Resume => "resume",
            Session::New => "new",
        }
    }

    /// The name of the matching `closecodes::Session` variant.
    pub fn variant(self) -> &'static str {
        match self {
            Session::Resume => "Resume",
            Session::New => "New",
        }
    }
}

/// `reconnect_to`: which address a client reconnects to after a close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Default,
    Server,
}

impl Endpoint {
    /// Every value, in declaration order.
    pub const ALL: [Endpoint; 2] = [Endpoint::Default, Endpoint::Server];

    /// The TOML word.
    pub fn word(self) -> &'static str {
        match self {
            Endpoint::Default => "default",
            Endpoint::Server => "server",
        }
    }

    /// The name of the matching `closecodes::Endpoint` variant.
    pub fn variant(self) -> &'static str {
        match self {
            Endpoint::Default => "Default",
            Endpoint::Server => "Server",
        }
    }
}

/// A delay window in milliseconds, `[low, high]`: a random delay in it.
pub type Window = (u32, u32);

/// Every vendor file: the standard one first, then the others by id.
#[derive(Clone, Debug)]
pub struct Registry {
    pub vendors: Vec<VendorSpec>,
}

impl Registry {
    /// The vendor whose file says `standard = true`; `rules` guarantees there is exactly one, first.
    pub fn standard(&self) -> Option<&VendorSpec> {
        self.vendors.first().filter(|v| v.standard)
    }

    /// The longest folded name or id, which sizes the lookup buffer.
    pub fn max_folded_len(&self) -> usize {
        let names = self
            .vendors
            .iter()
            .flat_map(|v| v.codes.iter().map(|c| c.folded.len()));
        let ids = self.vendors.iter().map(|v| v.folded_id.len());
        names.chain(ids).max().unwrap_or(0)
    }
}

/// One file in `codes/`.
#[derive(Clone, Debug)]
pub struct VendorSpec {
    /// Index of the file in the compiler's input.
    pub file: usize,
    pub id: String,
    pub id_span: Range<usize>,
    /// `Vendor` variant, e.g. `EulerStream`.
    pub variant: String,
    /// Module under `closecodes::codes`, e.g. `euler_stream`.
    pub module: String,
    /// The id folded for case- and punctuation-insensitive lookup.
    pub folded_id: String,
    pub name: String,
    pub source: String,
    pub standard: bool,
    pub note: Option<String>,
    /// `verified`: when the file was last checked against its sources, `YYYY-MM-DD`.
    pub verified: Option<String>,
    pub default: Option<DefaultSpec>,
    pub backoff: BackoffSpec,
    pub session: SessionSpec,
    pub flags: Vec<FlagSpec>,
    /// The vendor's rows, sorted by code.
    pub codes: Vec<CodeSpec>,
    /// The vendor's HTTP statuses before the upgrade, sorted by status.
    pub statuses: Vec<StatusSpec>,
    /// The vendor's range rules, sorted by start; they never overlap.
    pub ranges: Vec<RangeSpec>,
    /// The server's messages a client acts on (`[[message]]`), in file order.
    pub messages: Vec<MessageSpec>,
}

/// One `[[message]]` row: how to recognise a message the server sends, and what it says.
#[derive(Clone, Debug)]
pub struct MessageSpec {
    /// The vendor's name for the message.
    pub name: String,
    pub matcher: MatcherSpec,
    /// `and`: a second test the message must pass.
    pub also: Option<ConditionSpec>,
    /// `ready`: the message makes the session ready.
    pub ready: bool,
    /// `retry_after_ms`: a JSON pointer to the delay, in milliseconds, the message asks for.
    pub retry_after_ms: Option<String>,
    /// `retry_after_s`: the same, in seconds.
    pub retry_after_s: Option<String>,
    /// `action` with `ends`: the message is a signal, a way of saying goodbye without a close
    /// code.
    pub signal: Option<SignalSpec>,
    /// `meaning`: what the message means, in one sentence (required for a signal).
    pub meaning: Option<String>,
    /// `inferred`: the meaning or action is our inference.
    pub inferred: bool,
    /// `reconnect_url`: a JSON pointer to the address to reconnect to.
    pub reconnect_url: Option<String>,
    /// `keepalive_s`: a JSON pointer to the longest silence, in seconds, before the server
    /// sends something.
    pub keepalive_s: Option<String>,
    /// The row's own `source`, else the vendor's.
    pub source: String,
    pub note: Option<String>,
}

/// What a signal says: the `action`, `ends`, `session` and `reconnect_to` keys of a
/// `[[message]]`.
#[derive(Clone, Debug)]
pub struct SignalSpec {
    pub action: Action,
    pub ends: Ends,
    /// `session`: resume the session or start a new one after the signal.
    pub session: Option<Session>,
    /// `reconnect_to`: the address to reconnect to after the signal.
    pub reconnect_to: Option<Endpoint>,
    /// `delay_ms`: wait a random delay in this window before reconnecting.
    pub delay_ms: Option<Window>,
}

/// `ends`: whether a signal announces a close the server will make, or ends the session itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    /// `"announces"`: the server closes the connection soon after.
    Announces,
    /// `"ends"`: the message itself ends the session; the client closes and acts.
    Ends,
}

impl Ends {
    /// The words the data files use, in the order of the library's `Ending` variants.
    pub const ALL: [Ends; 2] = [Ends::Announces, Ends::Ends];

    /// The word in `codes/*.toml`.
    pub const fn word(self) -> &'static str {
        match self {
            Ends::Announces => "announces",
            Ends::Ends => "ends",
        }
    }

    /// The name of the matching `closecodes::Ending` variant.
    pub const fn variant(self) -> &'static str {
        match self {
            Ends::Announces => "Announces",
            Ends::Ends => "Ends",
        }
    }
}

/// How a message is recognised: `first = true`, `text_prefix`, or `pointer` with `equals` (or
/// alone).
#[derive(Clone, Debug)]
pub enum MatcherSpec {
    /// The first message on a connection, text or binary.
    First,
    /// A text message that starts with this (protocols that are not JSON, such as Socket.IO).
    Prefix(String),
    /// A text message holding JSON with a value at `pointer` (RFC 6901) that is one of `equals`,
    /// or any value but null when `equals` is empty.
    Pointer {
        pointer: String,
        equals: Vec<Scalar>,
    },
}

/// `and = { pointer = "…", equals = … }` or `{ pointer = "…", between = [LOW, HIGH] }`: a
/// second value a message recognised by its `pointer` must hold (a type, then a sub-code).
#[derive(Clone, Debug)]
pub enum ConditionSpec {
    /// The value at `pointer` is one of `equals`.
    Equals {
        pointer: String,
        equals: Vec<Scalar>,
    },
    /// The value at `pointer` is a whole number from `low` to `high`, both included.
    Between {
        pointer: String,
        low: i64,
        high: i64,
    },
}

/// A JSON value a matcher compares with: a string, a whole number or a boolean.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Text(String),
    Integer(i64),
    Boolean(bool),
}

/// What the documentation says about a code, a range or a status: the part every kind of row
/// has (`meaning`, `action`, `source`, `inferred`, `note`), read by one function and generated
/// by one, into the library's `Advice`.
#[derive(Clone, Debug)]
pub struct Advice {
    pub meaning: String,
    pub action: Action,
    /// The row's own `source`, else the vendor's.
    pub source: String,
    pub inferred: bool,
    pub note: Option<String>,
    /// `session`: resume the session or start a new one after this close.
    pub session: Option<Session>,
    /// `reconnect_to`: the address to reconnect to.
    pub reconnect_to: Option<Endpoint>,
    /// `delay_ms`: wait a random delay in this window instead of the backoff.
    pub delay_ms: Option<Window>,
    /// `first_delay_ms`: the first reconnect after an established connection waits a random
    /// delay in this window.
    pub first_delay_ms: Option<Window>,
    /// `uncounted`: reconnecting after this close does not count as an attempt.
    pub uncounted: bool,
}

/// One `[[range]]` row: a meaning and action for every code from `start` to `end`.
#[derive(Clone, Debug)]
pub struct RangeSpec {
    pub start: u16,
    pub end: u16,
    pub name: String,
    pub advice: Advice,
}

/// One `[[status]]` row: an HTTP status answering the upgrade request instead of `101`.
#[derive(Clone, Debug)]
pub struct StatusSpec {
    pub status: u16,
    pub advice: Advice,
}

/// `[vendor.default]`: what to do for codes the vendor does not list.
#[derive(Clone, Debug)]
pub struct DefaultSpec {
    /// Read like any row's; its `source` is the table's own, else the vendor's.
    pub advice: Advice,
}

/// `[vendor.backoff]`: the reconnect backoff the vendor documents; absent keys are not documented.
#[derive(Clone, Debug, Default)]
pub struct BackoffSpec {
    pub initial_ms: Option<u64>,
    pub max_ms: Option<u64>,
    pub factor: Option<f64>,
    pub jitter: Option<f64>,
    pub max_attempts: Option<u32>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// One entry of `[vendor.flags]`: an opt-in behaviour that rows can refer to.
#[derive(Clone, Debug)]
pub struct FlagSpec {
    pub name: String,
    pub meaning: String,
}

/// `when_flag`: the action to take instead while a flag is on.
#[derive(Clone, Debug)]
pub struct FlagRuleSpec {
    pub flag: String,
    /// The flag's position in `[vendor.flags]`: its bit in the policy's flag set.
    pub index: u8,
    pub action: Action,
    /// Reconnecting by this rule does not count as an attempt.
    pub uncounted: bool,
}

/// `[vendor.session]`: how the vendor's sessions begin and what survives a reconnect.
#[derive(Clone, Debug, Default)]
pub struct SessionSpec {
    /// The event that makes a session ready (an application then calls `Policy::on_ready`).
    pub ready: Option<String>,
    /// How long a connection must stay open to count as established, in milliseconds.
    pub min_uptime_ms: Option<u32>,
    /// Subscriptions must be created again on a new connection.
    pub resubscribe: bool,
    /// `idle_timeout_ms`: the longest silence a healthy connection has.
    pub idle_timeout_ms: Option<u32>,
    pub source: Option<String>,
}

/// One `[[code]]` row.
#[derive(Clone, Debug)]
pub struct CodeSpec {
    pub code: u16,
    pub name: String,
    /// `CloseCode` variant, e.g. `OverConcurrentLimit`.
    pub variant: String,
    /// The name folded for case- and punctuation-insensitive lookup.
    pub folded: String,
    pub advice: Advice,
    pub retry_limit: Option<u32>,
    pub when_flag: Option<FlagRuleSpec>,
}

/// A file with `[extend]`: rows a user adds to another file's vendor (which it names), for codes
/// the vendor documented after this crate's release. It may only add rows, never change any.
#[derive(Clone, Debug)]
pub struct ExtensionSpec {
    /// Index of the file in the compiler's input.
    pub file: usize,
    /// The id of the vendor it extends.
    pub vendor: String,
    pub vendor_span: Range<usize>,
    pub codes: Vec<CodeSpec>,
    pub statuses: Vec<StatusSpec>,
    pub ranges: Vec<RangeSpec>,
}
