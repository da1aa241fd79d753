//! Expectations shared by several test files, written from the RFC rather than from the crate.
// Each test binary that includes this file uses only some of it.
#![allow(dead_code)]

use std::time::Duration;

/// RFC 6455 §7.4: which numbers a close frame may carry. The RFC defines 1000–1003 and
/// 1007–1011 as sendable and 1004 (reserved), 1005 and 1006 (reported locally, "MUST NOT be
/// set as a status code in a Close control frame") and 1015 (TLS) as not; the IANA registry
/// added 1012–1014 as sendable; 3000–4999 are for libraries and applications; the rest is
/// unassigned or out of range.
pub fn sendable_per_rfc(code: u16) -> bool {
    let defined_and_sendable = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011];
    let registered_later = [1012, 1013, 1014];
    defined_and_sendable.contains(&code)
        || registered_later.contains(&code)
        || (3000..=4999).contains(&code)
}

/// RFC 6455 §7.4.2: 0–999 are not used, 1000–2999 belong to the protocol and its extensions,
/// 3000–3999 to registered libraries, frameworks and applications, 4000–4999 to private use;
/// anything above is outside every range.
pub fn range_per_rfc(code: u16) -> closecodes::CodeRange {
    use closecodes::CodeRange;
    if code < 1000 {
        CodeRange::Unused
    } else if code < 3000 {
        CodeRange::Protocol
    } else if code < 4000 {
        CodeRange::Registered
    } else if code < 5000 {
        CodeRange::Private
    } else {
        CodeRange::Invalid
    }
}

/// "At once" as a good client does it: a reconnect after a random delay of at most one second,
/// not in the same instant as every other client closed with it (RFC 6455 §7.2.3 asks for a
/// random first delay; reconnecting-websocket and partysocket randomise theirs; the project's
/// rule is a spread at least one second wide).
pub fn is_at_once(decision: &closecodes::Decision) -> bool {
    decision.should_reconnect()
        && decision
            .delay()
            .is_some_and(|d| d <= Duration::from_secs(1))
}
