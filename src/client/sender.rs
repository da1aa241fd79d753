//! [`Sender`]: the handle that sends through whichever connection is open.

use tokio::sync::mpsc;
use tungstenite::Message;

use crate::{CloseFrame, Policy, UnknownFlag, Vendor};

/// What the sender asks of the client beside data, in the order it was asked.
#[derive(Debug)]
pub(crate) enum Control {
    Close(tungstenite::protocol::CloseFrame),
    Flag(String, bool),
}

/// Sends messages through the client's current connection, and survives reconnects. Clone it
/// freely.
///
/// Messages wait in a bounded queue (its size is [`Builder::queue`](super::Builder::queue)) until
/// a connection's session is ready, then go out in order; a message written to a connection is
/// never written again. [`send`](Self::send) waits for room in the queue; [`try_send`](Self::try_send)
/// hands the message back when it is full. When the client stops, what is still queued comes
/// back in [`Event::Stopped`](super::Event::Stopped)'s `unsent`, and later sends fail with the
/// message.
#[derive(Clone, Debug)]
pub struct Sender {
    pub(crate) vendor: Vendor,
    pub(crate) data: mpsc::Sender<Message>,
    pub(crate) control: mpsc::UnboundedSender<Control>,
}

/// A message the client did not take, handed back.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendError {
    /// The queue is full ([`Sender::try_send`] only).
    Full(Message),
    /// The client has stopped.
    Stopped(Message),
}

impl core::fmt::Display for SendError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            SendError::Full(_) => f.write_str("the client's send queue is full"),
            SendError::Stopped(_) => f.write_str("the client has stopped"),
        }
    }
}

impl std::error::Error for SendError {}

impl Sender {
    /// Queues `message`, waiting for room in the queue. Cancelling the wait leaves nothing
    /// queued.
    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        self.data
            .send(message)
            .await
            .map_err(|e| SendError::Stopped(e.0))
    }

    /// Queues `message` if there is room, else hands it back.
    pub fn try_send(&self, message: Message) -> Result<(), SendError> {
        self.data.try_send(message).map_err(|e| match e {
            mpsc::error::TrySendError::Full(m) => SendError::Full(m),
            mpsc::error::TrySendError::Closed(m) => SendError::Stopped(m),
        })
    }

    /// Ends the client with a clean close: on a ready session, what is queued goes out first;
    /// then the frame goes to the server (the client waits up to five seconds for its echo), and
    /// the client stops without asking the policy — also while it waits to reconnect or is
    /// connecting, when what is queued comes back in `unsent`. Returns `false` if it had
    /// stopped.
    pub fn close(&self, frame: CloseFrame<'_>) -> bool {
        self.control.send(Control::Close(frame.into())).is_ok()
    }

    /// Turns one of the vendor's flags on or off for the decisions to come (graphql-ws:
    /// `subscriptions_active`). A name the vendor does not declare is refused here.
    pub fn set_flag(&self, flag: &str, on: bool) -> Result<(), UnknownFlag> {
        Policy::new(self.vendor).try_with_flag(flag)?;
        // A stopped client has no decisions left to change.
        let _ = self.control.send(Control::Flag(flag.to_owned(), on));
        Ok(())
    }
}
