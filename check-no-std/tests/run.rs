//! The no-std build of closecodes at run time. Expectations come from the RFC and the shipped
//! data's sources, as in the main crate's tests.

use std::time::Duration;

use closecodes::{Action, Vendor};
use closecodes_check_no_std as no_std;

#[test]
fn the_crate_really_is_built_without_std() {
    // With `std` on, `Policy` would seed jitter from the OS; without it every fresh policy
    // starts from the same fixed seed, so two runs give the same delays.
    let mut first = [None; 4];
    let mut second = [None; 4];
    let standard = Vendor::standard();
    no_std::run(standard, &[1006, 1006, 1006, 1006], &mut first);
    no_std::run(standard, &[1006, 1006, 1006, 1006], &mut second);
    assert_eq!(first, second);
}

#[test]
fn lookups_work_without_std() {
    // RFC 6455 §7.4.1: 1000 is a normal closure; the shipped data says `done` for it.
    assert_eq!(no_std::standard_action(1000), Some(Action::Done));
    assert_eq!(no_std::standard_action(4999), None);
    assert_eq!(no_std::vendor("RFC-6455"), Some(Vendor::standard()));
    assert_eq!(no_std::vendor("no such vendor"), None);
}

#[test]
fn frames_work_without_std() {
    // RFC 6455 §7.4.1: 1006 must not be sent; §5.5: at most 123 bytes of reason.
    assert_eq!(no_std::frame(1006, ""), None);
    assert_eq!(no_std::frame(4000, &"x".repeat(200)), Some((4000, 123)));
}

#[test]
fn a_policy_runs_without_std() {
    let mut decisions = [None; 3];
    // 1006 (abnormal closure) backs off in the standard's data; 1000 is done.
    let n = no_std::run(Vendor::standard(), &[1006, 1006, 1000], &mut decisions);
    assert_eq!(n, 3);
    let [Some(first), Some(second), Some(last)] = decisions else {
        panic!("three decisions");
    };
    assert_eq!((first.action(), first.attempt()), (Action::Backoff, 1));
    assert_eq!((second.action(), second.attempt()), (Action::Backoff, 2));
    assert_eq!(last.action(), Action::Done);
    // The default backoff: 1 s, then 2 s, each ±20 %.
    let low = |secs: f64| Duration::from_secs_f64(secs * 0.8);
    let high = |secs: f64| Duration::from_secs_f64(secs * 1.2);
    let d1 = first.delay().unwrap();
    let d2 = second.delay().unwrap();
    assert!(low(1.0) <= d1 && d1 <= high(1.0), "{d1:?}");
    assert!(low(2.0) <= d2 && d2 <= high(2.0), "{d2:?}");
    assert!(no_std::first_delay(7).is_some());
}

/// Without `std` the policy has no clock: a connection counts as established only when the
/// application reports its uptime (`on_uptime`) or says it is ready (`on_ready`).
#[test]
fn without_std_uptime_is_reported_not_measured() {
    use closecodes::Policy;
    let mut p = Policy::new(Vendor::standard());
    // Opened and closed, with nothing reported: not established, so the backoff grows
    // (the default backoff: 1 s, then 2 s, each ±20 %).
    p.on_open();
    let first = p.on_close(1011).delay().unwrap();
    p.on_open();
    let second = p.on_close(1011).delay().unwrap();
    assert!(second > first, "{first:?} then {second:?}");
    // Up for ten seconds, past the 5 s minimum: the backoff starts over at 1 s.
    p.on_open();
    p.on_uptime(Duration::from_secs(10));
    let again = p.on_close(1011).delay().unwrap();
    assert!(again <= Duration::from_secs_f64(1.2), "{again:?}");
    // Ready: established at once.
    p.on_open();
    p.on_ready();
    assert_eq!(p.attempts(), 0);
}
