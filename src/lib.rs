//! WebSocket close codes from vendor documentation, as typed, checked, fast Rust.
//!
//! Every WebSocket service invents its own close codes and documents in prose what a client
//! should do after each. `closecodes` keeps those tables as data (`codes/*.toml`, one file per
//! vendor or protocol), checks them at build time, and generates:
//!
//! - [`Vendor`], one variant per file, with lookups by code and by name;
//! - [`codes`], one module per vendor with a `#[repr(u16)]` `CloseCode` enum;
//! - [`lookup`] (a vendor's row, else the standard one) and [`explain`] (every row for a code).
//!
//! ```
//! use closecodes::{Action, Vendor, codes::metered::CloseCode};
//!
//! // A close code read off the wire:
//! let entry = closecodes::lookup(Vendor::Metered, 4010).unwrap();
//! assert_eq!(entry.name(), "Over Concurrent Limit");
//! assert_eq!(entry.action(), Action::Backoff);
//!
//! // The same code, typed:
//! assert_eq!(u16::from(CloseCode::OverConcurrentLimit), 4010);
//! assert_eq!(CloseCode::try_from(4010), Ok(CloseCode::OverConcurrentLimit));
//!
//! // What 4003 means to everyone who defines it:
//! for entry in closecodes::explain(4003) {
//!     println!("{}: {} ({})", entry.vendor(), entry.name(), entry.action());
//! }
//! ```
//!
//! # Features
//!
//! - `std` (default): links the standard library. Without it the crate is `#![no_std]` and
//!   needs no allocator; every lookup works the same.
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod action;
mod close_code;
mod entry;
mod error;
mod fold;
mod frame;
mod generated;
mod handshake;
mod integrations;
mod range;
mod reconnect;
mod vendor;

pub use action::Action;
pub use entry::{Entry, FlagRule};
pub use error::{UnknownAction, UnknownCode, UnknownName, UnknownVendor};
pub use frame::{CloseFrame, CloseFrameError, IntoCloseCode, MAX_REASON_BYTES};
pub use generated::{Vendor, codes};
pub use handshake::HandshakeStatus;
pub use range::{CodeRange, is_sendable};
pub use reconnect::{Backoff, Decision, Delays, Event, Policy, Reason, UnknownFlag};
pub use vendor::{DefaultRule, DocumentedBackoff, Flag};

/// The row that applies to `code` for `vendor`: the vendor's own, else the vendor's range rule
/// covering it, else the standard's row.
///
/// ```
/// use closecodes::Vendor;
///
/// // Metered restates 1001 with its own advice…
/// assert_eq!(closecodes::lookup(Vendor::Metered, 1001).unwrap().vendor(), Vendor::Metered);
/// // …and leaves 1006 to the standard.
/// assert_eq!(closecodes::lookup(Vendor::Metered, 1006).unwrap().vendor(), Vendor::standard());
/// assert!(closecodes::lookup(Vendor::Metered, 4999).is_none());
/// ```
#[inline]
pub fn lookup(vendor: Vendor, code: u16) -> Option<&'static Entry> {
    vendor.own(code).or_else(|| Vendor::standard().get(code))
}

/// Every vendor's row for `code` (its exact row, else its range rule covering the code), the
/// standard's first, then the vendors' by id.
///
/// ```
/// let vendors: Vec<String> = closecodes::explain(4003).map(|e| e.vendor().to_string()).collect();
/// assert!(vendors.contains(&"metered".to_string()));
/// assert_eq!(closecodes::explain(4999).count(), 0);
/// ```
pub fn explain(code: u16) -> impl Iterator<Item = &'static Entry> {
    generated::explain(code).iter().copied()
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
