//! The types the generated tables are made of: the contract between `closecodes-build`'s
//! code generation and the library. Everything here is built only by generated code, as
//! constants, and read through accessors.

use core::fmt;

use super::{Action, CodeRange, Vendor};

/// The shortcuts to a row's [`Advice`] that every row type has, for the `what` it documents.
macro_rules! advice_accessors {
    ($what:literal) => {
        #[doc = concat!("What the ", $what, " means, in one sentence.")]
        pub const fn meaning(&self) -> &'static str {
            self.advice().meaning
        }

        #[doc = concat!("What a client should do after this ", $what, ", with every flag off.")]
        pub const fn action(&self) -> Action {
            self.advice().action
        }

        /// The address of the documentation this row comes from.
        pub const fn source(&self) -> &'static str {
            self.advice().source
        }

        /// Whether the meaning or action is this crate's inference rather than the vendor's
        /// word (see `note` for what was inferred).
        pub const fn is_inferred(&self) -> bool {
            self.advice().inferred
        }

        /// Further advice or context from the documentation, if any.
        pub const fn note(&self) -> Option<&'static str> {
            self.advice().note
        }
    };
}
pub(super) use advice_accessors;

/// What the documentation says about a close code, a range of codes or an HTTP status: its
/// meaning, the action it recommends, where it says so, whether that is our inference, and any
/// further advice. Every row of `codes/*.toml` has these keys, and every row type here has an
/// `Advice` ([`Entry::advice`], [`HandshakeStatus::advice`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Advice {
    pub(crate) meaning: &'static str,
    pub(crate) action: Action,
    pub(crate) source: &'static str,
    pub(crate) inferred: bool,
    pub(crate) note: Option<&'static str>,
    pub(crate) session: Option<Session>,
    pub(crate) reconnect_to: Option<Endpoint>,
    pub(crate) delay: Option<DelayWindow>,
    pub(crate) first_delay: Option<DelayWindow>,
    pub(crate) uncounted: bool,
}

impl Advice {
    /// What the code or status means, in one sentence.
    pub const fn meaning(&self) -> &'static str {
        self.meaning
    }

    /// What a client should do, with every flag off.
    pub const fn action(&self) -> Action {
        self.action
    }

    /// The address of the documentation this comes from.
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the meaning or action is this crate's inference rather than the vendor's word
    /// (see [`note`](Self::note) for what was inferred).
    pub const fn is_inferred(&self) -> bool {
        self.inferred
    }

    /// Further advice or context from the documentation, if any.
    pub const fn note(&self) -> Option<&'static str> {
        self.note
    }

    /// Whether to resume the session or start a new one after this close, where the vendor
    /// says (the `session` key).
    pub const fn session(&self) -> Option<Session> {
        self.session
    }

    /// Which address to reconnect to, where the vendor says (the `reconnect_to` key).
    pub const fn reconnect_to(&self) -> Option<Endpoint> {
        self.reconnect_to
    }

    /// A random delay in this window replaces the backoff (the `delay_ms` key).
    pub const fn delay(&self) -> Option<DelayWindow> {
        self.delay
    }

    /// The first reconnect after an established connection waits a random delay in this window
    /// (the `first_delay_ms` key); later ones follow the backoff.
    pub const fn first_delay(&self) -> Option<DelayWindow> {
        self.first_delay
    }

    /// Whether reconnecting after this close is left out of the attempt count (the `uncounted`
    /// key). The delay still follows the loop guard.
    pub const fn is_uncounted(&self) -> bool {
        self.uncounted
    }
}

/// What a client's session becomes after a close: the `session` key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Session {
    /// The session may be resumed on the new connection (e.g. a resume message with its id).
    Resume,
    /// The session is gone: start a new one (identify or subscribe again).
    New,
}

impl Session {
    /// The word in `codes/*.toml`: `"resume"` or `"new"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Session::Resume => "resume",
            Session::New => "new",
        }
    }
}

/// Which address to reconnect to after a close: the `reconnect_to` key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// The vendor's default address, not one a server handed out (it may be stale).
    Default,
    /// The address the server handed out for reconnecting (a resume or reconnect URL).
    Server,
}

impl Endpoint {
    /// The word in `codes/*.toml`: `"default"` or `"server"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Endpoint::Default => "default",
            Endpoint::Server => "server",
        }
    }
}

/// A window for a random delay (the `delay_ms` and `first_delay_ms` keys), both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DelayWindow {
    pub(crate) low_ms: u32,
    pub(crate) high_ms: u32,
}

impl DelayWindow {
    /// The shortest delay.
    pub const fn low(&self) -> core::time::Duration {
        core::time::Duration::from_millis(self.low_ms as u64)
    }

