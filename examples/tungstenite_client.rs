//! A blocking tungstenite client that lets `closecodes` decide after each close or error.
//!
//! ```text
//! cargo run --example tungstenite_client --features tungstenite
//! ```
//!
//! A local server thread closes the first connection with Metered's 4010 and the second with
//! 4012; the client backs off once, then stops. A third, refused connection shows the error path.

use std::net::TcpListener;
use std::thread;

use closecodes::{CloseFrame, Decision, Policy, Vendor, codes::metered::CloseCode};
use tungstenite::{Error, Message};

fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let url = format!("ws://{}", listener.local_addr().expect("the bound address"));
    let server = thread::spawn(move || {
        for code in [CloseCode::OverConcurrentLimit, CloseCode::AccountSuspended] {
            let (stream, _) = listener.accept().expect("a connection");
            let mut socket = tungstenite::accept(stream).expect("a WebSocket upgrade");
            let frame = CloseFrame::sendable(code, "closed by the demo server");
            let _ = socket.close(Some(frame.into()));
            while socket.read().is_ok() {}
        }
    });

    let mut policy = Policy::new(Vendor::Metered);
    loop {
        let decision = connect_once(&url, &mut policy);
        println!("{decision}");
        if !decision.should_reconnect() {
            break;
        }
        // A real client sleeps `decision.delay()` here; the demo goes on at once.
    }
    server.join().expect("the server thread");

    // Nothing listens on the old port any more: the error path decides too.
    let mut fresh = Policy::new(Vendor::Metered);
    println!("{}", connect_once(&url, &mut fresh));
}

/// One connection: read until it ends, then let the policy decide.
fn connect_once(url: &str, policy: &mut Policy) -> Decision {
    let mut socket = match tungstenite::connect(url) {
        Ok((socket, _)) => socket,
        Err(error) => return policy.on_tungstenite_error(&error),
    };
    policy.on_open();
    loop {
        match socket.read() {
            Ok(Message::Close(frame)) => {
                // Complete the closing handshake before deciding.
                while socket.read().is_ok() {}
                return policy.on_tungstenite_close(&frame);
            }
            Ok(_) => {}
            Err(Error::ConnectionClosed) => return policy.on_transport_error(),
            Err(error) => return policy.on_tungstenite_error(&error),
        }
    }
}
