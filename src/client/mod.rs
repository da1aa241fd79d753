//! `client` feature: a WebSocket connection that looks after itself, by the vendor's data.
//!
//! [`Client`] connects with a request the application makes for every attempt, reads the
//! server's messages, recognises the vendor's ready event and hints in them (its
//! `[[message]]` rows), notices a stalled connection, and when a connection ends asks the
//! [`Policy`] what to do — reconnect now, later, with new credentials, somewhere else, or stop —
//! and does it. It decides nothing itself: every decision is the policy's, loop guard included,
//! and the application sees each one as an [`Event`].
//!
//! ```no_run
//! use closecodes::client::{Client, Event};
//! use closecodes::tungstenite::client::IntoClientRequest;
//! use closecodes::{Policy, Vendor};
//! use futures_util::StreamExt;
//!
//! # async fn run() {
//! let (mut client, sender) = Client::builder(Policy::new(Vendor::GraphqlWs))
//!     .on_open(|_| vec![r#"{"type":"connection_init"}"#.into()])
//!     .build(|_attempt| async { "ws://127.0.0.1:4000/graphql".into_client_request() });
//! while let Some(event) = client.next().await {
//!     match event {
//!         Event::Message(message) => println!("{message}"),
//!         Event::Reconnecting { decision, .. } => eprintln!("{decision}"),
//!         Event::Stopped { decision, .. } => eprintln!("stopped: {decision:?}"),
//!         _ => {}
//!     }
//! }
//! # drop(sender);
//! # }
//! ```
//!
//! # How it behaves
//!
//! - **It runs while polled.** `Client` is a [`Stream`] of events; connecting, reading, writing
//!   and the timers all happen inside it, and nothing is spawned. Dropping it drops the
//!   connection, the request in flight and every timer. A client nobody polls answers no pings.
//! - **Requests.** Before every attempt, after the delay, the client calls the request maker
//!   with an [`Attempt`]: why it connects ([`Why`]), the decision before it, and the address the
//!   server gave when the decision says to use it. The maker returns the request
//!   tokio-tungstenite connects with (address, headers, subprotocol); an error from it stops the
//!   client. Only one request is ever in flight.
//! - **Opening messages.** The [`on_open`](Builder::on_open) hook runs on every new connection,
//!   before anything else is sent, and is told whether this connection must subscribe again.
//! - **Ready.** A message matching the vendor's ready row (or the application's own test,
//!   [`ready_when`](Builder::ready_when)) calls [`Policy::on_ready`]; until then the
//!   [`Sender`]'s queue waits. A vendor with no ready row is ready once connected.
//! - **Hints.** A message's delay goes with the close that follows
//!   ([`Policy::on_close_with_retry_after`]); an address from the ready message is used when a
//!   close's row says to reconnect to the server's address; a message that gives an address and
//!   is not the ready event moves the client there ([`Policy::on_moved`]).
//! - **Signals.** A message that is one of the vendor's signals — a goodbye inside a message —
//!   is decided by [`Policy::on_signal`]: one that ends the session closes the connection at
//!   once; one that announces the server's close waits for it, and that close is decided by the
//!   signal, once.
//! - **Stalls.** Any frame shows the connection is alive. When the server promises traffic —
//!   a keepalive in its messages (plus a fifth, at least a second), or the vendor's documented
//!   idle timeout — silence beyond it drops the connection, and the client sends no pings
//!   (some vendors close on anything but pongs). Otherwise the client pings after
//!   [`ping_interval`](Builder::ping_interval) of silence and gives up after a further
//!   [`pong_timeout`](Builder::pong_timeout). The client looks at a quiet connection every
//!   quarter of the silence it allows, so it notices a stall at most that much late. A dropped
//!   connection is decided as 1006.
//! - **Ending.** [`Sender::close`] ends the client cleanly with a close frame, without asking
//!   the policy. [`Event::Stopped`] comes once, last, with the messages never sent.

mod attempt;
mod drive;
mod event;
mod sender;

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::{FutureExt, Stream};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tungstenite::Message;

