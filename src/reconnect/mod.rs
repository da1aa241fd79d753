//! The reconnect policy: turns how a connection ended into a [`Decision`], following the
//! vendor's rules in `codes/`, under a loop guard that never hammers a server.

mod backoff;
mod decision;
mod guard;

use core::fmt;
use core::time::Duration;

pub use backoff::{Backoff, Delays};
#[allow(deprecated)]
pub use decision::Reason;
pub use decision::{Decision, Event, Rule};

use crate::registry::echo::Echo;
use crate::{Action, Advice, DelayWindow, Endpoint, Entry, IntoCloseCode, Session, Signal, Vendor};
use guard::Connection;

/// A vendor's reconnect rules for one client, with the state they need across reconnects
/// (attempts so far, the backoff step, whether it has stopped, the current connection). Build
/// one per client and keep it for the client's whole life.
///
/// Feed it what happened — [`on_open`](Self::on_open) when a connection opens,
/// [`on_ready`](Self::on_ready) when the vendor's session is ready, and then
/// [`on_close`](Self::on_close), [`on_handshake_status`](Self::on_handshake_status) or
/// [`on_transport_error`](Self::on_transport_error) — and it answers with a [`Decision`].
///
/// # How a close becomes an action
///
/// First match wins:
/// 1. the vendor's row for the code (its `when_flag` action if that flag is on), else its range
///    rule covering the code;
/// 2. the vendor's default for unlisted codes (`[vendor.default]`), standard codes included;
/// 3. the standard's row (RFC 6455 and the IANA registry);
/// 4. anything else: [`Action::Backoff`].
///
/// An application hook ([`with_action_hook`](Self::with_action_hook)) may then replace the
/// action; the loop guard below still applies.
///
/// # The loop guard
///
/// A connection counts as **established** once it has stayed open for the minimum uptime
/// ([`DEFAULT_MIN_UPTIME`](Self::DEFAULT_MIN_UPTIME), 5 s, as `minUptime` in
/// reconnecting-websocket and partysocket; a vendor file may set its own in `[vendor.session]`)
/// or once [`on_ready`](Self::on_ready) says the session is ready. With `std` the policy measures
/// the uptime itself from `on_open`; without it, report it with [`on_uptime`](Self::on_uptime)
/// or call `on_ready`.
///
/// Only an established connection starts the backoff and the attempt count over. Any other
/// ending — a close soon after opening, a refused handshake, a connection that never opened —
/// counts as a failed attempt: it waits the next backoff step, at least
/// [`MIN_RETRY_DELAY`](Self::MIN_RETRY_DELAY) and at least the previous delay (up to the
/// backoff's cap), and the attempt limit applies. So a server that accepts and closes at once is
/// met with a growing backoff, never with an immediate reconnect after an immediate reconnect.
///
/// # How an action becomes a delay
///
/// - `done` and `stop`: no reconnect. A `stop` is final: the policy answers `stop` to everything
///   after it, until the application builds a new policy.
/// - `reconnect` and `reauthenticate`: at once after an established connection — a random delay
///   from zero to [`DEFAULT_RECONNECT_SPREAD`](Self::DEFAULT_RECONNECT_SPREAD) (one second), so
///   that clients closed together do not return together — or after a random delay in the row's
///   `first_delay_ms` window; otherwise the backoff.
///   `reauthenticate` also sets [`Decision::needs_new_credentials`].
/// - `backoff`: the vendor's [`Backoff`], one step further for each failed attempt since the
///   last established connection.
/// - `retry_after`: the delay the server announced ([`on_close_with_retry_after`](Self::on_close_with_retry_after),
///   [`on_handshake_status_with_retry_after`](Self::on_handshake_status_with_retry_after)), else
///   the backoff. Other reconnecting actions wait at least an announced delay.
/// - `retry_later`: a long fixed interval, [`Policy::DEFAULT_RETRY_LATER`] unless set with
///   [`with_retry_later`](Self::with_retry_later).
/// - A row's `delay_ms` window replaces the backoff with a random delay in it (the IANA
///   registry's advice for 1012 Service Restart: 5–30 s); `first_delay_ms` does so for the first
///   reconnect after an established connection only (RFC 6455 §7.2.3: 0–5 s after an abnormal
///   closure); the backoff then goes on from its first step above that window.
///
/// # Limits
///
/// A row's `retry_limit` counts closes with that code in a row; past it the answer is `stop`.
/// The vendor's `max_attempts`, or [`with_max_attempts`](Self::with_max_attempts), bounds the
/// reconnects since the last established connection; past it the answer is `stop`. A row or
/// flag rule marked `uncounted` does not use up an attempt (graphql-ws reconnects after a 1000
/// with active subscriptions that way), but its delay follows the loop guard all the same.
///
/// ```
/// use std::time::Duration;
/// use closecodes::{Action, Policy, Vendor};
///
/// let mut policy = Policy::new(Vendor::Metered).with_seed(7);
///
/// policy.on_open();
/// policy.on_ready(); // the session works: this connection counts as established
/// let d = policy.on_close(4002); // Token Expired
/// assert!(d.needs_new_credentials());
/// assert!(d.delay().unwrap() <= Duration::from_secs(1), "after an established connection: at once");
///
/// policy.on_open(); // the fresh token is refused at once: not established
/// let d = policy.on_close(4002);
/// assert!(d.delay().unwrap() >= Duration::from_millis(800), "then the backoff");
///
/// let d = policy.on_close(4012); // Account Suspended
/// assert_eq!(d.action(), Action::Stop);
/// assert!(!policy.on_close(4010).should_reconnect(), "a stopped policy stays stopped");
/// ```
#[cfg_attr(feature = "tungstenite", doc = include_str!("tokio_tungstenite.md"))]
#[derive(Clone, Debug)]
pub struct Policy {
    vendor: Vendor,
    flags: u64,
    backoff: Backoff,
    max_attempts: Option<u32>,
    retry_later: Duration,
    min_uptime: Duration,
    /// The width of "at once" (see `DEFAULT_RECONNECT_SPREAD`).
    reconnect_spread: Duration,
    /// The vendor's `[vendor.session] resubscribe`, looked up once.
    resubscribe: bool,
    hook: Option<ActionHook>,
    rng: fastrand::Rng,
    /// Counted reconnects since the last established connection.
    attempt: u32,
    /// Backoff steps taken since the last established connection.
    step: u32,
    /// The last delay since the last established connection: the floor of the next one.
    last_delay: Option<Duration>,
    stopped: bool,
    limited: Option<(u16, u32)>,
    connection: Connection,
}

