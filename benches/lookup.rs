//! Lookups beside the two things a user would write by hand instead: a `match` and a `HashMap`
//! over the same keys, measured in one run so the ratios are comparable on a noisy machine.
//!
//! Run: `cargo bench --bench lookup`. Each iteration looks up every key of one vendor (codes:
//! plus misses), so branch prediction cannot favour one side.

use std::collections::HashMap;
use std::hint::black_box;

use closecodes::{Action, Entry, Policy, Vendor};
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

/// The hand-written side's row: what a user would keep per code.
struct Row {
    name: &'static str,
    meaning: &'static str,
}

macro_rules! rows {
    ($($code:literal $name:literal),* $(,)?) => {{
        static ROWS: &[(u16, Row)] = &[$(($code, Row { name: $name, meaning: "" })),*];
        ROWS
    }};
}

fn metered_rows() -> &'static [(u16, Row)] {
    rows![
        1001 "Going Away", 1008 "Policy Violation", 1009 "Message Too Big", 4001 "Invalid Token",
        4002 "Token Expired", 4003 "Channel Not Authorized", 4010 "Over Concurrent Limit",
        4011 "Over Message Rate", 4012 "Account Suspended", 4020 "Admin Disconnect",
    ]
}

#[inline(never)]
fn match_by_code(code: u16) -> Option<&'static Row> {
    let rows = metered_rows();
    match code {
        1001 => Some(&rows[0].1),
        1008 => Some(&rows[1].1),
        1009 => Some(&rows[2].1),
        4001 => Some(&rows[3].1),
        4002 => Some(&rows[4].1),
        4003 => Some(&rows[5].1),
        4010 => Some(&rows[6].1),
        4011 => Some(&rows[7].1),
        4012 => Some(&rows[8].1),
        4020 => Some(&rows[9].1),
        _ => None,
    }
}

#[inline(never)]
fn match_by_name(name: &str) -> Option<&'static Row> {
    let rows = metered_rows();
    match name {
        "Going Away" => Some(&rows[0].1),
        "Policy Violation" => Some(&rows[1].1),
        "Message Too Big" => Some(&rows[2].1),
        "Invalid Token" => Some(&rows[3].1),
        "Token Expired" => Some(&rows[4].1),
        "Channel Not Authorized" => Some(&rows[5].1),
        "Over Concurrent Limit" => Some(&rows[6].1),
        "Over Message Rate" => Some(&rows[7].1),
        "Account Suspended" => Some(&rows[8].1),
        "Admin Disconnect" => Some(&rows[9].1),
        _ => None,
    }
}

#[inline(never)]
fn closecodes_by_code(code: u16) -> Option<&'static Entry> {
    Vendor::Metered.get(code)
}

#[inline(never)]
fn closecodes_by_name(name: &str) -> Option<&'static Entry> {
    Vendor::Metered.get_by_name(name)
}

fn lookups(c: &mut Criterion) {
    let rows = metered_rows();
    let mut codes: Vec<u16> = rows.iter().map(|(code, _)| *code).collect();
    codes.extend([1000, 4004, 4999]);
    let names: Vec<&str> = rows.iter().map(|(_, row)| row.name).collect();
    let misses = ["Normal Closure", "Over Capacity", "Token Expire", "Account"];
    let by_code: HashMap<u16, &Row> = rows.iter().map(|(code, row)| (*code, row)).collect();
    let by_name: HashMap<&str, &Row> = rows.iter().map(|(_, row)| (row.name, row)).collect();
    assert_eq!(rows[6].1.meaning, "", "the hand-written rows are only keys");

    let mut group = c.benchmark_group("code_to_entry");
    group.bench_function("closecodes", |b| {
        b.iter(|| sum_name_lengths(&codes, |c| closecodes_by_code(c).map(|e| e.name())))
    });
    group.bench_function("match", |b| {
        b.iter(|| sum_name_lengths(&codes, |c| match_by_code(c).map(|r| r.name)))
    });
    group.bench_function("hashmap", |b| {
        b.iter(|| sum_name_lengths(&codes, |c| by_code.get(&c).map(|r| r.name)))
    });
    group.finish();

    let mut group = c.benchmark_group("name_to_entry");
    group.bench_function("closecodes", |b| {
        b.iter(|| sum_name_lengths(&names, |n| closecodes_by_name(n).map(|e| e.name())))
    });
    group.bench_function("match", |b| {
        b.iter(|| sum_name_lengths(&names, |n| match_by_name(n).map(|r| r.name)))
    });
    group.bench_function("hashmap", |b| {
        b.iter(|| sum_name_lengths(&names, |n| by_name.get(n).map(|r| r.name)))
    });
    group.finish();

    // Misses cost closecodes more than a `match`: before giving up it also tries the name with
    // case and punctuation folded away, which a hand-written `match` does not do.
    let mut group = c.benchmark_group("name_miss");
    group.bench_function("closecodes", |b| {
        b.iter(|| sum_name_lengths(&misses, |n| closecodes_by_name(n).map(|e| e.name())))
    });
    group.bench_function("match", |b| {
        b.iter(|| sum_name_lengths(&misses, |n| match_by_name(n).map(|r| r.name)))
    });
    group.bench_function("hashmap", |b| {
        b.iter(|| sum_name_lengths(&misses, |n| by_name.get(n).map(|r| r.name)))
    });
    group.finish();
}

/// The vendor ids, by hand.
#[inline(never)]
fn match_vendor(id: &str) -> Option<u8> {
    match id {
        "rfc6455" => Some(0),
        "arcware" => Some(1),
        "discord-gateway" => Some(2),
        "euler-stream" => Some(3),
        "graphql-ws" => Some(4),
        "metered" => Some(5),
        "realtimeodds" => Some(6),
        "sols-stat-tracker" => Some(7),
        "twitch-eventsub" => Some(8),
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
        1000 => &["Normal Closure", "NORMAL", "Normal Closure"],
        1001 => &["Going Away", "Going Away", "Going Away"],
        1006 => &["Abnormal Closure", "Abnormal Closure"],
        4003 => &[
            "NotAuthenticated",
            "Channel Not Authorized",
            "Quota / rate-limit exceeded",
            "Duplicate Connection",
            "Connection unused",
        ],
        4010 => &["InvalidShard", "Over Concurrent Limit"],
        4429 => &["TOO_MANY_CONNECTIONS", "TooManyInitialisationRequests"],
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
        let mut template = Policy::new(Vendor::Metered);
        template.with_seed(1);
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

/// Looks up every key and reads the name of what was found, so each side pays for using its result.
fn sum_name_lengths<K: Copy>(keys: &[K], find: impl Fn(K) -> Option<&'static str>) -> usize {
    keys.iter()
        .filter_map(|&k| find(black_box(k)))
        .map(str::len)
        .sum()
}

criterion_group!(benches, lookups, paths);
criterion_main!(benches);
