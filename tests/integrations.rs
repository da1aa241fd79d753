//! The `tungstenite`, `axum` and `serde` features, end to end: an axum server on 127.0.0.1
//! closes connections with vendor codes and long non-ASCII reasons, a tokio-tungstenite client
//! decodes them through closecodes and gets the decisions the data says. Each test starts and
//! stops its own server and is bounded by a timeout.
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::Path;
use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use closecodes::{Action, CloseFrame, Event, Policy, Rule, Vendor, codes};
use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::protocol::CloseFrame as TungsteniteFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode as TungsteniteCode;
use tokio_tungstenite::tungstenite::{self, Message};

/// 137 bytes of French; the two-byte "é" of "détails" spans bytes 122–123, so a cut at 123
/// bytes must drop it whole and keep 122.
const LONG_REASON: &str = "Le serveur ferme la connexion : forfait épuisé, réessayez après la fenêtre de limitation ; \
                           voir le tableau de bord, détails inclus.";

async fn close_with(Path(code): Path<u16>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |mut socket: WebSocket| async move {
        if let Ok(frame) = CloseFrame::new(code, LONG_REASON) {
            let _ = socket.send(frame.into_axum_message()).await;
        }
        while let Some(Ok(_)) = socket.recv().await {}
    })
}

/// Closes with an empty close frame: no status code, no reason.
async fn close_without_code(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(|mut socket: WebSocket| async move {
        let _ = socket.send(axum::extract::ws::Message::Close(None)).await;
        while let Some(Ok(_)) = socket.recv().await {}
    })
}

async fn refuse() -> impl IntoResponse {
    (StatusCode::UNAUTHORIZED, "token expired")
}

/// 429 with `Retry-After: 7` (seconds).
async fn busy() -> impl IntoResponse {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [("retry-after", "7")],
        "slow down",
    )
}

/// 503 with `Retry-After` as an HTTP date, a minute from now.
async fn busy_until() -> impl IntoResponse {
    let later = std::time::SystemTime::now() + Duration::from_secs(60);
    let date = httpdate::fmt_http_date(later);
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [("retry-after", date)],
        "restarting",
    )
}

/// Runs `test` against a fresh server, then stops the server.
async fn with_server<F: Future<Output = ()>>(test: impl FnOnce(SocketAddr) -> F) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/close/{code}", get(close_with))
        .route("/refuse", get(refuse))
        .route("/busy", get(busy))
        .route("/busy-until", get(busy_until))
        .route("/close-without-code", get(close_without_code));
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    tokio::time::timeout(Duration::from_secs(20), test(address))
        .await
        .expect("the test finished in time");
    server.abort();
}

