//! The reconnect policy against each seed vendor's documented behaviour, plus properties that
//! hold for every input. Expected delays come from the vendors' pages: RealtimeOdds 1 s → 30 s
//! ×2 ±30 % (https://docs.realtimeodds.xyz/guides/reconnect-tuning/); Metered 1 s → 30 s ±20 %
//! (https://www.metered.ca/docs/realtime-messaging/protocol/close-codes);
//! Sol's 31 s doubling to 120 s
//! (https://mintlify.wiki/mongoo-se/sols-stat-tracker-webhook/configuration/advanced).

mod support;

use std::time::Duration;

use closecodes::{Action, Backoff, Event, Policy, Rule, Vendor};
use proptest::prelude::*;

fn vendor(id: &str) -> Vendor {
    Vendor::from_id(id).unwrap()
}

fn policy(id: &str) -> Policy {
    Policy::new(vendor(id)).with_seed(42)
}

/// A connection that opened and worked: open, and up for a minute (past any minimum uptime).
/// The policy's loop guard only starts over after such a connection.
fn working(p: &mut Policy) {
    p.on_open();
    p.on_uptime(Duration::from_secs(60));
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// Asserts `delay` is `base` seconds spread by at most ±`jitter`.
fn assert_around(delay: Option<Duration>, base: f64, jitter: f64) {
    let delay = delay.expect("a reconnect").as_secs_f64();
    let (low, high) = (base * (1.0 - jitter) - 1e-9, base * (1.0 + jitter) + 1e-9);
    assert!(
        (low..=high).contains(&delay),
        "{delay} s is outside {base} s ±{jitter}"
    );
}

#[test]
fn realtimeodds_stops_on_its_auth_codes_and_backs_off_on_everything_else() {
    for code in [4001, 4002, 4003] {
        let d = policy("realtimeodds").on_close(code);
        assert_eq!(d.action(), Action::Stop, "{code}");
        assert!(!d.should_reconnect());
    }
    // "any other code, 1000 included: reconnect with backoff", 1 → 2 → 4 → 8 → 16 → 30 → 30 s, ±30 %.
    let mut p = policy("realtimeodds");
    for (code, base) in [
        (1000, 1.0),
        (1001, 2.0),
        (1006, 4.0),
        (1011, 8.0),
        (4999, 16.0),
        (1000, 30.0),
        (1000, 30.0),
    ] {
        let d = p.on_close(code);
        assert_eq!(
            (d.action(), d.rule()),
            (Action::Backoff, Rule::VendorDefault),
            "{code}"
        );
        assert_around(d.delay(), base, 0.3);
    }
    let d = p.on_transport_error();
    assert_eq!(d.rule(), Rule::VendorDefault);
    assert_around(d.delay(), 30.0, 0.3);
}

#[test]
fn metered_follows_its_reconnect_strategy_table() {
    let mut p = policy("metered");
    // 4001 / 4002: mint a fresh token, reconnect.
    working(&mut p);
    let d = p.on_close(4002);
    assert!(d.needs_new_credentials());
    assert!(support::is_at_once(&d), "{d}");
    working(&mut p);
    // 1001: wait retryAfterMs from the going_away message.
    let d = p.on_close_with_retry_after(1001, Duration::from_millis(2500));
    assert_eq!(
        (d.action(), d.delay()),
        (Action::RetryAfter, Some(Duration::from_millis(2500)))
    );
    working(&mut p);
    // 4010 and 4011: exponential backoff, 1 s to 30 s, ±20 %.
    for base in [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0] {
        let d = p.on_close(4010);
        assert_eq!(d.action(), Action::Backoff);
        assert_around(d.delay(), base, 0.2);
    }
    working(&mut p);
    assert_around(p.on_close(4011).delay(), 1.0, 0.2);
    // 1008 / 1009 / 4003 / 4012: do not reconnect.
    for code in [1008, 1009, 4003, 4012] {
        let mut p = policy("metered");
        assert_eq!(p.on_close(code).action(), Action::Stop, "{code}");
        assert!(p.is_stopped());
    }
}

#[test]
fn metered_admin_disconnect_reconnects_once_with_a_fresh_token() {
    let mut p = policy("metered");
    let first = p.on_close(4020);
    assert!(first.needs_new_credentials() && first.should_reconnect());
    p.on_open(); // the kick arrives on an open connection
    let second = p.on_close(4020);
    assert_eq!(second.action(), Action::Stop);
    assert!(matches!(second.rule(), Rule::RetryLimit(e) if e.code() == 4020));
    assert!(!second.should_reconnect());
}

#[test]
fn metered_handshake_statuses() {
    let cases = [
        (401, Action::Reauthenticate),
        (404, Action::Stop),
        (429, Action::Backoff),
        (500, Action::Backoff),
        (503, Action::Backoff),
    ];
    for (status, action) in cases {
        let d = policy("metered").on_handshake_status(status);
        assert_eq!(d.action(), action, "{status}");
        assert!(matches!(d.rule(), Rule::Status(row) if row.vendor() == vendor("metered")));
        assert_eq!(d.event(), Event::HandshakeStatus(status));
    }
}

#[test]
fn other_vendors_get_the_generic_handshake_defaults() {
    let cases = [
        (401, Action::Reauthenticate),
        (403, Action::Stop),
        (404, Action::Stop),
        (429, Action::Backoff),
        (418, Action::Stop),
        (500, Action::Backoff),
        (502, Action::Backoff),
        (503, Action::Backoff),
    ];
    for (status, action) in cases {
        assert_eq!(
            policy("euler-stream").on_handshake_status(status).action(),
            action,
            "{status}"
        );
    }
}

#[test]
fn sols_stops_on_token_errors_unless_the_duplicate_flag_is_on() {
    for code in [4001, 4002, 4003, 4004] {
        assert_eq!(
            policy("sols-stat-tracker").on_close(code).action(),
            Action::Stop,
            "{code}"
        );
    }
    let mut p = policy("sols-stat-tracker").with_flag("reconnect_on_duplicate_connection");
    let d = p.on_close(4003);
    assert!(matches!(d.rule(), Rule::Flag(e) if e.code() == 4003));
    // "starting at 31 seconds and doubling up to maxReconnectInterval" (120 s by default).
    assert_eq!(d.delay(), Some(secs(31.0)));
    assert_eq!(p.on_close(4003).delay(), Some(secs(62.0)));
    assert_eq!(p.on_close(1006).delay(), Some(secs(120.0)));
    assert_eq!(p.on_close(1000).delay(), Some(secs(120.0)));
    // "reset on success"
    working(&mut p);
    assert_eq!(p.on_close(4999).delay(), Some(secs(31.0)));
    assert_eq!(p.on_close(4001).action(), Action::Stop);
}

#[test]
fn euler_stream_follows_its_common_scenarios() {
    assert_eq!(policy("euler-stream").on_close(1000).action(), Action::Done);
    assert_eq!(policy("euler-stream").on_close(4005).action(), Action::Done);
    let d = policy("euler-stream").on_close(4404);
    assert_eq!(
        (d.action(), d.delay()),
        (Action::RetryLater, Some(Policy::DEFAULT_RETRY_LATER))
    );
    let mut p = policy("euler-stream").with_retry_later(Duration::from_secs(300));
    assert_eq!(p.on_close(4404).delay(), Some(Duration::from_secs(300)));
    assert!(
        policy("euler-stream")
            .on_close(4401)
            .needs_new_credentials()
    );
    // 4006 and 4555: reconnect at once after a connection that worked…
    let mut p = policy("euler-stream");
    working(&mut p);
    assert!(support::is_at_once(&p.on_close(4006)));
    // …but not in a hot loop when the reconnect never opened (default backoff: 1 s ±20 %).
    assert_around(p.on_close(4555).delay(), 1.0, 0.2);
    working(&mut p);
    assert!(support::is_at_once(&p.on_close(4555)));
    // 4429: exponential backoff with the default parameters.
    assert_around(policy("euler-stream").on_close(4429).delay(), 1.0, 0.2);
}

#[test]
fn codes_nobody_lists_fall_back_to_the_standard_then_to_backoff() {
    let mut p = policy("metered");
    let d = p.on_close(1006);
    assert!(matches!(d.rule(), Rule::Row(e) if e.vendor() == Vendor::standard()));
    assert_eq!(d.action(), Action::Backoff);
    let d = policy("metered").on_close(4999);
    assert_eq!((d.action(), d.rule()), (Action::Backoff, Rule::UnknownCode));
    assert_eq!(d.entry(), None);
    assert_eq!(policy("metered").on_close(1000).action(), Action::Done);
    let d = policy("metered").on_transport_error();
    assert_eq!(
        (d.event(), d.entry().map(|e| e.code())),
        (Event::TransportError, Some(1006))
    );
}

#[test]
fn a_stop_is_final_until_a_new_policy() {
    let mut p = policy("metered");
    assert_eq!(p.on_close(4012).action(), Action::Stop);
    p.on_open();
    for code in [1000, 4010, 4002] {
        let d = p.on_close(code);
        assert_eq!(
            (d.action(), d.rule(), d.delay()),
            (Action::Stop, Rule::Stopped, None)
        );
    }
    assert_eq!(p.on_transport_error().rule(), Rule::Stopped);
    assert_eq!(p.on_handshake_status(503).rule(), Rule::Stopped);
    assert!(policy("metered").on_close(4010).should_reconnect());
}

#[test]
fn attempts_run_out() {
    let mut p = policy("metered").with_max_attempts(3);
    for attempt in 1..=3 {
        assert_eq!(p.on_close(4010).attempt(), attempt);
    }
    let d = p.on_close(4010);
    assert_eq!(
        (d.action(), d.rule()),
        (Action::Stop, Rule::AttemptsExhausted)
    );
}

#[test]
fn a_server_hint_is_a_floor_for_other_reconnecting_actions() {
    let d = policy("metered").on_close_with_retry_after(4010, Duration::from_secs(45));
    assert_eq!(d.delay(), Some(Duration::from_secs(45)));
    let d = policy("metered").on_close_with_retry_after(4012, Duration::from_secs(45));
    assert_eq!(d.delay(), None, "a hint does not revive a stop");
}

#[test]
fn flags_are_checked() {
    let error = policy("sols-stat-tracker")
        .try_with_flag("reconnect_on_duplicate")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "sols-stat-tracker has no flag \"reconnect_on_duplicate\" (its flags: reconnect_on_duplicate_connection)"
    );
    assert_eq!(error.flag(), "reconnect_on_duplicate");
    let mut p = policy("sols-stat-tracker");
    assert!(p.set_flag("reconnect_on_duplicate", true).is_err());
    assert!(!p.is_flag_on("reconnect_on_duplicate_connection"));
}

