//! `closecodes::client` against a loopback server that plays graphql-ws: it acknowledges each
//! connection, answers the subscription once, then closes — first with 1000 while the
//! subscription runs (graphql-ws reconnects at once, uncounted), then with 4400 Bad request
//! (fatal). The client sends `connection_init` and the subscription on every connection, and
//! prints what happens.
//!
//! ```sh
//! cargo run --example client --features client
//! ```

use closecodes::client::{Client, Event};
use closecodes::tungstenite::Message;
use closecodes::tungstenite::client::IntoClientRequest;
use closecodes::{Policy, Vendor};
use futures_util::{SinkExt, StreamExt};

const SUBSCRIBE: &str =
    r#"{"id":"1","type":"subscribe","payload":{"query":"subscription { greetings }"}}"#;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = serve().await;
    let (mut client, sender) = Client::builder(Policy::new(Vendor::GraphqlWs))
        .on_open(|_| vec![r#"{"type":"connection_init"}"#.into(), SUBSCRIBE.into()])
        .build(move |attempt| {
            let url = attempt.url().unwrap_or(&url).to_owned();
            async move { url.into_client_request() }
        });
    // The subscription runs: a 1000 now means "reconnect" (the flag graphql-ws' data declares).
    sender.set_flag("subscriptions_active", true).unwrap();
    while let Some(event) = client.next().await {
        match event {
            Event::Connected { .. } => println!("connected"),
            Event::Ready => println!("ready"),
            Event::Message(Message::Text(text)) => println!("message {text}"),
            Event::Reconnecting { decision, .. } => println!("{decision}"),
            Event::Stopped {
                decision: Some(decision),
                ..
            } => println!("{decision}"),
            _ => {}
        }
    }
}

/// A graphql-ws server on 127.0.0.1 for two connections; returns its address.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/graphql", listener.local_addr().unwrap());
    tokio::spawn(async move {
        for close in [1000u16, 4400] {
            let (tcp, _) = listener.accept().await.unwrap();
            let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
            // connection_init, then the subscription.
            let _init = ws.next().await;
            ws.send(Message::text(r#"{"type":"connection_ack"}"#))
                .await
                .unwrap();
            let _subscribe = ws.next().await;
            let next = r#"{"id":"1","type":"next","payload":{"data":{"greetings":"hello"}}}"#;
            ws.send(Message::text(next)).await.unwrap();
            let frame = closecodes::tungstenite::protocol::CloseFrame {
                code: close.into(),
                reason: "".into(),
            };
            let _ = ws.close(Some(frame)).await;
            while let Some(Ok(_)) = ws.next().await {}
        }
    });
    url
}
