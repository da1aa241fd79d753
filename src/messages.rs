//! `messages` feature: reading a server's message against the vendor's `[[message]]` rows,
//! with `serde_json`. Reading never decides anything: it says what the message carries, and the
//! application (or a client built on this crate) hands that to the [`Policy`](crate::Policy).

use core::time::Duration;

use crate::{Condition, Matcher, Message, Scalar, Vendor};

/// What one server message says, by the vendor's `[[message]]` rows ([`Vendor::read_text`],
/// [`Vendor::read_binary`]). Empty when no row matches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reading {
    /// The rows the message matched, in file order.
    pub matched: Vec<&'static Message>,
    /// The session is ready: call [`Policy::on_ready`](crate::Policy::on_ready).
    pub ready: bool,
    /// The delay the message asks for before reconnecting: the hint for the close that follows
    /// ([`Policy::on_close_with_retry_after`](crate::Policy::on_close_with_retry_after)).
    pub retry_after: Option<Duration>,
    /// The address to reconnect to.
    pub reconnect_url: Option<String>,
    /// The signal the message is, if it is one: the server saying goodbye inside a message
    /// ([`Message::signal`]); [`Policy::on_signal`](crate::Policy::on_signal) decides on it.
    pub signal: Option<&'static Message>,
    /// The longest silence before the server sends something again.
    pub keepalive: Option<Duration>,
}

impl Vendor {
    /// What a text message from the server says. `first` is whether it is the first message on
    /// its connection (for rows recognised as the first message). The text is parsed as JSON only
    /// when a row needs it; text that is not JSON matches no pointer.
    ///
    /// ```
    /// use std::time::Duration;
    /// use closecodes::Vendor;
    ///
    /// let going_away = r#"{"type":"going_away","retryAfterMs":2500}"#;
    /// let reading = Vendor::Metered.read_text(going_away, false);
    /// assert_eq!(reading.retry_after, Some(Duration::from_millis(2500)));
    /// assert!(!reading.ready);
    /// ```
    pub fn read_text(self, text: &str, first: bool) -> Reading {
        read_text(self, text, first, true)
    }

    /// What a binary message from the server says: only rows recognised as the first message
    /// can match one.
    pub fn read_binary(self, first: bool) -> Reading {
        read(self, None, None, first, true)
    }
}

/// The record separator, U+001E: framing around JSON texts, not part of them. RFC 7464's JSON
/// text sequences put one before each text, SignalR's JSON hub protocol one after each, and a
/// frame may hold several.
const RECORD_SEPARATOR: char = '\u{1e}';

/// [`Vendor::read_text`], leaving out the rows that only mark the ready event unless `ready_too`
/// (a client whose session is ready has no use for them). A frame of several JSON texts is read
/// whole (for rows that match its start) and text by text; the first of them to say a thing
/// says it. Texts are separated by U+001E, or one a line (Centrifugo batches its replies and
/// pushes so), which is tried only when the whole frame is not one JSON text.
pub(crate) fn read_text(vendor: Vendor, text: &str, first: bool, ready_too: bool) -> Reading {
    let (mut reading, unparsed) = read_record(vendor, text, first, ready_too);
    // A sequence of records starts or ends with a separator: no need to scan the text for one.
    let separator = if text.starts_with(RECORD_SEPARATOR) || text.ends_with(RECORD_SEPARATOR) {
        Some(RECORD_SEPARATOR)
    } else if unparsed && text.contains('\n') {
        Some('\n')
    } else {
        None
    };
    if let Some(separator) = separator {
        for record in text.split(separator).filter(|r| !r.trim().is_empty()) {
            reading.merge(read_record(vendor, record, first, ready_too).0);
        }
    }
    reading
}

impl Reading {
    /// Adds what a later record of the same frame says, where earlier ones said nothing.
    fn merge(&mut self, later: Reading) {
        for message in later.matched {
            if !self.matched.contains(&message) {
                self.matched.push(message);
            }
        }
        self.ready |= later.ready;
        self.retry_after = self.retry_after.or(later.retry_after);
        self.reconnect_url = self.reconnect_url.take().or(later.reconnect_url);
        self.signal = self.signal.or(later.signal);
        self.keepalive = self.keepalive.or(later.keepalive);
    }
}

