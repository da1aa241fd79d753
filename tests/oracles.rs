//! The policy against the clients that act on these codes, for every code a server can send
//! (1000–1015 and 3000–4999), and against the documents where no client decides: twilight-model
//! as a live oracle, and rules transcribed by hand from their source, with file and line, where
//! the client is not an npm package (JavaScript clients run for real in `tests/js_clients/`).
//! Where this crate keeps a difference on purpose, the test says which and why.

mod support;

use std::time::Duration;

use closecodes::{Action, Policy, Session, Vendor};

/// Every close code a server may send or a client may see.
fn every_code() -> impl Iterator<Item = u16> {
    (1000..=1015).chain(3000..=4999)
}

fn vendor(id: &str) -> Vendor {
    Vendor::from_id(id).unwrap()
}

/// A decision after a connection whose session was ready: the vendor's own rules, undisturbed
/// by the loop guard.
fn after_ready(policy: &mut Policy, code: u16) -> closecodes::Decision {
    policy.on_open();
    policy.on_ready();
    policy.on_close(code)
}

/// twilight-model 0.18 `CloseCode::can_reconnect` (twilight-model/src/gateway/close_code.rs:93-105)
/// for every code it knows; twilight-gateway reconnects after any other close
/// (`ShardState::from_close_code`, twilight-gateway/src/shard.rs:135-142).
#[test]
fn discord_reconnects_exactly_where_twilight_does() {
    use twilight_model::gateway::CloseCode;
    let discord = vendor("discord-gateway");
    for code in every_code() {
        let twilight = CloseCode::try_from(code).map_or(true, |known| known.can_reconnect());
        let mut policy = Policy::new(discord).with_seed(1);
        let ours = after_ready(&mut policy, code).should_reconnect();
        assert_eq!(ours, twilight, "discord-gateway {code}");
    }
}

/// graphql-ws 6.4.2's client (dist/client.js, checked line by line against the installed
/// package; `tests/js_clients/` runs it with a subscription), transcribed for every code:
/// - fatal: `isFatalInternalCloseCode` — 1000–1999 except 1000, 1001, 1005, 1006, 1012, 1013 and
///   1014 (client.js:487-506) — and the list 4500, 4005, 4400, 4004, 4401, 4406, 4409, 4429
///   (client.js:293-306);
/// - 1000: `return locks > 0` (client.js:309-310): done without active subscriptions — a state
///   the running client never shows, since a lazy client closes itself when its last
///   subscription ends — else an immediate, uncounted reconnect;
/// - anything else: retried after `retryWait`, counted against `retryAttempts` = 5
///   (client.js:14, 311).
#[test]
fn graphql_ws_against_its_client_for_every_code() {
    let fatal = |code: u16| {
        let internal = (1000..=1999).contains(&code)
            && ![1000, 1001, 1005, 1006, 1012, 1013, 1014].contains(&code);
        internal || [4500, 4005, 4400, 4004, 4401, 4406, 4409, 4429].contains(&code)
    };
    let graphql = vendor("graphql-ws");
    for code in every_code() {
        for subscriptions in [false, true] {
            let mut policy = Policy::new(graphql).with_seed(1);
            policy
                .set_flag("subscriptions_active", subscriptions)
                .unwrap();
            let d = after_ready(&mut policy, code);
            if fatal(code) {
                assert_eq!(d.action(), Action::Stop, "{code}");
            } else if code == 1000 {
                if subscriptions {
                    assert!(support::is_at_once(&d), "{code}: {d}");
                    assert!(!d.is_counted(), "{code}");
                } else {
                    assert_eq!(d.action(), Action::Done, "{code}");
                }
            } else {
                assert!(d.should_reconnect(), "{code}");
                assert!(d.is_counted(), "{code}");
            }
        }
    }
    // Five counted retries, then the error (client.ts:841), for a code that is retried.
    let mut policy = Policy::new(graphql).with_seed(1);
    for _ in 0..5 {
        assert!(policy.on_close(4403).should_reconnect());
    }
    assert_eq!(policy.on_close(4403).action(), Action::Stop);
}

/// twitch4j `TwitchEventSocket` (eventsub-websocket/…/TwitchEventSocket.java:628-656 at 3ea1024):
/// reconnects after every code except 4004 (ignored on the expiring connection, :636-639) and
/// 4003 without subscriptions (:646-648). Twitch's own table gives no action, so this crate's
/// inferred rows follow that client: every code Twitch lists reconnects (4003 and 4004 too, for
/// a client that still has subscriptions to make or an old connection to replace).
#[test]
fn twitch_reconnects_where_twitch4j_does() {
    let twitch = vendor("twitch-eventsub");
    for code in 4000..=4007 {
        let mut policy = Policy::new(twitch).with_seed(1);
        assert!(after_ready(&mut policy, code).should_reconnect(), "{code}");
    }
}

