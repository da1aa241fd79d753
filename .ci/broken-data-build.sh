#!/usr/bin/env bash
# Copies the crate, adds a broken codes file, and checks that `cargo build` fails with the
# compiler-style error (file:line:column, key, fix) rather than a panic or generated code.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find "$root" -mindepth 1 -maxdepth 1 ! -name target ! -name .git -exec cp -r {} "$work/" \;
cat > "$work/codes/broken-vendor.toml" <<'TOML'
[vendor]
id = "broken-vendor"
name = "Broken"
source = "https://example.com/close-codes"

[[code]]
code = 4000
name = "Bad"
meaning = "A row with a typo in its action."
action = "bakoff"
TOML
if CARGO_TARGET_DIR="$root/target/broken-data" cargo build --manifest-path "$work/Cargo.toml" >"$work/out.txt" 2>&1; then
  echo "FAIL: the build succeeded with broken data"; exit 1
fi
fail() { echo "FAIL: $1"; cat "$work/out.txt"; exit 1; }
grep -q 'codes/broken-vendor.toml:10:10: `code\[0\].action`: unknown action "bakoff"' "$work/out.txt" || fail "no file:line:column headline"
grep -q -- '--> codes/broken-vendor.toml:10:10' "$work/out.txt" || fail "no rustc-style report"
grep -q 'did you mean "backoff"' "$work/out.txt" || fail "no fix suggested"
if grep -qiE 'panicked|RUST_BACKTRACE=1' "$work/out.txt"; then fail "the build script panicked"; fi
echo "ok: the broken file failed the build at codes/broken-vendor.toml:10:10"