/// One text (a whole frame, or one record of it) against the rows, and whether a row needed it
/// as JSON and it is not one JSON text.
fn read_record(vendor: Vendor, text: &str, first: bool, ready_too: bool) -> (Reading, bool) {
    // Most messages are none of the rows': parse only a text that may be one.
    let needs_json = vendor
        .messages()
        .iter()
        .any(|m| wanted(m, ready_too) && may_match(m, text));
    let json = needs_json
        .then(|| serde_json::from_str::<serde_json::Value>(text).ok())
        .flatten();
    let unparsed = needs_json && json.is_none();
    (
        read(vendor, Some(text), json.as_ref(), first, ready_too),
        unparsed,
    )
}

/// Whether a row is worth reading for: it carries something or is a signal, or it marks the
/// ready event and that is still wanted.
fn wanted(message: &Message, ready_too: bool) -> bool {
    ready_too
        || message.signal().is_some()
        || message.retry_after_ms().is_some()
        || message.retry_after_s().is_some()
        || message.reconnect_url().is_some()
        || message.keepalive_s().is_some()
}

/// What the rows `wanted` find in a message (`text`, and `json` if it is a text that may be
/// one).
pub(crate) fn read(
    vendor: Vendor,
    text: Option<&str>,
    json: Option<&serde_json::Value>,
    first: bool,
    ready_too: bool,
) -> Reading {
    let mut reading = Reading::default();
    for message in vendor.messages().iter().filter(|m| wanted(m, ready_too)) {
        let matched = match message.matcher() {
            Matcher::First => first,
            Matcher::Prefix(prefix) => text.is_some_and(|text| text.starts_with(prefix)),
            Matcher::Pointer { pointer, equals } => json
                .and_then(|json| json.pointer(pointer))
                .is_some_and(|value| is_one_of(value, equals)),
        } && message
            .also()
            .is_none_or(|condition| holds(condition, json));
        if !matched {
            continue;
        }
        reading.matched.push(message);
        reading.ready |= message.is_ready();
        let at = |pointer: Option<&str>| pointer.and_then(|p| json?.pointer(p));
        if message.signal().is_some() && reading.signal.is_none() {
            reading.signal = Some(message);
        }
        if let Some(ms) = at(message.retry_after_ms()).and_then(serde_json::Value::as_u64) {
            reading.retry_after = Some(Duration::from_millis(ms));
        }
        if let Some(s) = at(message.retry_after_s()).and_then(serde_json::Value::as_f64) {
            reading.retry_after = Duration::try_from_secs_f64(s).ok();
        }
        if let Some(url) = at(message.reconnect_url()).and_then(serde_json::Value::as_str) {
            reading.reconnect_url = Some(url.to_owned());
        }
        if let Some(s) = at(message.keepalive_s()).and_then(serde_json::Value::as_u64) {
            reading.keepalive = Some(Duration::from_secs(s));
        }
    }
    reading
}

/// Whether `text` may be `message`, without parsing it: it holds one of the words the build
/// found for the message's matcher, as written. A text with a `\u` escape, which could spell a
/// word otherwise, is always parsed.
fn may_match(message: &Message, text: &str) -> bool {
    match message.matcher() {
        Matcher::First | Matcher::Prefix(_) => false,
        _ if message.needles.is_empty() || text.contains("\\u") => true,
        _ => message.needles.iter().any(|needle| text.contains(needle)),
    }
}

/// Whether the message's JSON passes a row's second test.
fn holds(condition: Condition, json: Option<&serde_json::Value>) -> bool {
    let value = json.and_then(|json| json.pointer(condition.pointer()));
    match condition {
        Condition::Equals { equals, .. } => value.is_some_and(|value| is_one_of(value, equals)),
        Condition::Between { low, high, .. } => value
            .and_then(serde_json::Value::as_i64)
            .is_some_and(|n| (low..=high).contains(&n)),
    }
}

/// Whether `value` is one of `equals`, or anything but null when `equals` is empty.
fn is_one_of(value: &serde_json::Value, equals: &[Scalar]) -> bool {
    if equals.is_empty() {
        return !value.is_null();
    }
    equals.iter().any(|wanted| match *wanted {
        Scalar::Text(text) => value.as_str() == Some(text),
        Scalar::Integer(n) => value.as_i64() == Some(n),
        Scalar::Boolean(b) => value.as_bool() == Some(b),
    })
}