pub use attempt::{Attempt, Why};
pub use event::{Error, Event};
pub use sender::{SendError, Sender};

use crate::{Policy, Session};
use drive::{BoxError, Connector, Driver, OpenHook, ReadyTest, State};

/// What tokio-tungstenite connects with: the address, headers and subprotocol of the upgrade.
pub type Request = tungstenite::handshake::client::Request;

/// What the [`on_open`](Builder::on_open) hook is told about a new connection.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Opening {
    /// The attempt that opened it.
    pub attempt: Attempt,
    /// Whether this connection must create its subscriptions again: true for the first
    /// connection, then what the policy's decision says.
    pub resubscribe: bool,
}

impl Opening {
    /// Whether to resume the session or start a new one, where the close's row says.
    pub fn session(&self) -> Option<Session> {
        self.attempt.session()
    }
}

/// The client's timings and queue.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    ping_interval: Duration,
    pong_timeout: Duration,
    connect_timeout: Duration,
    close_wait: Duration,
    queue: usize,
}

/// Builds a [`Client`] ([`Client::builder`]).
#[must_use]
pub struct Builder {
    policy: Policy,
    settings: Settings,
    on_open: Option<OpenHook>,
    ready_when: Option<ReadyTest>,
}

impl core::fmt::Debug for Builder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Builder")
            .field("policy", &self.policy)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Builder {
    /// Silence after which the client pings a server that promises no traffic of its own:
    /// 20 s unless set, at least a second.
    pub fn ping_interval(mut self, interval: Duration) -> Builder {
        self.settings.ping_interval = interval.max(Duration::from_secs(1));
        self
    }

    /// How long after its ping the client waits for any frame before it treats the connection
    /// as dropped: 10 s unless set, at least a second.
    pub fn pong_timeout(mut self, wait: Duration) -> Builder {
        self.settings.pong_timeout = wait.max(Duration::from_secs(1));
        self
    }

    /// The longest the request maker and the upgrade may take together before the attempt
    /// counts as a dropped connection: 10 s unless set, at least a second.
    pub fn connect_timeout(mut self, wait: Duration) -> Builder {
        self.settings.connect_timeout = wait.max(Duration::from_secs(1));
        self
    }

    /// How many messages the [`Sender`] queues while no session is ready: 64 unless set, at
    /// least one.
    pub fn queue(mut self, messages: usize) -> Builder {
        self.settings.queue = messages.max(1);
        self
    }

    /// Messages to send first on every new connection (a protocol's opening messages:
    /// graphql-ws' `connection_init` and its subscriptions, Pusher's channel subscriptions).
    pub fn on_open(
        mut self,
        hook: impl FnMut(&Opening) -> Vec<Message> + Send + 'static,
    ) -> Builder {
        self.on_open = Some(Box::new(hook));
        self
    }

    /// The application's own test for the ready event, instead of the vendor's ready row.
    pub fn ready_when(mut self, test: impl FnMut(&Message) -> bool + Send + 'static) -> Builder {
        self.ready_when = Some(Box::new(test));
        self
    }

    /// The client and its sender. `request` is called before every attempt; nothing connects
    /// until the client is polled.
    pub fn build<F, Fut, E>(self, request: F) -> (Client, Sender)
    where
        F: FnMut(Attempt) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Request, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let connector: Connector<_> = Box::new(|request: Request| {
            async move {
                tokio_tungstenite::connect_async(request)
                    .await
                    .map(|(ws, _response)| ws)
            }
            .boxed()
        });
        self.build_with(request, connector)
    }

    /// The client over another way to connect (tests connect over `tokio::io::duplex`).
    #[doc(hidden)]
    pub fn build_over<S, F, Fut, E, C, CFut>(self, request: F, mut connect: C) -> (Client, Sender)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
        F: FnMut(Attempt) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Request, E>> + Send + 'static,
        E: Into<BoxError>,
        C: FnMut(Request) -> CFut + Send + 'static,
        CFut: Future<Output = Result<WebSocketStream<S>, tungstenite::Error>> + Send + 'static,
    {
        let connector: Connector<S> = Box::new(move |request| connect(request).boxed());
        self.build_with(request, connector)
    }

    fn build_with<S, F, Fut, E>(self, mut request: F, connector: Connector<S>) -> (Client, Sender)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
        F: FnMut(Attempt) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Request, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let (data_tx, data) = mpsc::channel(self.settings.queue);
        let (control_tx, control) = mpsc::unbounded_channel();
        let sender = Sender {
            vendor: self.policy.vendor(),
            data: data_tx,
            control: control_tx,
        };
        let vendor = self.policy.vendor();
        let driver = Driver {
            policy: self.policy,
            settings: self.settings,
            maker: Box::new(move |attempt| request(attempt).map(|r| r.map_err(Into::into)).boxed()),
            connector,
            on_open: self.on_open,
            ready_when: self.ready_when,
            data,
            control,
            control_open: true,
            data_open: true,
            events: VecDeque::new(),
            state: State::Waiting(tokio::time::Instant::now()),
            attempts: 0,
            server_url: None,
            last: None,
            carriers: vendor.messages().iter().any(|m| {
                m.signal().is_some()
                    || m.retry_after_ms().is_some()
                    || m.retry_after_s().is_some()
                    || m.reconnect_url().is_some()
                    || m.keepalive_s().is_some()
            }),
        };
        let pump = Pump {
            driver: Some(Box::new(driver)),
            step: None,
            in_a_row: 0,
        };
        (
            Client {
                events: Box::pin(pump),
            },
            sender,
        )
    }
}

