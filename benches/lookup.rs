//! Lookups beside the two things a user would write by hand instead: a `match` and a `HashMap`
//! over the same keys, measured in one run so the ratios are comparable on a noisy machine.
//!
//! Run: `cargo bench --bench lookup`. Each iteration looks up every key of one vendor (codes:
//! plus misses), so branch prediction cannot favour one side.

use std::collections::HashMap;
use std::hint::black_box;

use closecodes::{Entry, Vendor};
use criterion::{Criterion, criterion_group, criterion_main};

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

/// Looks up every key and reads the name of what was found, so each side pays for using its result.
fn sum_name_lengths<K: Copy>(keys: &[K], find: impl Fn(K) -> Option<&'static str>) -> usize {
    keys.iter()
        .filter_map(|&k| find(black_box(k)))
        .map(str::len)
        .sum()
}

criterion_group!(benches, lookups);
criterion_main!(benches);