/// An application's say over a decision's action: it gets the event and the action the rules
/// chose, and returns the action to take (see [`Policy::with_action_hook`]).
pub type ActionHook = fn(Event, Action) -> Action;

impl Policy {
    /// The wait before reconnecting after a `retry_later` close, unless set with
    /// [`with_retry_later`](Self::with_retry_later): one minute.
    pub const DEFAULT_RETRY_LATER: Duration = Duration::from_secs(60);

    /// How long a connection must stay open to count as established, unless the vendor's file
    /// or [`with_min_uptime`](Self::with_min_uptime) says otherwise: 5 s, as the `minUptime` of
    /// reconnecting-websocket and partysocket.
    pub const DEFAULT_MIN_UPTIME: Duration = Duration::from_secs(5);

    /// The shortest wait after a connection that was not established, whatever the data or the
    /// backoff say: no reconnect loop runs faster than this.
    pub const MIN_RETRY_DELAY: Duration = Duration::from_millis(500);

    /// How widely "reconnect at once" is spread, unless set with
    /// [`with_reconnect_spread`](Self::with_reconnect_spread): a random delay from zero to one
    /// second. When a server restarts and closes every client together, a fleet told to come
    /// back at once would come back in the same instant; spread over a second, no 100 ms holds
    /// much more than a tenth of it (reconnecting-websocket and partysocket randomise their first
    /// delay likewise, and RFC 6455 §7.2.3 asks for a random first delay after an abnormal
    /// closure).
    pub const DEFAULT_RECONNECT_SPREAD: Duration = Duration::from_secs(1);

