//! Messages per second through `closecodes::client` beside raw tokio-tungstenite, on loopback,
//! measured in one run: each iteration opens a connection to a server on 127.0.0.1 that sends
//! 100 000 text messages and closes with graphql-ws' 4400 (stop), reads them all, and answers
//! the close as the protocol asks (so the raw side, too, reads until the connection ends).
//!
//! Run: `cargo bench --bench client --features client`.

use std::hint::black_box;

use closecodes::client::{Client, Event};
use closecodes::tungstenite::Message;
use closecodes::tungstenite::client::IntoClientRequest;
use closecodes::{Policy, Vendor};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::{SinkExt, StreamExt};

const MESSAGES: usize = 100_000;

/// A server that acknowledges every connection, sends it `MESSAGES` texts, then closes with
/// 4400.
fn serve(runtime: &tokio::runtime::Runtime) -> String {
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
                    // The session is ready, as it is for most of a connection's life.
                    ws.feed(Message::text(r#"{"type":"connection_ack"}"#))
                        .await
                        .unwrap();
                    let text = r#"{"id":"1","type":"next","payload":{"data":{"n":1}}}"#;
                    for _ in 0..MESSAGES {
                        ws.feed(Message::text(text)).await.unwrap();
                    }
                    let frame = closecodes::tungstenite::protocol::CloseFrame {
                        code: 4400.into(),
                        reason: "".into(),
                    };
                    let _ = ws.close(Some(frame)).await;
                    while let Some(Ok(_)) = ws.next().await {}
                });
            }
        });
        url
    })
}

async fn raw(url: &str) -> usize {
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let mut texts = 0;
    // tungstenite answers the close frame as it reads on, until the server ends the connection.
    while let Some(Ok(message)) = ws.next().await {
        if let Message::Text(text) = message {
            texts += black_box(text.len()).min(1);
        }
    }
    texts
}

async fn through_client(url: &str) -> usize {
    let url = url.to_owned();
    let (mut client, _sender) = Client::builder(Policy::new(Vendor::GraphqlWs)).build(move |_| {
        let url = url.clone();
        async move { url.into_client_request() }
    });
    let mut texts = 0;
    while let Some(event) = client.next().await {
        match event {
            Event::Message(Message::Text(text)) => texts += black_box(text.len()).min(1),
            Event::Stopped { .. } => break,
            _ => {}
        }
    }
    texts
}

fn messages(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = serve(&runtime);
    // Both see every text: the acknowledgement and the messages.
    assert_eq!(runtime.block_on(raw(&url)), MESSAGES + 1);
    assert_eq!(runtime.block_on(through_client(&url)), MESSAGES + 1);
    let mut group = c.benchmark_group("loopback_messages");
    group.throughput(Throughput::Elements(MESSAGES as u64));
    group.bench_function("tokio-tungstenite", |b| {
        b.iter(|| runtime.block_on(raw(&url)))
    });
    group.bench_function("closecodes-client", |b| {
        b.iter(|| runtime.block_on(through_client(&url)))
    });
    group.finish();
}

criterion_group!(benches, messages);
criterion_main!(benches);
