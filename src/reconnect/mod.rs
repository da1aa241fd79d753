//! The reconnect policy: turns how a connection ended into a [`Decision`], following the
//! vendor's rules in `codes/`.

mod backoff;
mod decision;

use core::fmt;
use core::time::Duration;

pub use backoff::{Backoff, Delays};
pub use decision::{Decision, Event, Reason};

use crate::registry::echo::Echo;
use crate::{Action, Entry, Vendor};

/// A vendor's reconnect rules for one connection, with the state they need (attempts so far,
/// whether it has stopped, jitter).
///
/// Feed it what happened — [`on_close`](Self::on_close), [`on_handshake_status`](Self::on_handshake_status),
/// [`on_transport_error`](Self::on_transport_error) — and it answers with a [`Decision`]; tell it
/// when a connection succeeds with [`on_open`](Self::on_open).
///
/// How a close code becomes an action, first match wins:
/// 1. the vendor's row for the code (its `when_flag` action if that flag is on), else its range
///    rule covering the code;
/// 2. the vendor's default for unlisted codes (`[vendor.default]`), standard codes included;
/// 3. the standard's row (RFC 6455 and the IANA registry);
/// 4. anything else: [`Action::Backoff`].
///
/// And an action becomes a delay:
/// - `done` and `stop`: no reconnect. A `stop` is final: the policy answers `stop` to everything
///   after it, until the application builds a new policy.
/// - `reconnect` and `reauthenticate`: at once after a connection that had opened; after an
///   attempt that never opened, the backoff delay, so a server that keeps refusing is not hammered.
///   `reauthenticate` also sets [`Decision::needs_new_credentials`].
/// - `backoff`: the vendor's [`Backoff`] for the number of attempts since the last open.
/// - `retry_after`: the delay the server announced ([`on_close_with_retry_after`](Self::on_close_with_retry_after)), else the backoff.
/// - `retry_later`: a long fixed interval, [`Policy::DEFAULT_RETRY_LATER`] unless set with
///   [`with_retry_later`](Self::with_retry_later).
///
/// A row's `retry_limit` counts closes with that code in a row (successful connections in between
/// included, since such closes arrive on open connections); past it the answer is `stop`. The
/// vendor's `max_attempts`, or [`with_max_attempts`](Self::with_max_attempts), bounds reconnects
/// since the last successful connection; past it the answer is `stop`.
///
/// ```
/// use std::time::Duration;
/// use closecodes::{Action, Policy, Vendor};
///
/// let mut policy = Policy::new(Vendor::Metered).with_seed(7);
///
/// let d = policy.on_close(4002); // Token Expired
/// assert!(d.should_reconnect() && d.needs_new_credentials());
///
/// let d = policy.on_close_with_retry_after(1001, Duration::from_millis(2500)); // Going Away
/// assert_eq!(d.delay(), Some(Duration::from_millis(2500)));
///
/// policy.on_open();
/// let d = policy.on_close(4012); // Account Suspended
/// assert_eq!(d.action(), Action::Stop);
/// assert!(!policy.on_close(4010).should_reconnect(), "a stopped policy stays stopped");
/// ```
#[derive(Clone, Debug)]
pub struct Policy {
    vendor: Vendor,
    flags: u64,
    backoff: Backoff,
    max_attempts: Option<u32>,
    retry_later: Duration,
    rng: fastrand::Rng,
    attempt: u32,
    stopped: bool,
    limited: Option<(u16, u32)>,
}

impl Policy {
    /// The wait before reconnecting after a `retry_later` close, unless set with
    /// [`with_retry_later`](Self::with_retry_later): one minute.
    pub const DEFAULT_RETRY_LATER: Duration = Duration::from_secs(60);