    /// A policy with the vendor's documented defaults: its backoff ([`Backoff::for_vendor`]),
    /// attempt limit and minimum uptime, every flag off, jitter seeded at random (with `std`; a
    /// fixed seed without).
    #[must_use]
    pub fn new(vendor: Vendor) -> Policy {
        Policy {
            vendor,
            flags: 0,
            backoff: Backoff::for_vendor(vendor),
            max_attempts: vendor.backoff().max_attempts(),
            retry_later: Policy::DEFAULT_RETRY_LATER,
            reconnect_spread: Policy::DEFAULT_RECONNECT_SPREAD,
            min_uptime: vendor
                .session()
                .min_uptime()
                .unwrap_or(Policy::DEFAULT_MIN_UPTIME),
            resubscribe: vendor.session().resubscribe(),
            hook: None,
            rng: fastrand::Rng::with_seed(default_seed()),
            attempt: 0,
            step: 0,
            last_delay: None,
            stopped: false,
            limited: None,
            connection: Connection::Closed,
        }
    }

    /// Turns on one of the vendor's flags (see [`Vendor::flags`]).
    ///
    /// # Panics
    ///
    /// If the vendor has no flag of that name: a misspelled flag is a bug to find at once, not
    /// a behaviour to drop silently. Use [`try_with_flag`](Self::try_with_flag) for names that
    /// come from configuration.
    ///
    /// ```
    /// use closecodes::{Policy, Vendor};
    ///
    /// let mut policy = Policy::new(Vendor::SolsStatTracker).with_flag("reconnect_on_duplicate_connection");
    /// assert!(policy.on_close(4003).should_reconnect());
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_flag(self, flag: &str) -> Policy {
        match self.try_with_flag(flag) {
            Ok(policy) => policy,
            Err(error) => panic!("{error}"),
        }
    }

    /// Turns on one of the vendor's flags, or says that the vendor has no such flag.
    ///
    /// ```
    /// use closecodes::{Policy, Vendor};
    ///
    /// let error = Policy::new(Vendor::Metered).try_with_flag("reconnect_on_anything").unwrap_err();
    /// assert_eq!(error.to_string(), "metered has no flag \"reconnect_on_anything\" (it has no flags)");
    /// ```
    pub fn try_with_flag(mut self, flag: &str) -> Result<Policy, UnknownFlag> {
        self.set_flag(flag, true)?;
        Ok(self)
    }

    /// Turns a flag on or off while connected — for conditions that change, such as whether
    /// subscriptions are active — or says that the vendor has no such flag. A flag holds until
    /// it is set again, across reconnects: it describes the application's state, not one
    /// connection's, so set it whenever that state changes.
    ///
    /// ```
    /// use closecodes::{Action, Policy, Vendor};
    ///
    /// let mut policy = Policy::new(Vendor::from_id("graphql-ws").unwrap());
    /// assert_eq!(policy.on_close(1000).action(), Action::Done);
    /// policy.set_flag("subscriptions_active", true)?;
    /// assert_eq!(policy.on_close(1000).action(), Action::Reconnect);
    /// # Ok::<(), closecodes::UnknownFlag>(())
    /// ```
    pub fn set_flag(&mut self, flag: &str, on: bool) -> Result<(), UnknownFlag> {
        let Some(index) = self.flag_index(flag) else {
            return Err(UnknownFlag {
                vendor: self.vendor,
                flag: Echo::new(flag),
            });
        };
        if on {
            self.flags |= 1 << index;
        } else {
            self.flags &= !(1 << index);
        }
        Ok(())
    }

    /// Replaces the vendor's backoff.
    #[must_use]
    pub const fn with_backoff(mut self, backoff: Backoff) -> Policy {
        self.backoff = backoff;
        self
    }

    /// Gives up (answers `stop`) after this many reconnects without a successful connection.
    #[must_use]
    pub const fn with_max_attempts(mut self, attempts: u32) -> Policy {
        self.max_attempts = Some(attempts);
        self
    }

    /// Seeds the jitter, so that the same events give the same delays (for tests and replays).
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Policy {
        self.rng = fastrand::Rng::with_seed(seed);
        self
    }