/// Connects to `/close/{code}` and returns the close frame the client received.
async fn receive_close(address: SocketAddr, code: u16) -> Option<TungsteniteFrame> {
    let url = format!("ws://{address}/close/{code}");
    let (mut client, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let mut close = None;
    while let Some(Ok(message)) = client.next().await {
        if let Message::Close(frame) = message {
            close = frame;
        }
    }
    close
}

#[tokio::test]
async fn vendor_codes_and_long_reasons_cross_the_wire_and_decode_to_the_documented_decisions() {
    with_server(|address| async move {
        let cases = [
            ("metered", 4010, Action::Backoff),
            ("metered", 4012, Action::Stop),
            ("metered", 4002, Action::Reauthenticate),
            ("euler-stream", 4404, Action::RetryLater),
            ("euler-stream", 4005, Action::Done),
            ("sols-stat-tracker", 4003, Action::Stop),
            ("realtimeodds", 1000, Action::Backoff),
        ];
        for (vendor, code, action) in cases {
            let frame = receive_close(address, code).await.expect("a close frame");
            assert_eq!(u16::from(frame.code), code);
            let received = CloseFrame::try_from(&frame).unwrap();
            assert_eq!(received.code(), code);
            assert!(received.reason().len() <= 123);
            assert!(
                LONG_REASON.starts_with(received.reason()),
                "{:?}",
                received.reason()
            );
            assert!(
                received.reason().len() > 118,
                "cut at the last whole character before 123 bytes"
            );
            let mut policy = Policy::new(Vendor::from_id(vendor).unwrap());
            let decision = policy.on_tungstenite_close(Some(&frame));
            assert_eq!(decision.action(), action, "{vendor} {code}");
            assert_eq!(
                decision.entry().map(|e| e.code()),
                Some(code).filter(|_| vendor != "realtimeodds")
            );
        }
    })
    .await;
}

/// A close frame without a status code reaches tokio-tungstenite's application as
/// `Message::Close(None)`; RFC 6455 §7.1.5 says the close code is then considered 1005 (No
/// Status Received), never 1006, which is for a connection that ended without a close frame.
#[tokio::test]
async fn a_close_frame_without_a_code_is_decided_as_1005() {
    with_server(|address| async move {
        let url = format!("ws://{address}/close-without-code");
        let (mut client, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        let mut close = None;
        while let Some(Ok(message)) = client.next().await {
            if let Message::Close(frame) = message {
                close = Some(frame);
            }
        }
        let frame = close.expect("a Close message");
        assert_eq!(frame, None, "the server sent no code");
        let mut policy = Policy::new(Vendor::from_id("metered").unwrap());
        assert_eq!(
            policy.on_tungstenite_close(&frame).event(),
            Event::Close(1005)
        );
        let hinted = policy.on_tungstenite_close_with_retry_after(&frame, Duration::from_secs(4));
        assert_eq!(
            (hinted.event(), hinted.delay()),
            (Event::Close(1005), Some(Duration::from_secs(4)))
        );
    })
    .await;
}

#[tokio::test]
async fn a_flag_from_the_data_changes_the_decision_over_the_wire() {
    with_server(|address| async move {
        let frame = receive_close(address, 4003).await;
        let mut policy = Policy::new(Vendor::from_id("sols-stat-tracker").unwrap())
            .with_flag("reconnect_on_duplicate_connection");
        let decision = policy.on_tungstenite_close(&frame);
        assert_eq!(decision.delay(), Some(Duration::from_secs(31)));
    })
    .await;
}

#[tokio::test]
async fn tungstenite_hands_a_received_1014_to_the_application_as_1002() {
    // The documented quirk: 1014 is `Bad(1014)` to tungstenite, which replaces disallowed
    // received codes with 1002 "Protocol violation". The policy decides by what it is given.
    with_server(|address| async move {
        let frame = receive_close(address, 1014).await.expect("a close frame");
        assert_eq!(
            (u16::from(frame.code), frame.reason.as_str()),
            (1002, "Protocol violation")
        );
        let decision =
            Policy::new(Vendor::from_id("metered").unwrap()).on_tungstenite_close(Some(&frame));
        assert_eq!(
            (decision.action(), decision.entry().map(|e| e.code())),
            (Action::Backoff, Some(1002))
        );
    })
    .await;
}

#[tokio::test]
async fn tungstenite_errors_become_decisions() {
    with_server(|address| async move {
        let metered = || Policy::new(Vendor::from_id("metered").unwrap());
        // An HTTP response instead of the upgrade: Metered's 401 row.
        let error = tokio_tungstenite::connect_async(format!("ws://{address}/refuse"))
            .await
            .unwrap_err();
        let decision = metered().on_tungstenite_error(&error);
        assert_eq!(decision.event(), Event::HandshakeStatus(401));
        assert!(decision.needs_new_credentials());
        // An unsupported scheme can never connect.
        let error = tokio_tungstenite::connect_async("ftp://127.0.0.1/")
            .await
            .unwrap_err();
        let decision = metered().on_tungstenite_error(&error);
        assert_eq!(
            (decision.action(), decision.rule()),
            (Action::Stop, Rule::InvalidRequest)
        );
    })
    .await;
    // Nothing listens on a port that was just released: a transport error (1006).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let error = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/"))
        .await
        .unwrap_err();
    let decision = Policy::new(Vendor::from_id("metered").unwrap()).on_tungstenite_error(&error);
    assert_eq!(
        (decision.event(), decision.action()),
        (Event::TransportError, Action::Backoff)
    );
    // Nothing was ever open: the log line says so instead of "connection lost".
    assert!(!decision.was_open());
    assert!(
        decision
            .to_string()
            .starts_with("metered could not connect"),
        "{decision}"
    );

    let capacity =
        tungstenite::Error::Capacity(tungstenite::error::CapacityError::MessageTooLong {
            size: 2,
            max_size: 1,
        });
    let decision = Policy::new(Vendor::from_id("metered").unwrap()).on_tungstenite_error(&capacity);
    assert_eq!(
        (decision.event(), decision.action()),
        (Event::LocalError(1009), Action::Stop)
    );
}

/// Every kind of error tungstenite 0.30 can return (`tungstenite::Error`), built directly, and
/// the event it is decided as: the rules of `Policy::on_tungstenite_error`, with each local
/// failure named by its RFC 6455 §7.4.1 code (1009 Message Too Big, 1007 Invalid Frame Payload
/// Data, 1002 Protocol Error) and a lost connection decided as 1006. `Error::Tls` holds a
/// `TlsError`, which has no variant without a TLS feature of tungstenite, so it cannot be built
/// here (it is decided as 1015, TLS Handshake).
#[test]
fn every_tungstenite_error_kind_becomes_its_event() {
    use tungstenite::Error;
    use tungstenite::error::{CapacityError, ProtocolError, UrlError};
    let standard = || Policy::new(Vendor::standard());
    let response = |status: u16| {
        let mut response = tungstenite::http::Response::new(None);
        *response.status_mut() = tungstenite::http::StatusCode::from_u16(status).unwrap();
        Error::Http(Box::new(response))
    };
    let http_format = tungstenite::http::Request::builder()
        .method("NOT A METHOD")
        .body(())
        .unwrap_err();
    let cases: Vec<(Error, Event)> = vec![
        (Error::ConnectionClosed, Event::TransportError),
        (Error::AlreadyClosed, Event::TransportError),
        (
            Error::Io(std::io::ErrorKind::ConnectionReset.into()),
            Event::TransportError,
        ),
        (
            Error::Protocol(ProtocolError::ResetWithoutClosingHandshake),
            Event::TransportError,
        ),
        (
            Error::Url(UrlError::UnableToConnect("127.0.0.1:9".into())),
            Event::TransportError,
        ),
        // Backpressure, not a failure of the connection: never a reason to stop.
        (
            Error::WriteBufferFull(Box::new(Message::text("x"))),
            Event::TransportError,
        ),
        (
            Error::Capacity(CapacityError::TooManyHeaders),
            Event::LocalError(1009),
        ),
        (
            Error::Capacity(CapacityError::MessageTooLong {
                size: 2,
                max_size: 1,
            }),
            Event::LocalError(1009),
        ),
        (Error::Utf8("bad".into()), Event::LocalError(1007)),
        (
            Error::Protocol(ProtocolError::InvalidCloseSequence),
            Event::LocalError(1002),
        ),
        (Error::AttackAttempt, Event::LocalError(1002)),
        (Error::Url(UrlError::NoHostName), Event::InvalidRequest),
        (
            Error::Url(UrlError::UnsupportedUrlScheme),
            Event::InvalidRequest,
        ),
        (Error::HttpFormat(http_format), Event::InvalidRequest),
        (response(429), Event::HandshakeStatus(429)),
        (response(503), Event::HandshakeStatus(503)),
    ];
    for (error, event) in cases {
        let decision = standard().on_tungstenite_error(&error);
        assert_eq!(decision.event(), event, "{error}");
        if event == Event::TransportError {
            // The standard's 1006 row: back off, then reconnect.
            assert_eq!(decision.action(), Action::Backoff, "{error}");
        }
        if event == Event::InvalidRequest {
            assert_eq!(
                decision.to_string(),
                "rfc6455 invalid request: stop; do not reconnect"
            );
        }
    }
}

/// RFC 9110 §10.2.3: `Retry-After` is a number of seconds or an HTTP date. The integration reads
/// both off tungstenite's refused-upgrade error, and the policy waits at least that long (Metered's
/// 429 and 503 rows back off; the announced wait is the floor).
#[tokio::test]
async fn a_refused_upgrade_s_retry_after_header_reaches_the_policy() {
    with_server(|address| async move {
        let metered = || Policy::new(Vendor::from_id("metered").unwrap());
        let error = tokio_tungstenite::connect_async(format!("ws://{address}/busy"))
            .await
            .unwrap_err();
        let d = metered().on_tungstenite_error(&error);
        assert_eq!(d.event(), Event::HandshakeStatus(429));
        assert_eq!(d.delay(), Some(Duration::from_secs(7)));
        let error = tokio_tungstenite::connect_async(format!("ws://{address}/busy-until"))
            .await
            .unwrap_err();
        let d = metered().on_tungstenite_error(&error);
        assert_eq!(d.event(), Event::HandshakeStatus(503));
        // An HTTP date has whole seconds, and a moment passed since the server wrote it.
        let delay = d.delay().unwrap();
        assert!(
            (Duration::from_secs(55)..=Duration::from_secs(60)).contains(&delay),
            "{delay:?}"
        );
    })
    .await;
}

#[test]
fn every_generated_code_converts_to_tungstenite_and_back() {
    for &vendor in Vendor::ALL {
        for entry in vendor.codes() {
            let Ok(frame) = CloseFrame::new(entry.code(), entry.name()) else {
                assert_eq!(entry.sendable(), Some(false), "{vendor} {}", entry.code());
                continue;
            };
            let theirs = TungsteniteFrame::from(frame);
            assert_eq!(u16::from(theirs.code), entry.code());
            assert_eq!(CloseFrame::try_from(&theirs).unwrap(), frame);
        }
    }
    // tungstenite's filing of codes, which is why closecodes compares numbers:
    assert_eq!(TungsteniteCode::from(4010), TungsteniteCode::Library(4010));
    assert_eq!(TungsteniteCode::from(1014), TungsteniteCode::Bad(1014));
    let typed = CloseFrame::new(codes::metered::CloseCode::AdminDisconnect, "kicked").unwrap();
    assert_eq!(
        TungsteniteFrame::from(typed).code,
        TungsteniteCode::Library(4020)
    );
}

#[test]
fn the_long_reason_is_what_the_tests_say() {
    assert_eq!(LONG_REASON.len(), 137);
    assert!(!LONG_REASON.is_char_boundary(123) && LONG_REASON.is_char_boundary(122));
}

#[test]
fn axum_frames_carry_the_code_and_the_cut_reason() {
    let frame =
        CloseFrame::new(codes::metered::CloseCode::OverConcurrentLimit, LONG_REASON).unwrap();
    let axum::extract::ws::Message::Close(Some(theirs)) = frame.into_axum_message() else {
        panic!("a close message");
    };
    assert_eq!(theirs.code, 4010);
    // 122 bytes: the longest prefix of at most 123 that ends on a character boundary (checked
    // above).
    assert_eq!(theirs.reason.as_str(), &LONG_REASON[..122]);
}

#[test]
fn serde_field_names_are_the_documented_ones() {
    // Metered's 4020 row, as written in codes/metered.toml.
    let entry = Vendor::from_id("metered").unwrap().get(4020).unwrap();
    let json = serde_json::to_value(entry).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "vendor": "metered",
            "code": 4020,
            "last_code": 4020,
            "kind": "code",
            "name": "Admin Disconnect",
            "meaning": "A backend removed this peer through the admin API, typically a logout or kick.",
            "action": "reauthenticate",
            "source": "https://www.metered.ca/docs/realtime-messaging/protocol/close-codes",
            "inferred": false,
            "note": "Reconnect once with a fresh token; if the kick was intended (a logout), do not reconnect.",
            "session": null,
            "reconnect_to": null,
            "delay_ms": null,
            "first_delay_ms": null,
            "uncounted": false,
            "retry_limit": 1,
            "flag_rule": null,
            "sendable": true,
            "range": "private"
        })
    );
    let rule = Vendor::from_id("sols-stat-tracker")
        .unwrap()
        .get(4003)
        .unwrap();
    assert_eq!(
        serde_json::to_value(rule).unwrap()["flag_rule"],
        serde_json::json!({
            "flag": "reconnect_on_duplicate_connection",
            "action": "backoff",
            "uncounted": false
        })
    );

    let mut policy = Policy::new(Vendor::from_id("metered").unwrap());
    let decision = policy.on_close_with_retry_after(1001, Duration::from_millis(2500));
    assert_eq!(
        serde_json::to_value(decision).unwrap(),
        serde_json::json!({
            "vendor": "metered",
            "event": "close",
            "code": 1001,
            "action": "retry_after",
            "reconnect": true,
            "delay_ms": 2500,
            "needs_new_credentials": false,
            "rule": "row",
            "attempt": 1,
            "counted": true,
            "overridden": false,
            "session": null,
            "reconnect_to": null,
            // Metered's SDK subscribes again after a reconnect (`autoResubscribe`).
            "resubscribe": true,
            // No `on_open` before the close.
            "was_open": false
        })
    );
    let stop = Policy::new(Vendor::from_id("metered").unwrap()).on_handshake_status(404);
    let json = serde_json::to_value(stop).unwrap();
    assert_eq!(
        (
            json["event"].as_str(),
            json["delay_ms"].is_null(),
            json["rule"].as_str()
        ),
        (Some("handshake_status"), true, Some("status"))
    );
    assert_eq!(
        serde_json::to_value(Action::RetryLater).unwrap(),
        "retry_later"
    );
}

/// The README's claim: typed codes go into tungstenite's `CloseCode` (and the policy takes
/// them, and tungstenite's, as they are).
#[test]
fn typed_codes_convert_into_tungstenite_and_feed_the_policy() {
    use closecodes::codes::metered::CloseCode;
    let theirs: TungsteniteCode = CloseCode::AccountSuspended.into();
    assert_eq!(u16::from(theirs), 4012);
    let theirs: closecodes::tungstenite::protocol::frame::coding::CloseCode =
        CloseCode::TokenExpired.into();
    let mut policy = Policy::new(Vendor::from_id("metered").unwrap());
    assert_eq!(policy.on_close(theirs).action(), Action::Reauthenticate);
    assert_eq!(
        policy.on_close(CloseCode::AccountSuspended).action(),
        Action::Stop
    );
}