/// The Hocuspocus provider (ueberdosis/hocuspocus at 3ec6084, provider 4.x) ignores the close
/// code and always reconnects with its backoff; so does subscriptions-transport-ws' client with
/// `reconnect: true` (apollographql/subscriptions-transport-ws at 36f3f6f), where this crate
/// keeps one difference: 1002 (the subprotocol was refused) stops, as it would be refused again.
#[test]
fn hocuspocus_and_subscriptions_transport_ws_reconnect_after_anything() {
    for code in every_code() {
        let mut policy = Policy::new(vendor("hocuspocus")).with_seed(1);
        assert!(
            after_ready(&mut policy, code).should_reconnect(),
            "hocuspocus {code}"
        );
        let mut policy = Policy::new(vendor("subscriptions-transport-ws")).with_seed(1);
        let d = after_ready(&mut policy, code);
        assert_eq!(
            d.should_reconnect(),
            code != 1002,
            "subscriptions-transport-ws {code}: {d}"
        );
    }
}

/// @deepgram/sdk 5.13.0 (dist/esm, checked against the installed package; `tests/js_clients/`
/// runs its listen v1 socket for every code): the Flux (listen v2) socket stops after 1005 once
/// CloseStream was sent (CustomClient.mjs:1387-1389), and a socket that opens and closes again
/// within 5 s reconnects at most `maxRetries` = 30 times (CustomClient.mjs:1163, ws.mjs:350-354).
#[test]
fn deepgram_flux_close_stream_and_attempt_limit() {
    let dg = vendor("deepgram");
    let mut policy = Policy::new(dg).with_seed(1);
    policy.set_flag("close_stream_sent", true).unwrap();
    assert_eq!(after_ready(&mut policy, 1005).action(), Action::Done);
    let mut policy = Policy::new(dg).with_seed(1);
    for _ in 0..30 {
        assert!(policy.on_close(1011).should_reconnect());
    }
    assert!(!policy.on_close(1011).should_reconnect());
}

/// assemblyai 1.0.0 (Python) `_build_connection_closed_error` (assemblyai/streaming/v3/_base.py:
/// 310-317 at 530eca5): 1000 is a clean close, every other code an error. No SDK reconnects.
#[test]
fn assemblyai_done_only_after_1000() {
    let aai = vendor("assemblyai");
    for code in every_code() {
        let mut policy = Policy::new(aai).with_seed(1);
        let d = after_ready(&mut policy, code);
        assert_eq!(d.action() == Action::Done, code == 1000, "{code}");
    }
}

/// Speechmatics API reference, "Client Retry": retry only 4005, 4013 and 1011, after at least
/// 5-10 s; the other codes of the close table are not retried.
#[test]
fn speechmatics_retries_only_the_three_codes() {
    let table = [1003, 1008, 1011, 4001, 4003, 4004, 4005, 4006, 4013];
    let retry = [4005, 4013, 1011];
    let sm = vendor("speechmatics");
    for code in table {
        let mut policy = Policy::new(sm).with_seed(1);
        let d = after_ready(&mut policy, code);
        if retry.contains(&code) {
            let delay = d.delay().unwrap();
            assert!(
                delay >= Duration::from_secs(5) && delay <= Duration::from_secs(10),
                "{code} {delay:?}"
            );
        } else if code == 4001 {
            // Kept: one attempt with fresh credentials.
            assert_eq!(d.action(), Action::Reauthenticate, "{code}");
        } else {
            assert_eq!(d.action(), Action::Stop, "{code}");
        }
    }
    let mut policy = Policy::new(sm).with_seed(1);
    policy.set_flag("renew_expired_sessions", true).unwrap();
    let d = after_ready(&mut policy, 1008);
    assert!(d.should_reconnect());
    assert_eq!(d.session(), Some(Session::New));
}

