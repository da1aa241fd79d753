#!/usr/bin/env bash
# The README's "Connect" section, checked as a reader would use it: a fresh package outside the
# repository with exactly the section's [dependencies] (closecodes by path instead of by
# version) and its client as printed, run against a loopback server that plays graphql-ws: it
# acknowledges, answers the subscription, closes with 1000 while it runs (reconnect at once),
# then with 4400 (stop). The client must print the answer twice, reconnect once and stop.
# shellcheck source=.ci/scratch.sh
source "$(dirname "$0")/scratch.sh"
export CARGO_TARGET_DIR="$root/target/readme-connect"
app="$work/app"

section=$(awk '/^## Connect$/ { grab = 1; next } grab && /^## / { exit } grab { print }' "$root/README.md")
[[ -n $section ]] || { echo "FAIL: the README has no Connect section"; exit 1; }
package readme-connect "$(awk '/^```toml$/ { grab = 1; next } grab && /^```$/ { exit } grab { print }' <<<"$section")"

awk '/^```rust/ { grab = 1; next } grab && /^```$/ { exit } grab { print }' <<<"$section" > "$app/src/main.rs"
[[ -s "$app/src/main.rs" ]] || { echo "FAIL: no Rust block in the Connect section"; exit 1; }
cat >> "$app/src/main.rs" <<'RUST'

// The reader's own part: a graphql-ws server to try the client against (blocking tungstenite,
// re-exported by closecodes, on a thread) and a main with a time bound.
#[tokio::main]
async fn main() {
    use closecodes::tungstenite::{Message, protocol::CloseFrame};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for (stream, code) in listener.incoming().zip([1000u16, 4400]) {
            let mut socket = closecodes::tungstenite::accept(stream.unwrap()).unwrap();
            let _init = socket.read().unwrap();
            socket.send(Message::text(r#"{"type":"connection_ack"}"#)).unwrap();
            let _subscribe = socket.read().unwrap();
            let next = r#"{"id":"1","type":"next","payload":{"data":{"greetings":"hi"}}}"#;
            socket.send(Message::text(next)).unwrap();
            let _ = socket.close(Some(CloseFrame { code: code.into(), reason: "".into() }));
            while socket.read().is_ok() {}
        }
    });
    let url = format!("ws://{address}/graphql");
    tokio::time::timeout(std::time::Duration::from_secs(60), run(&url))
        .await
        .expect("the client stops within 60 s");
    println!("the client stopped");
}
RUST

(cd "$app" && timeout 900 cargo run -q) >"$work/out.txt" 2>&1 || fail "the Connect section's client did not build or run with its dependencies"
[[ $(grep -c '"greetings":"hi"' "$work/out.txt") -eq 2 ]] || fail "the subscription's answer did not arrive on both connections"
grep -q "^graphql-ws close 1000 (Normal Closure): reconnect" "$work/out.txt" || fail "no reconnect after 1000 with the subscription running"
grep -q "^graphql-ws close 4400 (BadRequest): stop; do not reconnect$" "$work/out.txt" || fail "no stop after 4400"
grep -q "^the client stopped$" "$work/out.txt" || fail "the client did not stop"
echo "ok: the README's Connect client builds with its dependencies, reconnects after 1000 and stops on 4400"