#[test]
#[should_panic(expected = "metered has no flag \"reconnect_on_duplicate_connection\"")]
fn an_unknown_flag_panics_in_with_flag() {
    let _ = Policy::new(vendor("metered")).with_flag("reconnect_on_duplicate_connection");
}

#[test]
fn decisions_read_as_one_log_line() {
    let mut p = policy("metered").with_backoff(Backoff::DEFAULT.with_jitter(0.0));
    assert_eq!(
        p.on_close(4010).to_string(),
        "metered close 4010 (Over Concurrent Limit): backoff; reconnect in 1.0s (attempt 1), then subscribe again"
    );
    working(&mut p);
    // "At once" is a random delay within a second, so the line names it.
    let line = p.on_close(4002).to_string();
    let (head, tail) = line.split_once("; reconnect in ").unwrap();
    assert_eq!(head, "metered close 4002 (Token Expired): reauthenticate");
    assert!(
        tail.ends_with(" (attempt 1), then subscribe again"),
        "{line}"
    );
    assert_eq!(
        p.on_close(4012).to_string(),
        "metered close 4012 (Account Suspended): stop; do not reconnect"
    );
    let mut sols = policy("sols-stat-tracker").with_flag("reconnect_on_duplicate_connection");
    assert_eq!(
        sols.on_close(4003).to_string(),
        "sols-stat-tracker close 4003 (Duplicate Connection): backoff (flag reconnect_on_duplicate_connection is on); reconnect in 31.0s (attempt 1)"
    );
    assert_eq!(
        policy("euler-stream").on_handshake_status(418).to_string(),
        "euler-stream handshake refused with HTTP 418 (unknown): stop; do not reconnect"
    );
}

