//! Typed close codes: one module per vendor, each with a `CloseCode` enum generated from its
//! file in `codes/` (a vendor with only a default rule has a module without an enum).

include!(concat!(env!("OUT_DIR"), "/codes.rs"));