    /// A policy with the vendor's documented defaults: its backoff ([`Backoff::for_vendor`]) and
    /// attempt limit, every flag off, jitter seeded at random (with `std`; a fixed seed without).
    #[must_use]
    pub fn new(vendor: Vendor) -> Policy {
        Policy {
            vendor,
            flags: 0,
            backoff: Backoff::for_vendor(vendor),
            max_attempts: vendor.backoff().max_attempts(),
            retry_later: Policy::DEFAULT_RETRY_LATER,
            rng: fastrand::Rng::with_seed(default_seed()),
            attempt: 0,
            stopped: false,
            limited: None,
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
    /// subscriptions are active — or says that the vendor has no such flag.
    ///
    /// ```
    /// use closecodes::{Action, Policy, Vendor};
    ///
    /// let mut policy = Policy::new(Vendor::from_id("graphql-ws").unwrap());
    /// assert_eq!(policy.on_close(1000).action(), Action::Done);
    /// policy.set_flag("subscriptions_active", true)?;
    /// assert_eq!(policy.on_close(1000).action(), Action::Backoff);
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

    /// The vendor whose rules this policy follows.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The backoff in use.
    pub const fn backoff(&self) -> Backoff {
        self.backoff
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

    /// Reconnects decided since the last successful connection.
    pub const fn attempts(&self) -> u32 {
        self.attempt
    }

    /// Records a successful connection: the attempt count, and with it the backoff, starts over.
    pub fn on_open(&mut self) {
        self.attempt = 0;
    }

    /// Decides what to do after the server closed the connection with `code`.
    pub fn on_close(&mut self, code: u16) -> Decision {
        self.decide_close(Event::Close(code), code, None)
    }

    /// Like [`on_close`](Self::on_close), when the server also announced how long to wait (e.g.
    /// a `retryAfterMs` field before closing). A `retry_after` action waits exactly that long;
    /// other reconnecting actions wait at least that long.
    pub fn on_close_with_retry_after(&mut self, code: u16, retry_after: Duration) -> Decision {
        self.decide_close(Event::Close(code), code, Some(retry_after))
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
        self.decide(
            Event::InvalidRequest,
            Action::Stop,
            Reason::InvalidRequest,
            None,
        )
    }

    /// Decides what to do after the server answered the upgrade request with an HTTP `status`
    /// instead of `101`: the vendor's `[[status]]` row, else the standard's, else other 4xx stop
    /// and anything else backs off.
    pub fn on_handshake_status(&mut self, status: u16) -> Decision {
        let standard = Vendor::standard();
        let row = self
            .vendor
            .handshake_status(status)
            .or_else(|| standard.handshake_status(status));
        let (action, reason) = match row {
            Some(row) => (row.action(), Reason::Status(row)),
            None if (400..500).contains(&status) => (Action::Stop, Reason::UnknownStatus),
            None => (Action::Backoff, Reason::UnknownStatus),
        };
        self.limited = None;
        self.decide(Event::HandshakeStatus(status), action, reason, None)
    }

    fn decide_close(&mut self, event: Event, code: u16, hint: Option<Duration>) -> Decision {
        let (action, reason) = self.resolve(code);
        let (action, reason) = match reason {
            Reason::Row(entry) | Reason::Flag(entry) => {
                self.apply_retry_limit(entry, action, reason)
            }
            _ => {
                self.limited = None;
                (action, reason)
            }
        };
        self.decide(event, action, reason, hint)
    }

    /// The action for a close code, and where it comes from (see the type's docs for the order).
    fn resolve(&self, code: u16) -> (Action, Reason) {
        if let Some(entry) = self.vendor.own(code) {
            return self.row(entry);
        }
        if let Some(rule) = self.vendor.default_rule() {
            return (rule.action(), Reason::VendorDefault);
        }
        match Vendor::standard().get(code) {
            Some(entry) => self.row(entry),
            None => (Action::Backoff, Reason::UnknownCode),
        }
    }

    fn row(&self, entry: &'static Entry) -> (Action, Reason) {
        match entry.flag_rule() {
            Some(rule) if self.flags & (1 << rule.bit) != 0 => (rule.action(), Reason::Flag(entry)),
            _ => (entry.action(), Reason::Row(entry)),
        }
    }

    fn apply_retry_limit(
        &mut self,
        entry: &'static Entry,
        action: Action,
        reason: Reason,
    ) -> (Action, Reason) {
        let Some(limit) = entry.retry_limit() else {
            self.limited = None;
            return (action, reason);
        };
        let count = match self.limited {
            Some((code, count)) if code == entry.code() => count.saturating_add(1),
            _ => 1,
        };
        self.limited = Some((entry.code(), count));
        if count > limit && action.reconnects() {
            (Action::Stop, Reason::RetryLimit(entry))
        } else {
            (action, reason)
        }
    }

    fn decide(
        &mut self,
        event: Event,
        action: Action,
        reason: Reason,
        hint: Option<Duration>,
    ) -> Decision {
        let mut decision = Decision {
            vendor: self.vendor,
            event,
            action,
            delay: None,
            reason,
            attempt: 0,
        };
        if self.stopped {
            decision.action = Action::Stop;
            decision.reason = Reason::Stopped;
            return decision;
        }
        if !action.reconnects() {
            self.stopped = action == Action::Stop;
            return decision;
        }
        if self.max_attempts.is_some_and(|max| self.attempt >= max) {
            self.stopped = true;
            decision.action = Action::Stop;
            decision.reason = Reason::AttemptsExhausted;
            return decision;
        }
        let backoff =
            |policy: &mut Policy, attempt: u32| policy.backoff.delay(attempt, &mut policy.rng);
        let attempt = self.attempt;
        let delay = match action {
            Action::Reconnect | Action::Reauthenticate if attempt == 0 => Duration::ZERO,
            Action::Reconnect | Action::Reauthenticate => backoff(self, attempt - 1),
            Action::RetryAfter => match hint {
                Some(hint) => hint,
                None => backoff(self, attempt),
            },
            Action::RetryLater => self.retry_later,
            _ => backoff(self, attempt),
        };
        let delay = match hint {
            Some(hint) if action != Action::RetryAfter => delay.max(hint),
            _ => delay,
        };
        self.attempt = attempt.saturating_add(1);
        decision.delay = Some(delay);
        decision.attempt = self.attempt;
        decision
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
            let (action, reason) = policy.row(&ROW);
            assert_eq!(action, expected, "flags {flags:#b}");
            let by_flag = matches!(reason, Reason::Flag(_));
            assert_eq!(by_flag, flags & 0b10 != 0, "flags {flags:#b}");
        }
    }
}
