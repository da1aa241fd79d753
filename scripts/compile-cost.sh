#!/usr/bin/env bash
# Compile cost (see BENCHMARKS.md): a clean debug build of closecodes with default features,
# dependencies and build dependencies included, beside a clean build of the `http` crate, on
# the same machine, one after the other.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); awk "BEGIN { print $end - $start }"; }

cargo new -q --lib "$work/http-probe"
echo 'http = "1"' >> "$work/http-probe/Cargo.toml"
cargo fetch -q --manifest-path "$work/http-probe/Cargo.toml"
cargo fetch -q --manifest-path "$root/Cargo.toml"

ours=$(seconds cargo build --manifest-path "$root/Cargo.toml" --lib --target-dir "$work/ours")
http=$(seconds cargo build --manifest-path "$work/http-probe/Cargo.toml" --target-dir "$work/http")
echo "closecodes (default features): ${ours} s"
echo "http:                          ${http} s"
echo "ratio:                         $(awk "BEGIN { printf \"%.2f\", $ours / $http }")"
