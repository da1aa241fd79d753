//! An axum WebSocket server that speaks a vendor's protocol: it closes connections with the
//! vendor's typed codes and a reason that always fits a close frame.
//!
//! ```text
//! cargo run --example axum_server --features axum
//! ```
//!
//! The demo serves one route on a loopback port, connects to it once with tokio-tungstenite and
//! prints what the client received.

use axum::Router;
use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use closecodes::{CloseFrame, codes::metered::CloseCode};
use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;

async fn upgrade(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(close_over_limit)
}

/// Turns the client away the way Metered does when a plan is full.
async fn close_over_limit(mut socket: WebSocket) {
    let reason = "Votre forfait a atteint son nombre maximal de connexions simultanées ; \
                  réessayez plus tard ou activez les dépassements dans le tableau de bord.";
    // A typed private-use code is always sendable: no `Result`. The reason is cut to the 123
    // bytes a close frame holds, at a character boundary (`CloseFrame::new_cut_at_word` cuts at
    // a word boundary instead, and returns a `Result` since it takes any code).
    let frame = CloseFrame::sendable(CloseCode::OverConcurrentLimit, reason);
    let _ = socket.send(frame.into_axum_message()).await;
    while let Some(Ok(_)) = socket.recv().await {}
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("the bound address");
    let app = Router::new().route("/ws", get(upgrade));
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let (mut client, _) = tokio_tungstenite::connect_async(format!("ws://{address}/ws"))
        .await
        .expect("connect to the demo server");
    while let Some(Ok(message)) = client.next().await {
        if let Message::Close(Some(frame)) = message {
            println!(
                "closed with {}: {:?} ({} bytes)",
                u16::from(frame.code),
                frame.reason.as_str(),
                frame.reason.len()
            );
        }
    }
    server.abort();
}