#[test]
fn the_same_seed_gives_the_same_delays() {
    let run = |seed| {
        let mut p = Policy::new(vendor("realtimeodds")).with_seed(seed);
        (0..10)
            .map(|_| p.on_close(1006).delay())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
}

#[test]
fn a_zero_backoff_stays_zero_at_every_attempt() {
    let zero = Backoff::new(Duration::ZERO, Duration::from_secs(30));
    for attempt in [0, 1, 64, 2_000, u32::MAX] {
        assert_eq!(zero.base_delay(attempt), Duration::ZERO, "{attempt}");
    }
}

#[test]
fn backoff_delays_iterate_like_the_policy() {
    let backoff = Backoff::for_vendor(vendor("sols-stat-tracker"));
    let delays: Vec<u64> = backoff.delays(0).take(5).map(|d| d.as_secs()).collect();
    assert_eq!(delays, [31, 62, 120, 120, 120]);
    let defaults = Backoff::for_vendor(vendor("arcware"));
    assert_eq!(defaults, Backoff::DEFAULT);
}

fn any_backoff() -> impl Strategy<Value = Backoff> {
    (0u64..100_000, 0u64..10_000_000, 0.0f64..20.0, -1.0f64..2.0).prop_map(
        |(initial, max, factor, jitter)| {
            Backoff::new(Duration::from_millis(initial), Duration::from_millis(max))
                .with_factor(factor)
                .with_jitter(jitter)
        },
    )
}

proptest! {
    #[test]
    fn delays_stay_within_bounds_at_every_attempt(backoff in any_backoff(), attempt in any::<u32>(), seed in any::<u64>()) {
        let base = backoff.base_delay(attempt);
        prop_assert!(base <= backoff.max());
        prop_assert!(base >= backoff.initial());
        // The iterator's delays are the jittered base delays, attempt by attempt.
        let nth = attempt % 64;
        let jittered = backoff.delays(seed).nth(nth as usize).unwrap();
        prop_assert!(jittered <= backoff.ceiling(), "{jittered:?} > {:?}", backoff.ceiling());
        let base_nth = backoff.base_delay(nth).as_secs_f64();
        let low = base_nth * (1.0 - backoff.jitter()) - 1e-9;
        let high = base_nth * (1.0 + backoff.jitter()) + 1e-9;
        prop_assert!((low..=high).contains(&jittered.as_secs_f64()));
    }

    #[test]
    fn delays_grow_monotonically_to_the_cap_without_overflowing(backoff in any_backoff(), a in any::<u32>(), b in any::<u32>()) {
        let (low, high) = (a.min(b), a.max(b));
        prop_assert!(backoff.base_delay(low) <= backoff.base_delay(high));
        let last = backoff.base_delay(u32::MAX);
        prop_assert!(last <= backoff.max());
        if backoff.initial().is_zero() {
            prop_assert_eq!(last, Duration::ZERO);
        } else if backoff.factor() >= 1.01 {
            prop_assert_eq!(last, backoff.max());
        } else if backoff.factor() == 1.0 {
            prop_assert_eq!(last, backoff.initial());
        }
    }

    #[test]
    fn stop_and_done_never_reconnect(which in any::<proptest::sample::Index>(), codes in proptest::collection::vec(any::<u16>(), 1..30)) {
        let vendor = Vendor::ALL[which.index(Vendor::ALL.len())];
        let mut p = Policy::new(vendor).with_seed(3);
        let mut stopped = false;
        for code in codes {
            let d = p.on_close(code);
            if stopped {
                prop_assert_eq!(d.action(), Action::Stop);
            }
            if matches!(d.action(), Action::Stop | Action::Done) {
                prop_assert_eq!(d.delay(), None);
            } else {
                let delay = d.delay();
                prop_assert!(delay.is_some_and(|delay| delay <= p.backoff().ceiling().max(Policy::DEFAULT_RETRY_LATER)));
            }
            stopped |= d.action() == Action::Stop;
            prop_assert_eq!(p.is_stopped(), stopped);
        }
    }
}

/// Metered's 4020: "Mint a fresh token; reconnect once." (the close-codes page,
/// https://www.metered.ca/docs/realtime-messaging/protocol/close-codes, recovery table). "Once"
/// counts 4020s in a row: another close in between starts the count again.
#[test]
fn a_retry_limit_counts_only_closes_with_that_code_in_a_row() {
    let mut p = policy("metered");
    let first = p.on_close(4020);
    assert_eq!(first.action(), Action::Reauthenticate);
    assert!(first.should_reconnect());
    let d = p.on_close(4010); // Over Concurrent Limit: backoff, a different code
    assert_eq!(d.action(), Action::Backoff);
    let again = p.on_close(4020);
    assert_eq!(
        again.action(),
        Action::Reauthenticate,
        "the count started over"
    );
    let d = p.on_close(4020);
    assert_eq!(
        (d.action(), d.rule()),
        (Action::Stop, Rule::RetryLimit(again.entry().unwrap()))
    );
}

/// `max_attempts` bounds reconnects since the last established connection (the `Policy` docs);
/// one in between gives a fresh allowance, as reconnecting-websocket's `maxRetries` does once a
/// connection stayed up for `minUptime` (reconnecting-websocket.ts, `_handleOpen` starts the
/// `minUptime` timer that resets `_retryCount`).
#[test]
fn attempts_start_over_after_a_successful_connection() {
    let mut p = policy("metered").with_max_attempts(2);
    assert_eq!(p.on_close(4010).attempt(), 1);
    assert_eq!(p.on_close(4010).attempt(), 2);
    working(&mut p);
    assert_eq!(p.on_close(4010).attempt(), 1);
    assert_eq!(p.on_close(4010).attempt(), 2);
    let d = p.on_close(4010);
    assert_eq!(
        (d.action(), d.rule()),
        (Action::Stop, Rule::AttemptsExhausted)
    );
}

/// One log line for every kind of event (the `Decision` docs give the form).
#[test]
fn every_event_reads_as_one_log_line() {
    let mut p = policy("metered").with_backoff(Backoff::DEFAULT.with_jitter(0.0));
    p.on_open();
    assert_eq!(
        p.on_transport_error().to_string(),
        "metered connection lost without a close frame (Abnormal Closure): backoff; reconnect in 1.0s (attempt 1), then subscribe again"
    );
    // Metered's own 1009 row: the client's frame was over 64 KB, and it says to stop.
    assert_eq!(
        p.on_local_error(1009).to_string(),
        "metered local error, as close 1009 (Message Too Big): stop; do not reconnect"
    );
    assert_eq!(
        p.on_close(4010).to_string(),
        "metered close 4010: stop (stopped earlier); do not reconnect"
    );
    let mut p = policy("metered").with_max_attempts(1);
    let _ = p.on_close(4010);
    assert_eq!(
        p.on_close(4010).to_string(),
        "metered close 4010: stop (out of attempts); do not reconnect"
    );
}

/// What can happen to a client, for the loop guard's properties.
#[derive(Clone, Debug)]
enum Happening {
    Open,
    Ready,
    Uptime(u64),
    Close(u16),
    CloseWithHint(u16, u64),
    Dropped,
    Refused(u16),
    RefusedWithHint(u16, u64),
}

fn happening() -> impl Strategy<Value = Happening> {
    // Codes and statuses the data knows about, plus any number at all.
    let code = prop_oneof![
        prop::sample::select(vec![
            1000u16, 1001, 1005, 1006, 1011, 1012, 1013, 4000, 4002, 4003, 4007, 4009, 4010, 4020,
            4404, 4429
        ]),
        any::<u16>(),
    ];
    let status = prop::sample::select(vec![401u16, 403, 404, 429, 500, 502, 503, 418]);
    prop_oneof![
        3 => Just(Happening::Open),
        1 => Just(Happening::Ready),
        1 => (0u64..7200).prop_map(Happening::Uptime),
        4 => code.clone().prop_map(Happening::Close),
        1 => (code, 0u64..120_000).prop_map(|(c, ms)| Happening::CloseWithHint(c, ms)),
        1 => Just(Happening::Dropped),
        1 => status.clone().prop_map(Happening::Refused),
        1 => (status, 0u64..120_000).prop_map(|(s, ms)| Happening::RefusedWithHint(s, ms)),
    ]
}

proptest! {
    /// The loop guard, over any sequence of events for any vendor: a zero delay only ever
    /// follows an established connection (so no two zero delays follow each other without one
    /// between them), and without an established connection delays never shrink until the
    /// backoff's cap. "Established" is worked out here from the events alone: `on_ready` after
    /// the connection opened, or a reported uptime of at least the minimum (an hour here, so
    /// that the real clock, which the policy also reads, can never establish a connection
    /// during the test).
    #[test]
    fn no_reconnect_storm_whatever_happens(
        which in any::<proptest::sample::Index>(),
        seed in any::<u64>(),
        flags_on in any::<bool>(),
        events in proptest::collection::vec(happening(), 1..60),
    ) {
        let vendor = Vendor::ALL[which.index(Vendor::ALL.len())];
        let min_uptime = Duration::from_secs(3600);
        let mut p = Policy::new(vendor).with_seed(seed).with_min_uptime(min_uptime);
        if flags_on {
            for flag in vendor.flags() {
                p.set_flag(flag.name(), true).unwrap();
            }
        }
        let cap = p.backoff().max();
        let mut open = false;
        let mut established = false;
        let mut last: Option<Duration> = None;
        let mut zero_before = false;
        for event in events {
            let decision = match event {
                Happening::Open => { open = true; established = false; None }
                Happening::Ready => {
                    // Ready establishes the connection at once: the guard starts over now.
                    open = true;
                    established = true;
                    last = None;
                    zero_before = false;
                    p.on_ready();
                    None
                }
                Happening::Uptime(secs) => {
                    open = true;
                    established |= Duration::from_secs(secs) >= min_uptime;
                    p.on_uptime(Duration::from_secs(secs));
                    None
                }
                Happening::Close(code) => Some(p.on_close(code)),
                Happening::CloseWithHint(code, ms) => Some(p.on_close_with_retry_after(code, Duration::from_millis(ms))),
                Happening::Dropped => Some(p.on_transport_error()),
                Happening::Refused(status) => Some(p.on_handshake_status(status)),
                Happening::RefusedWithHint(status, ms) => Some(p.on_handshake_status_with_retry_after(status, Duration::from_millis(ms))),
            };
            if let Happening::Open = event {
                p.on_open();
            }
            let Some(decision) = decision else { continue };
            let ended_established = open && established;
            open = false;
            established = false;
            if ended_established {
                last = None;
                zero_before = false;
            }
            let Some(delay) = decision.delay() else { continue };
            if delay.is_zero() {
                prop_assert!(ended_established, "a zero delay after a connection that was not established: {decision}");
                prop_assert!(!zero_before || ended_established);
            } else if !ended_established {
                prop_assert!(delay >= Policy::MIN_RETRY_DELAY, "{decision}");
                if let Some(last) = last {
                    prop_assert!(delay >= last.min(cap), "{delay:?} after {last:?} (cap {cap:?}): {decision}");
                }
            }
            zero_before = delay.is_zero();
            last = Some(delay);
        }
    }
}

/// reconnecting-websocket and partysocket count a connection as good after `minUptime` = 5000
/// ms (reconnecting-websocket.ts:39-49 at 05a2f7c; partysocket's ws.ts the same), and reset
/// the retry count only then (`_acceptOpen`, reconnecting-websocket.ts:412-415, run by a timer
/// that a close before `minUptime` cancels, :430-435 and :509-512).
#[test]
fn a_connection_counts_as_established_after_five_seconds_or_when_ready() {
    let mut p = policy("metered");
    assert_eq!(p.min_uptime(), Duration::from_secs(5));
    assert_eq!(Policy::DEFAULT_MIN_UPTIME, Duration::from_secs(5));
    // Three closes soon after opening: the backoff grows, 1 s → 2 s → 4 s.
    for base in [1.0, 2.0, 4.0] {
        p.on_open();
        p.on_uptime(Duration::from_millis(4_999));
        assert_around(p.on_close(4010).delay(), base, 0.2);
    }
    // Up for the minimum: the backoff starts over.
    p.on_open();
    p.on_uptime(Duration::from_secs(5));
    assert_around(p.on_close(4010).delay(), 1.0, 0.2);
    // Or the application says the session is ready, however early.
    assert_around(p.on_close(4010).delay(), 2.0, 0.2);
    p.on_open();
    p.on_ready();
    assert_eq!(p.attempts(), 0, "ready starts the count over at once");
    assert_around(p.on_close(4010).delay(), 1.0, 0.2);
}

/// The README's loop calls only `on_open` and `on_close`. With `std` the policy measures the
/// uptime itself, so such a loop is guarded too: a close right after opening is not a success.
#[test]
fn a_loop_that_only_calls_on_open_and_on_close_is_guarded() {
    let mut p = policy("metered");
    for _ in 0..5 {
        p.on_open();
        let d = p.on_close(4002); // Token Expired: reauthenticate
        assert_eq!(d.action(), Action::Reauthenticate);
        assert!(d.delay().unwrap() >= Policy::MIN_RETRY_DELAY, "{d}");
    }
    assert_eq!(p.attempts(), 5);
}

/// RFC 6455 §7.2.3: "The first reconnect attempt SHOULD be delayed by a random amount of time"
/// — 0 to 5 seconds is the RFC's example — and "subsequent reconnect attempts SHOULD be delayed
/// by increasingly longer amounts of time, using a method such as truncated binary exponential
/// backoff". The standard's 1006 row carries the window.
#[test]
fn after_an_abnormal_closure_the_first_reconnect_waits_a_random_zero_to_five_seconds() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..200 {
        let mut p = Policy::new(Vendor::standard()).with_seed(seed);
        working(&mut p);
        let first = p.on_transport_error().delay().unwrap();
        assert!(first <= Duration::from_secs(5), "{first:?}");
        seen.insert(first.as_secs());
        // Then the backoff (the standard's default: 1 s doubling, ±20 %), not the window again.
        let second = p.on_transport_error().delay().unwrap();
        assert!(second >= Policy::MIN_RETRY_DELAY.max(first.min(p.backoff().max())));
    }
    assert!(
        seen.len() >= 4,
        "the first delay is spread over the window: {seen:?}"
    );
}

