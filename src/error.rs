//! The crate's small, allocation-free error types.

use core::fmt;

use crate::Vendor;

/// A number that is not one of a vendor's close codes (from `TryFrom<u16>` on a `CloseCode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownCode {
    pub(crate) vendor: Vendor,
    pub(crate) code: u16,
}

impl UnknownCode {
    /// The vendor whose codes were searched.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The number that was not found.
    pub const fn code(&self) -> u16 {
        self.code
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not a close code of {}",
            self.code,
            self.vendor.id()
        )
    }
}

impl core::error::Error for UnknownCode {}

/// A string that names none of a vendor's close codes (from `FromStr` on a `CloseCode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownName {
    pub(crate) vendor: Vendor,
}

impl UnknownName {
    /// The vendor whose codes were searched.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no close code of {} has that name", self.vendor.id())
    }
}

impl core::error::Error for UnknownName {}

/// A string that is no vendor's id (from `FromStr` on [`Vendor`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownVendor;

impl fmt::Display for UnknownVendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no vendor has that id")
    }
}

impl core::error::Error for UnknownVendor {}

/// A string that is not one of the seven action words (from `FromStr` on [`Action`](crate::Action)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownAction;

impl fmt::Display for UnknownAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "not an action; expected done, reconnect, backoff, retry_after, retry_later, reauthenticate or stop",
        )
    }
}

impl core::error::Error for UnknownAction {}
