//! Reading servers' messages against the vendors' `[[message]]` rows: each message is written as
//! the vendor's documentation or its client shows it (cited), and what it says comes from there.

use std::time::Duration;

use closecodes::Vendor;

fn vendor(id: &str) -> Vendor {
    Vendor::from_id(id).unwrap()
}

/// Twitch's welcome message example
/// (https://dev.twitch.tv/docs/eventsub/websocket-reference/#welcome-message): the session is
/// ready, and silence may last `keepalive_timeout_seconds` (10).
#[test]
fn twitch_welcome_is_ready_with_its_keepalive() {
    let welcome = r#"{"metadata":{"message_id":"96a3f3b5-5dec-4eed-908e-e11ee657416c","message_type":"session_welcome","message_timestamp":"2023-07-19T14:56:51.634234626Z"},"payload":{"session":{"id":"AQoQILE98gtqShGmLD7AM6yJThAB","status":"connected","connected_at":"2023-07-19T14:56:51.616329898Z","keepalive_timeout_seconds":10,"reconnect_url":null,"recovery_url":null}}}"#;
    let reading = vendor("twitch-eventsub").read_text(welcome, true);
    assert!(reading.ready);
    assert_eq!(reading.keepalive, Some(Duration::from_secs(10)));
    assert_eq!(reading.reconnect_url, None, "null is no address");
}

/// Twitch's reconnect message example
/// (https://dev.twitch.tv/docs/eventsub/websocket-reference/#reconnect-message): the next
/// connection goes to `reconnect_url`; it is not the ready event.
#[test]
fn twitch_session_reconnect_carries_the_next_address() {
    let reconnect = r#"{"metadata":{"message_id":"84c1e79a-2a4b-4c13-ba0b-4312293e9308","message_type":"session_reconnect","message_timestamp":"2022-11-18T09:10:11.634234626Z"},"payload":{"session":{"id":"AQoQexAWVYKSTIu4ec_2VAxyuhAB","status":"reconnecting","keepalive_timeout_seconds":null,"reconnect_url":"wss://eventsub.wss.twitch.tv?...","connected_at":"2022-11-16T10:11:12.634234626Z"}}}"#;
    let reading = vendor("twitch-eventsub").read_text(reconnect, false);
    assert!(!reading.ready);
    assert_eq!(
        reading.reconnect_url.as_deref(),
        Some("wss://eventsub.wss.twitch.tv?...")
    );
    assert_eq!(reading.keepalive, None);
}

