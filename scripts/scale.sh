#!/usr/bin/env bash
# Scale check (see BENCHMARKS.md): builds a copy of the crate whose codes/ holds a synthetic
# registry of 100 vendors × 100 codes (10 000 rows, plus the standard file), times the crate's
# own release build beside the same build with the shipped data, and runs the lookup benchmark
# against the large registry. Extra arguments go to criterion.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find "$root" -mindepth 1 -maxdepth 1 ! -name target ! -name .git ! -name fuzz -exec cp -r {} "$work/" \;
export CARGO_TARGET_DIR="$root/target/scale"
manifest="$work/Cargo.toml"
seconds() { local start end; start=$(date +%s.%N); "$@"; end=$(date +%s.%N); awk "BEGIN { print $end - $start }"; }
crate_build() {
  cargo clean -q --release -p closecodes --manifest-path "$manifest"
  seconds cargo build -q --release --manifest-path "$manifest"
}

cargo build -q --release --manifest-path "$manifest"   # dependencies, once
shipped=$(crate_build)
rm "$work"/codes/*.toml
(cd "$root" && cargo run -q --example synthetic_registry -- "$work/codes" 100 100)
large=$(crate_build)
echo "release build of the crate alone, shipped data:  ${shipped} s"
echo "release build of the crate alone, 10 000 rows:   ${large} s"
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(--warm-up-time 2 --measurement-time 6)
cargo bench -q --manifest-path "$manifest" --bench lookup -- "${args[@]}"
