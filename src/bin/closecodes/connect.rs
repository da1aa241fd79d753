//! `closecodes connect VENDOR URL`: a client for debugging a vendor connection, on
//! `closecodes::client`. Received text goes to standard output, one message a line; each line
//! of standard input is sent; every close is explained on standard error (or, with `--json`,
//! every event is a JSON line on standard output).

use std::io::Write;

use closecodes::client::{Client, Event};
use closecodes::tungstenite::Message;
use closecodes::tungstenite::client::IntoClientRequest;
use closecodes::tungstenite::http::{HeaderName, HeaderValue};
use closecodes::{CloseFrame, Decision, Policy, Vendor};
use futures_util::StreamExt;
use serde_json::json;
use tokio::io::AsyncBufReadExt;

use crate::Failure;

/// What `connect` was asked to do.
pub(crate) struct Options {
    pub(crate) vendor: Vendor,
    pub(crate) url: String,
    pub(crate) send: Vec<String>,
    pub(crate) headers: Vec<String>,
    pub(crate) max_reconnects: Option<u32>,
    pub(crate) json: bool,
}

/// Runs the client until the policy stops it (exit status 0), `--max-reconnects` does (1), or
/// standard input ends (0, after a clean close).
pub(crate) fn run(options: Options) -> Result<(), Failure> {
    let headers = parse_headers(&options.headers)?;
    // The address is checked once, up front: a typo is a usage error, not a reconnect loop.
    options
        .url
        .as_str()
        .into_client_request()
        .map_err(|e| Failure::usage(format!("{}: {e}", options.url)))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::usage(format!("cannot start: {e}")))?;
    let result = runtime.block_on(drive(options, headers));
    // Reading standard input blocks a thread that no shutdown can wait out: leave it behind.
    runtime.shutdown_background();
    result
}

fn parse_headers(headers: &[String]) -> Result<Vec<(HeaderName, HeaderValue)>, Failure> {
    headers
        .iter()
        .map(|header| {
            let (name, value) = header.split_once(':').ok_or_else(|| {
                Failure::usage(format!("--header {header:?}: write it as NAME:VALUE"))
            })?;
            let name = HeaderName::try_from(name.trim())
                .map_err(|e| Failure::usage(format!("--header {header:?}: {e}")))?;
            let value = HeaderValue::try_from(value.trim())
                .map_err(|e| Failure::usage(format!("--header {header:?}: {e}")))?;
            Ok((name, value))
        })
        .collect()
}

async fn drive(options: Options, headers: Vec<(HeaderName, HeaderValue)>) -> Result<(), Failure> {
    let default_url = options.url.clone();
    let opening: Vec<Message> = options
        .send
        .iter()
        .map(|t| Message::text(t.as_str()))
        .collect();
    let (mut client, sender) = Client::builder(Policy::new(options.vendor))
        .on_open(move |_| opening.clone())
        .build(move |attempt| {
            let url = attempt.url().unwrap_or(&default_url).to_owned();
            let headers = headers.clone();
            async move {
                let mut request = url.into_client_request()?;
                request.headers_mut().extend(headers);
                Ok::<_, closecodes::tungstenite::Error>(request)
            }
        });
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    let mut input_open = true;
    let mut ready = false;
    let mut close_when_ready = false;
    let mut reconnects = 0u32;
    loop {
        let event = tokio::select! {
            event = client.next() => event,
            line = lines.next_line(), if input_open => {
                match line {
                    Ok(Some(line)) => {
                        if sender.send(Message::text(line)).await.is_err() {
                            input_open = false;
                        }
                    }
                    // The end of input ends the session cleanly, once what was typed went out:
                    // on a ready session.
                    _ => {
                        input_open = false;
                        close_when_ready = true;
                        if ready {
                            close_normally(&sender);
                        }
                    }
                }
                continue;
            }
        };
        let Some(event) = event else {
            return Ok(());
        };
        if let Event::Reconnecting { decision, .. } = &event
            && options.max_reconnects.is_some_and(|max| reconnects >= max)
        {
            report(&event, options.json);
            if options.json {
                let mut line = stopped_json(Some(decision));
                line["reason"] = json!("max_reconnects");
                print_line(&line);
            }
            eprintln!("closecodes: stopped after {reconnects} reconnects (--max-reconnects)");
            return Err(Failure::quiet(1));
        }
        match event {
            Event::Reconnecting { .. } => {
                reconnects += 1;
                ready = false;
            }
            Event::Ready => {
                ready = true;
                if close_when_ready {
                    close_normally(&sender);
                }
            }
            _ => {}
        }
        let stopped = matches!(event, Event::Stopped { .. });
        report(&event, options.json);
        if stopped {
            return Ok(());
        }
    }
}

/// Ends the client with 1000 Normal Closure.
fn close_normally(sender: &closecodes::client::Sender) {
    if let Ok(normal) = CloseFrame::new(1000, "end of input") {
        sender.close(normal);
    }
}

/// One event, as text lines or as a JSON line.
fn report(event: &Event, json: bool) {
    if json {
        if let Some(line) = event_json(event) {
            print_line(&line);
        }
        return;
    }
    match event {
        Event::Message(Message::Text(text)) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", text.as_str());
            let _ = out.flush();
        }
        Event::Reconnecting {
            decision, error, ..
        } => eprintln!("{}", explained(decision, error.as_ref())),
        Event::Stopped {
            decision: Some(decision),
            error,
            ..
        } => {
            eprintln!("{}", explained(decision, error.as_ref()))
        }
        Event::Stopped {
            decision: None,
            error: Some(error),
            ..
        } => eprintln!("closecodes: {error}"),
        _ => {}
    }
}

/// The decision's log line, what the close means, and the error beside it.
fn explained(decision: &Decision, error: Option<&closecodes::client::Error>) -> String {
    let mut line = decision.to_string();
    if let Some(entry) = decision.entry() {
        line.push_str(" — ");
        line.push_str(entry.meaning());
    }
    if let Some(error) = error {
        line.push_str(&format!(" ({error})"));
    }
    line
}

/// The code a decision was about, as the serialized `Decision` gives it (null for none).
fn code(decision: &Decision) -> serde_json::Value {
    serde_json::to_value(decision)
        .map(|d| d["code"].clone())
        .unwrap_or(serde_json::Value::Null)
}

fn stopped_json(decision: Option<&Decision>) -> serde_json::Value {
    json!({
        "event": "stopped",
        "code": decision.map_or(serde_json::Value::Null, code),
        "action": decision.map(|d| d.action()),
    })
}

fn event_json(event: &Event) -> Option<serde_json::Value> {
    Some(match event {
        Event::Connected { url } => json!({ "event": "connected", "url": url }),
        Event::Ready => json!({ "event": "ready" }),
        Event::Message(Message::Text(text)) => json!({ "event": "message", "text": text.as_str() }),
        Event::Message(_) => return None,
        Event::Reconnecting {
            decision,
            delay,
            url,
            ..
        } => json!({
            "event": "reconnecting",
            "code": code(decision),
            "action": decision.action(),
            "delay_ms": u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            "url": url,
        }),
        Event::Stopped { decision, .. } => stopped_json(decision.as_ref()),
        _ => return None,
    })
}

fn print_line(value: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value}");
    let _ = out.flush();
}
