//! The reconnect loop of `examples/reconnect_loop.rs` against a real WebSocket server on
//! 127.0.0.1 that refuses, closes or drops each connection as scripted per vendor. Each test
//! starts and stops its own server, divides delays by 1000 and is bounded by a timeout.

mod support;

#[allow(dead_code)]
#[path = "../examples/reconnect_loop.rs"]
mod reconnect_loop;

use std::time::Duration;

use closecodes::{Action, Decision, Event, Policy, Rule, Vendor};
use reconnect_loop::{Step, demo_script, run_client, serve};
use tokio::net::TcpListener;

/// What one scripted session produced.
struct Session {
    decisions: Vec<Decision>,
    tokens: Vec<String>,
}

async fn session(mut policy: Policy, script: Vec<Step>) -> Session {
    let run = async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(serve(listener, script));
        let mut minted = 0;
        let fetch_token = || {
            minted += 1;
            format!("t{minted}")
        };
        let decisions = run_client(&url, &mut policy, fetch_token, 1000).await;
        let tokens = server.await.unwrap();
        Session { decisions, tokens }
    };
    tokio::time::timeout(Duration::from_secs(20), run)
        .await
        .expect("the session ended in time")
}

fn policy(vendor: &str) -> Policy {
    Policy::new(Vendor::from_id(vendor).unwrap()).with_seed(9)
}

fn actions(session: &Session) -> Vec<Action> {
    session.decisions.iter().map(Decision::action).collect()
}

#[tokio::test]
async fn metered_refreshes_tokens_waits_the_announced_delay_and_reconnects_once_after_a_kick() {
    let s = session(
        policy("metered"),
        vec![
            Step::Refuse(429),
            Step::Close(4002),
            Step::CloseAfterAnnouncing(1001, 2500),
            Step::Close(4010),
            Step::Close(4020),
            Step::Close(4020),
        ],
    )
    .await;
    use Action::*;
    assert_eq!(
        actions(&s),
        [
            Backoff,
            Reauthenticate,
            RetryAfter,
            Backoff,
            Reauthenticate,
            Stop
        ]
    );
    assert_eq!(s.decisions[0].event(), Event::HandshakeStatus(429));
    assert_eq!(s.decisions[2].delay(), Some(Duration::from_millis(2500)));
    assert!(
        matches!(s.decisions[5].rule(), Rule::RetryLimit(_)),
        "4020: reconnect once"
    );
    // A new token after each reauthentication, the same one otherwise.
    assert_eq!(s.tokens, ["t1", "t1", "t2", "t2", "t2", "t3"]);
}

#[tokio::test]
async fn metered_stops_for_good_on_a_suspended_account() {
    let s = session(
        policy("metered"),
        vec![Step::Close(4010), Step::Close(4012)],
    )
    .await;
    assert_eq!(actions(&s), [Action::Backoff, Action::Stop]);
    assert_eq!(s.tokens.len(), 2, "no connection after the stop");
}

#[tokio::test]
async fn sols_reconnects_after_a_duplicate_only_with_the_flag() {
    let s = session(policy("sols-stat-tracker"), vec![Step::Close(4003)]).await;
    assert_eq!(actions(&s), [Action::Stop]);

    let flagged = policy("sols-stat-tracker").with_flag("reconnect_on_duplicate_connection");
    let s = session(
        flagged,
        vec![Step::Close(4003), Step::Close(4003), Step::Close(4001)],
    )
    .await;
    assert_eq!(
        actions(&s),
        [Action::Backoff, Action::Backoff, Action::Stop]
    );
    let delays: Vec<_> = s.decisions.iter().map(Decision::delay).collect();
    // Each close came right after the connection opened, before it could count as established,
    // so the backoff grows: "starting at 31 seconds and doubling" (Sol's README).
    assert_eq!(
        delays,
        [
            Some(Duration::from_secs(31)),
            Some(Duration::from_secs(62)),
            None
        ]
    );
}

