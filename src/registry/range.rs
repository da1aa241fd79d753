//! The protocol's ranges of close codes and which codes may be sent.

use core::fmt;

/// The range of close codes a number falls in, as RFC 6455 §7.4.2 divides them.
///
/// ```
/// use closecodes::CodeRange;
///
/// assert_eq!(CodeRange::of(1006), CodeRange::Protocol);
/// assert_eq!(CodeRange::of(4429), CodeRange::Private);
/// assert_eq!(CodeRange::of(999), CodeRange::Unused);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CodeRange {
    /// 0–999: never used as close codes.
    Unused,
    /// 1000–2999: defined by the protocol and its extensions (1016–2999 not yet assigned).
    Protocol,
    /// 3000–3999: registered with IANA by libraries, frameworks and applications.
    Registered,
    /// 4000–4999: private use, free for any application to define.
    Private,
    /// 5000 and up: outside every range; not a valid close code.
    Invalid,
}

impl CodeRange {
    /// The range `code` falls in.
    pub const fn of(code: u16) -> CodeRange {
        match code {
            0..=999 => CodeRange::Unused,
            1000..=2999 => CodeRange::Protocol,
            3000..=3999 => CodeRange::Registered,
            4000..=4999 => CodeRange::Private,
            5000.. => CodeRange::Invalid,
        }
    }

    /// A short description of the range, e.g. `"private use (4000–4999)"`.
    pub const fn description(self) -> &'static str {
        match self {
            CodeRange::Unused => "not used (0–999)",
            CodeRange::Protocol => "protocol (1000–2999)",
            CodeRange::Registered => "IANA-registered (3000–3999)",
            CodeRange::Private => "private use (4000–4999)",
            CodeRange::Invalid => "invalid (5000 and up)",
        }
    }
}

impl fmt::Display for CodeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// Whether `code` may be sent in a close frame.
///
/// False for numbers outside 1000–4999, for the unassigned 1016–2999, for the reserved 1004 and
/// for the codes an implementation reports locally but must never send: 1005 (no status),
/// 1006 (abnormal closure) and 1015 (TLS handshake failure).
///
/// ```
/// assert!(closecodes::is_sendable(4010));
/// assert!(!closecodes::is_sendable(1006));
/// assert!(!closecodes::is_sendable(5000));
/// ```
pub const fn is_sendable(code: u16) -> bool {
    matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999)
}

/// The runs of sendable codes, in order: [`is_sendable`] as intervals, for questions about a
/// span of codes.
const SENDABLE_RUNS: [(u16, u16); 3] = [(1000, 1003), (1007, 1014), (3000, 4999)];

/// Whether the codes `first..=last` may be sent: `Some(true)` when every one may,
/// `Some(false)` when none may, `None` when they differ.
pub(crate) const fn span_sendable(first: u16, last: u16) -> Option<bool> {
    let mut i = 0;
    let mut any = false;
    while i < SENDABLE_RUNS.len() {
        let (low, high) = SENDABLE_RUNS[i];
        if low <= first && last <= high {
            return Some(true);
        }
        if first <= high && low <= last {
            any = true;
        }
        i += 1;
    }
    if any { None } else { Some(false) }
}

/// The protocol range every code of `first..=last` falls in, if they share one.
pub(crate) const fn span_range(first: u16, last: u16) -> Option<CodeRange> {
    let range = CodeRange::of(first);
    if range as u8 == CodeRange::of(last) as u8 {
        Some(range)
    } else {
        None
    }
}
