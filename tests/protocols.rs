//! Discord Gateway, graphql-ws and Twitch EventSub: the data against their documentation,
//! transcribed here by hand from Discord's close-code table
//! (https://docs.discord.com/developers/topics/opcodes-and-status-codes), graphql-ws'
//! `src/common.ts` and `src/client.ts` (enisdenjo/graphql-ws at af4f5c9) and Twitch's
//! https://dev.twitch.tv/docs/eventsub/handling-websocket-events/, and the policy's behaviour
//! per their docs.

mod support;

use closecodes::{Action, Policy, Rule, Vendor};

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
            // Not in Discord's table: a 1000 from Discord; discord.js reconnects with a new
            // session (WebSocketShard.ts:868-874 at 219ad7b).
            (1000, "Normal Closure", Reconnect),
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
    assert!(support::is_at_once(&p.on_close(4000)));
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
        assert!(matches!(d.rule(), Rule::Row(e) if e.is_range()), "{code}");
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
    assert!(support::is_at_once(&d), "{d}");
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
    // Anything else is retried, 5 times at most: `retryAttempts = 5` (client.ts:465 at af4f5c9)
    // and `if (!retryAttempts || retries >= retryAttempts) throw` (client.ts:841).
    let mut p = policy();
    for attempt in 1..=5 {
        assert_eq!(p.on_close(4999).attempt(), attempt);
    }
    assert_eq!(p.on_close(4999).rule(), Rule::AttemptsExhausted);
}

#[test]
fn twitch_eventsub_rows() {
    use Action::*;
    check(
        "twitch-eventsub",
        &[
            // The docs give no action for any code; twurple and twitch4j reconnect after
            // 4001 and 4002 (TwitchEventSocket.java:649-651 at 3ea1024), so a client that
            // stalled once does not stop for good.
            (4000, "Internal server error", Reconnect),
            (4001, "Client sent inbound traffic", Backoff),
            (4002, "Client failed ping-pong", Backoff),
            (4003, "Connection unused", Backoff),
            (4004, "Reconnect grace time expired", Reconnect),
            (4005, "Network timeout", Reconnect),
            (4006, "Network error", Reconnect),
            (4007, "Invalid reconnect", Reconnect),
        ],
    );
    let twitch = vendor("twitch-eventsub");
    assert!(
        twitch.codes().iter().all(|e| e.is_inferred()),
        "the docs state no action, so every action is inferred"
    );
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
        ("twitch-eventsub", Action::Backoff),
    ] {
        assert!(meanings.contains(&expected), "{expected:?}");
    }
}

/// A policy whose connection has just ended after its session was ready.
fn after_a_ready_session(id: &str) -> Policy {
    let mut p = Policy::new(vendor(id)).with_seed(5);
    p.on_open();
    p.on_ready();
    p
}

/// Discord's sessions (discord-api-docs at c98d64b): 4007 "Reconnect and start a new session"
/// and 4009 "Reconnect and start a new one" (developers/topics/opcodes-and-status-codes.mdx:44,
/// :46); "If an app can resume/reconnect, it should open a new connection using
/// `resume_gateway_url` … If an app cannot resume/reconnect, it should open a new connection
/// using the cached URL" (developers/events/gateway.mdx:97). READY and RESUMED mark a ready
/// session (developers/events/gateway-events.mdx:460, :479).
#[test]
fn discord_says_when_to_resume_and_where_to_reconnect() {
    use closecodes::{Endpoint, Session};
    assert!(
        vendor("discord-gateway")
            .session()
            .ready()
            .unwrap()
            .contains("READY")
    );
    for code in [4007, 4009] {
        let d = after_a_ready_session("discord-gateway").on_close(code);
        assert_eq!(d.session(), Some(Session::New), "{code}");
        assert_eq!(d.reconnect_to(), Some(Endpoint::Default), "{code}");
        assert!(
            d.to_string()
                .ends_with(", with a new session, to the default address"),
            "{d}"
        );
    }
    for code in [4000, 4001, 4002, 4005, 4008] {
        let d = after_a_ready_session("discord-gateway").on_close(code);
        assert_eq!(d.session(), Some(Session::Resume), "{code}");
        assert_eq!(d.reconnect_to(), Some(Endpoint::Server), "{code}");
    }
    // Discord asks for no resubscription: its events follow the identify's intents.
    assert!(
        !after_a_ready_session("discord-gateway")
            .on_close(4000)
            .resubscribe()
    );
}

/// Twitch EventSub (https://dev.twitch.tv/docs/eventsub/handling-websocket-events/): "If a
/// connection is lost, you must recreate the subscriptions in a new WebSocket session", and the
/// welcome message starts the session. After 4007 (invalid reconnect URL) twitch4j connects to
/// the default URL again (`this.url = baseUrl`, TwitchEventSocket.java:641-644 at 3ea1024).
#[test]
fn twitch_resubscribes_after_every_new_connection_and_4007_goes_to_the_default_url() {
    use closecodes::Endpoint;
    assert_eq!(
        vendor("twitch-eventsub").session().ready(),
        Some("session_welcome")
    );
    for code in [4000, 4004, 4005, 4006, 4007] {
        let d = after_a_ready_session("twitch-eventsub").on_close(code);
        assert!(d.should_reconnect(), "{code}");
        assert!(d.resubscribe(), "{code}");
    }
    let d = after_a_ready_session("twitch-eventsub").on_close(4007);
    assert_eq!(d.reconnect_to(), Some(Endpoint::Default));
}

/// graphql-ws: the client "is now ready" after ConnectionAck (PROTOCOL.md:60 at af4f5c9), and
/// every active subscription subscribes again on a new connection (client.ts:871-921).
#[test]
fn graphql_ws_is_ready_on_connection_ack_and_resubscribes() {
    assert_eq!(
        vendor("graphql-ws").session().ready(),
        Some("connection_ack")
    );
    assert!(
        after_a_ready_session("graphql-ws")
            .on_close(1001)
            .resubscribe()
    );
}