#[tokio::test]
async fn realtimeodds_reconnects_even_after_a_normal_close_and_stops_on_a_bad_key() {
    let s = session(
        policy("realtimeodds"),
        vec![Step::Close(1000), Step::Drop, Step::Close(4002)],
    )
    .await;
    assert_eq!(
        actions(&s),
        [Action::Backoff, Action::Backoff, Action::Stop]
    );
    assert_eq!(s.decisions[0].rule(), Rule::VendorDefault);
    assert_eq!(s.decisions[1].event(), Event::TransportError);
    let first = s.decisions[0].delay().unwrap().as_secs_f64();
    assert!((0.7..=1.3).contains(&first), "1 s ±30 %, got {first}");
}

#[tokio::test]
async fn euler_stream_reconnects_a_stale_connection_and_is_done_when_the_stream_ends() {
    let s = session(
        policy("euler-stream"),
        vec![Step::Ready(4006), Step::Refuse(503), Step::Close(4005)],
    )
    .await;
    assert_eq!(
        actions(&s),
        [Action::Reconnect, Action::Backoff, Action::Done]
    );
    assert!(support::is_at_once(&s.decisions[0]));
    assert_eq!(s.tokens.len(), 3);
}

/// The loop guard over the wire (issue: no reconnect storms). Metered's 4002 says to reconnect
/// with a fresh token ("Mint a fresh token; reconnect", the close-codes page's recovery table),
/// and its documented backoff is 1 s doubling to 30 s with ±20 % jitter. A server that accepts
/// and closes at once, 20 times, must meet that backoff growing to its cap — never an immediate
/// reconnect — and once a session is ready, the next reconnect is immediate again.
#[tokio::test]
async fn a_server_that_closes_at_once_meets_a_growing_backoff_not_a_storm() {
    let mut script = vec![Step::Close(4002); 20];
    script.push(Step::Ready(4002));
    script.push(Step::Close(4012));
    let s = session(policy("metered"), script).await;
    let delays: Vec<Duration> = s.decisions[..20]
        .iter()
        .map(|d| {
            assert_eq!(d.action(), Action::Reauthenticate);
            d.delay().unwrap()
        })
        .collect();
    assert!(delays.iter().all(|d| !d.is_zero()), "{delays:?}");
    let (cap, ceiling) = (Duration::from_secs(30), Duration::from_secs(36));
    for pair in delays.windows(2) {
        assert!(
            pair[1] >= pair[0].min(cap),
            "shrank before the cap: {delays:?}"
        );
    }
    let first = delays[0].as_secs_f64();
    assert!((0.8..=1.2).contains(&first), "1 s ±20 %, got {first}");
    assert!(delays[19] >= cap && delays[19] <= ceiling, "{delays:?}");
    assert!(support::is_at_once(&s.decisions[20]), "ready: at once");
    assert_eq!(s.decisions[21].action(), Action::Stop);
    // A fresh token for every reconnect: the first connection's and one per decision.
    assert_eq!(s.tokens.len(), 22);
    assert_eq!(
        s.tokens
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        22
    );
}

/// The README shows the demo's output; jitter changes the backoff delays from run to run, so
/// those are compared up to the number.
#[tokio::test]
async fn the_readme_shows_what_the_demo_prints() {
    let s = session(policy("metered"), demo_script()).await;
    let readme = std::fs::read_to_string("README.md").unwrap();
    let command = "cargo run --example reconnect_loop --features tungstenite";
    let after = &readme[readme.find(command).expect("the README's run command")..];
    let block = after
        .split("```text\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let mut shown: Vec<String> = block.lines().map(without_jitter).collect();
    let tokens = shown.pop().unwrap();
    let printed: Vec<String> = s
        .decisions
        .iter()
        .map(|d| without_jitter(&d.to_string()))
        .collect();
    assert_eq!(shown, printed, "update the README's output of `{command}`");
    assert_eq!(
        tokens,
        format!(
            "tokens presented: {}",
            s.tokens.join(", ").replace('t', "token-")
        )
    );
}

/// A decision's log line with a backoff delay's number taken out.
fn without_jitter(line: &str) -> String {
    let Some((head, tail)) = line.split_once("; reconnect in ") else {
        return line.to_owned();
    };
    if head.contains("retry_after") {
        return line.to_owned(); // an announced delay is exact
    }
    let rest = tail.split_once(' ').map_or("", |(_, rest)| rest);
    format!("{head}; reconnect in _ {rest}")
}