    /// The longest delay.
    pub const fn high(&self) -> core::time::Duration {
        core::time::Duration::from_millis(self.high_ms as u64)
    }
}

/// Writes e.g. `5–30 s` or `0–5000 ms`.
impl fmt::Display for DelayWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.low_ms.is_multiple_of(1000) && self.high_ms.is_multiple_of(1000) {
            write!(f, "{}–{} s", self.low_ms / 1000, self.high_ms / 1000)
        } else {
            write!(f, "{}–{} ms", self.low_ms, self.high_ms)
        }
    }
}

/// How a vendor's sessions begin and what survives a reconnect (`[vendor.session]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct SessionRules {
    pub(crate) ready: Option<&'static str>,
    pub(crate) min_uptime_ms: Option<u32>,
    pub(crate) resubscribe: bool,
    pub(crate) idle_timeout_ms: Option<u32>,
    pub(crate) source: Option<&'static str>,
}

impl SessionRules {
    /// The event after which a session is ready, as the vendor's documentation names or
    /// describes it (graphql-ws: `connection_ack`; Discord: "the READY dispatch (a new session)
    /// or RESUMED (a resumed one)"); call [`Policy::on_ready`](crate::Policy::on_ready) when it
    /// arrives. It is text for people; the vendor's [`messages`](crate::Vendor::messages) say
    /// how a program recognises it (the one whose [`is_ready`](crate::Message::is_ready) holds).
    pub const fn ready(&self) -> Option<&'static str> {
        self.ready
    }

    /// How long a connection must stay open to count as established, when the vendor says.
    pub const fn min_uptime(&self) -> Option<core::time::Duration> {
        match self.min_uptime_ms {
            Some(ms) => Some(core::time::Duration::from_millis(ms as u64)),
            None => None,
        }
    }

    /// Whether subscriptions must be created again on a new connection.
    pub const fn resubscribe(&self) -> bool {
        self.resubscribe
    }

    /// The longest silence a healthy connection has, where the vendor documents it (the
    /// `idle_timeout_ms` key): longer, and the connection is dead. A message's
    /// [`keepalive_s`](crate::Message::keepalive_s) may say otherwise for one connection.
    pub const fn idle_timeout(&self) -> Option<core::time::Duration> {
        match self.idle_timeout_ms {
            Some(ms) => Some(core::time::Duration::from_millis(ms as u64)),
            None => None,
        }
    }

    /// Where the vendor says so, when it is not the vendor's main source.
    pub const fn source(&self) -> Option<&'static str> {
        self.source
    }
}

/// One close code as a vendor documents it: a row of `codes/<vendor>.toml`.
///
/// Entries are generated at build time and every lookup hands out `&'static Entry`. Compare
/// entries with `==` (two lookups of the same row may return different addresses: lookups
/// return references to constants so that they cost what a hand-written `match` costs).
///
/// ```
/// use closecodes::{Action, Vendor};
///
/// let entry = Vendor::Metered.get(4010).unwrap();
/// assert_eq!(entry.vendor(), Vendor::Metered);
/// assert_eq!(entry.code(), 4010);
/// assert_eq!(entry.name(), "Over Concurrent Limit");
/// assert_eq!(entry.action(), Action::Backoff);
/// assert!(entry.source().starts_with("https://"));
/// assert_eq!(entry.to_string(), "4010 Over Concurrent Limit");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    pub(crate) vendor: Vendor,
    pub(crate) code: u16,
    pub(crate) last: u16,
    pub(crate) name: &'static str,
    pub(crate) advice: Advice,
    pub(crate) retry_limit: Option<u32>,
    pub(crate) flag_rule: Option<FlagRule>,
    pub(crate) kind: RowKind,
}

/// Which kind of row of a vendor's file an [`Entry`] is: where an answer comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RowKind {
    /// A `[[code]]` row: one code.
    Code,
    /// A `[[range]]` row: every code from [`Entry::code`] to [`Entry::last_code`].
    Range,
    /// The vendor's `[vendor.default]`: every code its other rows do not cover.
    Default,
}

impl RowKind {
    /// `"code"`, `"range"` or `"default"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RowKind::Code => "code",
            RowKind::Range => "range",
            RowKind::Default => "default",
        }
    }
}

impl Entry {
    /// What a vendor's rows have unless they say otherwise; the generated rows start from it
    /// and name only what differs.
    pub(crate) const fn base(vendor: Vendor, source: &'static str) -> Entry {
        Entry {
            vendor,
            code: 0,
            last: 0,
            name: "",
            advice: Advice {
                meaning: "",
                action: Action::Backoff,
                source,
                inferred: false,
                note: None,
                session: None,
                reconnect_to: None,
                delay: None,
                first_delay: None,
                uncounted: false,
            },
            retry_limit: None,
            flag_rule: None,
            kind: RowKind::Code,
        }
    }

