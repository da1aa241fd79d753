//! [`Action`]: what a client should do after a close.

use core::fmt;
use core::str::FromStr;

use super::echo::Echo;

/// What a client should do after a connection closes with a given code.
///
/// This is the closed set of words the `action` key of `codes/*.toml` accepts; the word for each
/// variant is [`Action::as_str`]. Details that refine an action (a retry limit, a flag that changes
/// it) live on the [`Entry`](crate::Entry), so an `Action` is a plain `Copy` value to match on.
///
/// ```
/// use closecodes::{Action, Vendor};
///
/// let entry = Vendor::Metered.get(4012).unwrap();
/// assert_eq!(entry.action(), Action::Stop);
/// assert!(!entry.action().reconnects());
/// assert_eq!("retry_after".parse::<Action>(), Ok(Action::RetryAfter));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// The connection closed as expected; there is nothing to do.
    Done,
    /// Reconnect right away.
    Reconnect,
    /// Reconnect after an exponential backoff.
    Backoff,
    /// Reconnect after the delay the server announced (falling back to backoff without one).
    RetryAfter,
    /// Reconnect only after an outside condition changes, such as a stream going live.
    RetryLater,
    /// Get fresh credentials, then reconnect.
    Reauthenticate,
    /// Never reconnect: a person has to act first.
    Stop,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Action; 7] = [
        Action::Done,
        Action::Reconnect,
        Action::Backoff,
        Action::RetryAfter,
        Action::RetryLater,
        Action::Reauthenticate,
        Action::Stop,
    ];

    /// The word for this action in `codes/*.toml`, e.g. `"retry_after"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Done => "done",
            Action::Reconnect => "reconnect",
            Action::Backoff => "backoff",
            Action::RetryAfter => "retry_after",
            Action::RetryLater => "retry_later",
            Action::Reauthenticate => "reauthenticate",
            Action::Stop => "stop",
        }
    }

    /// Whether a client following this action connects again at some point.
    pub const fn reconnects(self) -> bool {
        !matches!(self, Action::Done | Action::Stop)
    }

    /// One sentence explaining the action to a person reading a log.
    pub const fn description(self) -> &'static str {
        match self {
            Action::Done => "closed as expected; nothing to do",
            Action::Reconnect => "reconnect now",
            Action::Backoff => "reconnect after exponential backoff",
            Action::RetryAfter => "reconnect after the delay the server announced",
            Action::RetryLater => "reconnect once an outside condition has changed",
            Action::Reauthenticate => "get fresh credentials, then reconnect",
            Action::Stop => "do not reconnect; a person must act",
        }
    }
}

/// Writes the TOML word, e.g. `retry_after`.
impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses the TOML word, ignoring ASCII case.
impl FromStr for Action {
    type Err = UnknownAction;

    fn from_str(word: &str) -> Result<Action, UnknownAction> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(word))
            .ok_or_else(|| UnknownAction {
                word: Echo::new(word),
            })
    }
}

/// A string that is not one of the action words (from `FromStr` on [`Action`]).
///
/// ```
/// let error = "bakoff".parse::<closecodes::Action>().unwrap_err();
/// assert_eq!(error.word(), "bakoff");
/// assert!(error.to_string().starts_with("\"bakoff\" is not an action; expected done, reconnect"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownAction {
    word: Echo,
}

impl UnknownAction {
    /// The word that was parsed (its first 64 bytes, if it was longer).
    pub fn word(&self) -> &str {
        self.word.as_str()
    }
}

impl fmt::Display for UnknownAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not an action; expected ", self.word)?;
        let (last, rest) = Action::ALL.split_last().unwrap_or((&Action::Stop, &[]));
        for action in rest {
            write!(f, "{action}, ")?;
        }
        write!(f, "or {last}")
    }
}

impl core::error::Error for UnknownAction {}
