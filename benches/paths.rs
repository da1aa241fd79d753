//! Vendor id → `Vendor`, `explain(code)` and `Policy::on_close`, each beside a hand-written
//! `match` and a `HashMap`, measured in one run. The hand-written sides encode the shipped data
//! (and check themselves against it), so this benchmark needs the shipped registry.
//!
//! Run: `cargo bench --bench paths`.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use closecodes::{Action, Policy, Vendor};
use criterion::{Criterion, criterion_group, criterion_main};

/// The vendor ids, by hand.
#[inline(never)]
fn match_vendor(id: &str) -> Option<u8> {
    match id {
        "rfc6455" => Some(0),
        "arcware" => Some(1),
        "assemblyai" => Some(2),
        "aws-appsync" => Some(3),
        "azure-web-pubsub" => Some(4),
        "binance" => Some(5),
        "centrifugo" => Some(6),
        "deepgram" => Some(7),
        "discord-gateway" => Some(8),
        "discord-voice" => Some(9),
        "euler-stream" => Some(10),
        "gemini-live" => Some(11),
        "graphql-ws" => Some(12),
        "hocuspocus" => Some(13),
        "home-assistant" => Some(14),
        "liveblocks" => Some(15),
        "metered" => Some(16),
        "obs-websocket" => Some(17),
        "okx" => Some(18),
        "openai-realtime" => Some(19),
        "pusher-channels" => Some(20),
        "qq-bot" => Some(21),
        "realtimeodds" => Some(22),
        "signalr" => Some(23),
        "slack-socket-mode" => Some(24),
        "socket-io" => Some(25),
        "sols-stat-tracker" => Some(26),
        "speechmatics" => Some(27),
        "subscriptions-transport-ws" => Some(28),
        "twitch-eventsub" => Some(29),
        _ => None,
    }
}

#[inline(never)]
fn closecodes_vendor(id: &str) -> Option<Vendor> {
    Vendor::from_id(id)
}

/// What each vendor calls a few codes, by hand: the work `explain` does for them.
#[inline(never)]
fn match_explain(code: u16) -> &'static [&'static str] {
    match code {
        1000 => &[
            "Normal Closure",
            "Normal Closure",
            "Normal Closure",
            "Normal Closure",
            "NORMAL",
            "Normal Closure",
            "CLOSE_NORMAL",
            "Normal closure",
        ],
        1001 => &["Going Away", "Going Away", "Going Away", "Going away"],
        1006 => &[
            "Abnormal Closure",
            "Abnormal Closure",
            "CLOSE_ABNORMAL",
            "Abnormal closure",
        ],
        4003 => &[
            "FreeTierUser",
            "Custom disconnect, reconnect",
            "NotAuthenticated",
            "Not authenticated",
            "MAX_NUMBER_OF_CONCURRENT_CONNECTIONS",
            "Channel Not Authorized",
            "MissingDataField",
            "APIKey subscription amount exceeds the limit 100",
            "Application disabled",
            "WSCodeBackendNotAuthenticate",
            "Quota / rate-limit exceeded",
            "Duplicate Connection",
            "not_allowed",
            "Connection unused",
        ],
        4010 => &[
            "ClosedSession",
            "Custom disconnect, reconnect",
            "InvalidShard",
            "Disconnect",
            "Over Concurrent Limit",
            "UnsupportedRpcVersion",
            "Do not reconnect unchanged",
            "WSCodeBackendInvalidShard",
        ],
        4429 => &[
            "Custom disconnect, reconnect",
            "TOO_MANY_CONNECTIONS",
            "TooManyInitialisationRequests",
            "Unassigned",
        ],
        4999 => &[
            "Custom disconnect, terminal",
            "CLOSE_WITHOUT_RETRY",
            "Unassigned",
        ],
        _ => &[],
    }
}

/// Metered's reconnect rules, by hand: stop, reauthenticate, or back off 1 s → 30 s ±20 %.
struct HandPolicy {
    attempt: u32,
    rng: fastrand::Rng,
}

impl HandPolicy {
    #[inline(never)]
    fn on_close(&mut self, code: u16) -> Option<Duration> {
        let action = match code {
            1001 => Action::RetryAfter,
            1008 | 1009 | 4003 | 4012 => Action::Stop,
            4001 | 4002 | 4020 => Action::Reauthenticate,
            1000 | 1005 => Action::Done,
            _ => Action::Backoff,
        };
        self.delay(action)
    }

