//! The registry: the data of `codes/*.toml` as the compiler generated it, and the lookups over it.
//!
//! The modules form layers, each importing only those below it, as the data flows:
//!
//! 1. `vendor_enum`, `fold`, `action`, `range`: the `Vendor` enum (generated), the folding table
//!    (generated), and the protocol's plain vocabulary. They depend on nothing.
//! 2. `rows`, `message`: the types the generated tables are made of — [`Entry`], [`Advice`],
//!    [`HandshakeStatus`], [`Message`], the vendor-wide rules — the contract between
//!    `closecodes-build` and the library.
//! 3. `tables` (generated): every vendor's rows as constants, and lookups by code and by name.
//! 4. `vendor`, `lookup`, `answer`: the public API over the tables ([`Vendor`]'s methods,
//!    [`lookup`], [`explain`], the [`Answer`] they give). `echo` keeps a copy of a bad input
//!    for the errors.
//!
//! The typed `CloseCode` enums (`crate::codes`) sit on top of this module, and the reconnect
//! policy, frames and integrations above them.

mod action;
mod answer;
pub(crate) mod echo;
mod fold;
mod lookup;
mod message;
mod range;
mod rows;
pub(crate) mod tables;
mod vendor;
mod vendor_enum;

pub use action::{Action, UnknownAction};
pub use answer::{Answer, Origin};
pub(crate) use lookup::lookup_row;
pub use lookup::{explain, lookup};
pub use message::{Condition, Ending, Matcher, Message, Scalar, Signal};
pub use range::{CodeRange, is_sendable};
pub use rows::{
    Advice, DefaultRule, DelayWindow, DocumentedBackoff, Endpoint, Entry, Flag, FlagRule,
    HandshakeStatus, RowKind, Session, SessionRules,
};
pub use vendor::UnknownVendor;
pub use vendor_enum::Vendor;
