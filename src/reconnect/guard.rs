//! The loop guard's view of the current connection: whether it became established.
//!
//! A connection counts as established once it was open for the minimum uptime, or once the
//! application says its session is ready. Only then do the backoff and the attempt count start
//! over; a server that accepts and closes at once is met with a growing backoff instead of an
//! immediate reconnect each time.

use core::time::Duration;

/// What the policy knows about the connection since the last decision.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Connection {
    /// No connection is open (none was, or a decision closed the last one).
    Closed,
    /// The application called `on_open`.
    Open {
        /// When it opened, for the policy to measure the uptime itself.
        #[cfg(feature = "std")]
        since: std::time::Instant,
        /// The uptime the application reported with `on_uptime`, if it did.
        uptime: Option<Duration>,
        /// Whether the application called `on_ready`.
        ready: bool,
    },
}

impl Connection {
    /// A connection that opens now.
    pub(crate) fn open() -> Connection {
        Connection::Open {
            #[cfg(feature = "std")]
            since: std::time::Instant::now(),
            uptime: None,
            ready: false,
        }
    }

    /// Whether the connection counts as established, given the minimum uptime.
    pub(crate) fn is_established(&self, min_uptime: Duration) -> bool {
        match *self {
            Connection::Closed => false,
            Connection::Open { ready: true, .. } => true,
            Connection::Open { uptime, .. } => {
                #[cfg(feature = "std")]
                let uptime = uptime.or_else(|| self.measured());
                uptime.is_some_and(|uptime| uptime >= min_uptime)
            }
        }
    }

    /// How long the connection has been open, by the clock.
    #[cfg(feature = "std")]
    fn measured(&self) -> Option<Duration> {
        match self {
            Connection::Open { since, .. } => Some(since.elapsed()),
            Connection::Closed => None,
        }
    }
}
