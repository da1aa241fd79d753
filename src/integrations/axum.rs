//! `axum` feature: close a server-side WebSocket with a vendor's code.

use axum::extract::ws;

use crate::CloseFrame;

/// Copies the frame into axum's type (axum owns its reason, so this allocates).
impl From<CloseFrame<'_>> for ws::CloseFrame {
    fn from(frame: CloseFrame<'_>) -> ws::CloseFrame {
        ws::CloseFrame {
            code: frame.code(),
            reason: frame.reason().into(),
        }
    }
}

impl CloseFrame<'_> {
    /// The `Message::Close` that sends this frame from an axum WebSocket handler.
    ///
    /// ```
    /// use closecodes::{CloseFrame, codes::metered::CloseCode};
    ///
    /// let message = CloseFrame::new(CloseCode::AccountSuspended, "billing")?.into_axum_message();
    /// // socket.send(message).await?;
    /// # Ok::<(), closecodes::CloseFrameError>(())
    /// ```
    pub fn into_axum_message(self) -> ws::Message {
        ws::Message::Close(Some(self.into()))
    }
}