    /// Sets the wait after a `retry_later` close (e.g. until a stream may have gone live).
    #[must_use]
    pub const fn with_retry_later(mut self, interval: Duration) -> Policy {
        self.retry_later = interval;
        self
    }

    /// Sets how widely a reconnect "at once" is spread: after an established connection,
    /// `reconnect` and `reauthenticate` wait a random delay from zero to `spread` (see
    /// [`DEFAULT_RECONNECT_SPREAD`](Self::DEFAULT_RECONNECT_SPREAD)). It is never below that
    /// second: narrower would bring a restarted server's clients back together.
    ///
    /// ```
    /// use std::time::Duration;
    /// use closecodes::{Policy, Vendor};
    ///
    /// let mut policy = Policy::new(Vendor::Metered).with_reconnect_spread(Duration::from_secs(3));
    /// policy.on_open();
    /// policy.on_ready();
    /// let d = policy.on_close(4002); // Token Expired: reauthenticate "at once"
    /// assert!(d.delay().unwrap() <= Duration::from_secs(3));
    /// ```
    #[must_use]
    pub fn with_reconnect_spread(mut self, spread: Duration) -> Policy {
        self.reconnect_spread = spread.max(Policy::DEFAULT_RECONNECT_SPREAD);
        self
    }

    /// Sets how long a connection must stay open to count as established (see the loop guard
    /// above). It is never below one second: shorter would let a server that closes every
    /// connection quickly be met with immediate reconnects.
    #[must_use]
    pub fn with_min_uptime(mut self, uptime: Duration) -> Policy {
        self.min_uptime = uptime.max(Duration::from_secs(1));
        self
    }

    /// Lets the application replace the action the rules chose, before the delay is computed
    /// (as partysocket's `shouldReconnectOnClose` and graphql-ws' `shouldRetry` do). The hook
    /// cannot revive a stopped policy, and the loop guard and attempt limit still apply.
    ///
    /// ```
    /// use closecodes::{Action, Event, Policy, Vendor};
    ///
    /// // This application treats a normal closure as the end of the work, whoever sends it.
    /// fn hook(event: Event, action: Action) -> Action {
    ///     if event == Event::Close(1000) { Action::Done } else { action }
    /// }
    /// let mut policy = Policy::new(Vendor::from_id("realtimeodds").unwrap()).with_action_hook(hook);
    /// let d = policy.on_close(1000);
    /// assert_eq!(d.action(), Action::Done);
    /// assert!(d.is_overridden());
    /// ```
    #[must_use]
    pub fn with_action_hook(mut self, hook: ActionHook) -> Policy {
        self.hook = Some(hook);
        self
    }

    /// The vendor whose rules this policy follows.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The backoff in use.
    pub const fn backoff(&self) -> Backoff {
        self.backoff
    }

    /// The minimum uptime in use (see the loop guard).
    pub const fn min_uptime(&self) -> Duration {
        self.min_uptime
    }

    /// Whether a flag is on.
    pub fn is_flag_on(&self, flag: &str) -> bool {
        self.flag_index(flag)
            .is_some_and(|i| self.flags & (1 << i) != 0)
    }

    /// The flag's position among the vendor's flags: its bit in `self.flags`.
    fn flag_index(&self, flag: &str) -> Option<usize> {
        self.vendor.flags().iter().position(|f| f.name() == flag)
    }

    /// Whether an earlier decision was final; every later decision is then `stop`.
    pub const fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// Counted reconnects decided since the last established connection.
    pub const fn attempts(&self) -> u32 {
        self.attempt
    }

    /// Records that a connection opened (the upgrade succeeded). With `std` the policy starts
    /// measuring the connection's uptime; the connection counts as established once it stayed
    /// open for the minimum uptime, or after [`on_ready`](Self::on_ready).
    pub fn on_open(&mut self) {
        self.connection = Connection::open();
    }

    /// Records that the session on the current connection is ready — the vendor's ready event
    /// arrived ([`Vendor::session`]: graphql-ws' `connection_ack`, Discord's READY or RESUMED,
    /// Twitch's `session_welcome`). The connection counts as established at once: the backoff
    /// and the attempt count start over.
    pub fn on_ready(&mut self) {
        if let Connection::Closed = self.connection {
            self.connection = Connection::open();
        }
        if let Connection::Open { ready, .. } = &mut self.connection {
            *ready = true;
        }
        self.start_over();
    }

