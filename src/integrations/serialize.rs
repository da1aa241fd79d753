//! `serde` feature: `Serialize` for the registry and the policy's decisions.
//!
//! The field names and their order are documented in `serde_fields.md`, shown on the crate's
//! front page; `tests/serialized_form.rs` checks every serialized object against that list.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::{
    Action, Advice, Answer, CodeRange, Condition, Decision, DelayWindow, Endpoint, Entry, Event,
    FlagRule, HandshakeStatus, Matcher, Message, Rule, Scalar, Session, SessionRules, Signal,
    Vendor,
};

impl Serialize for Vendor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for CodeRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            CodeRange::Unused => "unused",
            CodeRange::Protocol => "protocol",
            CodeRange::Registered => "registered",
            CodeRange::Private => "private",
            CodeRange::Invalid => "invalid",
        })
    }
}

impl Serialize for Session {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for Endpoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// `[low, high]` in milliseconds.
impl Serialize for DelayWindow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.low_ms, self.high_ms].serialize(serializer)
    }
}

impl Serialize for SessionRules {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("SessionRules", 5)?;
        s.serialize_field("ready", &self.ready())?;
        s.serialize_field("min_uptime_ms", &self.min_uptime_ms)?;
        s.serialize_field("resubscribe", &self.resubscribe())?;
        s.serialize_field("idle_timeout_ms", &self.idle_timeout_ms)?;
        s.serialize_field("source", &self.source())?;
        s.end()
    }
}

/// A string, a number or a boolean, as JSON has them.
impl Serialize for Scalar {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Scalar::Text(text) => serializer.serialize_str(text),
            Scalar::Integer(n) => serializer.serialize_i64(n),
            Scalar::Boolean(b) => serializer.serialize_bool(b),
        }
    }
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (first, pointer, equals, prefix) = match self.matcher() {
            Matcher::First => (true, None, &[][..], None),
            Matcher::Prefix(prefix) => (false, None, &[][..], Some(prefix)),
            Matcher::Pointer { pointer, equals } => (false, Some(pointer), equals, None),
        };
        let mut s = serializer.serialize_struct("Message", 16)?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("first", &first)?;
        s.serialize_field("pointer", &pointer)?;
        s.serialize_field("equals", equals)?;
        s.serialize_field("and", &self.also())?;
        s.serialize_field("text_prefix", &prefix)?;
        s.serialize_field("ready", &self.is_ready())?;
        s.serialize_field("meaning", &self.meaning())?;
        s.serialize_field("inferred", &self.is_inferred())?;
        s.serialize_field("signal", &self.signal())?;
        s.serialize_field("retry_after_ms", &self.retry_after_ms())?;
        s.serialize_field("retry_after_s", &self.retry_after_s())?;
        s.serialize_field("reconnect_url", &self.reconnect_url())?;
        s.serialize_field("keepalive_s", &self.keepalive_s())?;
        s.serialize_field("source", self.source())?;
        s.serialize_field("note", &self.note())?;
        s.end()
    }
}

/// As written in the file: `{"pointer": …, "equals": […]}` or `{"pointer": …, "between": [low,
/// high]}`.
impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Condition", 2)?;
        s.serialize_field("pointer", self.pointer())?;
        match *self {
            Condition::Equals { equals, .. } => s.serialize_field("equals", equals)?,
            Condition::Between { low, high, .. } => s.serialize_field("between", &[low, high])?,
        }
        s.end()
    }
}

impl Serialize for Signal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Signal", 5)?;
        s.serialize_field("action", &self.action())?;
        s.serialize_field("ends", self.ends().as_str())?;
        s.serialize_field("session", &self.session())?;
        s.serialize_field("reconnect_to", &self.reconnect_to())?;
        s.serialize_field("delay_ms", &self.delay())?;
        s.end()
    }
}

impl Serialize for FlagRule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("FlagRule", 3)?;
        s.serialize_field("flag", self.flag())?;
        s.serialize_field("action", &self.action())?;
        s.serialize_field("uncounted", &self.is_uncounted())?;
        s.end()
    }
}

/// How many fields [`advice_fields`] writes.
const ADVICE_FIELDS: usize = 10;

/// How many fields a list row has: [`row_fields`], then `sendable` and `range`.
const ENTRY_FIELDS: usize = 9 + ADVICE_FIELDS;

