//! A complete WebSocket client reconnect loop driven by `closecodes::Policy`.
//!
//! `run_client` is the part to copy into an application: connect, tell the policy when the
//! session is ready, read until the connection ends, ask the policy what to do, refresh
//! credentials if told to, wait, reconnect — or stop. The policy's loop guard makes a server
//! that closes every connection at once meet a growing backoff, not a reconnect storm.
//! To show it working, `main` starts a small local server that refuses or closes each connection
//! the way Metered's documentation describes, and prints each decision:
//!
//! ```text
//! cargo run --example reconnect_loop --features tungstenite
//! ```
//!
//! The demo divides every delay by 1000 so it finishes at once; a real client waits in full.

use std::time::Duration;

use closecodes::{Decision, Policy, Vendor};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

/// Connects to `url` until the policy says to stop, and returns every decision it made.
///
/// `fetch_token` is called for the first connection and whenever the policy asks for fresh
/// credentials; the token goes into the URL as `?token=…`. Delays are divided by `time_scale`
/// (1 in an application).
pub async fn run_client(
    url: &str,
    policy: &mut Policy,
    mut fetch_token: impl FnMut() -> String,
    time_scale: u32,
) -> Vec<Decision> {
    let mut decisions = Vec::new();
    let mut token = fetch_token();
    loop {
        let decision = match tokio_tungstenite::connect_async(format!("{url}/?token={token}")).await
        {
            Ok((mut socket, _)) => {
                policy.on_open();
                let mut close = None;
                let mut retry_after = None;
                let mut failure = None;
                // Read until the stream ends, so the closing handshake completes.
                while let Some(message) = socket.next().await {
                    match message {
                        // The vendor's ready event (here a text `ready`): the session works, so
                        // this connection counts as established for the loop guard.
                        Ok(Message::Text(text)) if text.as_str() == "ready" => policy.on_ready(),
                        Ok(Message::Text(text)) => retry_after = parse_retry_after(&text),
                        Ok(Message::Close(frame)) => close = Some(frame),
                        Ok(_) => {}
                        Err(error) => {
                            failure = Some(error);
                            break;
                        }
                    }
                }
                // Decide on the close frame when there was one (an error after it, such as
                // `ConnectionClosed`, says nothing more); else on the error; else the
                // connection ended without a frame.
                match (close, retry_after, failure) {
                    (Some(frame), Some(wait), _) => {
                        policy.on_tungstenite_close_with_retry_after(&frame, wait)
                    }
                    (Some(frame), None, _) => policy.on_tungstenite_close(&frame),
                    (None, _, Some(error)) => policy.on_tungstenite_error(&error),
                    (None, _, None) => policy.on_transport_error(),
                }
            }
            Err(error) => policy.on_tungstenite_error(&error),
        };
        println!("{decision}");
        decisions.push(decision);
        let Some(delay) = decision.delay() else {
            return decisions;
        };
        tokio::time::sleep(delay / time_scale).await;
        // After the wait, right before reconnecting: the token is as fresh as it can be.
        if decision.needs_new_credentials() {
            token = fetch_token();
        }
    }
}

/// Metered announces a restart with a text message carrying `retryAfterMs` before closing with
/// 1001; this demo's server sends `retryAfterMs=<n>`.
fn parse_retry_after(text: &str) -> Option<Duration> {
    let millis = text.strip_prefix("retryAfterMs=")?.parse().ok()?;
    Some(Duration::from_millis(millis))
}

/// What the demo server does with one connection.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    /// Refuse the upgrade with this HTTP status.
    Refuse(u16),
    /// Accept, then close with this code at once (the session never became ready).
    Close(u16),
    /// Accept, send `ready` (the vendor's ready event), then close with this code.
    Ready(u16),
    /// Accept, send `ready`, announce a retry-after delay in milliseconds, then close with this
    /// code.
    CloseAfterAnnouncing(u16, u64),
    /// Accept, then drop the connection without a close frame.
    Drop,
}

/// Serves one connection per step, in order, then returns the token each connection presented.
// The refusal type is tungstenite's own `ErrorResponse`, an HTTP response: large by nature.
#[allow(clippy::result_large_err)]
pub async fn serve(listener: TcpListener, script: Vec<Step>) -> Vec<String> {
    let mut tokens = Vec::new();
    for step in script {
        let Ok((stream, _)) = listener.accept().await else {
            break;
        };
        let mut token = String::new();
        let callback = |request: &Request, response: Response| {
            token = request
                .uri()
                .query()
                .and_then(|q| q.strip_prefix("token="))
                .unwrap_or("")
                .to_owned();
            match step {
                Step::Refuse(status) => {
                    let mut refusal = ErrorResponse::new(None);
                    *refusal.status_mut() = status.try_into().unwrap_or_default();
                    Err(refusal)
                }
                _ => Ok(response),
            }
        };
        let accepted = tokio_tungstenite::accept_hdr_async(stream, callback).await;
        tokens.push(token);
        let Ok(mut socket) = accepted else {
            continue;
        };
        let code = match step {
            Step::Refuse(_) => continue,
            Step::Drop => {
                drop(socket);
                continue;
            }
            Step::Close(code) => code,
            Step::Ready(code) => {
                let _ = socket.send(Message::text("ready")).await;
                code
            }
            Step::CloseAfterAnnouncing(code, millis) => {
                let _ = socket.send(Message::text("ready")).await;
                let _ = socket
                    .send(Message::text(format!("retryAfterMs={millis}")))
                    .await;
                code
            }
        };
        let frame = CloseFrame {
            code: code.into(),
            reason: "scripted close".into(),
        };
        let _ = socket.close(Some(frame)).await;
        while let Some(Ok(_)) = socket.next().await {}
    }
    tokens
}

/// What the demo server does, connection by connection: Metered's codes as its docs describe
/// them, and a token refused at once twice, where the loop guard makes the delays grow.
pub fn demo_script() -> Vec<Step> {
    vec![
        Step::Refuse(429),                      // per-IP rate limit: back off
        Step::Ready(4002),                      // ready, then token expired: new token, at once
        Step::Close(4002),                      // refused at once: not established, back off
        Step::Close(4002),                      // and again: the backoff grows
        Step::CloseAfterAnnouncing(1001, 2500), // ready, then a deploy: wait the 2.5 s it names
        Step::Close(4012),                      // account suspended: stop
    ]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let url = format!("ws://{}", listener.local_addr().expect("the bound address"));
    let script = demo_script();
    let server = tokio::spawn(serve(listener, script));

    let mut policy = Policy::new(Vendor::Metered);
    let mut minted = 0;
    let fetch_token = || {
        minted += 1;
        format!("token-{minted}")
    };
    run_client(&url, &mut policy, fetch_token, 1000).await;
    let tokens = server.await.expect("the server task");
    println!("tokens presented: {}", tokens.join(", "));
}
