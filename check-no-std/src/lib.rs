//! Uses of closecodes that compile as `#![no_std]` with the crate's `std` feature off: the
//! lookups, typed codes, frames and a whole reconnect run. The tests in `tests/` run them.
#![no_std]

use core::time::Duration;

use closecodes::{Action, CloseFrame, Decision, Policy, Vendor};

/// The standard's action for `code`, looked up without `std`.
pub fn standard_action(code: u16) -> Option<Action> {
    closecodes::lookup(Vendor::standard(), code).map(|entry| entry.action())
}

/// The vendor with this id, found by the folding lookup (which works in a stack buffer).
pub fn vendor(id: &str) -> Option<Vendor> {
    Vendor::from_id(id)
}

/// A frame's code and reason length, or `None` if the code may not be sent.
pub fn frame(code: u16, reason: &str) -> Option<(u16, usize)> {
    CloseFrame::new(code, reason)
        .ok()
        .map(|frame| (frame.code(), frame.reason().len()))
}

/// Feeds `closes` to a fresh policy for `vendor`, with jitter seeded as the crate does without
/// `std` (no `with_seed`), and writes each decision into `out`; returns how many it wrote.
pub fn run(vendor: Vendor, closes: &[u16], out: &mut [Option<Decision>]) -> usize {
    let mut policy = Policy::new(vendor);
    let mut written = 0;
    for (slot, &code) in out.iter_mut().zip(closes) {
        *slot = Some(policy.on_close(code));
        written += 1;
    }
    written
}

/// The first delay of the default backoff, through its iterator.
pub fn first_delay(seed: u64) -> Option<Duration> {
    closecodes::Backoff::DEFAULT.delays(seed).next()
}
