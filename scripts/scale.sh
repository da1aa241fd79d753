#!/usr/bin/env bash
# Scale check (see BENCHMARKS.md): builds a copy of the crate whose codes/ holds a synthetic
# registry of 100 vendors × 100 codes (10 000 rows, plus the standard file), times the crate's
# own release build, and runs the lookup benchmark against it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find "$root" -mindepth 1 -maxdepth 1 ! -name target ! -name .git ! -name fuzz -exec cp -r {} "$work/" \;
rm "$work"/codes/*.toml
(cd "$root" && cargo run -q --example synthetic_registry -- "$work/codes" 100 100)
export CARGO_TARGET_DIR="$root/target/scale"
cargo build -q --release --manifest-path "$work/Cargo.toml"       # dependencies, once
cargo clean -q --release -p closecodes --manifest-path "$work/Cargo.toml"
start=$(date +%s.%N)
cargo build -q --release --manifest-path "$work/Cargo.toml"
end=$(date +%s.%N)
echo "release build of the crate alone (build script + codegen + rustc) with 10 000 rows: $(awk "BEGIN { print $end - $start }") s"
cargo bench -q --manifest-path "$work/Cargo.toml" --bench lookup -- "${@:---warm-up-time 2 --measurement-time 6}"