/// The fields every row has, in their documented order.
fn advice_fields<S: SerializeStruct>(s: &mut S, advice: &Advice) -> Result<(), S::Error> {
    s.serialize_field("meaning", advice.meaning())?;
    s.serialize_field("action", &advice.action())?;
    s.serialize_field("source", advice.source())?;
    s.serialize_field("inferred", &advice.is_inferred())?;
    s.serialize_field("note", &advice.note())?;
    s.serialize_field("session", &advice.session())?;
    s.serialize_field("reconnect_to", &advice.reconnect_to())?;
    s.serialize_field("delay_ms", &advice.delay())?;
    s.serialize_field("first_delay_ms", &advice.first_delay())?;
    s.serialize_field("uncounted", &advice.is_uncounted())
}

/// The row's fields, which a list row and an answer share, up to `flag_rule`.
fn row_fields<S: SerializeStruct>(
    s: &mut S,
    vendor: Vendor,
    code: u16,
    entry: &Entry,
) -> Result<(), S::Error> {
    s.serialize_field("vendor", &vendor)?;
    s.serialize_field("code", &code)?;
    s.serialize_field("last_code", &entry.last_code())?;
    s.serialize_field("kind", entry.kind().as_str())?;
    s.serialize_field("name", entry.name())?;
    advice_fields(s, entry.advice())?;
    s.serialize_field("retry_limit", &entry.retry_limit())?;
    s.serialize_field("flag_rule", &entry.flag_rule())
}

/// Row fields; `sendable` and `range` are about every code the row covers (null where they
/// differ).
impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Entry", ENTRY_FIELDS)?;
        row_fields(&mut s, self.vendor(), self.code(), self)?;
        s.serialize_field("sendable", &self.sendable())?;
        s.serialize_field("range", &self.code_range())?;
        s.end()
    }
}

/// A list row's fields in its order, `vendor`, `code`, `sendable` and `range` being about what
/// was asked; then `origin` and the row's `first_code`.
impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Answer", ENTRY_FIELDS + 2)?;
        row_fields(&mut s, self.vendor(), self.code(), self.entry())?;
        s.serialize_field("sendable", &self.is_sendable())?;
        s.serialize_field("range", &self.range())?;
        s.serialize_field("origin", self.origin().as_str())?;
        s.serialize_field("first_code", &self.first_code())?;
        s.end()
    }
}

impl Serialize for HandshakeStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("HandshakeStatus", 2 + ADVICE_FIELDS)?;
        s.serialize_field("vendor", &self.vendor())?;
        s.serialize_field("status", &self.status())?;
        advice_fields(&mut s, self.advice())?;
        s.end()
    }
}

impl Serialize for Decision {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (event, code) = match self.event() {
            Event::Close(code) => ("close", Some(code)),
            Event::HandshakeStatus(status) => ("handshake_status", Some(status)),
            Event::TransportError => ("transport_error", Some(1006)),
            Event::LocalError(code) => ("local_error", Some(code)),
            Event::InvalidRequest => ("invalid_request", None),
            Event::Moved => ("moved", None),
            Event::Signal(_) => ("signal", None),
        };
        let rule = match self.rule() {
            Rule::Row(_) => "row",
            Rule::Flag(_) => "flag",
            Rule::VendorDefault => "vendor_default",
            Rule::UnknownCode => "unknown_code",
            Rule::Status(_) => "status",
            Rule::UnknownStatus => "unknown_status",
            Rule::RetryLimit(_) => "retry_limit",
            Rule::AttemptsExhausted => "attempts_exhausted",
            Rule::Stopped => "stopped",
            Rule::InvalidRequest => "invalid_request",
            Rule::Moved => "moved",
            Rule::Signal(_) => "signal",
        };
        // Saturates only for delays over 584 million years.
        let delay_ms = self
            .delay()
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let mut s = serializer.serialize_struct("Decision", 15)?;
        s.serialize_field("vendor", &self.vendor())?;
        s.serialize_field("event", event)?;
        s.serialize_field("code", &code)?;
        s.serialize_field("action", &self.action())?;
        s.serialize_field("reconnect", &self.should_reconnect())?;
        s.serialize_field("delay_ms", &delay_ms)?;
        s.serialize_field("needs_new_credentials", &self.needs_new_credentials())?;
        s.serialize_field("rule", rule)?;
        s.serialize_field("attempt", &self.attempt())?;
        s.serialize_field("counted", &self.is_counted())?;
        s.serialize_field("overridden", &self.is_overridden())?;
        s.serialize_field("session", &self.session())?;
        s.serialize_field("reconnect_to", &self.reconnect_to())?;
        s.serialize_field("resubscribe", &self.resubscribe())?;
        s.serialize_field("was_open", &self.was_open())?;
        s.end()
    }
}
