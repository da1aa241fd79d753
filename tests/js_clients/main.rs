//! The vendors' own JavaScript clients as oracles: the npm packages pinned in
//! `tests/js/package-lock.json`, run by node against a fake socket and a virtual clock
//! (`tests/js/README.md`), for every code a server can send (1000–1015 and 3000–4999) and for
//! every goodbye message the vendor documents. Nothing here restates a client: each script only
//! plays the server, and `judge.rs` compares what the client did with what the `Policy` decides
//! for the same close or message after a ready session.
//!
//! What must agree, case by case:
//! - whether to reconnect, whether with a new token, and whether the session resumes;
//! - the first delay: never sooner than the client, and at most one second later (the policy
//!   spreads a fleet's "at once" over a second, and a client's wait shorter than that second
//!   counts as "at once");
//! - the address: the one the server gave for resuming, or the first one;
//! - when every following attempt fails before it opens: never sooner than the client, and no
//!   more attempts than a client that gives up.
//!
//! Where this crate keeps a difference on purpose, the vendor's test says which codes or
//! signals, what and why, and fails if the difference no longer shows.

mod judge;
mod node;

use closecodes::{Decision, Policy, Vendor};

use judge::{Aspect, Case, Judge, Kept, kept, kept_signal};
use node::observe;

/// Every close code a server may send or a client may see.
fn every_code() -> Vec<u16> {
    (1000..=1015).chain(3000..=4999).collect()
}

fn after_ready(vendor: Vendor, flags: &[&str], seed: u64) -> Policy {
    let mut policy = Policy::new(vendor).with_seed(seed);
    for flag in flags {
        policy.set_flag(flag, true).unwrap();
    }
    policy.on_open();
    policy.on_ready();
    policy
}

/// One client run against one vendor's data.
struct Oracle<'a> {
    vendor: &'a str,
    script: &'a str,
    /// The script's mode, if it has modes.
    args: &'a [&'a str],
    package: &'a str,
    /// The policy's flags that describe the same mode.
    flags: &'a [&'a str],
    kept: &'a [Kept],
}

fn compare(id: &str, script: &str, package: &str, kept: &[Kept]) {
    check_closes(&Oracle {
        vendor: id,
        script,
        args: &[],
        package,
        flags: &[],
        kept,
    });
}

/// The client after a close with every code, against the policy's `on_close`.
fn check_closes(oracle: &Oracle<'_>) {
    let vendor = Vendor::from_id(oracle.vendor).unwrap();
    let seen = observe(oracle.script, oracle.args, oracle.package);
    let codes: Vec<u16> = seen.iter().map(|o| o.code.expect("a code")).collect();
    assert_eq!(
        codes,
        every_code(),
        "{} reports every code once, in order",
        oracle.script
    );
    let mut judge = Judge::new(oracle.kept);
    for seen in &seen {
        let code = seen.code.unwrap();
        judge.judge(Case::Code(code), seen, |seed| {
            let mut policy = after_ready(vendor, oracle.flags, seed);
            let decision: Decision = policy.on_close(code);
            (policy, decision)
        });
    }
    judge.finish(&format!(
        "{} against {} {:?}",
        oracle.vendor, oracle.package, oracle.args
    ));
}

/// The client after each goodbye message its script sends (`signals` mode), against the
/// policy's `on_signal` for the signal the vendor's data reads in the same text. Every signal
/// of the vendor must be among them.
fn check_signals(id: &str, script: &str, package: &str, kept: &[Kept]) {
    let vendor = Vendor::from_id(id).unwrap();
    let mut judge = Judge::new(kept);
    let mut sent = Vec::new();
    for seen in observe(script, &["signals"], package) {
        let text = seen.text.clone().expect("a text");
        let reading = vendor.read_text(&text, false);
        let Some(message) = reading.signal else {
            judge.problem(format!("{text:?}: no signal in {id}'s data"));
            continue;
        };
        sent.push(message.name());
        let retry_after = reading.retry_after;
        judge.judge(Case::Signal(message.name()), &seen, |seed| {
            let mut policy = after_ready(vendor, &[], seed);
            let decision = policy.on_signal(message, retry_after);
            (policy, decision)
        });
    }
    for message in vendor.messages().iter().filter(|m| m.signal().is_some()) {
        if !sent.contains(&message.name()) {
            judge.problem(format!("{script} sends no `{}`", message.name()));
        }
    }
    judge.finish(&format!("{id}'s signals against {package}"));
}