    /// The vendor (or standard) that defines this row.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The close code; for a range rule, the first code of the range.
    pub const fn code(&self) -> u16 {
        self.code
    }

    /// The last code the row covers: [`code`](Self::code) itself, or the end of a range rule.
    pub const fn last_code(&self) -> u16 {
        self.last
    }

    /// Whether this is a range rule (`[[range]]`) rather than one code's row.
    pub const fn is_range(&self) -> bool {
        matches!(self.kind, RowKind::Range)
    }

    /// Which kind of row this is: one code's, a range rule, or the vendor's default.
    pub const fn kind(&self) -> RowKind {
        self.kind
    }

    /// Whether the row covers `code`.
    pub const fn covers(&self, code: u16) -> bool {
        self.code <= code && code <= self.last
    }

    /// The vendor's own name for the code, spelled as the vendor writes it.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// What the documentation says about the code: meaning, action, source, inference, note.
    pub const fn advice(&self) -> &Advice {
        &self.advice
    }

    advice_accessors!("code");

    /// How many reconnect attempts the vendor allows after this close, if it limits them
    /// (e.g. "reconnect once" is `Some(1)`).
    pub const fn retry_limit(&self) -> Option<u32> {
        self.retry_limit
    }

    /// A vendor option that, when turned on, replaces [`action`](Self::action).
    pub const fn flag_rule(&self) -> Option<FlagRule> {
        self.flag_rule
    }

    /// The action to take given which flags are on.
    ///
    /// ```
    /// use closecodes::{Action, Vendor};
    ///
    /// let duplicate = Vendor::SolsStatTracker.get(4003).unwrap();
    /// assert_eq!(duplicate.action_with(|_| false), Action::Stop);
    /// assert_eq!(
    ///     duplicate.action_with(|flag| flag == "reconnect_on_duplicate_connection"),
    ///     Action::Backoff
    /// );
    /// ```
    pub fn action_with(&self, mut flag_is_on: impl FnMut(&str) -> bool) -> Action {
        match self.flag_rule {
            Some(rule) if flag_is_on(rule.flag) => rule.action,
            _ => self.advice.action,
        }
    }

    /// The protocol range every code of the row falls in: for a code's row, its code's; for a
    /// range rule, the one its codes share; `None` when they span several (a default always
    /// does). For one code, ask its [`Answer`](crate::Answer).
    ///
    /// ```
    /// use closecodes::{CodeRange, Vendor};
    ///
    /// assert_eq!(Vendor::Metered.get(4010).unwrap().code_range(), Some(CodeRange::Private));
    /// assert_eq!(Vendor::Realtimeodds.default_rule().unwrap().entry().code_range(), None);
    /// ```
    pub const fn code_range(&self) -> Option<CodeRange> {
        super::range::span_range(self.code, self.last)
    }

    /// Whether the codes the row covers may be sent in a close frame: `Some(true)` when every
    /// one may, `Some(false)` when none may, `None` when some may and some may not (a default,
    /// which covers every number, always). For one code, ask its [`Answer`](crate::Answer), which
    /// [`lookup`](crate::lookup) gives.
    ///
    /// ```
    /// use closecodes::Vendor;
    ///
    /// assert_eq!(Vendor::Metered.get(4010).unwrap().sendable(), Some(true));
    /// assert_eq!(Vendor::standard().get(1006).unwrap().sendable(), Some(false));
    /// assert_eq!(Vendor::Realtimeodds.default_rule().unwrap().entry().sendable(), None);
    /// ```
    pub const fn sendable(&self) -> Option<bool> {
        super::range::span_sendable(self.code, self.last)
    }
}

/// Writes the row: a code's row its code and name, e.g. `4010 Over Concurrent Limit`; a range
/// rule its codes, `4100–4199 …`; a default only its name. ([`Answer`](crate::Answer) writes
/// one code's answer.)
impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            RowKind::Range => write!(f, "{}–{} {}", self.code, self.last, self.name),
            RowKind::Default => f.write_str(self.name),
            RowKind::Code => write!(f, "{} {}", self.code, self.name),
        }
    }
}

/// A vendor option that changes a row's action while it is on (the `when_flag` key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FlagRule {
    pub(crate) flag: &'static str,
    pub(crate) action: Action,
    /// The flag's index in the vendor's `flags()`, which is its bit in a policy's flag set.
    pub(crate) bit: u8,
    pub(crate) uncounted: bool,
}

