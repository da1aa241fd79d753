#!/usr/bin/env bash
# Compile cost as a user pays it (see BENCHMARKS.md): a clean debug build of a minimal
# tokio-tungstenite client, once without closecodes and once with it (default features plus
# `tungstenite`), alternating, ROUNDS times (default 3), on the same machine; the medians of
# wall-clock and CPU time (user + system, steadier on a noisy machine) and their differences
# are what adding closecodes costs. The crate measured is this checkout, or the one named by the
# first argument.
set -euo pipefail
root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rounds=${ROUNDS:-3}
# Prints "WALL CPU" in seconds for one clean build of the client in $1.
build() {
  local TIMEFORMAT='%R %U %S' timing
  rm -rf "$work/target-$1"
  timing=$( { time cargo build -q --manifest-path "$work/$1/Cargo.toml" --target-dir "$work/target-$1" >/dev/null 2>&1; } 2>&1 )
  awk '{ printf "%.1f %.1f\n", $1, $2 + $3 }' <<<"$timing"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

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

: > "$work/plain.txt"
: > "$work/with.txt"
for _ in $(seq "$rounds"); do
  build plain >> "$work/plain.txt"
  build with-closecodes >> "$work/with.txt"
done
column() { cut -d' ' -f"$2" "$work/$1.txt" | median; }
plain_wall=$(column plain 1); plain_cpu=$(column plain 2)
with_wall=$(column with 1); with_cpu=$(column with 2)
echo "medians of $rounds clean debug builds each, wall-clock and CPU (user + system):"
echo "tokio-tungstenite client:          ${plain_wall} s wall, ${plain_cpu} s CPU"
echo "the same client with closecodes:   ${with_wall} s wall, ${with_cpu} s CPU"
awk -v pw="$plain_wall" -v ww="$with_wall" -v pc="$plain_cpu" -v wc="$with_cpu" 'BEGIN {
  printf "closecodes adds:                   %.1f s wall (%.2fx), %.1f s CPU (%.2fx)\n", ww - pw, ww / pw, wc - pc, wc / pc }'
