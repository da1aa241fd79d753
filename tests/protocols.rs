//! Discord Gateway, graphql-ws and Twitch EventSub: the data against their documentation,
//! transcribed here by hand from the brief (and checked against discord-api-docs and
//! graphql-ws' src/common.ts and src/client.ts), and the policy's behaviour per their docs.

use std::time::Duration;

use closecodes::{Action, Policy, Reason, Vendor};

fn vendor(id: &str) -> Vendor {
    Vendor::from_id(id).unwrap()
}

fn check(id: &str, rows: &[(u16, &str, Action)]) {
    let vendor = vendor(id);
    assert_eq!(
        vendor.codes().len(),
        rows.len(),
        "{vendor}: exactly the documented rows"
    );
    for &(code, name, action) in rows {
        let entry = vendor
            .get(code)
            .unwrap_or_else(|| panic!("{vendor} lacks {code}"));
        assert_eq!(
            (entry.name(), entry.action()),
            (name, action),
            "{vendor} {code}"
        );
    }
}

#[test]
fn discord_gateway_rows_and_reconnect_column() {
    use Action::*;
    check(
        "discord-gateway",
        &[
            (4000, "UnknownError", Reconnect),
            (4001, "UnknownOpcode", Reconnect),
            (4002, "DecodeError", Reconnect),
            (4003, "NotAuthenticated", Reconnect),
            (4004, "AuthenticationFailed", Stop),
            (4005, "AlreadyAuthenticated", Reconnect),
            (4007, "InvalidSeq", Reconnect),
            (4008, "RateLimited", Reconnect),
            (4009, "SessionTimedOut", Reconnect),
            (4010, "InvalidShard", Stop),
            (4011, "ShardingRequired", Stop),
            (4012, "InvalidAPIVersion", Stop),
            (4013, "InvalidIntents", Stop),
            (4014, "DisallowedIntents", Stop),
        ],
    );
    assert!(
        vendor("discord-gateway").get(4006).is_none(),
        "there is no 4006"
    );
    let mut p = Policy::new(vendor("discord-gateway"));
    p.on_open();
    p.on_ready(); // READY: the session works
    assert_eq!(p.on_close(4000).delay(), Some(Duration::ZERO));
    assert_eq!(p.on_close(4004).action(), Action::Stop);
    assert!(
        closecodes::codes::discord_gateway::CloseCode::InvalidApiVersion
            .entry()
            .name()
            == "InvalidAPIVersion"
    );
}

#[test]
fn graphql_ws_fatal_and_retried_codes() {
    use Action::*;
    check(
        "graphql-ws",
        &[
            (1000, "Normal Closure", Done),
            (1001, "Going Away", Backoff),
            (1005, "No Status Received", Backoff),
            (1006, "Abnormal Closure", Backoff),
            (1012, "Service Restart", Backoff),
            (1013, "Try Again Later", Backoff),
            (1014, "Bad Gateway", Backoff),
            (4004, "BadResponse", Stop),
            (4005, "InternalClientError", Stop),
            (4400, "BadRequest", Stop),
            (4401, "Unauthorized", Stop),
            (4403, "Forbidden", Backoff),
            (4406, "SubprotocolNotAcceptable", Stop),
            (4408, "ConnectionInitialisationTimeout", Backoff),
            (4409, "SubscriberAlreadyExists", Stop),
            (4429, "TooManyInitialisationRequests", Stop),
            (4500, "InternalServerError", Stop),
            (4504, "ConnectionAcknowledgementTimeout", Backoff),
        ],
    );
    let policy = || Policy::new(vendor("graphql-ws"));
    assert_eq!(policy().on_close(4400).action(), Action::Stop);
    assert!(policy().on_close(4403).should_reconnect());
    // Other 1xxx are fatal, through the range rule.
    for code in [1002, 1003, 1007, 1008, 1009, 1010, 1011] {
        let d = policy().on_close(code);
        assert_eq!(d.action(), Action::Stop, "{code}");
        assert!(
            matches!(d.reason(), Reason::Row(e) if e.is_range()),
            "{code}"
        );
    }
    // 1000 is retried only while subscriptions are active (`return locks > 0`, client.ts:837-838
    // at af4f5c9): at once, without `retryWait` and without counting a retry (the retry step,
    // client.ts:615-625, runs only when `retrying` is set, which the 1000 path never does).
    let mut p = policy();
    assert_eq!(p.on_close(1000).action(), Action::Done);
    p.set_flag("subscriptions_active", true).unwrap();
    p.on_open();
    p.on_ready(); // connection_ack
    let d = p.on_close(1000);
    assert_eq!(d.action(), Action::Reconnect);
    assert_eq!(d.delay(), Some(Duration::ZERO));
    assert!(!d.is_counted());
    // Uncounted, so `retryAttempts` (5) never runs out on it…
    for _ in 0..10 {
        p.on_open();
        p.on_ready();
        assert!(p.on_close(1000).should_reconnect());
    }
    // …but a server that closes with 1000 before the ack still meets the loop guard's backoff.
    p.on_open();
    let d = p.on_close(1000);
    assert!(d.delay().unwrap() >= Policy::MIN_RETRY_DELAY);
    p.set_flag("subscriptions_active", false).unwrap();
    assert_eq!(p.on_close(1000).action(), Action::Done);
    // Anything else is retried, 5 times at most.
    let mut p = policy();
    for attempt in 1..=5 {
        assert_eq!(p.on_close(4999).attempt(), attempt);
    }
    assert_eq!(p.on_close(4999).reason(), Reason::AttemptsExhausted);
}

#[test]
fn twitch_eventsub_rows() {
    use Action::*;
    check(
        "twitch-eventsub",
        &[
            (4000, "Internal server error", Reconnect),
            (4001, "Client sent inbound traffic", Stop),
            (4002, "Client failed ping-pong", Stop),
            (4003, "Connection unused", Stop),
            (4004, "Reconnect grace time expired", Reconnect),
            (4005, "Network timeout", Reconnect),
            (4006, "Network error", Reconnect),
            (4007, "Invalid reconnect", Reconnect),
        ],
    );
    let twitch = vendor("twitch-eventsub");
    assert!(twitch.get(4000).unwrap().is_inferred() && twitch.get(4007).unwrap().is_inferred());
    assert!(!twitch.get(4005).unwrap().is_inferred());
}

#[test]
fn four_thousand_three_means_five_things() {
    let meanings: Vec<(&str, Action)> = closecodes::explain(4003)
        .map(|e| (e.vendor().id(), e.action()))
        .collect();
    for expected in [
        ("discord-gateway", Action::Reconnect),
        ("metered", Action::Stop),
        ("realtimeodds", Action::Stop),
        ("sols-stat-tracker", Action::Stop),
        ("twitch-eventsub", Action::Stop),
    ] {
        assert!(meanings.contains(&expected), "{expected:?}");
    }
}