/// IANA registry, 1012 Service Restart: its reference advises reconnecting "using a randomized
/// delay of 5 - 30s" (as Java-WebSocket's CloseFrame and Spring's CloseStatus quote it).
#[test]
fn a_service_restart_waits_a_random_five_to_thirty_seconds() {
    let mut below_ten = false;
    let mut above_twenty = false;
    for seed in 0..200 {
        let mut p = Policy::new(Vendor::standard()).with_seed(seed);
        working(&mut p);
        let d = p.on_close(1012).delay().unwrap();
        assert!(
            (Duration::from_secs(5)..=Duration::from_secs(30)).contains(&d),
            "{d:?}"
        );
        below_ten |= d < Duration::from_secs(10);
        above_twenty |= d > Duration::from_secs(20);
    }
    assert!(below_ten && above_twenty, "spread over the whole window");
}

/// HTTP `Retry-After` (RFC 9110 §10.2.3) on a refused upgrade is honoured like a close's hint:
/// Metered's 429 row backs off, and waits at least what the server asked.
#[test]
fn a_refused_handshake_honours_its_retry_after() {
    let d = policy("metered").on_handshake_status_with_retry_after(429, Duration::from_secs(42));
    assert_eq!(d.action(), Action::Backoff);
    assert_eq!(d.delay(), Some(Duration::from_secs(42)));
    let d = policy("metered").on_handshake_status_with_retry_after(404, Duration::from_secs(42));
    assert_eq!(d.delay(), None, "a hint does not revive a stop");
}