/// The QQ Bot gateway's close-code table (tencent-connect/bot-docs, `docs/develop/api-v2/
/// dev-prepare/error-trace/websocket.md` at c9336a5, lines 6-20: code, "may retry RESUME", "may
/// retry IDENTIFY"; 4014 is listed twice) and the simple rule under it (lines 22-26: 4009 resumes,
/// 4914 and 4915 never connect again, "other errors: identify again").
#[test]
fn qq_bot_follows_its_close_code_table() {
    // (code or range, may resume, may identify)
    let table: [(std::ops::RangeInclusive<u16>, bool, bool); 15] = [
        (4001..=4001, false, false),
        (4002..=4002, false, false),
        (4007..=4007, false, true),
        (4006..=4006, false, true),
        (4008..=4008, true, true),
        (4009..=4009, true, true),
        (4010..=4010, false, false),
        (4011..=4011, false, false),
        (4012..=4012, false, false),
        (4013..=4013, false, false),
        (4014..=4014, false, false),
        (4014..=4014, false, false),
        (4900..=4913, false, true),
        (4914..=4914, false, false),
        (4915..=4915, false, false),
    ];
    let qq = vendor("qq-bot");
    for (codes, resume, identify) in table.clone() {
        for code in codes {
            let mut policy = Policy::new(qq).with_seed(1);
            let d = after_ready(&mut policy, code);
            match (resume, identify) {
                (false, false) => assert_eq!(d.action(), Action::Stop, "qq-bot {code}: {d}"),
                (true, _) => {
                    assert!(d.should_reconnect(), "qq-bot {code}: {d}");
                    assert_eq!(d.session(), Some(Session::Resume), "qq-bot {code}: {d}");
                }
                (false, true) => {
                    assert!(d.should_reconnect(), "qq-bot {code}: {d}");
                    assert_eq!(d.session(), Some(Session::New), "qq-bot {code}: {d}");
                }
            }
        }
    }
    // "Other errors: identify again" for every 4xxx code the table leaves out, but 4004: botgo
    // (tencent-connect/botgo at fe31c0d, websocket/client/client.go:97-100) and botpy
    // (gateway.py:57-59) fetch a new access token after it first.
    let listed = |code: u16| table.iter().any(|(codes, ..)| codes.contains(&code));
    for code in (4000..=4999).filter(|&code| !listed(code)) {
        let mut policy = Policy::new(qq).with_seed(1);
        let d = after_ready(&mut policy, code);
        assert!(d.should_reconnect(), "qq-bot {code}: {d}");
        assert_eq!(d.session(), Some(Session::New), "qq-bot {code}: {d}");
        assert_eq!(
            d.needs_new_credentials(),
            code == 4004,
            "qq-bot {code}: {d}"
        );
    }
}

/// obs-websocket's protocol document (obsproject/obs-websocket `docs/generated/protocol.md` at
/// 032c993), `WebSocketCloseCode`: each name and value (lines 646-764; 0, `DontClose`, is
/// internal). Only `SessionInvalidated` says what a client should do: "you must not automatically
/// reconnect" (line 752). No client decides either: obs-websocket-js 5.0.8 never reconnects
/// (`src/base.ts:376-383` only emits `ConnectionClosed`), so every other action is ours and
/// must be marked inferred.
#[test]
fn obs_websocket_lists_its_protocols_close_codes() {
    let documented = [
        (4000, "UnknownReason"),
        (4002, "MessageDecodeError"),
        (4003, "MissingDataField"),
        (4004, "InvalidDataFieldType"),
        (4005, "InvalidDataFieldValue"),
        (4006, "UnknownOpCode"),
        (4007, "NotIdentified"),
        (4008, "AlreadyIdentified"),
        (4009, "AuthenticationFailed"),
        (4010, "UnsupportedRpcVersion"),
        (4011, "SessionInvalidated"),
        (4012, "UnsupportedFeature"),
    ];
    let obs = vendor("obs-websocket");
    let listed: Vec<u16> = obs.codes().iter().map(|e| e.code()).collect();
    let expected: Vec<u16> = documented.iter().map(|&(code, _)| code).collect();
    assert_eq!(
        listed, expected,
        "the file lists exactly the protocol's codes"
    );
    for (code, name) in documented {
        let entry = obs.get(code).unwrap();
        assert_eq!(entry.name(), name, "obs-websocket {code}");
        assert_eq!(entry.is_inferred(), code != 4011, "obs-websocket {code}");
        let mut policy = Policy::new(obs).with_seed(1);
        let d = after_ready(&mut policy, code);
        if code == 4011 {
            assert_eq!(d.action(), Action::Stop, "obs-websocket 4011: {d}");
        }
    }
}

