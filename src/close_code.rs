//! What every generated `CloseCode` enum has in common, written once: the conversions, the
//! errors they return, and [`IntoCloseCode`], which every code type implements.

use core::fmt;

use crate::Vendor;
use crate::registry::echo::Echo;

/// A value that names a close code: a `u16`, any generated `CloseCode`, or (with the
/// `tungstenite` feature) tungstenite's `CloseCode`.
///
/// A trait of its own rather than `Into<u16>`, so that a plain literal works:
/// `CloseFrame::new(4010, "…")` (with `Into<u16>` the literal would default to `i32`).
pub trait IntoCloseCode {
    /// The numeric close code.
    fn into_close_code(self) -> u16;
}

impl IntoCloseCode for u16 {
    fn into_close_code(self) -> u16 {
        self
    }
}

/// A code type every value of which may be sent in a close frame, so that
/// [`CloseFrame::sendable`](crate::CloseFrame::sendable) needs no `Result`. The generated
/// `CloseCode` of a vendor whose codes are all sendable implements it (one listing 1005 or 1006,
/// which are only ever reported locally, does not).
pub trait SendableCode: IntoCloseCode {}

/// A number that is not one of a vendor's close codes (from `TryFrom<u16>` on a `CloseCode`).
///
/// ```
/// use closecodes::codes::metered::CloseCode;
///
/// let error = CloseCode::try_from(4999).unwrap_err();
/// assert_eq!((error.vendor().id(), error.code()), ("metered", 4999));
/// assert_eq!(error.to_string(), "4999 is not a close code of metered");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownCode {
    vendor: Vendor,
    code: u16,
}

impl UnknownCode {
    pub(crate) const fn new(vendor: Vendor, code: u16) -> UnknownCode {
        UnknownCode { vendor, code }
    }

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
        write!(f, "{} is not a close code of {}", self.code, self.vendor)
    }
}

impl core::error::Error for UnknownCode {}

/// A string that names none of a vendor's close codes (from `FromStr` on a `CloseCode`).
///
/// ```
/// use closecodes::codes::metered::CloseCode;
///
/// let error = "Over Capacity".parse::<CloseCode>().unwrap_err();
/// assert_eq!(error.name(), "Over Capacity");
/// assert_eq!(error.to_string(), "no close code of metered is named \"Over Capacity\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownName {
    vendor: Vendor,
    name: Echo,
}

impl UnknownName {
    pub(crate) fn new(vendor: Vendor, name: &str) -> UnknownName {
        UnknownName {
            vendor,
            name: Echo::new(name),
        }
    }

    /// The vendor whose codes were searched.
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The name that was looked for (its first 64 bytes, if it was longer).
    pub fn name(&self) -> &str {
        self.name.as_str()
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no close code of {} is named {}", self.vendor, self.name)
    }
}

impl core::error::Error for UnknownName {}

/// Implements the shared API of a generated `CloseCode` enum.
///
/// The generated module supplies the enum itself, `entry()` and `from_code()`, and `rows`, its
/// vendor's tables module (whose `VENDOR` names the vendor); everything else is derived from
/// those here.
macro_rules! impl_close_code {
    () => {
        impl CloseCode {
            /// The vendor that defines these codes.
            pub const VENDOR: $crate::Vendor = rows::VENDOR;

            /// The numeric close code.
            pub const fn code(self) -> u16 {
                self as u16
            }

            /// The vendor's own name for the code, as the vendor writes it.
            pub const fn name(self) -> &'static str {
                self.entry().name()
            }

            /// What the code means, in one sentence.
            pub const fn meaning(self) -> &'static str {
                self.entry().meaning()
            }

            /// What a client should do after this close, with every flag off.
            pub const fn action(self) -> $crate::Action {
                self.entry().action()
            }

            /// Whether the code may be sent in a close frame.
            pub const fn is_sendable(self) -> bool {
                $crate::is_sendable(self as u16)
            }
        }

        impl ::core::convert::From<CloseCode> for u16 {
            fn from(code: CloseCode) -> u16 {
                code as u16
            }
        }

        impl $crate::IntoCloseCode for CloseCode {
            fn into_close_code(self) -> u16 {
                self as u16
            }
        }

        /// Into tungstenite's close code, to send a typed code with tungstenite.
        #[cfg(feature = "tungstenite")]
        impl ::core::convert::From<CloseCode>
            for $crate::tungstenite::protocol::frame::coding::CloseCode
        {
            fn from(code: CloseCode) -> Self {
                Self::from(code as u16)
            }
        }

        impl ::core::convert::TryFrom<u16> for CloseCode {
            type Error = $crate::UnknownCode;

            fn try_from(code: u16) -> ::core::result::Result<CloseCode, $crate::UnknownCode> {
                CloseCode::from_code(code).ok_or($crate::UnknownCode::new(CloseCode::VENDOR, code))
            }
        }

        /// Parses a code's name like [`Vendor::get_by_name`]($crate::Vendor::get_by_name):
        /// ASCII case and punctuation do not matter.
        impl ::core::str::FromStr for CloseCode {
            type Err = $crate::UnknownName;

            fn from_str(name: &str) -> ::core::result::Result<CloseCode, $crate::UnknownName> {
                CloseCode::VENDOR
                    .get_by_name(name)
                    .and_then(|entry| CloseCode::from_code(entry.code()))
                    .ok_or_else(|| $crate::UnknownName::new(CloseCode::VENDOR, name))
            }
        }

        /// Writes the code and name, e.g. `4010 Over Concurrent Limit`.
        impl ::core::fmt::Display for CloseCode {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self.entry(), f)
            }
        }
    };
}

pub(crate) use impl_close_code;
