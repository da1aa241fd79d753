//! [`Backoff`]: exponential delays with bounded jitter, as an iterator.

use core::time::Duration;

/// Exponential backoff: the `n`-th delay (from 0) is `min(max, initial × factor^n)`, then spread
/// by a random ±`jitter` fraction.
///
/// Every delay lies in `[0, max × (1 + jitter)]`, for any attempt number: nothing overflows and
/// nothing panics. [`Backoff::delays`] turns it into an `Iterator<Item = Duration>`, which plugs
/// into retry crates such as `backon` or `tokio-retry` as it is.
///
/// ```
/// use std::time::Duration;
/// use closecodes::Backoff;
///
/// let backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(30)).with_jitter(0.0);
/// let delays: Vec<u64> = backoff.delays(0).take(7).map(|d| d.as_secs()).collect();
/// assert_eq!(delays, [1, 2, 4, 8, 16, 30, 30]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backoff {
    initial: Duration,
    max: Duration,
    factor: f64,
    jitter: f64,
}

impl Backoff {
    /// The backoff for vendors that document none: 1 s doubling to 30 s, ±20 % jitter.
    pub const DEFAULT: Backoff = Backoff {
        initial: Duration::from_secs(1),
        max: Duration::from_secs(30),
        factor: 2.0,
        jitter: 0.2,
    };

    /// A backoff from `initial` to `max` (raised to `initial` if below it), doubling, with the
    /// default ±20 % jitter.
    #[must_use]
    pub fn new(initial: Duration, max: Duration) -> Backoff {
        Backoff {
            initial,
            max: max.max(initial),
            ..Backoff::DEFAULT
        }
    }

    /// The backoff a vendor documents in `codes/`, with [`Backoff::DEFAULT`]'s value for each
    /// parameter it leaves out.
    ///
    /// ```
    /// use std::time::Duration;
    /// use closecodes::{Backoff, Vendor};
    ///
    /// let backoff = Backoff::for_vendor(Vendor::SolsStatTracker);
    /// assert_eq!(backoff.initial(), Duration::from_secs(31));
    /// assert_eq!(backoff.max(), Duration::from_secs(120));
    /// ```
    #[must_use]
    pub fn for_vendor(vendor: crate::Vendor) -> Backoff {
        let documented = vendor.backoff();
        let default = Backoff::DEFAULT;
        let initial = documented
            .initial_ms()
            .map_or(default.initial, Duration::from_millis);
        let max = documented
            .max_ms()
            .map_or(default.max, Duration::from_millis);
        Backoff::new(initial, max)
            .with_factor(documented.factor().unwrap_or(default.factor))
            .with_jitter(documented.jitter().unwrap_or(default.jitter))
    }

    /// Sets the growth per attempt; values below 1 (or not a number) become 1.
    #[must_use]
    pub const fn with_factor(mut self, factor: f64) -> Backoff {
        self.factor = if factor >= 1.0 { factor } else { 1.0 };
        self
    }

    /// Sets the random spread as a fraction of each delay, clamped to `0.0..=1.0` (0.3 is ±30 %).
    #[must_use]
    pub const fn with_jitter(mut self, jitter: f64) -> Backoff {
        self.jitter = if jitter > 0.0 { jitter.min(1.0) } else { 0.0 };
        self
    }

    /// The first delay, before jitter.
    pub const fn initial(&self) -> Duration {
        self.initial
    }

    /// The longest delay, before jitter.
    pub const fn max(&self) -> Duration {
        self.max
    }

    /// The growth per attempt.
    pub const fn factor(&self) -> f64 {
        self.factor
    }

    /// The random spread, as a fraction.
    pub const fn jitter(&self) -> f64 {
        self.jitter
    }

    /// The delay before attempt `attempt` (from 0), without jitter: `min(max, initial × factor^attempt)`.
    pub fn base_delay(&self, attempt: u32) -> Duration {
        let secs = self.base_seconds(attempt);
        // At the cap, the exact `max` rather than its round trip through `f64`.
        if secs >= self.max.as_secs_f64() {
            self.max
        } else {
            seconds(secs)
        }
    }

    /// The delay before attempt `attempt`, with jitter drawn from `rng`.
    pub(crate) fn delay(&self, attempt: u32, rng: &mut fastrand::Rng) -> Duration {
        let spread = (rng.f64() * 2.0 - 1.0) * self.jitter;
        seconds(self.base_seconds(attempt) * (1.0 + spread))
    }

    /// The first attempt whose delay, before jitter, is longer than `delay`, or reaches the cap:
    /// where the backoff goes on after a wait of `delay` that it did not choose.
    pub(crate) fn first_step_above(&self, delay: Duration) -> u32 {
        let (delay, max) = (delay.as_secs_f64(), self.max.as_secs_f64());
        // A backoff that does not grow never gets above: 64 doublings pass any cap.
        (0..64)
            .find(|&attempt| {
                let base = self.base_seconds(attempt);
                base > delay || base >= max
            })
            .unwrap_or(64)
    }

    /// [`base_delay`](Self::base_delay) in seconds: kept in `f64` until the end, since each
    /// conversion to `Duration` costs more than the arithmetic.
    fn base_seconds(&self, attempt: u32) -> f64 {
        if self.initial.is_zero() {
            return 0.0;
        }
        let max = self.max.as_secs_f64();
        let grown = self.initial.as_secs_f64() * power(self.factor, attempt);
        // `grown` is infinite once the exponent overflows: the cap applies.
        if grown.is_finite() {
            grown.min(max)
        } else {
            max
        }
    }

    /// The upper bound of every delay: `max × (1 + jitter)`.
    pub fn ceiling(&self) -> Duration {
        Duration::try_from_secs_f64(self.max.as_secs_f64() * (1.0 + self.jitter))
            .unwrap_or(self.max)
    }

    /// An endless iterator over the delays, with jitter drawn from a generator seeded with
    /// `seed` (the same seed gives the same delays). Bound it with `take`.
    #[must_use]
    pub fn delays(self, seed: u64) -> Delays {
        Delays {
            backoff: self,
            attempt: 0,
            rng: fastrand::Rng::with_seed(seed),
        }
    }
}

/// A non-negative, finite number of seconds as a `Duration`, rounded to the nanosecond (adding
/// 0.5 rounds, where `f64::round` needs `std`). `as` saturates, so no input can panic; callers
/// never pass NaN.
fn seconds(secs: f64) -> Duration {
    Duration::from_nanos((secs * 1e9 + 0.5) as u64)
}

/// `base^exponent` by squaring (`f64::powi` needs `std`); overflows to infinity, never panics.
fn power(base: f64, mut exponent: u32) -> f64 {
    let mut result = 1.0;
    let mut square = base;
    while exponent > 0 {
        if exponent & 1 == 1 {
            result *= square;
        }
        square *= square;
        exponent >>= 1;
    }
    result
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff::DEFAULT
    }
}

/// The delays of a [`Backoff`], one per attempt, forever (see [`Backoff::delays`]).
#[derive(Clone, Debug)]
pub struct Delays {
    backoff: Backoff,
    attempt: u32,
    rng: fastrand::Rng,
}

impl Iterator for Delays {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        let delay = self.backoff.delay(self.attempt, &mut self.rng);
        self.attempt = self.attempt.saturating_add(1);
        Some(delay)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }
}
