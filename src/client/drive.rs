//! The client's one loop: connect, read, write and keep time, and hand every ending to the
//! policy. It runs only while the [`Client`](super::Client) is polled; nothing is spawned.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::future::BoxFuture;
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tokio::time::{Instant, Sleep, sleep_until, timeout};
use tokio_tungstenite::WebSocketStream;
use tungstenite::Message;

use super::sender::Control;
use super::{Attempt, Error, Event, Opening, Request, Settings};
use crate::messages::{read, read_text};
use crate::{Decision, Endpoint, Policy, Reading, Vendor};

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;
pub(crate) type Maker =
    Box<dyn FnMut(Attempt) -> BoxFuture<'static, Result<Request, BoxError>> + Send>;
pub(crate) type Connector<S> = Box<
    dyn FnMut(Request) -> BoxFuture<'static, Result<WebSocketStream<S>, tungstenite::Error>> + Send,
>;
pub(crate) type OpenHook = Box<dyn FnMut(&Opening) -> Vec<Message> + Send>;
pub(crate) type ReadyTest = Box<dyn FnMut(&Message) -> bool + Send>;

/// Everything the loop owns.
pub(crate) struct Driver<S> {
    pub(crate) policy: Policy,
    pub(crate) settings: Settings,
    pub(crate) maker: Maker,
    pub(crate) connector: Connector<S>,
    pub(crate) on_open: Option<OpenHook>,
    pub(crate) ready_when: Option<ReadyTest>,
    pub(crate) data: mpsc::Receiver<Message>,
    pub(crate) control: mpsc::UnboundedReceiver<Control>,
    pub(crate) control_open: bool,
    pub(crate) data_open: bool,
    pub(crate) events: VecDeque<Event>,
    pub(crate) state: State<S>,
    pub(crate) attempts: u32,
    /// The address the server gave for reconnecting (a ready message's resume address, or the
    /// address a message moved the client to).
    pub(crate) server_url: Option<String>,
    pub(crate) last: Option<Decision>,
    /// Whether any of the vendor's messages carries a delay, an address or a keepalive.
    pub(crate) carriers: bool,
}

pub(crate) enum State<S> {
    /// Waiting to connect.
    Waiting(Instant),
    Open(Box<Connection<S>>),
    /// A connection that ended while frames were read outside a step, to be closed in one.
    Ending(Box<Connection<S>>, Next),
    Done,
}

/// One open connection.
pub(crate) struct Connection<S> {
    ws: WebSocketStream<S>,
    opened: Instant,
    /// About when the last frame arrived: the timer notes it, within a quarter of the silence
    /// allowed, so that frames cost no clock reading.
    last_frame: Instant,
    /// Frames so far, and as many as the timer last saw.
    frames: u64,
    frames_seen: u64,
    pinged: bool,
    /// Wakes the client to ping or give up; re-armed when it fires, not on every frame.
    timer: std::pin::Pin<Box<Sleep>>,
    first: bool,
    ready: bool,
    retry_after: Option<Duration>,
    keepalive: Option<Duration>,
    /// A signal that announced the close to come: the close is decided by it, once.
    announced: Option<&'static crate::Message>,
}

/// What the loop does after a step on an open connection.
pub(crate) enum Next {
    Stay,
    End(Decision, Option<Error>),
    Closed,
}

