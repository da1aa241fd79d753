//! `tungstenite` feature: conversions to and from tungstenite's close types, and reconnect
//! decisions from what tungstenite (or tokio-tungstenite) hands a client. tungstenite's quirks
//! are on [`Policy::on_tungstenite_close`]'s page, where users look for them.

use tungstenite::error::{ProtocolError, UrlError};
use tungstenite::protocol::CloseFrame as TungsteniteFrame;
use tungstenite::protocol::frame::coding::CloseCode as TungsteniteCode;

use crate::{CloseFrame, CloseFrameError, Decision, IntoCloseCode, Policy};

/// What RFC 6455 §7.1.5 calls a close frame without a status code.
const NO_STATUS_RECEIVED: u16 = 1005;

impl IntoCloseCode for TungsteniteCode {
    fn into_close_code(self) -> u16 {
        self.into()
    }
}

/// Copies the frame into tungstenite's type (tungstenite owns its reason, so this allocates).
impl From<CloseFrame<'_>> for TungsteniteFrame {
    fn from(frame: CloseFrame<'_>) -> TungsteniteFrame {
        TungsteniteFrame {
            code: TungsteniteCode::from(frame.code()),
            reason: frame.reason().into(),
        }
    }
}

/// Checks a tungstenite frame (e.g. one about to be sent), borrowing its reason.
impl<'a> TryFrom<&'a TungsteniteFrame> for CloseFrame<'a> {
    type Error = CloseFrameError;

    fn try_from(frame: &'a TungsteniteFrame) -> Result<CloseFrame<'a>, CloseFrameError> {
        CloseFrame::try_new(u16::from(frame.code), frame.reason.as_str())
    }
}

