#!/usr/bin/env bash
# Compile cost as a user pays it (see BENCHMARKS.md): a clean debug build of a minimal
# tokio-tungstenite client, once without closecodes and once with it (default features plus
# `tungstenite`), one after the other on the same machine, so the difference is what adding
# closecodes costs. The crate measured is this checkout, or the one named by the first argument.
set -euo pipefail
root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); awk "BEGIN { printf \"%.1f\", $end - $start }"; }

client() { # client NAME [EXTRA DEPENDENCY LINE]
  mkdir -p "$work/$1/src"
  cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
tokio = { version = "1", features = ["macros", "net", "rt"] }
tokio-tungstenite = "0.30"
futures-util = { version = "0.3", default-features = false }
$2

[workspace]
TOML
  cat > "$work/$1/src/main.rs" <<'RUST'
use futures_util::StreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let Ok((mut socket, _)) = tokio_tungstenite::connect_async("ws://127.0.0.1:9/").await else {
        return;
    };
    while let Some(Ok(message)) = socket.next().await {
        if let tokio_tungstenite::tungstenite::Message::Close(frame) = message {
            println!("{frame:?}");
        }
    }
}
RUST
}

client plain ""
client with-closecodes "closecodes = { path = \"$root\", features = [\"tungstenite\"] }"
echo 'fn _uses() -> Option<closecodes::Action> { closecodes::lookup(closecodes::Vendor::standard(), 1000).map(|e| e.action()) }' >> "$work/with-closecodes/src/main.rs"
for p in plain with-closecodes; do
  cargo generate-lockfile -q --manifest-path "$work/$p/Cargo.toml"
  cargo fetch -q --manifest-path "$work/$p/Cargo.toml"
done

plain=$(seconds cargo build --manifest-path "$work/plain/Cargo.toml" --target-dir "$work/target-plain")
with=$(seconds cargo build --manifest-path "$work/with-closecodes/Cargo.toml" --target-dir "$work/target-with")
echo "tokio-tungstenite client:                 ${plain} s"
echo "the same client with closecodes:          ${with} s"
echo "closecodes adds:                          $(awk "BEGIN { printf \"%.1f s (%.2fx)\", $with - $plain, $with / $plain }")"