/// OKX's "Close Frame" table (https://www.okx.com/docs-v5/en/#error-code-websocket-public, copy
/// of 2026-07-20): 1009 and 4001–4009, each with a message. Only 4007's message says what to do
/// ("Please reconnect."). OKX's own SDK, python-okx 0.4.3, never reconnects
/// (`okx/websocket/WsPublicAsync.py:42-46` at fa8d738); the community okx-api 3.1.4 reconnects
/// 500 ms after any close (`src/util/BaseWSClient.ts:1193-1209` at bfb8068). Neither reads the
/// code, so every other action is ours and marked inferred.
#[test]
fn okx_close_frames_as_documented() {
    let documented = [
        (1009, "Request message exceeds the maximum frame length"),
        (4001, "Login Failed"),
        (4002, "Invalid Request"),
        (4003, "APIKey subscription amount exceeds the limit 100"),
        (4004, "No data received in 30s"),
        (4005, "Buffer is full, cannot write data"),
        (4006, "Abnormal disconnection"),
        (
            4007,
            "API key has been updated or deleted. Please reconnect.",
        ),
        (
            4008,
            "The number of subscribed channels exceeds the maximum limit.",
        ),
        (
            4009,
            "The number of subscription channels for this connection exceeds the limit",
        ),
    ];
    let okx = vendor("okx");
    let listed: Vec<u16> = okx.codes().iter().map(|e| e.code()).collect();
    let expected: Vec<u16> = documented.iter().map(|&(code, _)| code).collect();
    assert_eq!(listed, expected, "the file lists exactly the table's codes");
    for (code, message) in documented {
        let entry = okx.get(code).unwrap();
        assert_eq!(entry.name(), message, "okx {code}");
        assert_eq!(entry.is_inferred(), code != 4007, "okx {code}");
        let mut policy = Policy::new(okx).with_seed(1);
        let d = after_ready(&mut policy, code);
        if code == 4007 {
            assert!(d.should_reconnect(), "okx 4007: {d}");
        } else {
            // Ours, so cautious: a code that comes back on every attempt stops, a transient one
            // backs off, and a failed login is retried once with a fresh signature.
            match d.action() {
                Action::Stop | Action::Backoff => {}
                Action::Reauthenticate => assert_eq!(entry.retry_limit(), Some(1), "okx {code}"),
                other => panic!("okx {code}: an inferred {other:?}"),
            }
        }
    }
}

/// openai-python 3.3.1, checked line by line against the wheel on PyPI
/// (openai-3.3.1-py3-none-any.whl): `_RECOVERABLE_CLOSE_CODES` (openai/types/
/// websocket_reconnection.py:49-59) are retried, every other code is not (realtime.py:399-400).
/// A retry waits `min(0.5 × 2^(attempt-1), 8) × U(0.75, 1.0)` seconds (realtime.py:405-407), at
/// most `max_retries` = 5 times (realtime.py:99-135, 404). 1000 ends the iterator
/// (`ConnectionClosedOK`, realtime.py:314-315).
#[test]
fn openai_realtime_against_openai_python() {
    let recoverable = [1001, 1005, 1006, 1011, 1012, 1013, 1015];
    let sdk_delay = |attempt: u32| {
        let base = (0.5 * 2f64.powi(attempt as i32 - 1)).min(8.0);
        (
            Duration::from_secs_f64(base * 0.75),
            Duration::from_secs_f64(base),
        )
    };
    let openai = vendor("openai-realtime");
    for code in every_code() {
        let mut policy = Policy::new(openai).with_seed(1);
        let d = after_ready(&mut policy, code);
        if code == 1000 {
            assert_eq!(d.action(), Action::Done, "{code}");
        } else {
            assert_eq!(
                d.should_reconnect(),
                recoverable.contains(&code),
                "{code}: {d}"
            );
        }
    }
    for code in recoverable {
        for seed in 0..200 {
            let mut policy = Policy::new(openai).with_seed(seed);
            let mut d = after_ready(&mut policy, code);
            for attempt in 1..=5 {
                assert!(d.should_reconnect(), "{code}, attempt {attempt}: {d}");
                let (low, high) = sdk_delay(attempt);
                let delay = d.delay().unwrap();
                assert!(
                    (low..=high).contains(&delay),
                    "{code}, attempt {attempt}: {delay:?} outside {low:?}..={high:?}"
                );
                // The attempt fails before it opens.
                d = policy.on_transport_error();
            }
            assert!(!d.should_reconnect(), "{code}: a sixth attempt: {d}");
        }
    }
}