    /// Reports how long the current connection has been open, for the loop guard. With `std`
    /// the policy measures this itself from [`on_open`](Self::on_open); without `std` (or to use
    /// another clock, as tests do) call this before deciding on how the connection ended.
    pub fn on_uptime(&mut self, uptime: Duration) {
        if let Connection::Closed = self.connection {
            self.connection = Connection::open();
        }
        if let Connection::Open {
            uptime: reported, ..
        } = &mut self.connection
        {
            *reported = Some(uptime);
        }
    }

    /// Decides what to do after the server closed the connection with `code` — a `u16`, a
    /// typed `CloseCode`, or (with the `tungstenite` feature) tungstenite's `CloseCode`.
    pub fn on_close(&mut self, code: impl IntoCloseCode) -> Decision {
        let code = code.into_close_code();
        self.decide_close(Event::Close(code), code, None)
    }

    /// Like [`on_close`](Self::on_close), when the server also announced how long to wait (e.g.
    /// a `retryAfterMs` field before closing). A `retry_after` action waits exactly that long;
    /// other reconnecting actions wait at least that long.
    pub fn on_close_with_retry_after(
        &mut self,
        code: impl IntoCloseCode,
        retry_after: Duration,
    ) -> Decision {
        let code = code.into_close_code();
        self.decide_close(Event::Close(code), code, Some(retry_after))
    }

    /// Decides what to do when the server asks, in a message, that the client move to another
    /// address — a message whose `reconnect_url` is not the ready event's (Twitch's
    /// `session_reconnect`; see `codes/README.md`). The client ends this connection and
    /// reconnects to the address the message gave, keeping its session: at once (spread like
    /// any reconnect at once) after an established connection, else by the loop guard, and
    /// without subscribing again.
    ///
    /// ```
    /// use closecodes::{Action, Endpoint, Policy, Session, Vendor};
    ///
    /// let mut policy = Policy::new(Vendor::TwitchEventsub);
    /// policy.on_open();
    /// policy.on_ready(); // session_welcome
    /// let d = policy.on_moved(); // session_reconnect
    /// assert_eq!(d.action(), Action::Reconnect);
    /// assert_eq!(d.reconnect_to(), Some(Endpoint::Server));
    /// assert_eq!(d.session(), Some(Session::Resume));
    /// assert!(!d.resubscribe(), "the subscriptions carry over");
    /// ```
    pub fn on_moved(&mut self) -> Decision {
        self.limited = None;
        let ended = self.end_connection();
        let mut decision = self.decide(Event::Moved, Action::Reconnect, Rule::Moved, None, ended);
        if decision.should_reconnect() {
            decision.session = Some(Session::Resume);
            decision.reconnect_to = Some(Endpoint::Server);
            decision.resubscribe = false;
        }
        decision
    }

    /// Decides on a signal — the server saying goodbye inside a message rather than with a
    /// close code ([`Message::signal`](crate::Message::signal); the `messages` feature reads
    /// one) — as on a close: the signal's action (or the application's hook), then the loop
    /// guard, backoff, attempt limits, and a final `stop`. `retry_after` is a delay the message
    /// carried. The connection ends with it: when the server then closes, a client does not ask
    /// again, since a signal and its close are one decision. A message that is not a signal
    /// decides as a connection lost without a close frame.
    pub fn on_signal(
        &mut self,
        message: &'static crate::Message,
        retry_after: Option<Duration>,
    ) -> Decision {
        let Some(signal) = message.signal() else {
            return self.on_transport_error();
        };
        self.limited = None;
        let ended = self.end_connection();
        let mut decision = self.decide(
            Event::Signal(message.name()),
            signal.action(),
            Rule::Signal(message),
            retry_after,
            ended,
        );
        if decision.should_reconnect() {
            decision.session = signal.session();
            decision.resubscribe = self.resubscribe_after(decision.session);
            decision.reconnect_to = signal.reconnect_to();
            // A signal that carries an address sends the client there.
            if message.reconnect_url().is_some() {
                decision.reconnect_to = Some(Endpoint::Server);
            }
        }
        decision
    }

