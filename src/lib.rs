//! WebSocket close codes from vendor documentation, as typed, checked, fast Rust.
//!
//! Every WebSocket service invents its own close codes and documents in prose what a client
//! should do after each. `closecodes` keeps those tables as data (`codes/*.toml`, one file per
//! vendor or protocol, each checked against the vendor's page and client code), checks them at
//! build time, and generates:
//!
//! - [`Vendor`], one variant per file, with lookups by code and by name;
//! - [`codes`], one module per vendor with a `#[repr(u16)]` `CloseCode` enum;
//! - [`lookup`] (the row that applies to a code for a vendor) and [`explain`] (every vendor's row
//!   for a code);
//! - [`Policy`], which turns how a connection ended into a [`Decision`]: reconnect or not, when,
//!   with fresh credentials or a new session, without ever hammering a server.
//!
//! # What to call when
//!
//! | you are… | call |
//! |---|---|
//! | reading "closed with 4429" in a log | [`lookup`]`(vendor, code)`, [`Vendor::answer`], [`explain`]`(code)` — or the `closecodes` command |
//! | a client deciding what to do after a close | one [`Policy`] per client, kept across reconnects: [`on_open`](Policy::on_open), [`on_ready`](Policy::on_ready), then [`on_close`](Policy::on_close) / [`on_handshake_status`](Policy::on_handshake_status) / [`on_transport_error`](Policy::on_transport_error); act on the [`Decision`] |
//! | a server closing a connection | a typed code (`codes::<vendor>::CloseCode`) and [`CloseFrame::new`] |
//! | matching codes in your own code | the typed `CloseCode` enums: `TryFrom<u16>`, `FromStr` by name, `Display` |
//!
//! ```
//! use closecodes::{Action, Vendor, codes::metered::CloseCode};
//!
//! // A close code read off the wire:
//! let answer = closecodes::lookup(Vendor::Metered, 4010).unwrap();
//! assert_eq!(answer.name(), "Over Concurrent Limit");
//! assert_eq!(answer.action(), Action::Backoff);
//! assert!(answer.is_sendable());
//!
//! // The same code, typed:
//! assert_eq!(u16::from(CloseCode::OverConcurrentLimit), 4010);
//! assert_eq!(CloseCode::try_from(4010), Ok(CloseCode::OverConcurrentLimit));
//!
//! // What 4003 means to everyone who defines it:
//! for answer in closecodes::explain(4003) {
//!     println!("{}: {} ({})", answer.vendor(), answer.name(), answer.action());
//! }
//! ```
//!
//! A reconnect loop, in outline (the [`Policy`] page maps every tokio-tungstenite outcome to a
//! method):
//!
//! ```
//! use closecodes::{Policy, Vendor};
//!
//! let mut policy = Policy::new(Vendor::Metered);
//! // Here the server closes every connection with 4012 (Account Suspended), so the loop ends.
//! let close_code = 4012;
//! loop {
//!     // connect …
//!     policy.on_open();
//!     // … on the vendor's ready event: policy.on_ready();
//!     // … read until the connection ends with a close frame:
//!     let decision = policy.on_close(close_code);
//!     println!("{decision}"); // one line for the log
//!     let Some(delay) = decision.delay() else { break };
//!     std::thread::sleep(delay); // or tokio::time::sleep(delay).await
//!     if decision.needs_new_credentials() { /* after the wait: refresh the token */ }
//! }
//! assert!(policy.is_stopped());
//! ```
//!
//! # Features
//!
//! Every integration is opt-in; the default is lean (`phf` and `fastrand`, both `no_std`).
//!
//! - `std` (default): links the standard library, seeds jitter from the OS and measures a
//!   connection's uptime itself. Without it the crate is `#![no_std]` and needs no allocator;
//!   every lookup works the same, and the policy takes the uptime from
//!   [`Policy::on_uptime`].
//! - `tungstenite`: conversions to and from tungstenite 0.30's close types (re-exported as
//!   `closecodes::tungstenite`), and [`Policy`] decisions from what tungstenite or
//!   tokio-tungstenite hands a client.
//! - `axum`: axum's `CloseFrame` and `Message::Close` from a [`CloseFrame`].
//! - `serde`: `Serialize` for the registry's types and for [`Decision`], with documented field
//!   names.
//! - `messages`: `Vendor::read_text` and `Vendor::read_binary` read a server's message against
//!   the vendor's [`Message`] rows (with `serde_json`), into a `Reading`.
//! - `client`: [`client`], a reconnecting WebSocket client on tokio and tokio-tungstenite that
//!   acts on the vendor's data and the [`Policy`]'s decisions.
//! - `cli`: the `closecodes` command (explain, list, search, export, check, new).
//!
#![doc = include_str!("integrations/serde_fields.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The modules in the order the data flows: the registry (generated tables and the lookups
// over them), the typed codes on top of it, then what is built from both.
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod client;
#[cfg(feature = "messages")]
mod messages;
mod registry;

mod close_code;
pub mod codes;

mod frame;
mod reconnect;
// Last, so that the integrations' methods follow the core ones on the types' pages.
mod integrations;

pub use close_code::{IntoCloseCode, SendableCode, UnknownCode, UnknownName};
pub use frame::{CloseFrame, CloseFrameError, MAX_REASON_BYTES};
#[cfg(feature = "messages")]
pub use messages::Reading;
#[allow(deprecated)]
#[doc(hidden)]
pub use reconnect::Reason;
pub use reconnect::{Backoff, Decision, Delays, Event, Policy, Rule, UnknownFlag};
pub use registry::{
    Action, Advice, Answer, CodeRange, Condition, DefaultRule, DelayWindow, DocumentedBackoff,
    Ending, Endpoint, Entry, Flag, FlagRule, HandshakeStatus, Matcher, Message, Origin, RowKind,
    Scalar, Session, SessionRules, Signal, UnknownAction, UnknownVendor, Vendor, explain,
    is_sendable, lookup,
};
/// The tungstenite this crate's `tungstenite` feature is built against (0.30): use it, or the
/// same version, so that the conversions apply to your types.
#[cfg(feature = "tungstenite")]
#[cfg_attr(docsrs, doc(cfg(feature = "tungstenite")))]
pub use tungstenite;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
