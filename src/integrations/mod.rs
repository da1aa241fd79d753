//! Optional integrations with the Rust WebSocket ecosystem, one feature each.

#[cfg(feature = "axum")]
mod axum;
#[cfg(feature = "serde")]
mod serialize;
#[cfg(feature = "tungstenite")]
mod tungstenite;
