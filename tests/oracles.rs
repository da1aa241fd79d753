//! The policy against the clients that act on these codes, for every code a server can send
//! (1000–1015 and 3000–4999): twilight-model as a live oracle, and discord.js' and graphql-ws'
//! rules transcribed by hand from their source, with file and line. Where this crate keeps a
//! difference on purpose, the test says which and why.

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

/// discord.js `WebSocketShard#onClose` (packages/ws/src/ws/WebSocketShard.ts:864-984 at
/// 219ad7b), transcribed: stop after 4004 and 4010–4014; resume after 4000, 4001, 4002 and 4009
/// and after anything not listed (the `default` arm, 970-982); identify a new session after 1000,
/// 4003, 4005, 4007 and 4008.
#[test]
fn discord_sessions_against_discord_js() {
    let discord_js = |code: u16| match code {
        4004 | 4010..=4014 => None,
        1000 | 4003 | 4005 | 4007 | 4008 => Some(Session::New),
        _ => Some(Session::Resume),
    };
    // Kept as Discord's docs say, where discord.js does otherwise (each row's note says so):
    // 4009 "Reconnect and start a new one" (discord.js resumes); 4005 and 4008 may resume per
    // the docs ("disconnected with a close code that indicates it can reconnect"), where
    // discord.js identifies again.
    let kept = [4005, 4008, 4009];
    let discord = vendor("discord-gateway");
    for code in every_code() {
        let mut policy = Policy::new(discord).with_seed(1);
        let d = after_ready(&mut policy, code);
        match discord_js(code) {
            None => assert_eq!(d.action(), Action::Stop, "{code}"),
            Some(_) if kept.contains(&code) => assert!(d.should_reconnect(), "{code}"),
            Some(session) => {
                assert!(d.should_reconnect(), "{code}");
                assert_eq!(d.session(), Some(session), "{code}");
            }
        }
    }
}

/// graphql-ws' client (src/client.ts at af4f5c9), transcribed for every code:
/// - fatal: `isFatalInternalCloseCode` — 1000–1999 except 1000, 1001, 1005, 1006, 1012, 1013 and
///   1014 (client.ts:1075-1090) — and the list 4500, 4005, 4400, 4004, 4401, 4406, 4409, 4429
///   (client.ts:815-828);
/// - 1000: `return locks > 0` (client.ts:837-838): done without active subscriptions, else an
///   immediate, uncounted reconnect;
/// - anything else: retried after `retryWait`, counted against `retryAttempts` = 5
///   (client.ts:465, 841).
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
                    assert_eq!(d.delay(), Some(Duration::ZERO), "{code}");
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
