//! Messages per second through `closecodes::client` beside raw tokio-tungstenite, on loopback,
//! measured in one run: each iteration opens a connection to a server on 127.0.0.1 that sends
//! 10 000 text messages and closes with graphql-ws' 4400 (stop), and reads them all.
//!
//! Run: `cargo bench --bench client --features client`.

use std::hint::black_box;

use closecodes::client::{Client, Event};
use closecodes::tungstenite::Message;
use closecodes::tungstenite::client::IntoClientRequest;
use closecodes::{Policy, Vendor};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::{SinkExt, StreamExt};

const MESSAGES: usize = 10_000;

/// A server that sends every connection `MESSAGES` texts, then closes with 4400.
fn serve(runtime: &tokio::runtime::Runtime) -> String {
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
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
    while let Some(Ok(message)) = ws.next().await {
        match message {
            Message::Text(text) => texts += black_box(text.len()).min(1),
            Message::Close(_) => break,
            _ => {}
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
    assert_eq!(runtime.block_on(raw(&url)), MESSAGES);
    assert_eq!(runtime.block_on(through_client(&url)), MESSAGES);
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
