//! What the commands find and both renderers show (`human.rs` for people, `export.rs` for
//! machines and documents): it sits below both, so that neither needs the other or a command.

use closecodes::{Action, Entry, HandshakeStatus, Policy, Rule, Vendor};

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