/// partysocket's `shouldReconnectOnClose(event)` (ws.ts:120 and :672-681 at c9ab55f) lets an
/// application stop reconnecting after a close; graphql-ws' `shouldRetry` does the same for
/// retries (client.ts:844). Here the hook may change the action either way, but never revives a
/// stopped policy, and the loop guard still applies to what it chooses.
#[test]
fn the_application_hook_changes_the_action_under_the_same_guard() {
    fn never_on_going_away(event: Event, action: Action) -> Action {
        if event == Event::Close(1001) {
            Action::Stop
        } else {
            action
        }
    }
    fn always_reconnect(_: Event, _: Action) -> Action {
        Action::Reconnect
    }
    let mut p = policy("metered").with_action_hook(never_on_going_away);
    let d = p.on_close(1001);
    assert_eq!(d.action(), Action::Stop);
    assert!(d.is_overridden());
    assert!(d.to_string().contains("(set by the application)"), "{d}");
    let mut p = policy("metered").with_action_hook(always_reconnect);
    let d = p.on_close(4012); // Account Suspended: the rules say stop, the hook says reconnect
    assert_eq!(d.action(), Action::Reconnect);
    // No established connection: the guard's backoff, not an immediate reconnect.
    assert!(d.delay().unwrap() >= Policy::MIN_RETRY_DELAY);
}

