//! What every generated `CloseCode` enum has in common, written once.

/// Implements the shared API of a generated `CloseCode` enum for the vendor `$vendor`.
///
/// The generated code supplies the enum itself plus `entry()` and `from_code()`; everything
/// else is derived from those two here.
macro_rules! impl_close_code {
    ($vendor:expr) => {
        impl CloseCode {
            /// The vendor that defines these codes.
            pub const VENDOR: $crate::Vendor = $vendor;

            /// The numeric close code.
            pub const fn code(self) -> u16 {
                self as u16
            }

            /// The vendor's own name for the code, as the vendor writes it.
            pub fn name(self) -> &'static str {
                self.entry().name()
            }

            /// What the code means, in one sentence.
            pub fn meaning(self) -> &'static str {
                self.entry().meaning()
            }

            /// What a client should do after this close, with every flag off.
            pub fn action(self) -> $crate::Action {
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

        impl ::core::convert::TryFrom<u16> for CloseCode {
            type Error = $crate::UnknownCode;

            fn try_from(code: u16) -> ::core::result::Result<CloseCode, $crate::UnknownCode> {
                CloseCode::from_code(code).ok_or($crate::UnknownCode {
                    vendor: CloseCode::VENDOR,
                    code,
                })
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
                    .ok_or($crate::UnknownName {
                        vendor: CloseCode::VENDOR,
                    })
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