/// centrifuge-js: its close handling (`onClose`, build/index.mjs:5493-5549), its backoff
/// (617-629) and its token refresh after 3014 (6106-6119).
#[test]
fn centrifugo_against_centrifuge_js() {
    compare("centrifugo", "centrifuge.mjs", "centrifuge", &[]);
}

/// pusher-js: `Protocol.getCloseAction` and the connection manager's retries.
#[test]
fn pusher_channels_against_pusher_js() {
    compare(
        "pusher-channels",
        "pusher.mjs",
        "pusher-js",
        &[kept(
            1000..=4999,
            Aspect::Retries,
            "when attempts fail before opening, pusher-js waits for its strategy's attempt \
             timeouts (15 s, 30 s, then 60 s with the ws transport alone, default_strategy.ts: \
             62-66; with its default transports it tries HTTP fallbacks in between); the \
             protocol asks for at least 1 s, growing, which the backoff gives",
        )],
    );
}

/// @liveblocks/client: the connection machine of @liveblocks/core (dist/index.js:4676-4809) and
/// its backoff ladders (4348-4372).
#[test]
fn liveblocks_against_its_client() {
    compare(
        "liveblocks",
        "liveblocks.mjs",
        "@liveblocks/client",
        &[kept(
            4100..=4199,
            Aspect::NewToken,
            "the client goes back through its auth step but reuses its cached token unless it \
             expires within 30 s (dist/index.js:6659-6672, 6746-6747); the server has just \
             refused that token, so the policy asks for a new one",
        )],
    );
}

/// @discordjs/voice: `Networking.onWsClose` (dist/index.js:1507-1520) resumes after codes
/// below 4000 and 4015; `VoiceConnection.onNetworkingClose` (2395-2417) stops after 4014 only
/// and rejoins with a new session after any other code, at once and without limit.
#[test]
fn discord_voice_against_discordjs_voice() {
    let stops = "Discord's table says not to reconnect (4021, 4022), or the same mismatch would \
                 recur on every attempt (4012 unknown protocol, 4016 unknown encryption mode, \
                 4017 DAVE required); songbird and disgo stop too";
    let resumes = "Discord's guide says to resume a severed connection; songbird and disgo resume \
                   after codes they do not know, where discord.js starts a new session";
    compare(
        "discord-voice",
        "discord-voice.mjs",
        "@discordjs/voice",
        &[
            kept(4012..=4012, Aspect::Reconnect, stops),
            kept(4016..=4017, Aspect::Reconnect, stops),
            kept(4021..=4022, Aspect::Reconnect, stops),
            kept(4000..=4000, Aspect::Session, resumes),
            kept(4007..=4008, Aspect::Session, resumes),
            kept(4010..=4010, Aspect::Session, resumes),
            kept(4013..=4013, Aspect::Session, resumes),
            kept(4018..=4019, Aspect::Session, resumes),
            kept(4023..=4999, Aspect::Session, resumes),
        ],
    );
}

/// @azure/web-pubsub-client: recovery with the connection id and reconnection token after any
/// close but 1008 (dist/esm/webPubSubClient.js:780-818), a new connection through
/// `getClientAccessUrl` after 1008 (654-695, 140), and a fixed 1 s between attempts (1047-1066).
#[test]
fn azure_web_pubsub_against_its_client() {
    compare(
        "azure-web-pubsub",
        "azure-web-pubsub.mjs",
        "@azure/web-pubsub-client",
        &[],
    );
}

/// graphql-ws with a subscription running (or `lazy: false`, which holds one for good): its
/// `shouldRetryConnectOrThrow` (dist/client.js:292-314) and `retryWait` (15-24).
#[test]
fn graphql_ws_against_its_client() {
    check_closes(&Oracle {
        vendor: "graphql-ws",
        script: "graphql-ws.mjs",
        args: &["subscribed"],
        package: "graphql-ws",
        flags: &["subscriptions_active"],
        kept: &[kept(
            1000..=4999,
            Aspect::Attempts,
            "the client's default `shouldRetry` retries close events only (dist/client.js:25, \
             484-486), so an attempt that fails with an error event ends it for good, and the \
             application must start over; the policy keeps to the five attempts the client \
             makes when attempts fail with a close",
        )],
    });
}