    /// Decides what to do after the connection ended without a close frame (a dropped TCP
    /// connection, a reset): the rules for 1006, Abnormal Closure.
    pub fn on_transport_error(&mut self) -> Decision {
        self.decide_close(Event::TransportError, 1006, None)
    }

    /// Decides what to do after the connection failed on this side — a TLS failure, a message
    /// over the size limit, invalid data — by the rules for the close `code` that names the
    /// failure (1015, 1009, 1007, 1002, …).
    pub fn on_local_error(&mut self, code: u16) -> Decision {
        self.decide_close(Event::LocalError(code), code, None)
    }

    /// The request cannot be made (e.g. an invalid URL): stop, since retrying cannot help.
    #[cfg_attr(not(feature = "tungstenite"), allow(dead_code))]
    pub(crate) fn on_invalid_request(&mut self) -> Decision {
        self.limited = None;
        let ended = self.end_connection();
        self.decide(
            Event::InvalidRequest,
            Action::Stop,
            Rule::InvalidRequest,
            None,
            ended,
        )
    }

    /// Decides what to do after the server answered the upgrade request with an HTTP `status`
    /// instead of `101`: the vendor's `[[status]]` row, else the standard's, else other 4xx stop
    /// and anything else backs off.
    pub fn on_handshake_status(&mut self, status: u16) -> Decision {
        self.decide_status(status, None)
    }

    /// Like [`on_handshake_status`](Self::on_handshake_status), when the response also said how
    /// long to wait (a `Retry-After` header, as HTTP 429 and 503 may carry): honoured as for a
    /// close.
    pub fn on_handshake_status_with_retry_after(
        &mut self,
        status: u16,
        retry_after: Duration,
    ) -> Decision {
        self.decide_status(status, Some(retry_after))
    }

    fn decide_status(&mut self, status: u16, hint: Option<Duration>) -> Decision {
        let standard = Vendor::standard();
        let row = self
            .vendor
            .handshake_status(status)
            .or_else(|| standard.handshake_status(status));
        let (action, rule) = match row {
            Some(row) => (row.action(), Rule::Status(row)),
            None if (400..500).contains(&status) => (Action::Stop, Rule::UnknownStatus),
            None => (Action::Backoff, Rule::UnknownStatus),
        };
        self.limited = None;
        let ended = self.end_connection();
        self.decide(Event::HandshakeStatus(status), action, rule, hint, ended)
    }

    fn decide_close(&mut self, event: Event, code: u16, hint: Option<Duration>) -> Decision {
        let (action, rule) = self.resolve(code);
        let (action, rule) = match rule {
            Rule::Row(entry) | Rule::Flag(entry) => self.apply_retry_limit(entry, action, rule),
            _ => {
                self.limited = None;
                (action, rule)
            }
        };
        let ended = self.end_connection();
        self.decide(event, action, rule, hint, ended)
    }

    /// The connection ended: whether it was open and established, starting over if it was
    /// established.
    fn end_connection(&mut self) -> Ended {
        let ended = Ended {
            was_open: !matches!(self.connection, Connection::Closed),
            established: self.connection.is_established(self.min_uptime),
        };
        self.connection = Connection::Closed;
        if ended.established {
            self.start_over();
        }
        ended
    }

    /// An established connection: the backoff and the attempt count start over.
    fn start_over(&mut self) {
        self.attempt = 0;
        self.step = 0;
        self.last_delay = None;
    }

    /// The action for a close code, and where it comes from (see the type's docs for the order).
    fn resolve(&self, code: u16) -> (Action, Rule) {
        match crate::registry::lookup_row(self.vendor, code) {
            Some(entry) if entry.kind() == crate::RowKind::Default => {
                (entry.action(), Rule::VendorDefault)
            }
            Some(entry) => self.row(entry),
            None => (Action::Backoff, Rule::UnknownCode),
        }
    }

