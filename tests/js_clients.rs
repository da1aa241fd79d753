//! The vendors' own JavaScript clients as oracles: the npm packages pinned in
//! `tests/js/package-lock.json`, run by node against a fake socket and a virtual clock
//! (`tests/js/README.md`), for every code a server can send (1000–1015 and 3000–4999). Nothing
//! here restates a client: each script only plays the server, and this file compares what the
//! client did with what the `Policy` decides for the same close after a ready session.
//!
//! What must agree, code by code:
//! - whether to reconnect, whether with a new token, and whether the session resumes;
//! - the first delay: never sooner than the client, and at most one second later (the policy
//!   spreads a fleet's "at once" over a second, and a client's wait shorter than that second
//!   counts as "at once");
//! - the address: the one the server gave for resuming, or the first one;
//! - when every following attempt fails before it opens: never sooner than the client.
//!
//! Where this crate keeps a difference on purpose, the vendor's list below says which codes,
//! what and why, and the test fails if the difference is no longer there.

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use closecodes::{Decision, Endpoint, Policy, Session, Vendor};
use serde::Deserialize;

/// One line of a script's report (tests/js/README.md).
#[derive(Debug, Deserialize)]
struct Observed {
    code: u16,
    reconnect: bool,
    delays_ms: Option<(u64, u64)>,
    new_token: Option<bool>,
    session: Option<String>,
    #[serde(default)]
    retries_ms: Vec<(u64, u64)>,
    /// How many attempts the client makes when every one fails, if it gives up within 20.
    #[serde(default)]
    attempts: Option<u32>,
    /// Whether the client went to the address the server gave for resuming.
    #[serde(default)]
    resume_url: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct Header {
    client: String,
    version: String,
}

/// What a kept difference is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Aspect {
    Reconnect,
    Session,
    NewToken,
    Address,
    Retries,
    Attempts,
}

/// A difference from the client that this crate keeps on purpose.
struct Kept {
    codes: RangeInclusive<u16>,
    aspect: Aspect,
    #[allow(
        dead_code,
        reason = "read by people: the reason is the point of the entry"
    )]
    why: &'static str,
}

const fn kept(codes: RangeInclusive<u16>, aspect: Aspect, why: &'static str) -> Kept {
    Kept { codes, aspect, why }
}

const SEEDS: u64 = 64;
/// How much later than the client the first reconnect may be: the policy's spread of "at once".
const SPREAD: Duration = Policy::DEFAULT_RECONNECT_SPREAD;

fn js_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js")
}

/// Installs the pinned packages once per run (`npm ci`) when `node_modules` does not hold
/// exactly what `package-lock.json` pins.
fn installed() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = js_dir();
        let lock =
            std::fs::read(dir.join("package-lock.json")).expect("tests/js/package-lock.json");
        let stamp = dir.join("node_modules/.closecodes-installed-lock");
        if std::fs::read(&stamp).ok().as_deref() != Some(&lock[..]) {
            let status = Command::new("npm")
                .args([
                    "ci",
                    "--ignore-scripts",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                ])
                .current_dir(&dir)
                .status()
                .expect(
                    "npm is needed to install the pinned JavaScript clients (tests/js/README.md)",
                );
            assert!(status.success(), "npm ci in tests/js failed: {status}");
            std::fs::write(&stamp, &lock).expect("write the install stamp");
        }
        dir
    })
}

/// The version `package.json` pins for `package`.
fn pinned(package: &str) -> String {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(js_dir().join("package.json")).unwrap()).unwrap();
    manifest["dependencies"][package]
        .as_str()
        .unwrap_or_else(|| panic!("{package} is not pinned in tests/js/package.json"))
        .to_owned()
}

