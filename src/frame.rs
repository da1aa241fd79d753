//! [`CloseFrame`]: a close code and reason that are always valid to send.

use core::fmt;

use crate::IntoCloseCode;

/// The most bytes of UTF-8 a close reason may have: a control frame carries at most 125 bytes,
/// two of them the code (RFC 6455 §5.5).
pub const MAX_REASON_BYTES: usize = 123;

/// A close code and reason that may be sent as they are.
///
/// [`CloseFrame::new`] refuses codes that must not be sent and shortens a long reason to its
/// longest prefix of at most [`MAX_REASON_BYTES`] that ends on a character boundary — borrowing
/// it, never allocating. Because the frame borrows its reason, a formatted reason must live in a
/// variable that outlives the frame (`let reason = format!(…); CloseFrame::new(code, &reason)`);
/// `CloseFrame::new(code, &format!(…))` inside a `match` arm is E0716. [`CloseFrame::try_new`] refuses a long reason instead. Neither panics,
/// for any input.
///
/// ```
/// use closecodes::{CloseFrame, codes::metered::CloseCode};
///
/// let frame = CloseFrame::new(CloseCode::OverConcurrentLimit, "plan limit reached").unwrap();
/// assert_eq!((frame.code(), frame.reason()), (4010, "plan limit reached"));
///
/// let long = "é".repeat(100); // 200 bytes
/// let frame = CloseFrame::new(4000, &long).unwrap();
/// assert_eq!(frame.reason().len(), 122); // 61 whole characters
/// assert!(frame.is_truncated());
///
/// assert!(CloseFrame::new(1006, "").is_err()); // reported locally, never sent
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CloseFrame<'a> {
    code: u16,
    reason: &'a str,
    truncated: bool,
}

impl<'a> CloseFrame<'a> {
    /// A frame with `code` and `reason`, the reason shortened if it is too long.
    pub fn new(
        code: impl IntoCloseCode,
        reason: &'a str,
    ) -> Result<CloseFrame<'a>, CloseFrameError> {
        let code = sendable(code.into_close_code())?;
        let fitting = truncate(reason);
        Ok(CloseFrame {
            code,
            reason: fitting,
            truncated: fitting.len() < reason.len(),
        })
    }

    /// A frame with a typed code that is always sendable, and `reason`, shortened if it is too
    /// long: no `Result` to handle.
    ///
    /// ```
    /// use closecodes::{CloseFrame, codes::metered::CloseCode};
    ///
    /// let frame = CloseFrame::sendable(CloseCode::AccountSuspended, "billing");
    /// assert_eq!(frame.code(), 4012);
    /// ```
    pub fn sendable(code: impl crate::SendableCode, reason: &'a str) -> CloseFrame<'a> {
        let code = code.into_close_code();
        let fitting = truncate(reason);
        CloseFrame {
            code,
            reason: fitting,
            truncated: fitting.len() < reason.len(),
        }
    }

    /// Like [`new`](Self::new), but a reason too long to send is cut at the last word boundary
    /// that fits rather than mid-word (it is cut mid-word only when a single word is longer
    /// than the frame allows). [`is_truncated`](Self::is_truncated) says whether it was cut.
    ///
    /// ```
    /// use closecodes::CloseFrame;
    ///
    /// let reason = "quota reached; ".repeat(10); // 150 bytes
    /// let frame = CloseFrame::new_cut_at_word(4000, &reason).unwrap();
    /// assert!(frame.is_truncated());
    /// assert!(frame.reason().ends_with("reached;"), "{}", frame.reason());
    /// ```
    pub fn new_cut_at_word(
        code: impl IntoCloseCode,
        reason: &'a str,
    ) -> Result<CloseFrame<'a>, CloseFrameError> {
        let frame = CloseFrame::new(code, reason)?;
        if !frame.truncated {
            return Ok(frame);
        }
        // Where the next word would have started: the cut fell inside a word unless the
        // character after it is white space.
        let cut = frame.reason.len();
        let next_is_space = reason[cut..].starts_with(char::is_whitespace);
        let fitting = if next_is_space {
            frame.reason.trim_end()
        } else {
            match frame.reason.rfind(char::is_whitespace) {
                Some(space) => frame.reason[..space].trim_end(),
                None => frame.reason,
            }
        };
        Ok(CloseFrame {
            reason: fitting,
            ..frame
        })
    }

    /// A frame with `code` and `reason`, refusing a reason longer than [`MAX_REASON_BYTES`].
    pub fn try_new(
        code: impl IntoCloseCode,
        reason: &'a str,
    ) -> Result<CloseFrame<'a>, CloseFrameError> {
        let code = sendable(code.into_close_code())?;
        if reason.len() > MAX_REASON_BYTES {
            return Err(CloseFrameError::ReasonTooLong { len: reason.len() });
        }
        Ok(CloseFrame {
            code,
            reason,
            truncated: false,
        })
    }

    /// The close code.
    pub const fn code(&self) -> u16 {
        self.code
    }

    /// The reason, at most [`MAX_REASON_BYTES`] of UTF-8.
    pub const fn reason(&self) -> &'a str {
        self.reason
    }

    /// Whether [`new`](Self::new) shortened the reason.
    pub const fn is_truncated(&self) -> bool {
        self.truncated
    }
}

/// Writes the code and reason, e.g. `4010 plan limit reached`.
impl fmt::Display for CloseFrame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.reason)
    }
}

fn sendable(code: u16) -> Result<u16, CloseFrameError> {
    if crate::is_sendable(code) {
        Ok(code)
    } else {
        Err(CloseFrameError::Unsendable { code })
    }
}

/// The longest prefix of `reason` within [`MAX_REASON_BYTES`] that ends on a character boundary.
fn truncate(reason: &str) -> &str {
    if reason.len() <= MAX_REASON_BYTES {
        return reason;
    }
    let mut end = MAX_REASON_BYTES;
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    reason.get(..end).unwrap_or_default()
}

/// Why a [`CloseFrame`] could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CloseFrameError {
    /// The code must not be sent: outside 1000–4999, the unassigned 1016–2999, the reserved
    /// 1004, or one of 1005, 1006 and 1015, which are only reported locally.
    Unsendable {
        /// The refused code.
        code: u16,
    },
    /// The reason is longer than [`MAX_REASON_BYTES`] (from [`CloseFrame::try_new`] only).
    ReasonTooLong {
        /// The reason's length in bytes.
        len: usize,
    },
}

impl fmt::Display for CloseFrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CloseFrameError::Unsendable { code } => write!(
                f,
                "close code {code} must not be sent ({})",
                crate::CodeRange::of(*code)
            ),
            CloseFrameError::ReasonTooLong { len } => {
                write!(
                    f,
                    "a close reason is at most {MAX_REASON_BYTES} bytes; this one has {len}"
                )
            }
        }
    }
}

impl core::error::Error for CloseFrameError {}
