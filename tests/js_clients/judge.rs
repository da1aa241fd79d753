//! Comparing what a client did with what the policy decides for the same close or message, and
//! keeping track of the differences this crate keeps on purpose.

use std::fmt;
use std::ops::RangeInclusive;
use std::time::Duration;

use closecodes::{Decision, Endpoint, Policy, Session};

use crate::node::Observed;

/// Decisions per case: enough seeds to meet both ends of every random spread.
pub const SEEDS: u64 = 64;
/// How much later than the client the first reconnect may be: the policy's spread of "at once".
const SPREAD: Duration = Policy::DEFAULT_RECONNECT_SPREAD;

/// What a kept difference is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aspect {
    Reconnect,
    Session,
    NewToken,
    Address,
    FirstDelay,
    Retries,
    Attempts,
}

/// What the client was shown: a close with a code, or a goodbye message (by its row's name).
#[derive(Clone, Copy, Debug)]
pub enum Case<'a> {
    Code(u16),
    Signal(&'a str),
}

impl fmt::Display for Case<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Case::Code(code) => write!(f, "{code}"),
            Case::Signal(name) => write!(f, "signal `{name}`"),
        }
    }
}

/// What a kept difference covers.
#[derive(Debug)]
enum On {
    Codes(RangeInclusive<u16>),
    Signal(&'static str),
}

/// A difference from the client that this crate keeps on purpose, and why.
pub struct Kept {
    on: On,
    aspect: Aspect,
    #[allow(
        dead_code,
        reason = "read by people: the reason is the point of the entry"
    )]
    why: &'static str,
}

/// A kept difference over close codes.
pub const fn kept(codes: RangeInclusive<u16>, aspect: Aspect, why: &'static str) -> Kept {
    Kept {
        on: On::Codes(codes),
        aspect,
        why,
    }
}

/// A kept difference for one signal.
pub const fn kept_signal(name: &'static str, aspect: Aspect, why: &'static str) -> Kept {
    Kept {
        on: On::Signal(name),
        aspect,
        why,
    }
}

impl Kept {
    fn covers(&self, case: Case<'_>, aspect: Aspect) -> bool {
        self.aspect == aspect
            && match (&self.on, case) {
                (On::Codes(codes), Case::Code(code)) => codes.contains(&code),
                (On::Signal(kept), Case::Signal(name)) => *kept == name,
                _ => false,
            }
    }
}

/// Collects the differences of one client run; [`finish`](Self::finish) fails the test on any
/// that is not kept, and on a kept one that no longer shows.
pub struct Judge<'k> {
    kept: &'k [Kept],
    shown: Vec<bool>,
    problems: Vec<String>,
}

fn millis(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

impl<'k> Judge<'k> {
    pub fn new(kept: &'k [Kept]) -> Judge<'k> {
        Judge {
            kept,
            shown: vec![false; kept.len()],
            problems: Vec::new(),
        }
    }

    /// A problem that no kept difference excuses.
    pub fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    fn differs(&mut self, case: Case<'_>, aspect: Aspect, problem: impl FnOnce() -> String) {
        let mut excused = false;
        for (kept, shown) in self.kept.iter().zip(&mut self.shown) {
            if kept.covers(case, aspect) {
                *shown = true;
                excused = true;
            }
        }
        if !excused {
            self.problems.push(problem());
        }
    }

    /// Compares one observation with the policy. `decide(seed)` returns a fresh policy, after
    /// a ready session, and its decision on the case.
    pub fn judge(
        &mut self,
        case: Case<'_>,
        seen: &Observed,
        decide: impl Fn(u64) -> (Policy, Decision),
    ) {
        let (_, decision) = decide(1);
        if decision.should_reconnect() != seen.reconnect {
            let does = if seen.reconnect { "does" } else { "does not" };
            self.differs(case, Aspect::Reconnect, || {
                format!("{case}: the client {does} reconnect; the policy: {decision}")
            });
            return;
        }
        if !seen.reconnect {
            return;
        }
        if let Some(session) = seen.session.as_deref() {
            let expected = match session {
                "resume" => Session::Resume,
                "new" => Session::New,
                other => panic!("{case}: unknown session {other:?}"),
            };
            if decision.session() != Some(expected) {
                self.differs(case, Aspect::Session, || {
                    format!("{case}: the client's session is {session}; {decision}")
                });
            }
        }
        if let Some(new_token) = seen.new_token
            && decision.needs_new_credentials() != new_token
        {
            self.differs(case, Aspect::NewToken, || {
                format!("{case}: the client's new token is {new_token}; {decision}")
            });
        }
        if let Some(resume_url) = seen.resume_url
            && (decision.reconnect_to() == Some(Endpoint::Server)) != resume_url
        {
            self.differs(case, Aspect::Address, || {
                format!("{case}: the client's resume address is {resume_url}; {decision}")
            });
        }
        self.judge_waits(case, seen, &decide);
    }

    fn judge_waits(
        &mut self,
        case: Case<'_>,
        seen: &Observed,
        decide: &impl Fn(u64) -> (Policy, Decision),
    ) {
        let (low, high) = seen.delays_ms.expect("a reconnect has delays");
        let (low, high) = (millis(low), millis(high));
        // A wait shorter than the spread is "at once", which the policy spreads from zero.
        let low = if high < SPREAD { Duration::ZERO } else { low };
        let high = high + SPREAD;
        let outside = (0..SEEDS).find_map(|seed| {
            let delay = decide(seed).1.delay().unwrap();
            (!(low..=high).contains(&delay)).then_some((delay, seed))
        });
        if let Some((delay, seed)) = outside {
            self.differs(case, Aspect::FirstDelay, || {
                format!("{case}: first delay {delay:?} outside {low:?}..={high:?} (seed {seed})")
            });
        }
        let sooner_retry = (0..SEEDS).find_map(|seed| {
            let (mut policy, _) = decide(seed);
            seen.retries_ms
                .iter()
                .enumerate()
                .map_while(|(attempt, &(low, _))| {
                    let delay = policy.on_transport_error().delay()?;
                    Some((attempt + 1, delay, low))
                })
                .find(|&(_, delay, low)| delay < millis(low))
                .map(|(attempt, delay, low)| (attempt, delay, low, seed))
        });
        if let Some((attempt, delay, low, seed)) = sooner_retry {
            self.differs(case, Aspect::Retries, || {
                format!(
                    "{case}: retry {attempt} after {delay:?}, sooner than the client's {low} ms (seed {seed})"
                )
            });
        }
        if let Some(limit) = seen.attempts {
            // A client that gives up after `limit` failed attempts: the policy gives up too.
            let (mut policy, _) = decide(1);
            let ours = 1
                + (1..=20)
                    .take_while(|_| policy.on_transport_error().should_reconnect())
                    .count();
            if ours > limit as usize {
                self.differs(case, Aspect::Attempts, || {
                    format!("{case}: {ours} attempts where the client gives up after {limit}")
                });
            }
        }
    }

    /// Fails on any difference not kept, and on any kept difference that no longer shows.
    pub fn finish(mut self, run: &str) {
        for (kept, shown) in self.kept.iter().zip(&self.shown) {
            if !shown {
                self.problems.push(format!(
                    "the kept difference {:?} on {:?} no longer shows: remove it",
                    kept.aspect, kept.on
                ));
            }
        }
        let shown: Vec<&String> = self.problems.iter().take(40).collect();
        assert!(
            self.problems.is_empty(),
            "{run} ({} problems):\n{shown:#?}",
            self.problems.len()
        );
    }
}
