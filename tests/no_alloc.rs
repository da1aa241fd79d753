//! Lookups, `explain`, frame building and policy decisions allocate nothing: a counting global
//! allocator counts this thread's allocations while they run.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Duration;

use closecodes::{CloseFrame, Policy, Vendor};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // `try_with`: the thread-locals may already be gone while a thread shuts down.
        let _ = COUNTING.try_with(|on| {
            if on.get() {
                let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
            }
        });
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How many allocations `work` made on this thread.
fn allocations(work: impl FnOnce()) -> usize {
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|on| on.set(true));
    work();
    COUNTING.with(|on| on.set(false));
    ALLOCATIONS.with(Cell::get)
}

#[test]
fn the_counter_sees_an_allocation() {
    assert_eq!(allocations(|| drop(std::hint::black_box(vec![1u8; 16]))), 1);
}

#[test]
fn lookups_and_explain_allocate_nothing() {
    let vendors = Vendor::ALL;
    let names: Vec<String> = vendors
        .iter()
        .flat_map(|v| v.codes().iter().map(|e| e.name().to_uppercase()))
        .collect();
    let count = allocations(|| {
        for &vendor in vendors {
            for code in [0, 1000, 1006, 3000, 4003, 4010, 4429, 4999, u16::MAX] {
                std::hint::black_box(vendor.get(code));
                std::hint::black_box(vendor.get_range(code));
                std::hint::black_box(closecodes::lookup(vendor, code));
            }
            for entry in vendor.codes() {
                std::hint::black_box(vendor.get_by_name(entry.name()));
            }
            for name in &names {
                std::hint::black_box(vendor.get_by_name(name));
            }
            std::hint::black_box(Vendor::from_id(vendor.id()));
            std::hint::black_box(Vendor::from_id("Some-Unknown_Vendor"));
        }
        for code in 0..=u16::MAX {
            for entry in closecodes::explain(code) {
                std::hint::black_box(entry);
            }
        }
    });
    assert_eq!(count, 0);
}

#[test]
fn frames_and_policy_decisions_allocate_nothing() {
    let long = "é".repeat(200);
    let mut policies: Vec<Policy> = Vendor::ALL.iter().map(|&v| Policy::new(v)).collect();
    let count = allocations(|| {
        for code in [1000, 1006, 4000, 4010, 5000] {
            std::hint::black_box(CloseFrame::new(code, &long).ok());
            std::hint::black_box(CloseFrame::try_new(code, "bye").ok());
        }
        for policy in &mut policies {
            for code in [1000, 1001, 1006, 4002, 4003, 4010, 4020, 4999] {
                let _ = std::hint::black_box(policy.on_close(code));
                let _ = std::hint::black_box(
                    policy.on_close_with_retry_after(code, Duration::from_secs(2)),
                );
                policy.on_open();
            }
            policy.on_open();
            policy.on_uptime(Duration::from_secs(6));
            policy.on_ready();
            let _ = std::hint::black_box(policy.on_handshake_status(429));
            let _ = std::hint::black_box(
                policy.on_handshake_status_with_retry_after(503, Duration::from_secs(3)),
            );
            let _ = std::hint::black_box(policy.on_transport_error());
            let _ = std::hint::black_box(policy.on_local_error(1009));
        }
    });
    assert_eq!(count, 0);
}