/// @deepgram/sdk, live transcription (listen v1) through its public client: a close stops the
/// reconnecting socket after 1000 only (dist/esm/.../ws.mjs:19-20, 123-125), and it waits
/// 1000–5000 ms growing 1.3 times (21-32, 306-317).
#[test]
fn deepgram_against_its_sdk() {
    compare(
        "deepgram",
        "deepgram.mjs",
        "@deepgram/sdk",
        &[
            kept(
                1002..=1002,
                Aspect::Reconnect,
                "1002 was Deepgram's DATA-0000 (audio it could not decode): a new connection \
                 does not make the audio decodable",
            ),
            kept(
                1008..=1008,
                Aspect::Reconnect,
                "1008 is DATA-0000: the audio cannot be decoded, and reconnecting does not \
                 change that",
            ),
            kept(
                1001..=4999,
                Aspect::Attempts,
                "an attempt that fails before it opens ends the SDK's reconnecting for good \
                 (its error handler disconnects with 1000, ws.mjs:110-119, 389-404); the policy \
                 keeps to the 30 attempts the SDK allows connections that close again soon",
            ),
        ],
    );
}

/// @discordjs/ws: `WebSocketShard#onClose` (dist/index.js:1152-1242) and its 500 ms sleep
/// before reconnecting (818-819), the resume address from READY (732, 1063).
#[test]
fn discord_gateway_against_discordjs_ws() {
    let docs = "Discord's table, where discord.js does otherwise: 4009 (session timed out) \
                \"reconnect and start a new session\", where discord.js resumes; 4005 and 4008 \
                may resume (\"disconnected with a close code that indicates it can reconnect\"), \
                where discord.js identifies again";
    compare(
        "discord-gateway",
        "discord-gateway.mjs",
        "@discordjs/ws",
        &[
            kept(4005..=4005, Aspect::Session, docs),
            kept(4005..=4005, Aspect::Address, docs),
            kept(4008..=4008, Aspect::Session, docs),
            kept(4008..=4008, Aspect::Address, docs),
            kept(4009..=4009, Aspect::Session, docs),
            kept(4009..=4009, Aspect::Address, docs),
            kept(
                4200..=4200,
                Aspect::Reconnect,
                "4200 is the code discord.js closes with itself when it resumes \
                 (`CloseCodes.Resuming`), so its close handler leaves it alone; Discord does \
                 not send it, and the gateway's rule for codes it does not list applies",
            ),
        ],
    );
}