    fn row(&self, entry: &'static Entry) -> (Action, Rule) {
        match entry.flag_rule() {
            Some(rule) if self.flags & (1 << rule.bit) != 0 => (rule.action(), Rule::Flag(entry)),
            _ => (entry.action(), Rule::Row(entry)),
        }
    }

    fn apply_retry_limit(
        &mut self,
        entry: &'static Entry,
        action: Action,
        rule: Rule,
    ) -> (Action, Rule) {
        let Some(limit) = entry.retry_limit() else {
            self.limited = None;
            return (action, rule);
        };
        let count = match self.limited {
            Some((code, count)) if code == entry.code() => count.saturating_add(1),
            _ => 1,
        };
        self.limited = Some((entry.code(), count));
        if count > limit && action.reconnects() {
            (Action::Stop, Rule::RetryLimit(entry))
        } else {
            (action, rule)
        }
    }

    fn decide(
        &mut self,
        event: Event,
        action: Action,
        rule: Rule,
        hint: Option<Duration>,
        ended: Ended,
    ) -> Decision {
        let mut decision = Decision::new(self.vendor, event, action, rule);
        decision.was_open = ended.was_open;
        if self.stopped {
            decision.action = Action::Stop;
            decision.rule = Rule::Stopped;
            return decision;
        }
        if let Some(hook) = self.hook {
            decision.action = hook(event, action);
            decision.overridden = decision.action != action;
        }
        let action = decision.action;
        if !action.reconnects() {
            self.stopped = action == Action::Stop;
            return decision;
        }
        let advice = match rule {
            Rule::VendorDefault => self.vendor.default_rule().map(|rule| rule.advice()),
            _ => rule.advice(),
        };
        let uncounted = match rule {
            Rule::Flag(entry) => entry.flag_rule().is_some_and(|r| r.is_uncounted()),
            _ => advice.is_some_and(Advice::is_uncounted),
        };
        if !uncounted && self.max_attempts.is_some_and(|max| self.attempt >= max) {
            self.stopped = true;
            decision.action = Action::Stop;
            decision.rule = Rule::AttemptsExhausted;
            return decision;
        }
        let signal_window = match rule {
            Rule::Signal(message) => message.signal().and_then(Signal::delay),
            _ => None,
        };
        let delay = self.delay(action, advice, signal_window, hint, ended.established);
        if !uncounted {
            self.attempt = self.attempt.saturating_add(1);
        }
        decision.delay = Some(delay);
        decision.attempt = self.attempt;
        decision.counted = !uncounted;
        decision.session = advice.and_then(Advice::session);
        decision.reconnect_to = advice.and_then(Advice::reconnect_to);
        decision.resubscribe = self.resubscribe_after(decision.session);
        decision
    }

    /// Whether subscriptions are sent again on the next connection: where the vendor's sessions
    /// need it, unless the session resumes, which keeps them.
    fn resubscribe_after(&self, session: Option<Session>) -> bool {
        self.resubscribe && session != Some(Session::Resume)
    }

    /// The wait before reconnecting with `action` (one that reconnects).
    fn delay(
        &mut self,
        action: Action,
        advice: Option<&Advice>,
        signal_window: Option<DelayWindow>,
        hint: Option<Duration>,
        established: bool,
    ) -> Duration {
        let window = advice.and_then(Advice::delay).or(signal_window);
        let first_window = advice.and_then(Advice::first_delay).filter(|_| established);
        if let (None, Some(first)) = (window, first_window) {
            // Later attempts go on from above the first wait, as the vendors' clients do
            // (Liveblocks' slow ladder: 2 s, then 4 s), never back below it.
            self.step = self.step.max(self.backoff.first_step_above(first.high()));
        }
        let delay = match (window.or(first_window), action) {
            (Some(window), _) => self.within(window),
            (None, Action::Reconnect | Action::Reauthenticate) if established => self.spread(),
            (None, Action::RetryAfter) if hint.is_some() => hint.unwrap_or_default(),
            (None, Action::RetryLater) => self.retry_later,
            (None, _) => self.next_backoff(),
        };
        let delay = match hint {
            Some(hint) if action != Action::RetryAfter => delay.max(hint),
            _ => delay,
        };
        let delay = if established {
            delay
        } else {
            // The loop guard: after a connection that was not established, never less than the
            // floor, and never less than the previous delay (up to the backoff's cap).
            let previous = self
                .last_delay
                .map_or(Duration::ZERO, |last| last.min(self.backoff.max()));
            delay.max(previous).max(Policy::MIN_RETRY_DELAY)
        };
        self.last_delay = Some(delay);
        delay
    }

