#!/usr/bin/env bash
# The newcomer's path, checked as a newcomer would walk it: a fresh package outside the
# repository with exactly the README's [dependencies] (closecodes by path instead of by
# version), the Policy page's tokio-tungstenite loop copied as printed, and a main that runs it
# against a loopback server closing with Metered's 4010 (back off) and then 4012 (stop). The
# loop must build, reconnect once, and stop.
# shellcheck source=.ci/scratch.sh
source "$(dirname "$0")/scratch.sh"
export CARGO_TARGET_DIR="$root/target/newcomer"
app="$work/app"

dependencies=$(awk '/^```toml$/ { getline; if ($0 == "[dependencies]") { grab = 1; print; next } } grab && /^```$/ { exit } grab { print }' "$root/README.md")
[[ -n $dependencies ]] || { echo "FAIL: the README has no [dependencies] block"; exit 1; }
package newcomer-client "$dependencies"

# The Policy page's loop, as printed.
awk '/^```rust/ { grab = 1; next } grab && /^```$/ { exit } grab { print }' \
  "$root/src/reconnect/tokio_tungstenite.md" > "$app/src/main.rs"
[[ -s "$app/src/main.rs" ]] || { echo "FAIL: no Rust block on the Policy page"; exit 1; }
cat >> "$app/src/main.rs" <<'RUST'

// The newcomer's own part: a server to try the loop against (blocking tungstenite, re-exported
// by closecodes, on a thread) and a main with a time bound.
#[tokio::main]
async fn main() {
    use closecodes::tungstenite::protocol::CloseFrame;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let mut socket = closecodes::tungstenite::accept(stream.unwrap()).unwrap();
            let code = if n == 0 { 4010 } else { 4012 };
            let _ = socket.close(Some(CloseFrame { code: code.into(), reason: "".into() }));
            while socket.read().is_ok() {}
        }
    });
    let url = format!("ws://{address}");
    tokio::time::timeout(std::time::Duration::from_secs(60), run(&url))
        .await
        .expect("the loop stops within 60 s");
    println!("the loop stopped");
}
RUST

(cd "$app" && timeout 900 cargo run -q) >"$work/out.txt" 2>&1 || fail "the Policy page's loop did not build or run with the README's dependencies"
grep -q "^metered close 4010 (Over Concurrent Limit): backoff; reconnect in" "$work/out.txt" || fail "no backoff after 4010"
grep -q "^metered close 4012 (Account Suspended): stop; do not reconnect$" "$work/out.txt" || fail "no stop after 4012"
grep -q "^the loop stopped$" "$work/out.txt" || fail "the loop did not return"
echo "ok: the Policy page's loop builds with the README's dependencies and stops on 4012"