/// Runs the loop for a [`Client`]: frames the socket already holds go straight to events; for
/// anything else (waiting, connecting, the sender's requests, the timer, closing) the driver
/// moves into one step's future and comes back when something happened.
struct Pump<S> {
    driver: Option<Box<Driver<S>>>,
    step: Option<futures_util::future::BoxFuture<'static, Box<Driver<S>>>>,
    /// Frames read in a row without a step.
    in_a_row: u32,
}

impl<S: AsyncRead + AsyncWrite + Unpin + Send + 'static> Stream for Pump<S> {
    type Item = Event;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Event>> {
        // Frames read in a row before a step looks at the sender and the timer.
        const FRAMES_IN_A_ROW: u32 = 256;
        let this = &mut *self;
        loop {
            if let Some(step) = this.step.as_mut() {
                let driver = std::task::ready!(step.as_mut().poll(cx));
                this.step = None;
                this.driver = Some(driver);
            }
            let Some(driver) = this.driver.as_mut() else {
                return Poll::Ready(None);
            };
            if let Some(event) = driver.events.pop_front() {
                return Poll::Ready(Some(event));
            }
            if driver.is_done() {
                return Poll::Ready(None);
            }
            if this.in_a_row < FRAMES_IN_A_ROW
                && let Some(read) = driver.read_ready(cx)
            {
                this.in_a_row += 1;
                match read {
                    Some(event) => return Poll::Ready(Some(event)),
                    None => continue,
                }
            }
            this.in_a_row = 0;
            if let Some(driver) = this.driver.take() {
                this.step = Some(Box::pin(driver.step()));
            }
        }
    }
}

/// A WebSocket client that reconnects by the vendor's rules: a [`Stream`] of [`Event`]s. See
/// [the module](self) for how it behaves.
pub struct Client {
    events: Pin<Box<dyn Stream<Item = Event> + Send>>,
}

impl core::fmt::Debug for Client {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client").finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for a client following `policy` (its vendor, flags, backoff and hook).
    pub fn builder(policy: Policy) -> Builder {
        Builder {
            policy,
            settings: Settings {
                ping_interval: Duration::from_secs(20),
                pong_timeout: Duration::from_secs(10),
                connect_timeout: Duration::from_secs(10),
                close_wait: Duration::from_secs(5),
                queue: 64,
            },
            on_open: None,
            ready_when: None,
        }
    }
}

impl Stream for Client {
    type Item = Event;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Event>> {
        self.events.as_mut().poll_next(cx)
    }
}
