//! `closecodes::client` against scripted servers that act as the vendors do, over an in-memory
//! connection (`tokio::io::duplex`) under a paused clock, so that delays of seconds take none.
//! Each assertion cites where the vendor documents the behaviour.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use closecodes::client::{Attempt, Client, Error, Event, Opening, Request, SendError, Sender, Why};
use closecodes::tungstenite::Message;
use closecodes::tungstenite::client::IntoClientRequest;
use closecodes::tungstenite::protocol::CloseFrame as WireFrame;
use closecodes::{Action, CloseFrame, Endpoint, Policy, Session, Vendor};
use futures_util::{SinkExt, StreamExt};
use tokio::time::Instant;

/// What a scripted server does on one connection, in order.
#[derive(Clone, Debug)]
enum Step {
    Text(&'static str),
    TextOwned(String),
    Binary,
    Close(u16),
    Wait(Duration),
    /// Stay open and say nothing.
    Silence,
    /// Send this many messages as fast as the connection takes them.
    Flood(usize),
    /// Stop reading (so answer no ping) and say nothing, holding the connection open.
    Deaf,
}

/// What the servers saw: each connection's address and token header, and what the client sent.
#[derive(Default, Debug)]
struct Seen {
    requests: Vec<(String, Option<String>)>,
    received: Vec<(usize, String)>,
    close_codes: Vec<(usize, u16)>,
    ended: Vec<usize>,
}

struct Harness {
    seen: Arc<Mutex<Seen>>,
    attempts: Arc<Mutex<Vec<Attempt>>>,
    openings: Arc<Mutex<Vec<Opening>>>,
}

/// A client for `vendor` whose every connection meets the next script (a closed connection when
/// they run out). The request maker records each attempt and sends `token-N`.
fn client(
    policy: Policy,
    scripts: Vec<Vec<Step>>,
    opening: Vec<&'static str>,
) -> (Client, Sender, Harness) {
    let scripts = Arc::new(Mutex::new(VecDeque::from(scripts)));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let openings = Arc::new(Mutex::new(Vec::new()));
    let harness = Harness {
        seen: seen.clone(),
        attempts: attempts.clone(),
        openings: openings.clone(),
    };
    let tokens = Arc::new(Mutex::new(0));
    let maker = move |attempt: Attempt| {
        let url = attempt.url().unwrap_or("ws://vendor.test/ws").to_owned();
        attempts.lock().unwrap().push(attempt.clone());
        let mut token = tokens.lock().unwrap();
        if attempt.why() != Why::Reconnect {
            *token += 1;
        }
        let token = format!("token-{token}");
        async move {
            let mut request: Request = url.into_client_request()?;
            request
                .headers_mut()
                .insert("authorization", token.parse().unwrap());
            Ok::<_, closecodes::tungstenite::Error>(request)
        }
    };
    let connect = move |request: Request| {
        let scripts = scripts.clone();
        let seen = seen.clone();
        async move {
            let (near, far) = tokio::io::duplex(1 << 16);
            let script = scripts.lock().unwrap().pop_front().unwrap_or_default();
            let index = {
                let mut seen = seen.lock().unwrap();
                let token = request
                    .headers()
                    .get("authorization")
                    .map(|v| v.to_str().unwrap().to_owned());
                seen.requests.push((request.uri().to_string(), token));
                seen.requests.len() - 1
            };
            tokio::spawn(serve(far, script, index, seen));
            tokio_tungstenite::client_async(request, near)
                .await
                .map(|(ws, _)| ws)
        }
    };
    let (client, sender) = Client::builder(policy)
        .on_open(move |o: &Opening| {
            openings.lock().unwrap().push(o.clone());
            opening.iter().map(|&text| Message::text(text)).collect()
        })
        .build_over(maker, connect);
    (client, sender, harness)
}

async fn serve(
    io: tokio::io::DuplexStream,
    script: Vec<Step>,
    index: usize,
    seen: Arc<Mutex<Seen>>,
) {
    let Ok(ws) = tokio_tungstenite::accept_async(io).await else {
        return;
    };
    let (mut sink, mut stream) = ws.split();
    let reader_seen = seen.clone();
    let reader = tokio::spawn(async move {
        while let Some(Ok(message)) = stream.next().await {
            let mut seen = reader_seen.lock().unwrap();
            match message {
                Message::Text(text) => seen.received.push((index, text.to_string())),
                Message::Close(Some(frame)) => {
                    seen.close_codes.push((index, u16::from(frame.code)))
                }
                _ => {}
            }
        }
        reader_seen.lock().unwrap().ended.push(index);
    });
    for step in script {
        let sent = match step {
            Step::Text(text) => sink.send(Message::text(text)).await,
            Step::TextOwned(text) => sink.send(Message::text(text)).await,
            Step::Binary => sink.send(Message::binary(vec![0u8, 1])).await,
            Step::Close(code) => {
                let frame = WireFrame {
                    code: code.into(),
                    reason: "".into(),
                };
                let _ = sink.send(Message::Close(Some(frame))).await;
                break;
            }
            Step::Wait(d) => {
                tokio::time::sleep(d).await;
                Ok(())
            }
            Step::Silence => {
                tokio::time::sleep(Duration::from_secs(24 * 3600)).await;
                Ok(())
            }
            Step::Deaf => {
                reader.abort();
                tokio::time::sleep(Duration::from_secs(24 * 3600)).await;
                Ok(())
            }
            Step::Flood(n) => {
                let mut sent = Ok(());
                for i in 0..n {
                    sent = sink.send(Message::text(format!(r#"{{"n":{i}}}"#))).await;
                    if sent.is_err() {
                        break;
                    }
                }
                sent
            }
        };
        if sent.is_err() {
            break;
        }
    }
    let _ = reader.await;
}

/// The events up to and including the `n`-th `Reconnecting` or the `Stopped`, with the paused
/// clock's time of each.
async fn events_until(client: &mut Client, reconnects: usize) -> Vec<(Instant, Event)> {
    let mut events = Vec::new();
    let mut seen = 0;
    while let Some(event) = tokio::time::timeout(Duration::from_secs(3600), client.next())
        .await
        .expect("the client goes on")
    {
        let stop = match &event {
            Event::Reconnecting { .. } => {
                seen += 1;
                seen == reconnects
            }
            Event::Stopped { .. } => true,
            _ => false,
        };
        events.push((Instant::now(), event));
        if stop {
            break;
        }
    }
    events
}

fn decisions(events: &[(Instant, Event)]) -> Vec<(Action, Option<Duration>)> {
    events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Reconnecting {
                decision, delay, ..
            } => Some((decision.action(), Some(*delay))),
            Event::Stopped {
                decision: Some(d), ..
            } => Some((d.action(), None)),
            _ => None,
        })
        .collect()
}

fn vendor(id: &str) -> Vendor {
    Vendor::from_id(id).unwrap()
}

/// Metered's close-code table and reconnect guide
/// (https://www.metered.ca/docs/realtime-messaging/protocol/close-codes): 4002 Token Expired →
/// mint a fresh token and reconnect; 1001 after `going_away` → wait `retryAfterMs`; 4012 Account
/// Suspended → stop.
#[tokio::test(start_paused = true)]
async fn metered_new_token_then_going_away_then_suspended() {
    let welcome = Step::Text(r#"{"type":"welcome","peerId":"p1"}"#);
    let scripts = vec![
        vec![
            welcome.clone(),
            Step::Wait(Duration::from_secs(1)),
            Step::Close(4002),
        ],
        vec![
            welcome.clone(),
            Step::Text(r#"{"type":"going_away","retryAfterMs":2500}"#),
            Step::Close(1001),
        ],
        vec![welcome, Step::Close(4012)],
    ];
    let (mut client, _sender, h) = client(Policy::new(vendor("metered")), scripts, vec![]);
    let events = events_until(&mut client, 3).await;
    let ready = events
        .iter()
        .filter(|(_, e)| matches!(e, Event::Ready))
        .count();
    assert_eq!(ready, 3, "welcome marks each session ready");
    let steps = decisions(&events);
    assert_eq!(steps[0].0, Action::Reauthenticate);
    assert!(
        steps[0].1.unwrap() <= Duration::from_secs(1),
        "at once: {steps:?}"
    );
    assert_eq!(
        steps[1],
        (Action::RetryAfter, Some(Duration::from_millis(2500)))
    );
    assert_eq!(steps[2], (Action::Stop, None));
    let attempts = h.attempts.lock().unwrap();
    assert_eq!(
        attempts.iter().map(Attempt::why).collect::<Vec<_>>(),
        [Why::First, Why::NewCredentials, Why::Reconnect]
    );
    let seen = h.seen.lock().unwrap();
    let tokens: Vec<&str> = seen
        .requests
        .iter()
        .map(|(_, t)| t.as_deref().unwrap())
        .collect();
    assert_eq!(
        tokens,
        ["token-1", "token-2", "token-2"],
        "a new token after 4002 only"
    );
}

/// Twitch EventSub (https://dev.twitch.tv/docs/eventsub/handling-websocket-events/): the
/// welcome's `keepalive_timeout_seconds` bounds the silence ("if you don't receive a keepalive
/// message within the time, assume the connection is lost"); `session_reconnect` gives the
/// `reconnect_url` to connect to, where the subscriptions carry over; 4003 Connection unused.
#[tokio::test(start_paused = true)]
async fn twitch_keepalive_reconnect_url_and_unused_connection() {
    let welcome = |keepalive: u32| {
        Step::TextOwned(format!(
            r#"{{"metadata":{{"message_type":"session_welcome"}},"payload":{{"session":{{"id":"s1","keepalive_timeout_seconds":{keepalive},"reconnect_url":null}}}}}}"#
        ))
    };
    let scripts = vec![
        vec![welcome(2), Step::Silence],
        vec![
            welcome(10),
            Step::Text(
                r#"{"metadata":{"message_type":"session_reconnect"},"payload":{"session":{"id":"s1","reconnect_url":"ws://second.test/ws?id=s1"}}}"#,
            ),
            Step::Silence,
        ],
        vec![welcome(10), Step::Close(4003)],
    ];
    let (mut client, _sender, h) = client(Policy::new(vendor("twitch-eventsub")), scripts, vec![]);
    let events = events_until(&mut client, 3).await;
    // Silence past the 2 s keepalive (and its margin) drops the first connection.
    let ready_at = events
        .iter()
        .find(|(_, e)| matches!(e, Event::Ready))
        .unwrap()
        .0;
    let (stalled_at, stalled) = events
        .iter()
        .find(|(_, e)| matches!(e, Event::Reconnecting { .. }))
        .unwrap();
    let silence = *stalled_at - ready_at;
    assert!(
        silence >= Duration::from_secs(2) && silence <= Duration::from_secs(4),
        "{silence:?}"
    );
    assert!(matches!(
        stalled,
        Event::Reconnecting {
            error: Some(Error::Stalled(_)),
            ..
        }
    ));
    // The reconnect message moves the client to its address, keeping the subscriptions.
    let moved = events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Reconnecting { decision, url, .. } => Some((decision, url)),
            _ => None,
        })
        .nth(1)
        .unwrap();
    assert_eq!(moved.1.as_deref(), Some("ws://second.test/ws?id=s1"));
    assert_eq!(moved.0.reconnect_to(), Some(Endpoint::Server));
    let seen = h.seen.lock().unwrap();
    assert_eq!(seen.requests[2].0, "ws://second.test/ws?id=s1");
    let openings = h.openings.lock().unwrap();
    assert_eq!(
        openings.iter().map(|o| o.resubscribe).collect::<Vec<_>>(),
        [true, true, false],
        "subscribe after a lost connection, not after a move"
    );
    // 4003: back off (the crate's inference, codes/twitch-eventsub.toml).
    let last = decisions(&events)[2];
    assert_eq!(last.0, Action::Backoff);
    // The client sent Twitch nothing but its answers to pings: no pings of its own.
    assert!(seen.received.is_empty(), "{:?}", seen.received);
}

/// graphql-ws (src/client.ts at af4f5c9): `connection_init` opens every connection; a 1000
/// while subscriptions are active is retried at once and not counted (client.ts:837-838); 4400
/// Bad request is fatal (client.ts:1075-1090).
#[tokio::test(start_paused = true)]
async fn graphql_ws_reconnects_after_1000_with_subscriptions_and_stops_on_4400() {
    let ack = Step::Text(r#"{"type":"connection_ack"}"#);
    let scripts = vec![
        vec![
            ack.clone(),
            Step::Wait(Duration::from_secs(1)),
            Step::Close(1000),
        ],
        // A moment for the client's messages to arrive before the server closes: a closing
        // server reads no more data.
        vec![
            ack,
            Step::Wait(Duration::from_millis(100)),
            Step::Close(4400),
        ],
    ];
    let opening = vec![r#"{"type":"connection_init"}"#];
    let (mut client, sender, h) = client(Policy::new(vendor("graphql-ws")), scripts, opening);
    sender.set_flag("subscriptions_active", true).unwrap();
    let subscribe = r#"{"id":"1","type":"subscribe","payload":{"query":"subscription { a }"}}"#;
    sender.send(Message::text(subscribe)).await.unwrap();
    let events = events_until(&mut client, 2).await;
    let steps = decisions(&events);
    assert_eq!(steps[0].0, Action::Reconnect);
    assert!(steps[0].1.unwrap() <= Duration::from_secs(1));
    let uncounted = events
        .iter()
        .any(|(_, e)| matches!(e, Event::Reconnecting { decision, .. } if !decision.is_counted()));
    assert!(uncounted, "not counted as a retry");
    assert_eq!(steps[1], (Action::Stop, None));
    let seen = h.seen.lock().unwrap();
    let first: Vec<&str> = seen
        .received
        .iter()
        .filter(|(i, _)| *i == 0)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        first,
        [opening_init(), subscribe],
        "init first, the queued subscribe after the ack"
    );
    assert!(
        seen.received
            .iter()
            .any(|(i, t)| *i == 1 && t == opening_init())
    );
    assert!(sender.set_flag("no_such_flag", true).is_err());
}

fn opening_init() -> &'static str {
    r#"{"type":"connection_init"}"#
}

/// A Discord-like gateway (https://docs.discord.com/developers/events/gateway-events#ready and
/// the close codes page): READY's `resume_gateway_url` is where to resume after 4000 Unknown
/// error; 4004 Authentication failed is fatal.
#[tokio::test(start_paused = true)]
async fn discord_resumes_at_the_resume_address_and_stops_on_4004() {
    let scripts = vec![
        vec![
            Step::Text(r#"{"op":10,"d":{"heartbeat_interval":45000}}"#),
            Step::Text(
                r#"{"op":0,"s":1,"t":"READY","d":{"session_id":"abc","resume_gateway_url":"ws://resume.test"}}"#,
            ),
            Step::Close(4000),
        ],
        vec![
            Step::Text(r#"{"op":0,"s":2,"t":"RESUMED","d":{}}"#),
            Step::Close(4004),
        ],
    ];
    let (mut client, _sender, h) = client(Policy::new(vendor("discord-gateway")), scripts, vec![]);
    let events = events_until(&mut client, 2).await;
    assert_eq!(decisions(&events)[0].0, Action::Reconnect);
    assert_eq!(decisions(&events)[1], (Action::Stop, None));
    let attempts = h.attempts.lock().unwrap();
    assert_eq!(attempts[1].url(), Some("ws://resume.test"));
    assert_eq!(attempts[1].session(), Some(Session::Resume));
    assert_eq!(h.seen.lock().unwrap().requests[1].0, "ws://resume.test/");
}

/// A server that accepts and closes at once, again and again, meets a growing backoff up to
/// Metered's documented cap (1 s doubling to 30 s, ±20 %), never a storm.
#[tokio::test(start_paused = true)]
async fn a_server_that_closes_at_once_meets_a_growing_backoff() {
    let scripts = vec![vec![Step::Close(4002)]; 12];
    let (mut client, _sender, _h) = client(Policy::new(vendor("metered")), scripts, vec![]);
    let events = events_until(&mut client, 12).await;
    let delays: Vec<Duration> = decisions(&events).iter().map(|s| s.1.unwrap()).collect();
    assert_eq!(delays.len(), 12);
    assert!(
        delays.iter().all(|d| *d >= Duration::from_millis(500)),
        "{delays:?}"
    );
    for pair in delays.windows(2) {
        assert!(
            pair[1] >= pair[0].min(Duration::from_secs(30)),
            "{delays:?}"
        );
    }
    assert!(delays[11] >= Duration::from_secs(30), "{delays:?}");
    assert!(delays[11] <= Duration::from_secs(36), "{delays:?}");
}

/// The application closes: a clean close frame reaches the server, the client stops without a
/// decision, and what was queued comes back.
#[tokio::test(start_paused = true)]
async fn closing_from_the_application_stops_cleanly() {
    let scripts = vec![vec![Step::Silence]];
    let policy = Policy::new(vendor("graphql-ws"));
    let (mut client, sender, h) = client(policy, scripts, vec![]);
    assert!(matches!(client.next().await, Some(Event::Connected { .. })));
    sender
        .send(Message::text("queued before the ack"))
        .await
        .unwrap();
    assert!(sender.close(CloseFrame::new(1000, "bye").unwrap()));
    let rest: Vec<Event> = client.collect().await;
    match rest.as_slice() {
        [
            Event::Stopped {
                decision: None,
                error: None,
                unsent,
            },
        ] => {
            assert_eq!(unsent.as_slice(), [Message::text("queued before the ack")])
        }
        other => panic!("{other:?}"),
    }
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert_eq!(h.seen.lock().unwrap().close_codes, [(0, 1000)]);
    assert!(matches!(
        sender.try_send(Message::text("late")),
        Err(SendError::Stopped(_))
    ));
}

/// The queue is bounded: a full queue hands the message back.
#[tokio::test(start_paused = true)]
async fn a_full_queue_hands_the_message_back() {
    let (client, sender) = Client::builder(Policy::new(vendor("graphql-ws")))
        .queue(2)
        .build(|_| async { "ws://127.0.0.1:9/".into_client_request() });
    sender.try_send(Message::text("1")).unwrap();
    sender.try_send(Message::text("2")).unwrap();
    assert_eq!(
        sender.try_send(Message::text("3")),
        Err(SendError::Full(Message::text("3")))
    );
    drop(client);
    assert!(matches!(
        sender.try_send(Message::text("4")),
        Err(SendError::Stopped(_))
    ));
}

/// Dropping the client ends its connection: nothing keeps running.
#[tokio::test(start_paused = true)]
async fn dropping_the_client_ends_the_connection() {
    let (mut client, _sender, h) = client(
        Policy::new(vendor("graphql-ws")),
        vec![vec![Step::Silence]],
        vec![],
    );
    assert!(matches!(client.next().await, Some(Event::Connected { .. })));
    drop(client);
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert_eq!(h.seen.lock().unwrap().ended, [0]);
}

/// Hocuspocus' provider is connected on the server's first message, which is binary
/// (HocuspocusProviderWebsocket.ts:392-397 at 3ec6084).
#[tokio::test(start_paused = true)]
async fn hocuspocus_is_ready_on_its_first_binary_message() {
    let scripts = vec![vec![Step::Binary, Step::Close(4401)]];
    let (mut client, _sender, _h) = client(Policy::new(vendor("hocuspocus")), scripts, vec![]);
    let events = events_until(&mut client, 1).await;
    assert!(matches!(events[1].1, Event::Ready), "{events:?}");
    assert!(
        matches!(events[2].1, Event::Message(Message::Binary(_))),
        "{events:?}"
    );
}

/// The delays `clients` clients choose after their servers close them all together the same
/// way, each client with its own policy seeded from the OS.
async fn herd(vendor_id: &str, script: Vec<Step>, clients: usize) -> Vec<Duration> {
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let script = script.clone();
        let vendor = vendor(vendor_id);
        tasks.push(tokio::spawn(async move {
            let (mut client, _sender, _h) = client(Policy::new(vendor), vec![script], vec![]);
            let events = events_until(&mut client, 1).await;
            decisions(&events)[0].1.expect("the herd reconnects")
        }));
    }
    let mut delays = Vec::new();
    for task in tasks {
        delays.push(task.await.unwrap());
    }
    delays
}

/// How many of `delays` fall in each `slice` of time.
fn per_slice(delays: &[Duration], slice: Duration) -> Vec<usize> {
    let mut counts = Vec::new();
    for delay in delays {
        let i = (delay.as_nanos() / slice.as_nanos()) as usize;
        if counts.len() <= i {
            counts.resize(i + 1, 0);
        }
        counts[i] += 1;
    }
    counts
}

/// A restart herd: 500 clients closed with 1012 Service Restart come back over the IANA
/// registry's 5–30 s (its reference for 1012: "a random delay of 5 to 30 seconds"), no second
/// holding more than 3 × 500 / 25 of them.
#[tokio::test(start_paused = true)]
async fn a_restart_herd_comes_back_over_five_to_thirty_seconds() {
    let welcome = Step::Text(r#"{"type":"welcome","peerId":"p"}"#);
    let delays = herd("metered", vec![welcome, Step::Close(1012)], 500).await;
    let seconds = per_slice(&delays, Duration::from_secs(1));
    assert!(seconds[..5].iter().all(|&n| n == 0), "{seconds:?}");
    assert!(seconds.len() <= 31, "{seconds:?}");
    assert!(seconds.iter().all(|&n| n <= 3 * 500 / 25), "{seconds:?}");
}

/// A herd the data calls "reconnect at once" (Discord's 4000 after READY) comes back spread
/// over a second: no 100 ms holds more than a quarter of the 500 clients.
#[tokio::test(start_paused = true)]
async fn an_at_once_herd_comes_back_spread_over_a_second() {
    let ready =
        Step::Text(r#"{"op":0,"s":1,"t":"READY","d":{"resume_gateway_url":"ws://r.test"}}"#);
    let delays = herd("discord-gateway", vec![ready, Step::Close(4000)], 500).await;
    let slices = per_slice(&delays, Duration::from_millis(100));
    assert!(slices.len() <= 11, "{slices:?}");
    assert!(slices.iter().all(|&n| n <= 500 / 4), "{slices:?}");
    assert!(
        slices.iter().filter(|&&n| n > 0).count() >= 10,
        "{slices:?}"
    );
}

/// A server that never stops talking does not keep the client from sending or closing: the
/// sender's requests are looked at between frames.
#[tokio::test(start_paused = true)]
async fn a_busy_server_does_not_starve_the_sender() {
    let ack = Step::Text(r#"{"type":"connection_ack"}"#);
    let scripts = vec![vec![ack, Step::Flood(50_000), Step::Silence]];
    let (mut client, sender, h) = client(Policy::new(vendor("graphql-ws")), scripts, vec![]);
    let mut messages = 0;
    while let Some(event) = client.next().await {
        match event {
            Event::Message(_) => {
                messages += 1;
                if messages == 10 {
                    sender
                        .send(Message::text("ping from the app"))
                        .await
                        .unwrap();
                    assert!(sender.close(CloseFrame::new(1000, "done").unwrap()));
                }
            }
            Event::Stopped { decision, .. } => {
                assert!(decision.is_none(), "the application closed it");
                break;
            }
            _ => {}
        }
    }
    assert!(
        messages < 50_000,
        "closed while the server still talked: {messages}"
    );
    tokio::time::sleep(Duration::from_millis(10)).await;
    let seen = h.seen.lock().unwrap();
    assert_eq!(seen.received, [(0, "ping from the app".to_owned())]);
    assert_eq!(seen.close_codes, [(0, 1000)]);
}

/// Waiting on the client can be given up at any point (a `select!` elsewhere, a timeout) without
/// losing or repeating an event: the work in flight stays with the client.
#[tokio::test(start_paused = true)]
async fn an_abandoned_wait_loses_no_event() {
    let welcome = Step::Text(r#"{"type":"welcome","peerId":"p1"}"#);
    let scripts = vec![
        vec![
            welcome.clone(),
            Step::Wait(Duration::from_secs(1)),
            Step::Close(4010),
        ],
        vec![welcome, Step::Close(4012)],
    ];
    let (mut client, _sender, h) = client(Policy::new(vendor("metered")), scripts, vec![]);
    let mut kinds = Vec::new();
    let mut abandoned = 0;
    loop {
        match tokio::time::timeout(Duration::from_millis(50), client.next()).await {
            Err(_) => abandoned += 1,
            Ok(None) => break,
            Ok(Some(event)) => kinds.push(match event {
                Event::Connected { .. } => "connected",
                Event::Ready => "ready",
                Event::Message(_) => "message",
                Event::Reconnecting { .. } => "reconnecting",
                Event::Stopped { .. } => "stopped",
                _ => "other",
            }),
        }
    }
    assert!(abandoned > 10, "the waits were cut short: {abandoned}");
    let once = ["connected", "ready", "message"];
    let expected: Vec<&str> = once
        .iter()
        .chain(&["reconnecting"])
        .chain(&once)
        .chain(&["stopped"])
        .copied()
        .collect();
    assert_eq!(kinds, expected);
    assert_eq!(h.seen.lock().unwrap().requests.len(), 2);
}

/// graphql-ws' data gives no keepalive, so the client pings a quiet server (after 20 s) and
/// gives up 10 s later without an answer (RFC 6455 §5.5.2: a pong answers a ping). A server that
/// answers pings is kept for as long as it stays up.
#[tokio::test(start_paused = true)]
async fn a_quiet_server_that_answers_pings_is_kept() {
    let ack = Step::Text(r#"{"type":"connection_ack"}"#);
    let scripts = vec![vec![
        ack,
        Step::Wait(Duration::from_secs(120)),
        Step::Close(4400),
    ]];
    let (mut client, _sender, _h) = client(Policy::new(vendor("graphql-ws")), scripts, vec![]);
    let events = events_until(&mut client, 1).await;
    let (opened, _) = events
        .iter()
        .find(|(_, e)| matches!(e, Event::Ready))
        .unwrap();
    let (ended, last) = events.last().unwrap();
    // The quiet server closed after its two minutes, answering pings all the while.
    assert!(
        *ended - *opened >= Duration::from_secs(120),
        "{:?}",
        *ended - *opened
    );
    assert!(
        matches!(last, Event::Stopped { error: None, .. }),
        "{last:?}"
    );
}

/// One that stopped reading answers no ping, and is dropped.
#[tokio::test(start_paused = true)]
async fn a_server_that_stopped_reading_is_dropped_after_ping_and_pong_timeout() {
    let ack = Step::Text(r#"{"type":"connection_ack"}"#);
    let scripts = vec![vec![ack, Step::Deaf]];
    let (mut client, _sender, _h) = client(Policy::new(vendor("graphql-ws")), scripts, vec![]);
    let events = events_until(&mut client, 1).await;
    let (opened, _) = events
        .iter()
        .find(|(_, e)| matches!(e, Event::Ready))
        .unwrap();
    let (ended, last) = events.last().unwrap();
    assert!(
        matches!(
            last,
            Event::Reconnecting {
                error: Some(Error::Stalled(_)),
                ..
            }
        ),
        "{last:?}"
    );
    // 20 s of silence, a ping, 10 s more; noticed within a quarter of the 30 s.
    let silence = *ended - *opened;
    assert!(silence >= Duration::from_secs(30), "{silence:?}");
    assert!(silence <= Duration::from_secs(38), "{silence:?}");
}

/// Discord's Reconnect (op 7, `{"op": 7, "d": null}`,
/// https://docs.discord.com/developers/events/gateway-events#reconnect): the client ends the
/// connection itself and resumes at READY's `resume_gateway_url`, as discord.js does
/// (WebSocketShard.ts:797-803 at 219ad7b).
#[tokio::test(start_paused = true)]
async fn discord_reconnect_signal_resumes_at_the_resume_address() {
    let ready = Step::Text(
        r#"{"op":0,"s":1,"t":"READY","d":{"session_id":"abc","resume_gateway_url":"ws://resume.test"}}"#,
    );
    let scripts = vec![
        vec![ready, Step::Text(r#"{"op":7,"d":null}"#), Step::Silence],
        vec![
            Step::Text(r#"{"op":0,"s":2,"t":"RESUMED","d":{}}"#),
            Step::Close(4004),
        ],
    ];
    let (mut client, _sender, h) = client(Policy::new(vendor("discord-gateway")), scripts, vec![]);
    let events = events_until(&mut client, 2).await;
    let (decision, url) = events
        .iter()
        .find_map(|(_, e)| match e {
            Event::Reconnecting { decision, url, .. } => Some((*decision, url.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(decision.event(), closecodes::Event::Signal("Reconnect"));
    assert_eq!(decision.action(), Action::Reconnect);
    assert_eq!(decision.session(), Some(Session::Resume));
    assert_eq!(url.as_deref(), Some("ws://resume.test"));
    assert_eq!(
        h.attempts.lock().unwrap()[1].url(),
        Some("ws://resume.test")
    );
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert!(
        h.seen.lock().unwrap().ended.contains(&0),
        "the client ended the first connection"
    );
}

/// Discord's Invalid Session with `d` false (`{"op": 9, "d": false}`,
/// https://docs.discord.com/developers/events/gateway-events#invalid-session): a new session, on
/// the default address.
#[tokio::test(start_paused = true)]
async fn discord_invalid_session_signal_starts_a_new_session() {
    let ready = Step::Text(
        r#"{"op":0,"s":1,"t":"READY","d":{"session_id":"abc","resume_gateway_url":"ws://resume.test"}}"#,
    );
    let scripts = vec![
        vec![ready, Step::Text(r#"{"op":9,"d":false}"#), Step::Silence],
        vec![Step::Close(4004)],
    ];
    let (mut client, _sender, h) = client(Policy::new(vendor("discord-gateway")), scripts, vec![]);
    let _ = events_until(&mut client, 2).await;
    let attempts = h.attempts.lock().unwrap();
    assert_eq!(attempts[1].session(), Some(Session::New));
    assert_eq!(attempts[1].url(), None, "the default address");
}

/// Metered's `going_away` announces the 1001 that follows: one decision for both, waiting the
/// `retryAfterMs` it carried (the close-codes page's 1001 row; metered-realtime 1.0.2,
/// protocol/_parser.py:149-153).
#[tokio::test(start_paused = true)]
async fn an_announcing_signal_and_its_close_are_one_decision() {
    let scripts = vec![
        vec![
            Step::Text(r#"{"type":"welcome","peerId":"p1"}"#),
            Step::Text(r#"{"type":"going_away","retryAfterMs":2500}"#),
            Step::Close(1001),
        ],
        vec![Step::Close(4012)],
    ];
    let (mut client, _sender, _h) = client(Policy::new(vendor("metered")), scripts, vec![]);
    let events = events_until(&mut client, 2).await;
    let decisions: Vec<closecodes::Decision> = events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Reconnecting { decision, .. } => Some(*decision),
            Event::Stopped { decision, .. } => *decision,
            _ => None,
        })
        .collect();
    assert_eq!(
        decisions.len(),
        2,
        "one for going_away and its close, one for 4012"
    );
    assert_eq!(
        decisions[0].event(),
        closecodes::Event::Signal("going_away")
    );
    assert_eq!(decisions[0].delay(), Some(Duration::from_millis(2500)));
    assert_eq!(decisions[1].action(), Action::Stop);
}

/// A signal as a vendor's docs or client tests show it, and what its client does after it.
struct Documented {
    vendor: &'static str,
    /// The message as the source shows it (compact where the wire is).
    text: &'static str,
    /// The `[[message]]` row it is.
    name: &'static str,
    /// What the client does, by the source.
    action: Action,
}

/// Every signal in the registry, fed as its source shows it. Sources, by row (codes/AUDIT.md has
/// the files and lines):
/// - Centrifugo: the unidirectional protocol's `{"disconnect":{"code":3001,"reason":"shutdown"}}`
///   in the bidirectional protocol's push envelope ("Asynchronous pushes"), with codes and
///   reasons from its codes page.
/// - Twitch EventSub: websocket-reference, "Reconnect message" example.
/// - Discord Gateway: gateway-events, "Reconnect" and "Invalid Session" examples (`d: true` built
///   from the same shape). Metered: the wire-format page's `going_away`.
/// - Pusher Channels: the protocol page's `pusher:error` shape ("System Events"), with a code
///   of each band of "Connection closure".
/// - Slack: "Using Socket Mode", the `disconnect` examples; python-slack-sdk's tests for
///   `too_many_websockets`.
/// - Socket.IO: the v5 protocol page (`41`, `44{"message":"Not authorized"}`), Engine.IO `1`.
/// - OKX: docs-v5 "Notification" (64008) and the login failure example (60009); 60005, 63999
///   and 64003 are built from the error table's texts, as marked in the audit.
/// - Gemini: js-genai `test/unit/live_test.ts:890`. OBS: protocol.md's event shape.
/// - QQ Bot: event-emit.md's opcode table (shapes built from its payload format).
/// - Azure Web PubSub: the reference page's "Disconnected". Binance: web-socket-streams.md:71-88,
///   web-socket-api.md:374-381 and 548-560. OpenAI: the reported `session_expired` error.
/// - Home Assistant: websocket.md:81-86. AppSync: Amplify's AWSAppSyncRealTimeProvider tests.
/// - SignalR: HubProtocol.md's Close and handshake messages, compact with U+001E.
const DOCUMENTED: &[Documented] = &[
    Documented {
        vendor: "centrifugo",
        text: r#"{"push":{"disconnect":{"code":3001,"reason":"shutdown"}}}"#,
        name: "disconnect push",
        action: Action::Backoff,
    },
    Documented {
        vendor: "centrifugo",
        text: r#"{"push":{"disconnect":{"code":3014,"reason":"state invalidated"}}}"#,
        name: "disconnect push (3014)",
        action: Action::Reauthenticate,
    },
    Documented {
        vendor: "centrifugo",
        text: r#"{"push":{"disconnect":{"code":3500,"reason":"invalid token"}}}"#,
        name: "disconnect push (3500–3999)",
        action: Action::Stop,
    },
    Documented {
        vendor: "centrifugo",
        text: r#"{"push":{"disconnect":{"code":4500,"reason":"force disconnect"}}}"#,
        name: "disconnect push (4500–4999)",
        action: Action::Stop,
    },
    Documented {
        vendor: "twitch-eventsub",
        text: r#"{"metadata":{"message_id":"84c1e79a-2a4b-4c13-ba0b-4312293e9308","message_type":"session_reconnect","message_timestamp":"2022-11-18T09:10:11.634234626Z"},"payload":{"session":{"id":"AQoQexAWVYKSTIu4ec_2VAxyuhAB","status":"reconnecting","keepalive_timeout_seconds":null,"reconnect_url":"wss://eventsub.wss.twitch.tv?...","connected_at":"2022-11-16T10:11:12.634234626Z"}}}"#,
        name: "session_reconnect",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "discord-gateway",
        text: r#"{"op": 7, "d": null}"#,
        name: "Reconnect",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "discord-gateway",
        text: r#"{"op": 9, "d": false}"#,
        name: "Invalid Session",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "discord-gateway",
        text: r#"{"op": 9, "d": true}"#,
        name: "Invalid Session (resumable)",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "metered",
        text: r#"{"type":"going_away","retryAfterMs":2500}"#,
        name: "going_away",
        action: Action::RetryAfter,
    },
    Documented {
        vendor: "pusher-channels",
        text: r#"{"event": "pusher:error", "data": {"message": "Must use TLS", "code": 4000}}"#,
        name: "pusher:error (4000)",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "pusher-channels",
        text: r#"{"event": "pusher:error", "data": {"message": "Application does not exist", "code": 4001}}"#,
        name: "pusher:error (4001–4099)",
        action: Action::Stop,
    },
    Documented {
        vendor: "pusher-channels",
        text: r#"{"event": "pusher:error", "data": {"message": "Over capacity", "code": 4100}}"#,
        name: "pusher:error (4100–4199)",
        action: Action::Backoff,
    },
    Documented {
        vendor: "pusher-channels",
        text: r#"{"event": "pusher:error", "data": {"message": "Generic reconnect immediately", "code": 4200}}"#,
        name: "pusher:error (4200–4299)",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "slack-socket-mode",
        text: r#"{"type": "disconnect", "reason": "warning", "debug_info": {"host": "wss-111.slack.com"}}"#,
        name: "disconnect (warning)",
        action: Action::Reauthenticate,
    },
    Documented {
        vendor: "slack-socket-mode",
        text: r#"{"type" : "disconnect", "reason": "refresh_requested", "debug_info": {"host": "wss-111.slack.com"}}"#,
        name: "disconnect (refresh_requested)",
        action: Action::Reauthenticate,
    },
    Documented {
        vendor: "slack-socket-mode",
        text: r#"{"type":"disconnect","reason":"too_many_websockets","num_connections":2,"debug_info":{"host":"applink-111-xxx"},"connection_info":{"app_id":"A111"}}"#,
        name: "disconnect (too_many_websockets)",
        action: Action::Backoff,
    },
    Documented {
        vendor: "slack-socket-mode",
        text: r#"{"type": "disconnect", "reason": "link_disabled", "debug_info": {"host": "wss-111.slack.com"}}"#,
        name: "disconnect (link_disabled)",
        action: Action::RetryLater,
    },
    Documented {
        vendor: "socket-io",
        text: "41",
        name: "DISCONNECT",
        action: Action::Stop,
    },
    Documented {
        vendor: "socket-io",
        text: r#"44{"message":"Not authorized"}"#,
        name: "CONNECT_ERROR",
        action: Action::Stop,
    },
    Documented {
        vendor: "socket-io",
        text: "1",
        name: "close",
        action: Action::Backoff,
    },
    Documented {
        vendor: "okx",
        text: r#"{"event": "notice", "code": "64008", "msg": "The connection will soon be closed for a service upgrade. Please reconnect.", "connId": "a4d3ae55"}"#,
        name: "notice",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "okx",
        text: r#"{"event": "error", "code": "60005", "msg": "Invalid apiKey", "connId": "a4d3ae55"}"#,
        name: "error (credentials rejected)",
        action: Action::Stop,
    },
    Documented {
        vendor: "okx",
        text: r#"{"event": "error", "code": "60009", "msg": "Login failed.", "connId": "a4d3ae55"}"#,
        name: "error (login expired or missing)",
        action: Action::Reauthenticate,
    },
    Documented {
        vendor: "okx",
        text: r#"{"event": "error", "code": "63999", "msg": "Login failed due to internal error. Please try again later.", "connId": "a4d3ae55"}"#,
        name: "error (login internal error)",
        action: Action::Backoff,
    },
    Documented {
        vendor: "okx",
        text: r#"{"event": "error", "code": "64003", "msg": "Your trading fee tier doesn't meet the requirement to access this channel", "connId": "a4d3ae55"}"#,
        name: "error (fee tier too low)",
        action: Action::Stop,
    },
    Documented {
        vendor: "okx",
        text: r#"{"event": "channel-conn-count-error", "channel": "orders", "connCount": "30", "connId":"a4d3ae55"}"#,
        name: "channel-conn-count-error",
        action: Action::RetryLater,
    },
    Documented {
        vendor: "gemini-live",
        text: r#"{"goAway":{"timeLeft":"10s"}}"#,
        name: "goAway",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "obs-websocket",
        text: r#"{"op": 5, "d": {"eventType": "ExitStarted", "eventIntent": 1}}"#,
        name: "ExitStarted",
        action: Action::RetryLater,
    },
    Documented {
        vendor: "qq-bot",
        text: r#"{"op": 7}"#,
        name: "Reconnect",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "qq-bot",
        text: r#"{"op": 9}"#,
        name: "Invalid Session",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "azure-web-pubsub",
        text: r#"{"type": "system", "event": "disconnected", "message": "reason"}"#,
        name: "disconnected",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "binance",
        text: r#"{"e": "serverShutdown", "E": 1770123456789}"#,
        name: "serverShutdown",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "binance",
        text: r#"{"stream": "!serverShutdown", "data": {"e": "serverShutdown", "E": 1770123456789}}"#,
        name: "serverShutdown (combined stream)",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "binance",
        text: r#"{"event": {"e": "serverShutdown", "E": 1770123456789}}"#,
        name: "serverShutdown (WebSocket API)",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "binance",
        text: r#"{"id": "fc93a61a-a192-4cf4-bb2a-a8f0f0c51e06", "status": 418, "error": {"code": -1003, "msg": "Way too much request weight used; IP banned until 1659146400000. Please use WebSocket Streams for live updates to avoid bans.", "data": {"serverTime": 1659142907531, "retryAfter": 1659146400000}}}"#,
        name: "status 418",
        action: Action::RetryLater,
    },
    Documented {
        vendor: "openai-realtime",
        text: r#"{"type": "error", "event_id": "event_AGvaHyTGxxeq2s6GtXhVY", "error": {"type": "invalid_request_error", "code": "session_expired", "message": "Your session hit the maximum duration of 15 minutes.", "param": null, "event_id": null}}"#,
        name: "error (session_expired)",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "home-assistant",
        text: r#"{"type": "auth_invalid", "message": "Invalid password"}"#,
        name: "auth_invalid",
        action: Action::Stop,
    },
    Documented {
        vendor: "aws-appsync",
        text: r#"{"type":"connection_error","payload":{"errors":[{"errorType":"Non-retriable Test","errorCode":400}]}}"#,
        name: "connection_error (400, 401, 403)",
        action: Action::Stop,
    },
    Documented {
        vendor: "aws-appsync",
        text: r#"{"type":"connection_error","payload":{"errors":[{"errorType":"Retriable Test","errorCode":408}]}}"#,
        name: "connection_error",
        action: Action::Backoff,
    },
    Documented {
        vendor: "aws-appsync",
        text: r#"{"type":"error","id":"sub-1","payload":{"errors":[{"errorType":"UnauthorizedException","message":"Unauthorized"}]}}"#,
        name: "error (auth)",
        action: Action::Reauthenticate,
    },
    Documented {
        vendor: "signalr",
        text: "{\"error\":\"Requested protocol 'messagepack' is not available.\"}\u{1e}",
        name: "HandshakeResponse (error)",
        action: Action::Stop,
    },
    Documented {
        vendor: "signalr",
        text: "{\"type\":7,\"allowReconnect\":true}\u{1e}",
        name: "Close (allowReconnect)",
        action: Action::Reconnect,
    },
    Documented {
        vendor: "signalr",
        text: "{\"type\":7,\"error\":\"Connection closed because of an error!\"}\u{1e}",
        name: "Close",
        action: Action::Stop,
    },
];

/// Each documented signal is read as its row, decided by the policy as its client acts, and
/// acted on by the client over loopback: an ending signal ends the connection at once; an
/// announcing one waits for the server's close and decides it once.
#[tokio::test(start_paused = true)]
async fn every_documented_signal_through_the_policy_and_the_client() {
    for doc in DOCUMENTED {
        let vendor = vendor(doc.vendor);
        let what = format!("{} {}", doc.vendor, doc.name);
        let reading = vendor.read_text(doc.text, false);
        let message = reading
            .signal
            .unwrap_or_else(|| panic!("{what}: no signal"));
        assert_eq!(message.name(), doc.name, "{what}");
        let mut policy = Policy::new(vendor);
        policy.on_open();
        policy.on_ready();
        assert_eq!(
            policy.on_signal(message, reading.retry_after).action(),
            doc.action,
            "{what}"
        );

        let ends = message.signal().unwrap().ends() == closecodes::Ending::Ends;
        let after = if ends {
            Step::Silence
        } else {
            Step::Close(1000)
        };
        let scripts = vec![vec![Step::Text(doc.text), after], vec![Step::Silence]];
        let (mut client, _sender, _h) = client(Policy::new(vendor), scripts, vec![]);
        let events = events_until(&mut client, 1).await;
        let decision = match &events.last().unwrap().1 {
            Event::Reconnecting { decision, .. } => *decision,
            Event::Stopped {
                decision: Some(decision),
                ..
            } => *decision,
            other => panic!("{what}: {other:?}"),
        };
        assert_eq!(
            decision.event(),
            closecodes::Event::Signal(doc.name),
            "{what}"
        );
        assert_eq!(decision.action(), doc.action, "{what}");
        drop(client);
    }
}

/// Every vendor's signals are in the table above, so none goes untested.
#[test]
fn every_signal_is_documented_above() {
    for &vendor in Vendor::ALL {
        let id = vendor.id();
        for message in vendor.messages().iter().filter(|m| m.signal().is_some()) {
            assert!(
                DOCUMENTED
                    .iter()
                    .any(|d| d.vendor == id && d.name == message.name()),
                "{id} {}",
                message.name()
            );
        }
    }
}
