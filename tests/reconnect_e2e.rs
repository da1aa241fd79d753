//! The reconnect loop of `examples/reconnect_loop.rs` against a real WebSocket server on
//! 127.0.0.1 that refuses, closes or drops each connection as scripted per vendor. Each test
//! starts and stops its own server, divides delays by 1000 and is bounded by a timeout.

#[allow(dead_code)]
#[path = "../examples/reconnect_loop.rs"]
mod reconnect_loop;

use std::time::Duration;

use closecodes::{Action, Decision, Event, Policy, Reason, Vendor};
use reconnect_loop::{Step, run_client, serve};
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
        matches!(s.decisions[5].reason(), Reason::RetryLimit(_)),
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
    // Each close came on a connection that opened, so the backoff restarts at 31 s each time.
    assert_eq!(
        delays,
        [
            Some(Duration::from_secs(31)),
            Some(Duration::from_secs(31)),
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
    assert_eq!(s.decisions[0].reason(), Reason::VendorDefault);
    assert_eq!(s.decisions[1].event(), Event::TransportError);
    let first = s.decisions[0].delay().unwrap().as_secs_f64();
    assert!((0.7..=1.3).contains(&first), "1 s ±30 %, got {first}");
}

#[tokio::test]
async fn euler_stream_reconnects_a_stale_connection_and_is_done_when_the_stream_ends() {
    let s = session(
        policy("euler-stream"),
        vec![Step::Close(4006), Step::Refuse(503), Step::Close(4005)],
    )
    .await;
    assert_eq!(
        actions(&s),
        [Action::Reconnect, Action::Backoff, Action::Done]
    );
    assert_eq!(s.decisions[0].delay(), Some(Duration::ZERO));
    assert_eq!(s.tokens.len(), 3);
}