    fn next_backoff(&mut self) -> Duration {
        let delay = self.backoff.delay(self.step, &mut self.rng);
        self.step = self.step.saturating_add(1);
        delay
    }

    /// "At once": a random delay from zero to the spread, to the millisecond.
    fn spread(&mut self) -> Duration {
        let high = u64::try_from(self.reconnect_spread.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(self.rng.u64(0..=high))
    }

    /// A random delay in `window`, to the millisecond.
    fn within(&mut self, window: DelayWindow) -> Duration {
        let low = window.low().as_millis() as u64;
        let high = window.high().as_millis() as u64;
        Duration::from_millis(self.rng.u64(low..=high))
    }
}

#[cfg(feature = "std")]
fn default_seed() -> u64 {
    fastrand::u64(..)
}

#[cfg(not(feature = "std"))]
fn default_seed() -> u64 {
    // Without `std` there is no entropy source to draw on; applications that want jitter to
    // differ between clients call `Policy::with_seed`.
    0x2545_f491_4f6c_dd1d
}

/// A flag name the vendor does not declare (from [`Policy::try_with_flag`] and
/// [`Policy::set_flag`]). It owns a copy of the name, so it is `'static` and works with `?`
/// into any error type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownFlag {
    vendor: Vendor,
    flag: Echo,
}

impl UnknownFlag {
    /// The vendor whose flags were searched.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The name that was not found (its first 64 bytes, if it was longer).
    pub fn flag(&self) -> &str {
        self.flag.as_str()
    }
}

impl fmt::Display for UnknownFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} has no flag {} (", self.vendor.id(), self.flag)?;
        let flags = self.vendor.flags();
        if flags.is_empty() {
            f.write_str("it has no flags")?;
        } else {
            f.write_str("its flags: ")?;
            for (i, known) in flags.iter().enumerate() {
                let separator = if i == 0 { "" } else { ", " };
                write!(f, "{separator}{}", known.name())?;
            }
        }
        f.write_str(")")
    }
}

impl core::error::Error for UnknownFlag {}

/// How the connection a decision is about ended, as the loop guard saw it.
#[derive(Clone, Copy)]
struct Ended {
    /// A connection was open (`on_open`, `on_uptime` or `on_ready` since the last decision).
    was_open: bool,
    /// It stayed up for the minimum uptime, or its session was ready.
    established: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Advice, FlagRule};

    /// A row whose `when_flag` names a vendor's second flag: codegen gives it bit 1 (see the
    /// golden fixture's `second_flag`), and only that bit may switch it. No shipped vendor has
    /// two flags yet, so the row is built here.
    #[test]
    fn the_second_flag_decides_a_row_that_names_it() {
        const BASE: Entry = Entry::base(Vendor::standard(), "https://example.com");
        const ROW: Entry = Entry {
            code: 4002,
            last: 4002,
            advice: Advice {
                action: Action::Stop,
                ..BASE.advice
            },
            flag_rule: Some(FlagRule {
                flag: "second_flag",
                action: Action::Backoff,
                bit: 1,
                uncounted: false,
            }),
            ..BASE
        };
        let mut policy = Policy::new(Vendor::standard());
        for (flags, expected) in [
            (0b00, Action::Stop),
            (0b01, Action::Stop),
            (0b10, Action::Backoff),
            (0b11, Action::Backoff),
        ] {
            policy.flags = flags;
            let (action, rule) = policy.row(&ROW);
            assert_eq!(action, expected, "flags {flags:#b}");
            let by_flag = matches!(rule, Rule::Flag(_));
            assert_eq!(by_flag, flags & 0b10 != 0, "flags {flags:#b}");
        }
    }
}