/// Code written against the first names, `Decision::reason` and `Reason`, still compiles and
/// gets the same answer (RFC 6455's 1000 is a row of the standard).
#[test]
#[allow(deprecated)]
fn the_old_names_of_rule_still_work() {
    let decision = Policy::new(Vendor::standard()).on_close(1000);
    let old: closecodes::Reason = decision.reason();
    assert_eq!(old, decision.rule());
    assert!(matches!(old, closecodes::Reason::Row(e) if e.code() == 1000));
}

/// A transport error tells a connection that dropped from one that never opened, in
/// `was_open` and in the log line, by whether `on_open` came first.
#[test]
fn a_connection_that_never_opened_is_not_called_lost() {
    let mut policy = Policy::new(Vendor::standard());
    let refused = policy.on_transport_error();
    assert!(!refused.was_open());
    assert!(
        refused.to_string().contains("could not connect"),
        "{refused}"
    );
    policy.on_open();
    let dropped = policy.on_transport_error();
    assert!(dropped.was_open());
    assert!(
        dropped
            .to_string()
            .contains("connection lost without a close frame"),
        "{dropped}"
    );
}

/// Clients closed together, each with its own policy seeded from the OS as `Policy::new` seeds
/// it: how many decide to come back within the same slice of time.
fn herd(vendor: Vendor, code: u16, clients: usize, slice: Duration) -> Vec<usize> {
    let mut buckets = Vec::new();
    for _ in 0..clients {
        let mut p = Policy::new(vendor);
        p.on_open();
        p.on_ready();
        let delay = p.on_close(code).delay().expect("the herd reconnects");
        let bucket = (delay.as_nanos() / slice.as_nanos()) as usize;
        if buckets.len() <= bucket {
            buckets.resize(bucket + 1, 0);
        }
        buckets[bucket] += 1;
    }
    buckets
}

