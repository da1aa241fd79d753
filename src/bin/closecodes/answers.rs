//! What the commands find and both renderers show (`human.rs` for people, `export.rs` for
//! machines and documents): it sits below both, so that neither needs the other or a command.

use closecodes::{Action, Entry, HandshakeStatus, Message, Policy, Rule, Vendor};

/// What a client following the policy does when `vendor`'s server refuses the upgrade with a
/// status: the policy's own decision, so the command and the library always agree.
pub(crate) struct StatusAnswer {
    pub(crate) vendor: Vendor,
    pub(crate) action: Action,
    /// The row that decided: the vendor's, or the standard's in its stead; `None` when the
    /// policy's rule for unlisted statuses did.
    pub(crate) row: Option<&'static HandshakeStatus>,
}

impl StatusAnswer {
    pub(crate) fn of(vendor: Vendor, status: u16) -> StatusAnswer {
        let decision = Policy::new(vendor).on_handshake_status(status);
        let row = match decision.rule() {
            Rule::Status(row) => Some(row),
            _ => None,
        };
        StatusAnswer {
            vendor,
            action: decision.action(),
            row,
        }
    }
}

/// `4010`, or `1000–1015` for a range rule.
pub(crate) fn row_codes(entry: &Entry) -> String {
    if entry.is_range() {
        format!("{}–{}", entry.code(), entry.last_code())
    } else {
        entry.code().to_string()
    }
}

/// One row of the registry as `list`, `search` and `export` show it: a close code's (or range's)
/// row, or a signal — a goodbye inside a message, which has no code.
#[derive(Clone, Copy)]
pub(crate) enum Row {
    Code(&'static Entry),
    Signal(Vendor, &'static Message),
}

impl Row {
    /// A vendor's rows: its codes, its ranges, then its signals.
    pub(crate) fn of(vendor: Vendor) -> impl Iterator<Item = Row> {
        let signals = vendor
            .messages()
            .iter()
            .filter(|m| m.signal().is_some())
            .map(move |m| Row::Signal(vendor, m));
        vendor.rows().map(Row::Code).chain(signals)
    }

    pub(crate) fn vendor(self) -> Vendor {
        match self {
            Row::Code(entry) => entry.vendor(),
            Row::Signal(vendor, _) => vendor,
        }
    }

    /// The CODE column: `4010`, `1000–1015`, or `signal`.
    pub(crate) fn codes(self) -> String {
        match self {
            Row::Code(entry) => row_codes(entry),
            Row::Signal(..) => "signal".to_owned(),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Row::Code(entry) => entry.name(),
            Row::Signal(_, message) => message.name(),
        }
    }

    pub(crate) fn action(self) -> Action {
        match self {
            Row::Code(entry) => entry.action(),
            Row::Signal(_, message) => message.signal().map_or(Action::Backoff, |s| s.action()),
        }
    }

    pub(crate) fn meaning(self) -> &'static str {
        match self {
            Row::Code(entry) => entry.meaning(),
            Row::Signal(_, message) => message.meaning().unwrap_or_default(),
        }
    }

    pub(crate) fn note(self) -> Option<&'static str> {
        match self {
            Row::Code(entry) => entry.note(),
            Row::Signal(_, message) => message.note(),
        }
    }

    pub(crate) fn is_inferred(self) -> bool {
        match self {
            Row::Code(entry) => entry.is_inferred(),
            Row::Signal(_, message) => message.is_inferred(),
        }
    }

    /// The row as the JSON export writes it: a code's row is the crate's serialized `Entry`; a
    /// signal has the same keys in the same order, `kind` `"signal"`, its own wait as
    /// `delay_ms`, and null for what only a code has.
    pub(crate) fn json(self) -> serde_json::Value {
        match self {
            Row::Code(entry) => serde_json::to_value(entry).unwrap_or_default(),
            Row::Signal(vendor, message) => {
                let signal = message.signal();
                serde_json::json!({
                    "vendor": vendor,
                    "code": null,
                    "last_code": null,
                    "kind": "signal",
                    "name": message.name(),
                    "meaning": message.meaning(),
                    "action": signal.map(|s| s.action()),
                    "source": message.source(),
                    "inferred": message.is_inferred(),
                    "note": message.note(),
                    "session": signal.and_then(|s| s.session()),
                    "reconnect_to": signal.and_then(|s| s.reconnect_to()),
                    "delay_ms": signal.and_then(|s| s.delay()),
                    "first_delay_ms": null,
                    "uncounted": false,
                    "retry_limit": null,
                    "flag_rule": null,
                    "sendable": null,
                    "range": null,
                })
            }
        }
    }
}
