//! A restart herd in real time: 500 `closecodes::client` clients on one loopback server that
//! closes them all at once, then records when each comes back. Two herds: Discord's 4000 after
//! READY ("reconnect", at once, spread over a second by the policy) and 1012 Service Restart
//! (the IANA registry's 5–30 s). Prints how many came back in each slice of time; the tests in
//! `tests/client.rs` check the same with a paused clock.
//!
//! Run: `cargo bench --bench herd --features client` (about 35 s).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use closecodes::client::{Client, Event};
use closecodes::tungstenite::Message;
use closecodes::tungstenite::client::IntoClientRequest;
use closecodes::tungstenite::protocol::CloseFrame;
use closecodes::{Policy, Vendor};
use futures_util::{SinkExt, StreamExt};

const CLIENTS: usize = 500;

/// Serves `CLIENTS` first connections with `greeting`, closes them all together with `code`
/// once all are in, and returns when every client came back, with each return's delay.
async fn herd(vendor: Vendor, greeting: &'static str, code: u16) -> Vec<Duration> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/", listener.local_addr().unwrap());
    let closed_at = Arc::new(Mutex::new(None::<Instant>));
    let returns = Arc::new(Mutex::new(Vec::new()));
    let (all_in_tx, all_in) = tokio::sync::watch::channel(0usize);
    let server = {
        let closed_at = closed_at.clone();
        let returns = returns.clone();
        tokio::spawn(async move {
            let mut served = 0;
            while let Ok((tcp, _)) = listener.accept().await {
                served += 1;
                let first = served <= CLIENTS;
                let mut all_in = all_in.clone();
                let closed_at = closed_at.clone();
                let returns = returns.clone();
                let all_in_tx = all_in_tx.clone();
                tokio::spawn(async move {
                    let Ok(mut ws) = tokio_tungstenite::accept_async(tcp).await else {
                        return;
                    };
                    if !first {
                        let at = closed_at.lock().unwrap().expect("closed before");
                        returns.lock().unwrap().push(at.elapsed());
                        let _ = ws.close(None).await;
                        return;
                    }
                    let _ = ws.send(Message::text(greeting)).await;
                    all_in_tx.send_modify(|n| *n += 1);
                    let _ = all_in.wait_for(|n| *n >= CLIENTS).await;
                    closed_at.lock().unwrap().get_or_insert_with(Instant::now);
                    let frame = CloseFrame {
                        code: code.into(),
                        reason: "".into(),
                    };
                    let _ = ws.close(Some(frame)).await;
                    while let Some(Ok(_)) = ws.next().await {}
                });
            }
        })
    };
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let url = url.clone();
        clients.push(tokio::spawn(async move {
            let (mut client, _sender) = Client::builder(Policy::new(vendor)).build(move |_| {
                let url = url.clone();
                async move { url.into_client_request() }
            });
            // Until the second connection opens.
            let mut connected = 0;
            while let Some(event) = client.next().await {
                if let Event::Connected { .. } = event {
                    connected += 1;
                    if connected == 2 {
                        break;
                    }
                }
            }
        }));
    }
    for client in clients {
        client.await.unwrap();
    }
    server.abort();
    let mut returns = returns.lock().unwrap().clone();
    returns.sort();
    returns
}

fn histogram(name: &str, returns: &[Duration], slice: Duration) {
    let mut counts = Vec::new();
    for r in returns {
        let i = (r.as_nanos() / slice.as_nanos()) as usize;
        if counts.len() <= i {
            counts.resize(i + 1, 0);
        }
        counts[i] += 1;
    }
    let busiest = counts.iter().max().copied().unwrap_or(0);
    println!(
        "{name}: {} returns, first after {:?}, last after {:?}; busiest {slice:?} slice: {busiest}",
        returns.len(),
        returns.first().copied().unwrap_or_default(),
        returns.last().copied().unwrap_or_default(),
    );
    println!("  per {slice:?}: {counts:?}");
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let discord = Vendor::from_id("discord-gateway").unwrap();
    let ready = r#"{"op":0,"s":1,"t":"READY","d":{"session_id":"s","resume_gateway_url":null}}"#;
    let returns = runtime.block_on(herd(discord, ready, 4000));
    histogram(
        "discord-gateway 4000 after READY",
        &returns,
        Duration::from_millis(100),
    );
    let metered = Vendor::from_id("metered").unwrap();
    let welcome = r#"{"type":"welcome","peerId":"p"}"#;
    let returns = runtime.block_on(herd(metered, welcome, 1012));
    histogram(
        "metered 1012 after welcome",
        &returns,
        Duration::from_secs(1),
    );
}