/// A restart herd (issue 20): 500 clients closed with 1012 Service Restart come back spread over
/// the IANA registry's 5–30 s (the registry's reference for 1012: "a random delay of 5 to 30
/// seconds"), no second holding more than 3 × 500 / 25 of them.
#[test]
fn a_service_restart_herd_spreads_over_five_to_thirty_seconds() {
    let clients = 500;
    let per_second = herd(Vendor::standard(), 1012, clients, Duration::from_secs(1));
    assert!(per_second[..5].iter().all(|&n| n == 0), "{per_second:?}");
    assert!(per_second.len() <= 31, "{per_second:?}");
    assert!(
        per_second.iter().all(|&n| n <= 3 * clients / 25),
        "{per_second:?}"
    );
}

/// A herd told to "reconnect at once" (Discord's 4000 UnknownError after READY: "reconnect",
/// codes/discord-gateway.toml) comes back spread over at least a second, not in one instant: no
/// 100 ms holds more than a quarter of the clients, and none waits more than the second.
#[test]
fn an_at_once_herd_spreads_over_a_second() {
    let clients = 500;
    let slices = herd(
        vendor("discord-gateway"),
        4000,
        clients,
        Duration::from_millis(100),
    );
    assert!(slices.len() <= 11, "{slices:?}");
    assert!(slices.iter().all(|&n| n <= clients / 4), "{slices:?}");
    assert!(
        slices.iter().filter(|&&n| n > 0).count() >= 10,
        "at least a second wide: {slices:?}"
    );
}

/// The spread can be widened, never narrowed below the second.
#[test]
fn the_reconnect_spread_widens_but_never_narrows() {
    let at_once = |spread: Duration| {
        let mut p = Policy::new(vendor("discord-gateway")).with_reconnect_spread(spread);
        (0..200)
            .map(|_| {
                p.on_open();
                p.on_ready();
                p.on_close(4000).delay().unwrap()
            })
            .max()
            .unwrap()
    };
    assert!(at_once(Duration::ZERO) > Duration::from_millis(500));
    assert!(at_once(Duration::ZERO) <= Duration::from_secs(1));
    assert!(at_once(Duration::from_secs(10)) > Duration::from_secs(2));
}