/// Runs `script` (with `args`, its mode) and returns what the client did after each close.
fn observe(script: &str, args: &[&str], package: &str) -> Vec<Observed> {
    let dir = installed();
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("node is needed to run the vendors' JavaScript clients (tests/js/README.md)");
    assert!(
        output.status.success(),
        "node {script}: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    let header: Header = serde_json::from_str(lines.next().expect("a header line")).unwrap();
    assert_eq!(header.client, package, "{script} ran another package");
    assert_eq!(
        header.version,
        pinned(package),
        "{script} ran another version"
    );
    let observed: Vec<Observed> = lines.map(|l| serde_json::from_str(l).unwrap()).collect();
    let codes: Vec<u16> = observed.iter().map(|o| o.code).collect();
    let every: Vec<u16> = (1000..=1015).chain(3000..=4999).collect();
    let every = match args {
        // The mode reports the codes of the 4xxx bands only (its header says why).
        ["handshake-error"] => every.into_iter().filter(|&code| code >= 4000).collect(),
        _ => every,
    };
    assert_eq!(codes, every, "{script} reports every code once, in order");
    observed
}

fn after_ready(vendor: Vendor, flags: &[&str], seed: u64, code: u16) -> (Policy, Decision) {
    let mut policy = Policy::new(vendor).with_seed(seed);
    for flag in flags {
        policy.set_flag(flag, true).unwrap();
    }
    policy.on_open();
    policy.on_ready();
    let decision = policy.on_close(code);
    (policy, decision)
}

fn millis(ms: u64) -> Duration {
    Duration::from_millis(ms)
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
    check(&Oracle {
        vendor: id,
        script,
        args: &[],
        package,
        flags: &[],
        kept,
    });
}

/// Compares the policy with the client for every code, and checks that each kept difference
/// is still a difference.
fn check(oracle: &Oracle<'_>) {
    let Oracle {
        vendor: id,
        script,
        args,
        package,
        flags,
        kept,
    } = *oracle;
    let vendor = Vendor::from_id(id).unwrap();
    let is_kept = |code: u16, aspect: Aspect| {
        kept.iter()
            .any(|k| k.aspect == aspect && k.codes.contains(&code))
    };
    let mut differs = vec![false; kept.len()];
    let mut note = |code: u16, aspect: Aspect| {
        for (k, seen) in kept.iter().zip(differs.iter_mut()) {
            if k.aspect == aspect && k.codes.contains(&code) {
                *seen = true;
            }
        }
    };
    let mut problems = Vec::new();
    for seen in observe(script, args, package) {
        let code = seen.code;
        let (_, decision) = after_ready(vendor, flags, 1, code);
        if decision.should_reconnect() != seen.reconnect {
            note(code, Aspect::Reconnect);
            if !is_kept(code, Aspect::Reconnect) {
                problems.push(format!(
                    "{code}: the client {} reconnect; the policy: {decision}",
                    if seen.reconnect { "does" } else { "does not" }
                ));
            }
            continue;
        }
        if !seen.reconnect {
            continue;
        }
        if let Some(session) = seen.session.as_deref() {
            let expected = match session {
                "resume" => Session::Resume,
                "new" => Session::New,
                other => panic!("{script}: unknown session {other:?}"),
            };
            if decision.session() != Some(expected) {
                note(code, Aspect::Session);
                if !is_kept(code, Aspect::Session) {
                    problems.push(format!(
                        "{code}: the client's session is {session}; {decision}"
                    ));
                }
            }
        }
        if let Some(new_token) = seen.new_token
            && decision.needs_new_credentials() != new_token
        {
            note(code, Aspect::NewToken);
            if !is_kept(code, Aspect::NewToken) {
                problems.push(format!(
                    "{code}: the client's new token is {new_token}; {decision}"
                ));
            }
        }
        if let Some(resume_url) = seen.resume_url {
            let ours = decision.reconnect_to() == Some(Endpoint::Server);
            if ours != resume_url {
                note(code, Aspect::Address);
                if !is_kept(code, Aspect::Address) {
                    problems.push(format!(
                        "{code}: the client {} to the resume address; {decision}",
                        if resume_url { "goes" } else { "does not go" }
                    ));
                }
            }
        }
        let (low, high) = seen.delays_ms.expect("a reconnect has delays");
        let (low, high) = (millis(low), millis(high));
        // A wait shorter than the spread is "at once", which the policy spreads from zero.
        let low = if high < SPREAD { Duration::ZERO } else { low };
        let high = high + SPREAD;
        let mut sooner_retry = None;
        for seed in 0..SEEDS {
            let (mut policy, decision) = after_ready(vendor, flags, seed, code);
            let delay = decision.delay().unwrap();
            if !(low..=high).contains(&delay) {
                problems.push(format!(
                    "{code}: first delay {delay:?} outside {low:?}..={high:?} (seed {seed})"
                ));
                break;
            }
            for (attempt, &(low, _)) in seen.retries_ms.iter().enumerate() {
                let retry = policy.on_transport_error();
                let Some(delay) = retry.delay() else { break };
                if delay < millis(low) {
                    sooner_retry.get_or_insert((attempt + 1, delay, low, seed));
                    break;
                }
            }
        }
        if let Some(limit) = seen.attempts {
            // A client that gives up after `limit` failed attempts: the policy gives up too.
            let (mut policy, _) = after_ready(vendor, flags, 1, code);
            let ours = 1
                + (1..=20)
                    .take_while(|_| policy.on_transport_error().should_reconnect())
                    .count();
            if ours > limit as usize {
                note(code, Aspect::Attempts);
                if !is_kept(code, Aspect::Attempts) {
                    problems.push(format!(
                        "{code}: {ours} attempts where the client gives up after {limit}"
                    ));
                }
            }
        }
        if let Some((attempt, delay, low, seed)) = sooner_retry {
            note(code, Aspect::Retries);
            if !is_kept(code, Aspect::Retries) {
                problems.push(format!(
                    "{code}: retry {attempt} after {delay:?}, sooner than the client's {low} ms (seed {seed})"
                ));
            }
        }
    }
    for (k, seen) in kept.iter().zip(&differs) {
        if !seen {
            problems.push(format!(
                "kept difference {:?} over {:?} no longer differs: remove it",
                k.aspect, k.codes
            ));
        }
    }
    let shown: Vec<&String> = problems.iter().take(40).collect();
    assert!(
        problems.is_empty(),
        "{id} against {package} {args:?} ({} problems):\n{shown:#?}",
        problems.len()
    );
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
    check(&Oracle {
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
    for seen in observe("pusher.mjs", &["handshake-error"], "pusher-js") {
        let code = seen.code;
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
        for seed in 0..SEEDS {
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
                && delay < millis(low)
            {
                problems.push(format!("{code}: {delay:?} before the client's {low} ms"));
                break;
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
