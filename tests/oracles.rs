//! The policy against the clients that act on these codes, for every code a server can send
//! (1000–1015 and 3000–4999): twilight-model as a live oracle, and discord.js' and graphql-ws'
//! rules transcribed by hand from their source, with file and line. Where this crate keeps a
//! difference on purpose, the test says which and why.

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

/// centrifuge-js (centrifugal/centrifuge-js src/centrifuge.ts at c9e8678, `onClose` 1030-1098
/// and `_disconnect` 1451-1521), transcribed: no reconnect after 3500–3999 and 4500–4999 or after
/// 1009 (`messageSizeLimit`); a reconnect, counted, after anything else; after 3014 with a fresh
/// token.
#[test]
fn centrifugo_reconnects_where_centrifuge_js_does() {
    let centrifuge_js =
        |code: u16| !((3500..4000).contains(&code) || (4500..5000).contains(&code) || code == 1009);
    let centrifugo = vendor("centrifugo");
    for code in every_code() {
        let mut policy = Policy::new(centrifugo).with_seed(1);
        let d = after_ready(&mut policy, code);
        assert_eq!(
            d.should_reconnect(),
            centrifuge_js(code),
            "centrifugo {code}: {d}"
        );
    }
    let mut policy = Policy::new(centrifugo).with_seed(1);
    assert!(after_ready(&mut policy, 3014).needs_new_credentials());
}

/// pusher-js `Protocol.getCloseAction` (pusher/pusher-js src/core/connection/protocol/protocol.ts
/// :104-128 at f53faf9) and the connection manager (connection_manager.ts:283-288, 329-331),
/// transcribed: 4000 reconnects over TLS at once; 4001–4099 and everything from 4300 up stop;
/// 4100–4199 wait 1 s; 4200–4299 reconnect at once; anything below 4000 waits 1 s.
#[test]
fn pusher_channels_reconnects_where_pusher_js_does() {
    let pusher_js = |code: u16| -> Option<bool> {
        // Some(at_once) to reconnect, None to stop.
        match code {
            4000 | 4200..=4299 => Some(true),
            4001..=4099 | 4300..=4999 => None,
            _ => Some(false),
        }
    };
    let pusher = vendor("pusher-channels");
    for code in every_code() {
        let mut policy = Policy::new(pusher).with_seed(1);
        let d = after_ready(&mut policy, code);
        match pusher_js(code) {
            None => assert!(!d.should_reconnect(), "pusher-channels {code}: {d}"),
            Some(at_once) => {
                assert!(d.should_reconnect(), "pusher-channels {code}: {d}");
                // pusher-js' "at once" is a reconnect within our one-second spread; its 1 s wait
                // is the vendor's backoff.
                let spread = d.action() == Action::Reconnect && support::is_at_once(&d);
                assert_eq!(spread, at_once, "pusher-channels {code}: {d}");
            }
        }
    }
}

/// Liveblocks' client (`connection.ts` at 73ad4d3, the close transitions of `@ok.*`), transcribed:
/// stop after 4000–4099 and 4999; a new token after 4100–4199; the same token after anything
/// else, backing off (slowly after 1013 and 4200–4299).
#[test]
fn liveblocks_reconnects_where_its_client_does() {
    let liveblocks = vendor("liveblocks");
    for code in every_code() {
        let mut policy = Policy::new(liveblocks).with_seed(1);
        let d = after_ready(&mut policy, code);
        let stops = (4000..=4099).contains(&code) || code == 4999;
        assert_eq!(d.should_reconnect(), !stops, "liveblocks {code}: {d}");
        if (4100..=4199).contains(&code) {
            assert!(d.needs_new_credentials(), "liveblocks {code}: {d}");
        }
    }
}

/// @discordjs/voice (discord.js at 219ad7b, Networking.ts:442-455 and VoiceConnection.ts:466-492),
/// transcribed: a ready connection resumes after codes below 4000 and after 4015; it stops after
/// 4014, 4021 and 4022 (Discord's "should not reconnect"); after anything else it rejoins with
/// a new session. Kept differences, each inferred with a note: 4012, 4016 and 4017 stop here
/// (a version or protocol mismatch recurs on every attempt; songbird and disgo stop too), and an
/// unlisted 4xxx resumes (songbird and disgo do).
#[test]
fn discord_voice_against_discordjs_voice() {
    let discord_js = |code: u16| match code {
        4014 | 4021 | 4022 => None,
        _ if code < 4000 || code == 4015 => Some(Session::Resume),
        _ => Some(Session::New),
    };
    let kept_stops = [4012, 4016, 4017];
    let listed = [4001, 4002, 4003, 4004, 4005, 4006, 4009, 4011, 4020];
    let voice = vendor("discord-voice");
    for code in every_code() {
        let mut policy = Policy::new(voice).with_seed(1);
        let d = after_ready(&mut policy, code);
        match discord_js(code) {
            None => assert_eq!(d.action(), Action::Stop, "discord-voice {code}"),
            Some(_) if kept_stops.contains(&code) => assert_eq!(d.action(), Action::Stop, "{code}"),
            Some(session) => {
                assert!(d.should_reconnect(), "discord-voice {code}: {d}");
                if code < 4000 || code == 4015 || listed.contains(&code) {
                    assert_eq!(d.session(), Some(session), "discord-voice {code}: {d}");
                }
            }
        }
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

/// @deepgram/sdk 5.8.0 ReconnectingWebSocket (src/core/websocket/ws.ts at 1913abc):
/// a close event with code 1000 turns reconnecting off (:516-518); any other close code
/// reconnects (:520-522), at most `maxRetries` = 30 times (CustomClient.ts:1165, ws.ts:373-376).
#[test]
fn deepgram_against_js_sdk_for_every_code() {
    let sdk_reconnects = |code: u16| code != 1000;
    // Kept differences: 1008 (DATA-0000) and 1002 (older DATA-0000) stop: a reconnect does not
    // make audio decodable.
    let kept = [1002, 1008];
    let dg = vendor("deepgram");
    for code in every_code() {
        let mut policy = Policy::new(dg).with_seed(1);
        let d = after_ready(&mut policy, code);
        if kept.contains(&code) {
            assert_eq!(d.action(), Action::Stop, "{code}");
        } else {
            assert_eq!(d.should_reconnect(), sdk_reconnects(code), "{code}");
        }
        if d.should_reconnect() {
            assert_eq!(d.session(), Some(Session::New), "{code}");
        }
    }
    // Flux: after CloseStream the server closes without a status code.
    let mut policy = Policy::new(dg).with_seed(1);
    policy.set_flag("close_stream_sent", true).unwrap();
    assert_eq!(after_ready(&mut policy, 1005).action(), Action::Done);
    // 30 reconnect attempts, then stop.
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