    fn delay(&mut self, action: Action) -> Option<Duration> {
        match action {
            Action::Stop | Action::Done => None,
            Action::Reauthenticate | Action::Reconnect if self.attempt == 0 => Some(Duration::ZERO),
            _ => {
                let base = (1.0 * 2f64.powi(self.attempt.min(64) as i32)).min(30.0);
                self.attempt += 1;
                Some(Duration::from_secs_f64(
                    base * (1.0 + (self.rng.f64() * 2.0 - 1.0) * 0.2),
                ))
            }
        }
    }
}

#[inline(never)]
fn closecodes_on_close(policy: &mut Policy, code: u16) -> Option<Duration> {
    policy.on_close(code).delay()
}

fn paths(c: &mut Criterion) {
    let ids: Vec<&str> = Vendor::ALL
        .iter()
        .map(|v| v.id())
        .chain(["pusher", "Metered"])
        .collect();
    let by_id: HashMap<&str, Vendor> = Vendor::ALL.iter().map(|&v| (v.id(), v)).collect();
    assert!(
        ids.iter().all(|id| closecodes_vendor(id).is_some()
            == (match_vendor(id).is_some() || *id == "Metered"))
    );
    let mut group = c.benchmark_group("id_to_vendor");
    group.bench_function("closecodes", |b| {
        b.iter(|| {
            ids.iter()
                .filter_map(|&i| closecodes_vendor(black_box(i)))
                .count()
        })
    });
    group.bench_function("match", |b| {
        b.iter(|| {
            ids.iter()
                .filter_map(|&i| match_vendor(black_box(i)))
                .count()
        })
    });
    group.bench_function("hashmap", |b| {
        b.iter(|| ids.iter().filter_map(|&i| by_id.get(black_box(i))).count())
    });
    group.finish();

    let codes = [1000u16, 1001, 1006, 4003, 4010, 4429, 4999];
    let by_code: HashMap<u16, Vec<&str>> = codes
        .iter()
        .map(|&c| (c, closecodes::explain(c).map(|e| e.name()).collect()))
        .collect();
    for &code in &codes {
        assert_eq!(
            by_code[&code],
            match_explain(code),
            "the hand-written table matches the data for {code}"
        );
    }
    let mut group = c.benchmark_group("explain");
    group.bench_function("closecodes", |b| {
        b.iter(|| {
            codes
                .iter()
                .flat_map(|&c| closecodes::explain(black_box(c)))
                .map(|e| e.name().len())
                .sum::<usize>()
        })
    });
    group.bench_function("match", |b| {
        b.iter(|| {
            codes
                .iter()
                .flat_map(|&c| match_explain(black_box(c)))
                .map(|n| n.len())
                .sum::<usize>()
        })
    });
    group.bench_function("hashmap", |b| {
        b.iter(|| {
            codes
                .iter()
                .filter_map(|&c| by_code.get(&black_box(c)))
                .flatten()
                .map(|n| n.len())
                .sum::<usize>()
        })
    });
    group.finish();

    let closes = [4010u16, 4011, 1006, 4002, 4999, 1001, 4010, 4012];
    let actions: HashMap<u16, Action> = closes
        .iter()
        .map(|&c| {
            (
                c,
                closecodes::lookup(Vendor::Metered, c).map_or(Action::Backoff, |e| e.action()),
            )
        })
        .collect();
    let mut group = c.benchmark_group("policy_on_close");
    group.bench_function("closecodes", |b| {
        let template = Policy::new(Vendor::Metered).with_seed(1);
        let mut policy = template.clone();
        b.iter(|| {
            let total: Duration = closes
                .iter()
                .filter_map(|&c| closecodes_on_close(&mut policy, black_box(c)))
                .sum();
            // 4012 stops the policy; start each iteration from the same state.
            policy.clone_from(&template);
            total
        })
    });
    group.bench_function("match", |b| {
        let mut hand = HandPolicy {
            attempt: 0,
            rng: fastrand::Rng::with_seed(1),
        };
        b.iter(|| {
            let total: Duration = closes
                .iter()
                .filter_map(|&c| hand.on_close(black_box(c)))
                .sum();
            hand.attempt = 0;
            total
        })
    });
    group.bench_function("hashmap", |b| {
        let mut hand = HandPolicy {
            attempt: 0,
            rng: fastrand::Rng::with_seed(1),
        };
        b.iter(|| {
            let total: Duration = closes
                .iter()
                .filter_map(|&c| {
                    hand.delay(
                        actions
                            .get(&black_box(c))
                            .copied()
                            .unwrap_or(Action::Backoff),
                    )
                })
                .sum();
            hand.attempt = 0;
            total
        })
    });
    group.finish();
}

criterion_group!(benches, paths);
criterion_main!(benches);