impl FlagRule {
    /// The flag's name, as declared in the vendor's `[vendor.flags]`.
    pub const fn flag(&self) -> &'static str {
        self.flag
    }

    /// The action that replaces the row's own while the flag is on.
    pub const fn action(&self) -> Action {
        self.action
    }

    /// Whether reconnecting by this rule is left out of the attempt count.
    pub const fn is_uncounted(&self) -> bool {
        self.uncounted
    }
}

/// A vendor's advice for an HTTP status answering the upgrade request instead of
/// `101 Switching Protocols` (a `[[status]]` row of `codes/<vendor>.toml`).
///
/// Such failures happen before any close code exists, so clients see a status instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HandshakeStatus {
    pub(crate) vendor: Vendor,
    pub(crate) status: u16,
    pub(crate) advice: Advice,
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

    /// What the documentation says about the status: meaning, action, source, inference, note.
    pub const fn advice(&self) -> &Advice {
        &self.advice
    }

    advice_accessors!("status");
}

/// Writes e.g. `HTTP 429`.
impl fmt::Display for HandshakeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)
    }
}

/// Everything a vendor file says besides its rows; one static per vendor, generated.
#[derive(Debug)]
pub(crate) struct VendorInfo {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) source: &'static str,
    pub(crate) note: Option<&'static str>,
    pub(crate) verified: Option<&'static str>,
    pub(crate) default_rule: Option<DefaultRule>,
    pub(crate) default_entry: Option<&'static Entry>,
    pub(crate) backoff: DocumentedBackoff,
    pub(crate) session: SessionRules,
    pub(crate) flags: &'static [Flag],
    pub(crate) entries: &'static [Entry],
    pub(crate) ranges: &'static [Entry],
    pub(crate) statuses: &'static [HandshakeStatus],
    pub(crate) messages: &'static [super::Message],
}

/// What a vendor says to do after any close code it does not list (`[vendor.default]`).
///
/// [`lookup`](crate::lookup) answers with this rule's row ([`entry`](Self::entry), of kind
/// [`RowKind::Default`]) for every code the vendor's other rows do not cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DefaultRule {
    pub(crate) entry: &'static Entry,
}

impl DefaultRule {
    /// The action for unlisted codes.
    pub const fn action(&self) -> Action {
        self.entry.advice.action
    }

    /// What the vendor says unlisted codes mean.
    pub const fn meaning(&self) -> &'static str {
        self.entry.advice.meaning
    }

    /// Where the vendor says so.
    pub const fn source(&self) -> &'static str {
        self.entry.advice.source
    }

    /// Everything the rule says (inference, note, session rules, …).
    pub const fn advice(&self) -> &'static Advice {
        &self.entry.advice
    }

    /// The rule as the row lookups answer with.
    pub const fn entry(&self) -> &'static Entry {
        self.entry
    }
}

/// The reconnect backoff a vendor documents (`[vendor.backoff]`); `None` where it says nothing.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct DocumentedBackoff {
    pub(crate) initial_ms: Option<u64>,
    pub(crate) max_ms: Option<u64>,
    pub(crate) factor: Option<f64>,
    pub(crate) jitter: Option<f64>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) source: Option<&'static str>,
    pub(crate) note: Option<&'static str>,
}

impl DocumentedBackoff {
    /// The first delay, in milliseconds.
    pub const fn initial_ms(&self) -> Option<u64> {
        self.initial_ms
    }

    /// The longest delay, in milliseconds.
    pub const fn max_ms(&self) -> Option<u64> {
        self.max_ms
    }

    /// How much each delay grows over the previous one.
    pub const fn factor(&self) -> Option<f64> {
        self.factor
    }

    /// The random spread applied to each delay, as a fraction (0.2 is ±20 %).
    pub const fn jitter(&self) -> Option<f64> {
        self.jitter
    }

    /// How many attempts the vendor's client makes before giving up; `None` when unlimited or unstated.
    pub const fn max_attempts(&self) -> Option<u32> {
        self.max_attempts
    }

    /// Where the parameters come from, when it is not the vendor's main source.
    pub const fn source(&self) -> Option<&'static str> {
        self.source
    }

    /// Further remarks from the documentation.
    pub const fn note(&self) -> Option<&'static str> {
        self.note
    }
}

/// An opt-in behaviour a vendor's client offers, named in `[vendor.flags]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Flag {
    pub(crate) name: &'static str,
    pub(crate) meaning: &'static str,
}

impl Flag {
    /// The flag's name, e.g. `"reconnect_on_duplicate_connection"`.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// What turning the flag on does.
    pub const fn meaning(&self) -> &'static str {
        self.meaning
    }
}