impl Policy {
    /// Decides from the close frame tungstenite reported (`Message::Close(frame)`). `None` is a
    /// close frame without a status code, which RFC 6455 §7.1.5 reports as 1005 (No Status
    /// Received): it is decided as 1005. A connection that ended with no close frame at all is
    /// [`on_transport_error`](Self::on_transport_error).
    ///
    /// It takes the frame as tokio-tungstenite hands it out, borrowed: `&frame` for the
    /// `Option<CloseFrame>` of `Message::Close(frame)`, or `&close_frame`, `frame.as_ref()`,
    /// `None`.
    ///
    /// # tungstenite's quirks (0.30)
    ///
    /// - Its `CloseCode` files every 4000–4999 code under `Library(code)`, 3000–3999 under
    ///   `Iana(code)`, and 1014 (Bad Gateway) under `Bad(1014)`. This method compares numbers;
    ///   in your own code, compare `u16::from(frame.code)` or closecodes' typed codes, never
    ///   tungstenite's variants.
    /// - When it *receives* a code it does not allow (`Bad`, `Reserved`, 1005, 1006, 1015, and so
    ///   1014 too), it hands the application `1002 "Protocol violation"` instead of the real
    ///   code. The original number is lost, and the policy decides by 1002 (for the standard,
    ///   1002 and 1014 both back off).
    /// - Its blocking `connect` reports a refused TCP connection as a URL error;
    ///   [`on_tungstenite_error`](Self::on_tungstenite_error) counts it as a dropped
    ///   connection, not as a bad URL.
    ///
    /// ```
    /// use closecodes::{Action, Policy, Vendor};
    /// use tungstenite::protocol::CloseFrame;
    ///
    /// let mut policy = Policy::new(Vendor::Metered);
    /// let frame = CloseFrame { code: 4010.into(), reason: "".into() };
    /// assert_eq!(policy.on_tungstenite_close(&frame).action(), Action::Backoff);
    ///
    /// // What `Message::Close(frame)` holds:
    /// let frame: Option<CloseFrame> = Some(frame);
    /// assert_eq!(policy.on_tungstenite_close(&frame).action(), Action::Backoff);
    /// ```
    // The frame type is spelled out in these signatures, not aliased: rustdoc shows an alias
    // inside `impl Trait` by its alias name, which is no item a reader can find.
    pub fn on_tungstenite_close<'a>(
        &mut self,
        frame: impl Into<Option<&'a tungstenite::protocol::CloseFrame>>,
    ) -> Decision {
        match frame.into() {
            Some(frame) => self.on_close(u16::from(frame.code)),
            None => self.on_close(NO_STATUS_RECEIVED),
        }
    }

    /// Like [`on_tungstenite_close`](Self::on_tungstenite_close), when the server also announced
    /// how long to wait before the close (e.g. Metered's `retryAfterMs`). It takes the frame the
    /// same ways.
    ///
    /// ```
    /// use std::time::Duration;
    /// use closecodes::{Policy, Vendor};
    /// use tungstenite::protocol::CloseFrame;
    ///
    /// let mut policy = Policy::new(Vendor::Metered);
    /// let frame: Option<CloseFrame> = Some(CloseFrame { code: 1001.into(), reason: "".into() });
    /// let d = policy.on_tungstenite_close_with_retry_after(&frame, Duration::from_secs(3));
    /// assert_eq!(d.delay(), Some(Duration::from_secs(3)));
    /// ```
    pub fn on_tungstenite_close_with_retry_after<'a>(
        &mut self,
        frame: impl Into<Option<&'a tungstenite::protocol::CloseFrame>>,
        retry_after: std::time::Duration,
    ) -> Decision {
        let code = frame
            .into()
            .map_or(NO_STATUS_RECEIVED, |frame| u16::from(frame.code));
        self.on_close_with_retry_after(code, retry_after)
    }

    /// Decides from a [`tungstenite::Error`] returned while connecting or reading:
    /// - an HTTP response instead of the upgrade: [`on_handshake_status`](Self::on_handshake_status),
    ///   honouring its `Retry-After` header (seconds, or an HTTP date) like a close's hint;
    /// - a dropped or refused connection (I/O error, unable to connect, reset without closing
    ///   handshake, connection closed): [`on_transport_error`](Self::on_transport_error);
    /// - a failure on this side, decided as the close code that names it: TLS → 1015, a message
    ///   over the size limit → 1009, invalid UTF-8 → 1007, any other protocol violation → 1002;
    /// - a full write buffer (`WriteBufferFull`) is backpressure, not a failure: flush and write
    ///   again instead of asking the policy. Fed in anyway, it counts as a lost connection (the
    ///   rules for 1006), never as a reason to stop;
    /// - an invalid URL (no host, unsupported scheme, TLS not compiled in) or request: stop,
    ///   since retrying cannot help.
    pub fn on_tungstenite_error(&mut self, error: &tungstenite::Error) -> Decision {
        use tungstenite::Error;
        match error {
            Error::Http(response) => {
                let status = response.status().as_u16();
                match retry_after(response.headers()) {
                    Some(wait) => self.on_handshake_status_with_retry_after(status, wait),
                    None => self.on_handshake_status(status),
                }
            }
            // The blocking `connect` reports a refused TCP connection as a URL error.
            Error::ConnectionClosed
            | Error::AlreadyClosed
            | Error::Io(_)
            | Error::Url(UrlError::UnableToConnect(_))
            | Error::Protocol(ProtocolError::ResetWithoutClosingHandshake) => {
                self.on_transport_error()
            }
            Error::Tls(_) => self.on_local_error(1015),
            // Backpressure: the connection is fine, the write was refused. Flushing and writing
            // again is the remedy; fed in here it counts as a lost connection, never as a stop.
            Error::WriteBufferFull(_) => self.on_transport_error(),
            Error::Capacity(_) => self.on_local_error(1009),
            Error::Utf8(_) => self.on_local_error(1007),
            Error::Url(_) | Error::HttpFormat(_) => self.on_invalid_request(),
            _ => self.on_local_error(1002),
        }
    }
}

/// The wait a `Retry-After` header asks for (RFC 9110 §10.2.3): a number of seconds, or an HTTP
/// date (a date in the past asks for no wait). `None` without a readable header.
fn retry_after(headers: &tungstenite::http::HeaderMap) -> Option<std::time::Duration> {
    let value = headers
        .get(tungstenite::http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(std::time::Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}
