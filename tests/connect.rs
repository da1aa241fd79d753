//! `closecodes connect` against a loopback server that acts as Metered does (its close-code
//! table, https://www.metered.ca/docs/realtime-messaging/protocol/close-codes): the output on
//! each stream, the exit status, and what reaches the server. Each test starts its own server
//! on 127.0.0.1 and is bounded in time.

// tungstenite's handshake callback returns its own large error type.
#![allow(clippy::result_large_err)]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

/// What the server saw: each connection's `authorization` header, the texts it received and
/// the close code the client sent.
#[derive(Default, Debug)]
struct Seen {
    authorization: Vec<Option<String>>,
    texts: Vec<String>,
    close_codes: Vec<u16>,
}

/// A server that, on every connection, sends Metered's `welcome` and one message, waits for
/// `wait_for` texts from the client, then closes with `close` (or waits for the client's close
/// when `close` is `None`).
async fn server(close: Option<u16>, wait_for: usize) -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/v1", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Seen::default()));
    let shared = seen.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let seen = shared.clone();
            tokio::spawn(async move {
                let header = seen.clone();
                let callback = move |request: &Request, response: Response| {
                    let value = request
                        .headers()
                        .get("authorization")
                        .map(|v| v.to_str().unwrap_or_default().to_owned());
                    header.lock().unwrap().authorization.push(value);
                    Ok(response)
                };
                let Ok(mut ws) = tokio_tungstenite::accept_hdr_async(tcp, callback).await else {
                    return;
                };
                let _ = ws
                    .send(Message::text(r#"{"type":"welcome","peerId":"p1"}"#))
                    .await;
                let _ = ws
                    .send(Message::text(r#"{"type":"message","text":"hi"}"#))
                    .await;
                let mut received = 0;
                while received < wait_for {
                    match ws.next().await {
                        Some(Ok(Message::Text(text))) => {
                            seen.lock().unwrap().texts.push(text.to_string());
                            received += 1;
                        }
                        Some(Ok(Message::Close(frame))) => {
                            let code = frame.map_or(1005, |f| u16::from(f.code));
                            seen.lock().unwrap().close_codes.push(code);
                            return;
                        }
                        Some(Ok(_)) => {}
                        _ => return,
                    }
                }
                match close {
                    Some(code) => {
                        let frame = CloseFrame {
                            code: code.into(),
                            reason: "".into(),
                        };
                        let _ = ws.close(Some(frame)).await;
                        while let Some(Ok(_)) = ws.next().await {}
                    }
                    None => {
                        while let Some(Ok(message)) = ws.next().await {
                            if let Message::Close(frame) = message {
                                let code = frame.map_or(1005, |f| u16::from(f.code));
                                seen.lock().unwrap().close_codes.push(code);
                            }
                        }
                    }
                }
            });
        }
    });
    (url, seen)
}

/// Runs `closecodes connect` with `args`, writes `input` to its standard input, and closes
/// the input only when `close_input` (else it stays open until the command exits).
async fn connect(
    args: Vec<String>,
    input: &'static str,
    close_input: bool,
) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_closecodes"))
            .arg("connect")
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        let held = if close_input {
            drop(stdin);
            None
        } else {
            Some(stdin)
        };
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                let (mut out, mut err) = (String::new(), String::new());
                child
                    .stdout
                    .take()
                    .unwrap()
                    .read_to_string(&mut out)
                    .unwrap();
                child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut err)
                    .unwrap();
                panic!("closecodes connect did not finish within 15 s:\n{out}\n{err}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        drop(held);
        let (mut out, mut err) = (String::new(), String::new());
        child.stdout.unwrap().read_to_string(&mut out).unwrap();
        child.stderr.unwrap().read_to_string(&mut err).unwrap();
        (status.code().unwrap_or(-1), out, err)
    })
    .await
    .unwrap()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// 4012 Account Suspended: stop. The messages go to standard output, the close is explained on
/// standard error, `--send` and `--header` reach the server, and so does a line of input.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prints_messages_explains_the_close_and_stops() {
    let (url, seen) = server(Some(4012), 2).await;
    let args = [
        "metered",
        &url,
        "--send",
        r#"{"type":"join"}"#,
        "--header",
        "authorization: Bearer t0k3n",
    ];
    let (status, out, err) = connect(strings(&args), "hello\n", false).await;
    assert_eq!(status, 0, "the policy stopped: {err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            r#"{"type":"welcome","peerId":"p1"}"#,
            r#"{"type":"message","text":"hi"}"#
        ]
    );
    assert!(err.contains("close 4012"), "{err}");
    assert!(err.contains("stop; do not reconnect"), "{err}");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.texts, [r#"{"type":"join"}"#, "hello"]);
    assert_eq!(seen.authorization, [Some("Bearer t0k3n".to_owned())]);
}

/// `--json`: one object per event, with the documented keys.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_lines_for_every_event() {
    let (url, _seen) = server(Some(4012), 0).await;
    let (status, out, err) = connect(strings(&["metered", &url, "--json"]), "", false).await;
    assert_eq!(status, 0, "{err}");
    let events: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["connected", "ready", "message", "message", "stopped"]
    );
    assert_eq!(events[0]["url"], url.as_str());
    assert_eq!(events[2]["text"], r#"{"type":"welcome","peerId":"p1"}"#);
    assert_eq!(events[4]["code"], 4012);
    assert_eq!(events[4]["action"], "stop");
}

/// `--max-reconnects 0`: 4002 Token Expired asks for a reconnect, which the limit refuses:
/// exit status 1, after a `reconnecting` line and a `stopped` one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reconnect_limit_stops_with_status_one() {
    let (url, _seen) = server(Some(4002), 0).await;
    let args = ["metered", &url, "--json", "--max-reconnects", "0"];
    let (status, out, err) = connect(strings(&args), "", false).await;
    assert_eq!(status, 1, "{err}");
    let events: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let last_two: Vec<&serde_json::Value> = events.iter().rev().take(2).rev().collect();
    assert_eq!(last_two[0]["event"], "reconnecting");
    assert_eq!(last_two[0]["code"], 4002);
    assert_eq!(last_two[0]["action"], "reauthenticate");
    assert!(last_two[0]["delay_ms"].is_u64());
    assert!(last_two[0]["url"].is_null());
    assert_eq!(last_two[1]["event"], "stopped");
}

/// The end of standard input closes the connection cleanly, with 1000, and exits with 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_end_of_input_closes_with_1000() {
    let (url, seen) = server(None, 1).await;
    let (status, _out, err) = connect(strings(&["metered", &url]), "bye\n", true).await;
    assert_eq!(status, 0, "{err}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let seen = seen.lock().unwrap();
    assert_eq!(seen.texts, ["bye"]);
    assert_eq!(seen.close_codes, [1000]);
}

/// A header that is not `NAME:VALUE` is a usage error, before any connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_header_is_a_usage_error() {
    let args = ["metered", "ws://127.0.0.1:9/", "--header", "no-colon"];
    let (status, _out, err) = connect(strings(&args), "", true).await;
    assert_eq!(status, 2);
    assert!(err.contains("NAME:VALUE"), "{err}");
}
