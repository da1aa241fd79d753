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

// The modules in the order the data flows: the registry (generated tables and the lookups
// over them), the typed codes on top of it, then what is built from both.
mod registry;

mod close_code;
pub mod codes;

mod frame;
mod integrations;
mod reconnect;

pub use close_code::{IntoCloseCode, UnknownCode, UnknownName};
pub use frame::{CloseFrame, CloseFrameError, MAX_REASON_BYTES};
pub use reconnect::{Backoff, Decision, Delays, Event, Policy, Reason, UnknownFlag};
pub use registry::{
    Action, Advice, Answer, CodeRange, DefaultRule, DelayWindow, DocumentedBackoff, Endpoint,
    Entry, Flag, FlagRule, HandshakeStatus, Origin, RowKind, Session, SessionRules, UnknownAction,
    UnknownVendor, Vendor, explain, is_sendable, lookup,
};
/// The tungstenite this crate's `tungstenite` feature is built against (0.30): use it, or the
/// same version, so that the conversions apply to your types.
#[cfg(feature = "tungstenite")]
pub use tungstenite;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