impl<S: AsyncRead + AsyncWrite + Unpin + Send + 'static> Driver<S> {
    /// One step of the loop: wait and connect, or serve the open connection until something
    /// happens, or finish a connection that ended. Events pile up in `events`.
    pub(crate) async fn step(mut self: Box<Self>) -> Box<Self> {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Done => {}
            State::Waiting(until) => self.connect(until).await,
            State::Open(connection) => self.serve(connection).await,
            State::Ending(connection, next) => self.after(connection, next).await,
        }
        self
    }

    /// Reads what the open connection's socket already holds, without a step: most frames are
    /// messages that change nothing, and come back at once. `None` when there was nothing to
    /// read (the socket then wakes the client) or the client is not connected; `Some(None)`
    /// when a frame's events went to `events`.
    #[inline]
    pub(crate) fn read_ready(&mut self, cx: &mut std::task::Context<'_>) -> Option<Option<Event>> {
        let State::Open(connection) = &mut self.state else {
            return None;
        };
        let frame = match connection.ws.poll_next_unpin(cx) {
            std::task::Poll::Ready(frame) => frame,
            std::task::Poll::Pending => return None,
        };
        let frame = match frame {
            Some(Ok(message)) if passes(connection, self.carriers, &message) => {
                connection.frames = connection.frames.wrapping_add(1);
                connection.pinged = false;
                connection.first = false;
                return Some(Some(Event::Message(message)));
            }
            other => other,
        };
        let State::Open(mut connection) = std::mem::replace(&mut self.state, State::Done) else {
            return None;
        };
        self.state = match self.on_frame(&mut connection, frame) {
            Next::Stay => State::Open(connection),
            ending => State::Ending(connection, ending),
        };
        Some(None)
    }

    /// Whether the loop is over and every event handed on.
    pub(crate) fn is_done(&self) -> bool {
        matches!(self.state, State::Done) && self.events.is_empty()
    }

    fn vendor(&self) -> Vendor {
        self.policy.vendor()
    }

    /// Applies a request from the sender; a close request comes back, to be carried out.
    fn apply(&mut self, control: Option<Control>) -> Option<tungstenite::protocol::CloseFrame> {
        match control {
            Some(Control::Close(frame)) => return Some(frame),
            Some(Control::Flag(flag, on)) => {
                // The sender checked the name against the vendor's flags.
                let _ = self.policy.set_flag(&flag, on);
            }
            None => self.control_open = false,
        }
        None
    }

    /// Waits until `until`, then makes one attempt. A close request in the meantime stops the
    /// client.
    async fn connect(&mut self, until: Instant) {
        loop {
            tokio::select! {
                biased;
                control = self.control.recv(), if self.control_open => {
                    if self.apply(control).is_some() {
                        return self.stop(None, None);
                    }
                }
                () = sleep_until(until) => break,
            }
        }
        self.attempts += 1;
        let attempt = Attempt {
            number: self.attempts,
            decision: self.last,
            url: self.next_url(self.last),
        };
        let first = self.last.is_none();
        let connect_timeout = self.settings.connect_timeout;
        let requesting = (self.maker)(attempt.clone());
        let outcome = {
            let connector = &mut self.connector;
            let attempting = async move {
                let request = requesting.await.map_err(Error::Request)?;
                let url = request.uri().to_string();
                let ws = connector(request).await.map_err(Error::Connect)?;
                Ok((ws, url))
            };
            let connecting = async move {
                match timeout(connect_timeout, attempting).await {
                    Err(_) => Err(Error::ConnectTimeout(connect_timeout)),
                    Ok(outcome) => outcome,
                }
            };
            tokio::pin!(connecting);
            loop {
                tokio::select! {
                    biased;
                    control = self.control.recv(), if self.control_open => match control {
                        Some(Control::Close(_)) => break None,
                        Some(Control::Flag(flag, on)) => {
                            let _ = self.policy.set_flag(&flag, on);
                        }
                        None => self.control_open = false,
                    },
                    outcome = &mut connecting => break Some(outcome),
                }
            }
        };
        let Some(outcome) = outcome else {
            return self.stop(None, None);
        };
        match outcome {
            Ok((mut ws, url)) => {
                self.policy.on_open();
                self.events.push_back(Event::Connected { url });
                let resubscribe = first || self.last.is_some_and(|d| d.resubscribe());
                let opening = Opening {
                    attempt,
                    resubscribe,
                };
                let messages = self.on_open.as_mut().map(|hook| hook(&opening));
                for message in messages.into_iter().flatten() {
                    if let Err(e) = ws.feed(message).await {
                        let decision = self.policy.on_tungstenite_error(&e);
                        return self.end(decision, Some(Error::Io(e)));
                    }
                }
                let now = Instant::now();
                let mut connection = Connection {
                    ws,
                    opened: now,
                    last_frame: now,
                    frames: 0,
                    frames_seen: 0,
                    pinged: false,
                    timer: Box::pin(tokio::time::sleep_until(now)),
                    first: true,
                    ready: false,
                    retry_after: None,
                    keepalive: None,
                    announced: None,
                };
                if let Err(e) = connection.ws.flush().await {
                    let decision = self.policy.on_tungstenite_error(&e);
                    return self.end(decision, Some(Error::Io(e)));
                }
                // A vendor with no ready message (and no test of the application's) is ready
                // once connected: the queue need not wait.
                let look = self.next_look(&connection, now);
                connection.timer.as_mut().reset(look);
                if !self.has_ready_test() {
                    // Not `on_ready`: without a ready message the policy judges the connection
                    // by its uptime, so that a server closing at once meets the loop guard.
                    connection.ready = true;
                    self.events.push_back(Event::Ready);
                }
                self.state = State::Open(Box::new(connection));
            }
            Err(Error::Request(e)) => self.stop(None, Some(Error::Request(e))),
            Err(Error::Connect(e)) => {
                let decision = self.policy.on_tungstenite_error(&e);
                self.end(decision, Some(Error::Connect(e)));
            }
            Err(other) => {
                let decision = self.policy.on_transport_error();
                self.end(decision, Some(other));
            }
        }
    }

    /// Whether something tells the client when a session is ready.
    fn has_ready_test(&self) -> bool {
        self.ready_when.is_some() || self.vendor().messages().iter().any(|m| m.is_ready())
    }

    /// The longest silence this connection may have, and whether the client pings to break it:
    /// a server that promises traffic (a keepalive hint, the vendor's idle timeout) is not
    /// pinged, since some vendors close on anything but pongs (Twitch's 4001).
    fn silence(&self, connection: &Connection<S>) -> (Duration, bool) {
        if let Some(keepalive) = connection.keepalive {
            // twurple waits 1.2 × the keepalive before it gives up (EventSubWsSocket.ts,
            // `_restartKeepaliveTimer`); at least a second more on a short one.
            let margin = (keepalive / 5).max(Duration::from_secs(1));
            return (keepalive + margin, false);
        }
        if let Some(idle) = self.vendor().session().idle_timeout() {
            return (idle, false);
        }
        let settings = &self.settings;
        (settings.ping_interval + settings.pong_timeout, true)
    }

    /// When the client must next look at a quiet connection (to ping, or to give up), when it
    /// gives up, and the silence that allows.
    fn wake(&self, connection: &Connection<S>) -> (Instant, Instant, Duration) {
        let (deadline, pings) = self.silence(connection);
        let give_up = connection.last_frame + deadline;
        let ping_at = connection.last_frame + self.settings.ping_interval;
        let wake = if pings && !connection.pinged {
            ping_at.min(give_up)
        } else {
            give_up
        };
        (wake, give_up, deadline)
    }

    /// When the timer looks at the connection next: when a ping or giving up is due, and at
    /// least every quarter of the silence allowed, to note whether frames came.
    fn next_look(&self, connection: &Connection<S>, now: Instant) -> Instant {
        let (wake, _, deadline) = self.wake(connection);
        wake.min(now + (deadline / 4).max(Duration::from_millis(100)))
    }

    /// One step on an open connection: a frame, a request from the sender, or a timer.
    async fn serve(&mut self, mut connection: Box<Connection<S>>) {
        // Frames already read were handed on by `read_ready` before this step: here the
        // sender's requests come first, then frames, and the timer last, so that a client polled
        // late counts the frames that wait before it judges the silence.
        let next = tokio::select! {
            biased;
            control = self.control.recv(), if self.control_open => match self.apply(control) {
                Some(frame) => {
                    // What was queued before the close goes out before it, on a ready session.
                    if connection.ready {
                        while let Ok(message) = self.data.try_recv() {
                            if connection.ws.feed(message).await.is_err() {
                                break;
                            }
                        }
                    }
                    close_and_wait(&mut connection.ws, Some(frame), self.settings.close_wait).await;
                    Next::Closed
                }
                None => Next::Stay,
            },
            message = self.data.recv(), if connection.ready && self.data_open => match message {
                Some(message) => match connection.ws.send(message).await {
                    Ok(()) => Next::Stay,
                    Err(e) => self.failed(&connection, e),
                },
                // Every sender is gone: nothing more will be queued.
                None => {
                    self.data_open = false;
                    Next::Stay
                }
            },
            frame = connection.ws.next() => self.on_frame(&mut connection, frame),
            () = &mut connection.timer => {
                let now = Instant::now();
                if connection.frames != connection.frames_seen {
                    connection.frames_seen = connection.frames;
                    connection.last_frame = now;
                }
                let (wake, give_up, deadline) = self.wake(&connection);
                if now >= give_up {
                    self.ended(&connection, Policy::on_transport_error, Some(Error::Stalled(deadline)))
                } else if now >= wake {
                    connection.pinged = true;
                    let look = self.next_look(&connection, now);
                    connection.timer.as_mut().reset(look);
                    match connection.ws.send(Message::Ping(Vec::new().into())).await {
                        Ok(()) => Next::Stay,
                        Err(e) => self.failed(&connection, e),
                    }
                } else {
                    let look = self.next_look(&connection, now);
                    connection.timer.as_mut().reset(look);
                    Next::Stay
                }
            }
        };
        self.after(connection, next).await;
    }

    /// Acts on how a step on an open connection ended.
    async fn after(&mut self, mut connection: Box<Connection<S>>, next: Next) {
        match next {
            Next::Stay => self.state = State::Open(connection),
            Next::Closed => self.stop(None, None),
            Next::End(decision, error) => {
                // The client ends its side too (a stalled or moved connection), briefly.
                close_and_wait(&mut connection.ws, None, Duration::from_millis(100)).await;
                self.end(decision, error)
            }
        }
    }

    /// What a frame from the server means for the connection.
    fn on_frame(
        &mut self,
        connection: &mut Connection<S>,
        frame: Option<Result<Message, tungstenite::Error>>,
    ) -> Next {
        connection.frames = connection.frames.wrapping_add(1);
        connection.pinged = false;
        let message = match frame {
            None => return self.ended(connection, |p| p.on_transport_error(), None),
            Some(Err(e)) => {
                return self.failed(connection, e);
            }
            Some(Ok(message)) => message,
        };
        if passes(connection, self.carriers, &message) {
            connection.first = false;
            self.events.push_back(Event::Message(message));
            return Next::Stay;
        }
        let reading = match &message {
            // Once the session is ready, only rows that carry something are worth reading for.
            Message::Text(text) => read_text(
                self.vendor(),
                text.as_str(),
                connection.first,
                !connection.ready,
            ),
            Message::Binary(_) => read(
                self.vendor(),
                None,
                None,
                connection.first,
                !connection.ready,
            ),
            Message::Close(frame) => {
                let hint = connection.retry_after;
                let frame = frame.clone();
                return self.ended(
                    connection,
                    |p| match hint {
                        Some(hint) => p.on_tungstenite_close_with_retry_after(&frame, hint),
                        None => p.on_tungstenite_close(&frame),
                    },
                    None,
                );
            }
            // Pings are answered by tungstenite as it reads; pongs and raw frames only show
            // the connection is alive.
            _ => return Next::Stay,
        };
        connection.first = false;
        let ready = match self.ready_when.as_mut() {
            Some(test) => test(&message),
            None => reading.ready,
        };
        let moves = moves(&reading);
        let signal = reading.signal;
        let keepalive = connection.keepalive;
        self.note(connection, reading);
        if connection.keepalive != keepalive {
            let look = self.next_look(connection, Instant::now());
            connection.timer.as_mut().reset(look);
        }
        if ready && !connection.ready {
            connection.ready = true;
            self.policy.on_ready();
            self.events.push_back(Event::Ready);
        }
        self.events.push_back(Event::Message(message));
        if let Some(signal) = signal {
            match signal.signal().map(crate::Signal::ends) {
                // The signal ends the session: the client closes and acts now.
                Some(crate::Ending::Ends) => {
                    self.policy.on_uptime(connection.opened.elapsed());
                    let decision = self.policy.on_signal(signal, connection.retry_after);
                    return Next::End(decision, None);
                }
                // The server's close follows; it is decided by the signal.
                _ => connection.announced = Some(signal),
            }
        }
        if moves {
            self.policy.on_uptime(connection.opened.elapsed());
            return Next::End(self.policy.on_moved(), None);
        }
        Next::Stay
    }

    /// Keeps what a message carries for the decisions to come.
    fn note(&mut self, connection: &mut Connection<S>, reading: Reading) {
        if reading.retry_after.is_some() {
            connection.retry_after = reading.retry_after;
        }
        if reading.keepalive.is_some() {
            connection.keepalive = reading.keepalive;
        }
        if reading.reconnect_url.is_some() {
            self.server_url = reading.reconnect_url;
        }
    }

    /// The connection ended as `decide` says, after the uptime is reported from tokio's clock
    /// (the policy's own clock does not move under a paused tokio clock).
    /// A signal that announced the ending decides it instead: one decision for the signal and
    /// its close.
    fn ended(
        &mut self,
        connection: &Connection<S>,
        decide: impl FnOnce(&mut Policy) -> Decision,
        error: Option<Error>,
    ) -> Next {
        self.policy.on_uptime(connection.opened.elapsed());
        let decision = match connection.announced {
            Some(signal) => self.policy.on_signal(signal, connection.retry_after),
            None => decide(&mut self.policy),
        };
        Next::End(decision, error)
    }

    /// The connection failed with `error`: decided like [`ended`](Self::ended).
    fn failed(&mut self, connection: &Connection<S>, error: tungstenite::Error) -> Next {
        let next = self.ended(connection, |p| p.on_tungstenite_error(&error), None);
        match next {
            Next::End(decision, _) => Next::End(decision, Some(Error::Io(error))),
            other => other,
        }
    }

    /// Acts on the policy's decision: wait and reconnect, or stop.
    fn end(&mut self, decision: Decision, error: Option<Error>) {
        self.last = Some(decision);
        match decision.delay() {
            Some(delay) if decision.should_reconnect() => {
                self.events.push_back(Event::Reconnecting {
                    decision,
                    delay,
                    url: self.next_url(Some(decision)),
                    error,
                });
                self.state = State::Waiting(Instant::now() + delay);
            }
            _ => self.stop(Some(decision), error),
        }
    }

    /// The address the attempt after `decision` goes to: the server's, when the decision says
    /// to use it; else the default (`None`).
    fn next_url(&self, decision: Option<Decision>) -> Option<String> {
        match decision?.reconnect_to() {
            Some(Endpoint::Server) => self.server_url.clone(),
            _ => None,
        }
    }

    /// The client stops: what is queued comes back, and nothing more is taken.
    fn stop(&mut self, decision: Option<Decision>, error: Option<Error>) {
        self.data.close();
        let mut unsent = Vec::new();
        while let Ok(message) = self.data.try_recv() {
            unsent.push(message);
        }
        self.control.close();
        self.events.push_back(Event::Stopped {
            decision,
            error,
            unsent,
        });
        self.state = State::Done;
    }
}

/// Whether a message goes straight on, with nothing to read for: a text or binary message on a
/// ready session of a vendor whose messages carry nothing (no delay, address or keepalive).
#[inline]
fn passes<S>(connection: &Connection<S>, carriers: bool, message: &Message) -> bool {
    connection.ready && !carriers && matches!(message, Message::Text(_) | Message::Binary(_))
}

/// Whether a message moves the client: it gives an address and is neither the ready event (a
/// ready message's address is kept for a close that asks for it) nor a signal (whose decision
/// says where to go).
fn moves(reading: &Reading) -> bool {
    reading
        .matched
        .iter()
        .any(|m| m.reconnect_url().is_some() && !m.is_ready() && m.signal().is_none())
        && reading.reconnect_url.is_some()
}

/// Sends a close frame (or answers one) and reads until the server's echo or `wait`.
async fn close_and_wait<S: AsyncRead + AsyncWrite + Unpin>(
    ws: &mut WebSocketStream<S>,
    frame: Option<tungstenite::protocol::CloseFrame>,
    wait: Duration,
) {
    let _ = timeout(wait, async {
        if ws.close(frame).await.is_err() {
            return;
        }
        while let Some(Ok(_)) = ws.next().await {}
    })
    .await;
}