/// pusher-js, when the server answers the connection with `pusher:error` carrying a code, as
/// Pusher does for clients without close codes or on protocols before 6: the client takes the
/// code's close action (`Protocol.processHandshake`, dist/node/pusher.js:7893-7914). The
/// vendor's `pusher:error` signals must decide the same for the three documented bands.
#[test]
fn pusher_error_signals_against_pusher_js() {
    let pusher = Vendor::from_id("pusher-channels").unwrap();
    let mut problems = Vec::new();
    let seen = observe("pusher.mjs", &["handshake-error"], "pusher-js");
    let codes: Vec<u16> = seen.iter().map(|o| o.code.expect("a code")).collect();
    let bands: Vec<u16> = every_code().into_iter().filter(|&c| c >= 4000).collect();
    assert_eq!(
        codes, bands,
        "the handshake-error mode reports the 4xxx codes"
    );
    for seen in seen {
        let code = seen.code.unwrap();
        let text = format!(r#"{{"event":"pusher:error","data":{{"code":{code},"message":"m"}}}}"#);
        let Some(signal) = pusher.read_text(&text, false).signal else {
            // From 4300 up pusher-js refuses; the protocol documents three bands only, and
            // sends 4301 and 4302 on connections it keeps open, so those are no goodbye here
            // and the close that follows decides.
            if (4000..=4299).contains(&code) {
                problems.push(format!("{code}: no signal"));
            }
            continue;
        };
        assert!((4000..=4299).contains(&code), "{code}: {}", signal.name());
        for seed in 0..judge::SEEDS {
            // The connection opened, and its first message was the error.
            let mut policy = Policy::new(pusher).with_seed(seed);
            policy.on_open();
            let decision = policy.on_signal(signal, None);
            if decision.should_reconnect() != seen.reconnect {
                problems.push(format!(
                    "{code}: the client's reconnect is {}; {decision}",
                    seen.reconnect
                ));
                break;
            }
            // Never sooner than the client. Later is the loop guard's doing: a connection that
            // never became ready does not come back at once.
            if let (Some(delay), Some((low, _))) = (decision.delay(), seen.delays_ms)
                && delay < std::time::Duration::from_millis(low)
            {
                problems.push(format!("{code}: {delay:?} before the client's {low} ms"));
                break;
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Slack's Python client reconnects at once after a close or a `disconnect` message
/// (slack_sdk `builtin/client.py:253-258`, `client.py:113-114`), which the policy follows; the
/// Node client waits its ping timeout, 5 s, first.
const SLACK_AT_ONCE: &str = "slack_sdk, Slack's other official client, reconnects at once \
                             (builtin/client.py:253-258; client.py:113-114 for a disconnect \
                             message); @slack/socket-mode waits its 5 s ping timeout first \
                             (dist/src/SocketModeClient.js:245-261)";

/// @slack/socket-mode: any close reconnects after 5 s with a new URL from
/// `apps.connections.open` (dist/src/SocketModeClient.js:158-187, 245-261).
#[test]
fn slack_socket_mode_against_its_node_client() {
    compare(
        "slack-socket-mode",
        "slack-socket-mode.mjs",
        "@slack/socket-mode",
        &[kept(1000..=4999, Aspect::FirstDelay, SLACK_AT_ONCE)],
    );
}

/// @slack/socket-mode after each `disconnect` reason: whatever the reason, it closes with 1000
/// and reconnects as after a close (dist/src/SocketModeClient.js:332-336).
#[test]
fn slack_socket_mode_signals_against_its_node_client() {
    let fetched_anyway = "every Slack connection needs a new URL, which the request maker \
                          fetches before any attempt (the vendor note); the policy asks for new \
                          credentials only where it reconnects at once";
    check_signals(
        "slack-socket-mode",
        "slack-socket-mode.mjs",
        "@slack/socket-mode",
        &[
            kept_signal("disconnect (warning)", Aspect::FirstDelay, SLACK_AT_ONCE),
            kept_signal(
                "disconnect (refresh_requested)",
                Aspect::FirstDelay,
                SLACK_AT_ONCE,
            ),
            kept_signal(
                "disconnect (too_many_websockets)",
                Aspect::NewToken,
                fetched_anyway,
            ),
            kept_signal(
                "disconnect (link_disabled)",
                Aspect::FirstDelay,
                "Socket Mode was turned off for the app: both clients reconnect anyway, and \
                 would loop; the policy tries again much later",
            ),
            kept_signal(
                "disconnect (link_disabled)",
                Aspect::NewToken,
                fetched_anyway,
            ),
        ],
    );
}

/// socket.io-client: the Manager reconnects after any transport close with its backoff
/// (build/esm-debug/manager.js:315-374, contrib/backo2.js:26-34).
#[test]
fn socket_io_against_its_client() {
    compare("socket-io", "socket-io.mjs", "socket.io-client", &[]);
}

/// socket.io-client after the protocol's goodbyes: `41` (DISCONNECT) and `44` (CONNECT_ERROR)
/// end it for good (socket.js:513-521, 632-651); after Engine.IO's `1` it reconnects once the
/// server has closed (socket.js:223-227 of engine.io-client).
#[test]
fn socket_io_signals_against_its_client() {
    check_signals("socket-io", "socket-io.mjs", "socket.io-client", &[]);
}

/// @microsoft/signalr with `withAutomaticReconnect()`: any close after the handshake
/// reconnects at once, then after 2, 10 and 30 s, and gives up after four attempts
/// (dist/cjs/HubConnection.js:640-758, DefaultReconnectPolicy.js:7).
#[test]
fn signalr_against_its_client() {
    compare("signalr", "signalr.mjs", "@microsoft/signalr", &[]);
}

/// @microsoft/signalr after a Close message, with and without `allowReconnect`, and after a
/// refused handshake (dist/cjs/HubConnection.js:481-490, 524-530).
#[test]
fn signalr_signals_against_its_client() {
    check_signals("signalr", "signalr.mjs", "@microsoft/signalr", &[]);
}

/// home-assistant-js-websocket: any close it did not ask for reconnects at once, then after
/// 1, 2, 3, 4 and 5 s, without limit (dist/connection.js:66-126).
#[test]
fn home_assistant_against_its_client() {
    compare(
        "home-assistant",
        "home-assistant.mjs",
        "home-assistant-js-websocket",
        &[],
    );
}

/// home-assistant-js-websocket after `auth_invalid`: the connection ends for good
/// (dist/socket.js:57-63, 95-99; connection.js:109-111).
#[test]
fn home_assistant_signals_against_its_client() {
    check_signals(
        "home-assistant",
        "home-assistant.mjs",
        "home-assistant-js-websocket",
        &[],
    );
}

/// centrifuge-js after the server's disconnect push, a code of each band: it acts on the push
/// as on the same close code (build/index.mjs:6807-6822, 6934-6935).
#[test]
fn centrifugo_disconnect_push_against_centrifuge_js() {
    check_signals("centrifugo", "centrifuge.mjs", "centrifuge", &[]);
}