/// graphql-ws' `ConnectionAck` is `{"type":"connection_ack"}` (src/common.ts:87 at af4f5c9); a
/// `ping` before it is not the ready event (client.ts:719-740).
#[test]
fn graphql_ws_connection_ack_is_ready_and_a_ping_is_not() {
    let graphql = vendor("graphql-ws");
    assert!(
        graphql
            .read_text(r#"{"type":"connection_ack"}"#, false)
            .ready
    );
    assert!(!graphql.read_text(r#"{"type":"ping"}"#, true).ready);
    assert!(graphql.read_text("not json", true).matched.is_empty());
}

/// Discord's READY (https://docs.discord.com/developers/events/gateway-events#ready): a
/// dispatch (`op` 0) whose `t` is READY and whose `d.resume_gateway_url` is the address to
/// resume on; RESUMED is ready too; a Hello (`op` 10) is neither.
#[test]
fn discord_ready_is_ready_with_its_resume_address() {
    let discord = vendor("discord-gateway");
    let ready = r#"{"op":0,"s":1,"t":"READY","d":{"v":10,"session_id":"d4ff1ee0","resume_gateway_url":"wss://gateway-us-east1-b.discord.gg"}}"#;
    let reading = discord.read_text(ready, false);
    assert!(reading.ready);
    assert_eq!(
        reading.reconnect_url.as_deref(),
        Some("wss://gateway-us-east1-b.discord.gg")
    );
    let resumed = r#"{"op":0,"s":42,"t":"RESUMED","d":{}}"#;
    assert!(discord.read_text(resumed, false).ready);
    let hello = r#"{"op":10,"s":null,"t":null,"d":{"heartbeat_interval":45000}}"#;
    assert!(!discord.read_text(hello, true).ready);
}

/// Discord Voice: opcode 4 (Session Description) and 9 (Resumed) are ready, opcode 2 (Ready) is
/// not yet (https://docs.discord.com/developers/topics/opcodes-and-status-codes#voice-voice-opcodes;
/// discord.js voice Networking.ts:519-544 at 219ad7b).
#[test]
fn discord_voice_ready_is_opcode_four_or_nine() {
    let voice = vendor("discord-voice");
    assert!(
        voice
            .read_text(
                r#"{"op":4,"d":{"mode":"aead_aes256_gcm_rtpsize","secret_key":[1,2]}}"#,
                false
            )
            .ready
    );
    assert!(voice.read_text(r#"{"op":9,"d":null}"#, false).ready);
    assert!(
        !voice
            .read_text(
                r#"{"op":2,"d":{"ssrc":1,"ip":"127.0.0.1","port":1234}}"#,
                false
            )
            .ready
    );
}

/// Metered's `going_away` carries `retryAfterMs` before the 1001 close (metered-realtime 1.0.2,
/// protocol/_parser.py:149-153); `welcome` is the ready event (the wire-format page).
#[test]
fn metered_going_away_carries_its_delay() {
    let metered = vendor("metered");
    let reading = metered.read_text(r#"{"type":"going_away","retryAfterMs":2500}"#, false);
    assert_eq!(reading.retry_after, Some(Duration::from_millis(2500)));
    assert!(!reading.ready);
    let welcome = r#"{"type":"welcome","peerId":"p1","expiresAt":null,"serverTime":1,"maxMessageSize":65536}"#;
    assert!(metered.read_text(welcome, true).ready);
}

/// Hocuspocus' provider is connected on the server's first message, which is binary
/// (HocuspocusProviderWebsocket.ts:392-397 at 3ec6084); later ones say nothing of the kind.
#[test]
fn hocuspocus_is_ready_on_the_first_message_binary_or_not() {
    let hocuspocus = vendor("hocuspocus");
    assert!(hocuspocus.read_binary(true).ready);
    assert!(!hocuspocus.read_binary(false).ready);
    assert!(hocuspocus.read_text("anything", true).ready);
}

/// Liveblocks' ROOM_STATE is the number 104 at `type` (ServerMsg.ts, `ServerMsgCode`); the
/// heartbeat answer is the bare text `pong`, not JSON (connection.ts at 73ad4d3).
#[test]
fn liveblocks_room_state_is_the_number_104() {
    let liveblocks = vendor("liveblocks");
    assert!(
        liveblocks
            .read_text(
                r#"{"type":104,"actor":3,"nonce":"n","scopes":[],"users":{}}"#,
                false
            )
            .ready
    );
    assert!(
        !liveblocks.read_text(r#"{"type":"104"}"#, false).ready,
        "a string is not the number"
    );
    assert!(liveblocks.read_text("pong", false).matched.is_empty());
}

/// Centrifugo's connect reply is recognised by its `connect` result, whatever its `id`
/// (centrifuge.ts:1107-1112 at c9e8678; the docs' example
/// `{"id":1,"connect":{"client":"…","version":"0.0.0","ping":25,"pong":true}}`), and `ping` is
/// the server's ping interval in seconds.
#[test]
fn centrifugo_connect_reply_is_ready_with_its_ping_interval() {
    let centrifugo = vendor("centrifugo");
    let reply = r#"{"id":7,"connect":{"client":"421bf374-dd07-4f74-8a03-e5c3e7a49bd4","version":"0.0.0","ping":25,"pong":true}}"#;
    let reading = centrifugo.read_text(reply, false);
    assert!(reading.ready);
    assert_eq!(reading.keepalive, Some(Duration::from_secs(25)));
    assert!(
        !centrifugo.read_text("{}", false).ready,
        "a server ping is an empty object"
    );
}

/// Every vendor reads any text without panicking, JSON or not.
#[test]
fn any_text_reads_without_panic() {
    for &vendor in Vendor::ALL {
        for text in [
            "",
            "{",
            "null",
            "[]",
            "\"x\"",
            "{\"type\":null}",
            "{\"t\":[1]}",
        ] {
            let _ = vendor.read_text(text, true);
        }
    }
}

/// JSON may spell a string with `\u` escapes (RFC 8259 §7): `connection\u005fack` is
/// `connection_ack`, and still the ready event.
#[test]
fn an_escaped_word_is_still_recognised() {
    let ack = r#"{"type":"connection\u005fack"}"#;
    assert!(vendor("graphql-ws").read_text(ack, false).ready);
    let welcome = r#"{"metadata":{"message_type":"session\u005Fwelcome"},"payload":{"session":{"keepalive_timeout_seconds":10}}}"#;
    assert!(vendor("twitch-eventsub").read_text(welcome, false).ready);
}

/// Discord's Invalid Session (gateway-events, "Invalid Session": "`d` … indicates whether the
/// session may be resumable"; the example is `{"op": 9, "d": false}`): two signals by the value
/// of `d`, and none when `d` is neither.
#[test]
fn discord_invalid_session_reads_its_d() {
    let discord = vendor("discord-gateway");
    let name = |text: &str| discord.read_text(text, false).signal.map(|m| m.name());
    assert_eq!(name(r#"{"op": 9, "d": false}"#), Some("Invalid Session"));
    assert_eq!(
        name(r#"{"op": 9, "d": true}"#),
        Some("Invalid Session (resumable)")
    );
    assert_eq!(name(r#"{"op": 9, "d": null}"#), None);
    assert_eq!(name(r#"{"op": 9}"#), None);
    assert_eq!(
        name(r#"{"op": 1, "d": false}"#),
        None,
        "a heartbeat request"
    );
}

/// The same page: after an Invalid Session that cannot be resumed, "wait a random amount of
/// time—between 1 and 5 seconds—then send a new Opcode 2 Identify".
#[test]
fn discord_invalid_session_waits_one_to_five_seconds() {
    let discord = vendor("discord-gateway");
    let signal = discord
        .read_text(r#"{"op": 9, "d": false}"#, false)
        .signal
        .unwrap();
    for seed in 0..200 {
        let mut policy = closecodes::Policy::new(discord).with_seed(seed);
        policy.on_open();
        policy.on_ready();
        let decision = policy.on_signal(signal, None);
        let delay = decision.delay().unwrap();
        assert!(
            (Duration::from_secs(1)..=Duration::from_secs(5)).contains(&delay),
            "{delay:?}"
        );
        assert_eq!(decision.session(), Some(closecodes::Session::New));
    }
}

/// Pusher's `pusher:error` ({"event": "pusher:error", "data": {"message": String, "code":
/// Integer}}, protocol page "System Events") is a goodbye for the codes of the three bands of
/// "Connection closure" (4000–4099, 4100–4199, 4200–4299), and only when the code is a number.
#[test]
fn pusher_error_signals_by_band() {
    let pusher = vendor("pusher-channels");
    let band = |code: &str| {
        let text =
            format!(r#"{{"event": "pusher:error", "data": {{"message": "m", "code": {code}}}}}"#);
        pusher.read_text(&text, false).signal.map(|m| m.name())
    };
    assert_eq!(band("4000"), Some("pusher:error (4000)"));
    for code in ["4001", "4050", "4099"] {
        assert_eq!(band(code), Some("pusher:error (4001–4099)"), "{code}");
    }
    for code in ["4100", "4199"] {
        assert_eq!(band(code), Some("pusher:error (4100–4199)"), "{code}");
    }
    for code in ["4200", "4299"] {
        assert_eq!(band(code), Some("pusher:error (4200–4299)"), "{code}");
    }
    // Errors on connections that stay open (4301 client events over the rate limit, 4302 a
    // sign-in's watchlist cut to 100), codes below the bands, and codes that are no number.
    for code in ["4301", "4302", "3999", "\"4001\"", "null", "4001.5"] {
        assert_eq!(band(code), None, "{code}");
    }
    let other = r#"{"event": "pusher:subscription_error", "data": {"code": 4001}}"#;
    assert_eq!(pusher.read_text(other, false).signal, None);
}

/// OKX's error rows take event `error` with the code (docs-v5, the login failure example:
/// `{"event": "error", "code": "60009", "msg": "Login failed.", "connId": "a4d3ae55"}`); the
/// same code under another event is not that error.
#[test]
fn okx_errors_need_the_error_event() {
    let okx = vendor("okx");
    let name = |text: &str| okx.read_text(text, false).signal.map(|m| m.name());
    assert_eq!(
        name(
            r#"{"event": "error", "code": "60009", "msg": "Login failed.", "connId": "a4d3ae55"}"#
        ),
        Some("error (login expired or missing)")
    );
    assert_eq!(
        name(r#"{"event": "login", "code": "60009", "msg": "", "connId": "a4d3ae55"}"#),
        None
    );
    assert_eq!(
        name(
            r#"{"event": "notice", "code": "64008", "msg": "The connection will soon be closed for a service upgrade. Please reconnect.", "connId": "a4d3ae55"}"#
        ),
        Some("notice")
    );
    assert_eq!(name(r#"{"event": "error", "code": "64008"}"#), None);
}

/// SignalR's JSON hub protocol ends every record with U+001E and may batch records in one frame
/// (HubProtocol.md, "JSON Encoding"); its spec's Close example carries an error before
/// `allowReconnect` (`{"type":7,"error":"Connection closed because of an error!",
/// "allowReconnect":true}`). Each record is read on its own, the separator set aside.
#[test]
fn records_of_a_frame_are_read_one_by_one() {
    let signalr = vendor("signalr");
    let name = |text: &str| signalr.read_text(text, false).signal.map(|m| m.name());
    assert_eq!(
        name(
            "{\"type\":7,\"error\":\"Connection closed because of an error!\",\"allowReconnect\":true}\u{1e}"
        ),
        Some("Close (allowReconnect)")
    );
    assert_eq!(name("{\"type\":7}\u{1e}"), Some("Close"));
    assert_eq!(name("{\"type\":6}\u{1e}{\"type\":7}\u{1e}"), Some("Close"));
    assert_eq!(name("{\"type\":6}\u{1e}"), None, "a ping");
    assert_eq!(
        name("\u{1e}{\"type\":7}"),
        Some("Close"),
        "RFC 7464 puts it first"
    );
    let handshake = signalr.read_text("{}\u{1e}{\"type\":6}\u{1e}", true);
    assert!(
        handshake.ready,
        "the handshake answer, with a ping batched after it"
    );
}

/// Centrifugo's JSON protocol batches replies and pushes one a line in a frame
/// (client_protocol, "Batching: many messages, one frame"): the connect reply and a disconnect
/// push in one frame are both read, and a single pretty-printed text is still one text.
#[test]
fn a_frame_of_lines_is_read_line_by_line() {
    let centrifugo = vendor("centrifugo");
    let frame = "{\"id\":1,\"connect\":{\"client\":\"c1\",\"version\":\"6.0.0\",\"ping\":25}}\n{\"push\":{\"disconnect\":{\"code\":3500,\"reason\":\"invalid token\"}}}";
    let reading = centrifugo.read_text(frame, true);
    assert!(reading.ready);
    assert_eq!(reading.keepalive, Some(Duration::from_secs(25)));
    assert_eq!(
        reading.signal.map(|m| m.name()),
        Some("disconnect push (3500–3999)")
    );
    let pretty =
        "{\n  \"push\": {\n    \"disconnect\": {\"code\": 3001, \"reason\": \"shutdown\"}\n  }\n}";
    assert_eq!(
        centrifugo.read_text(pretty, false).signal.map(|m| m.name()),
        Some("disconnect push")
    );
}
