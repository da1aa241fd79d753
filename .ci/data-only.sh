#!/usr/bin/env bash
# The data-only promise, checked on a copy of the crate:
#  1. a new vendor file, with no Rust change, becomes a `Vendor` variant and a typed enum, and
#     its range rules work in lookups and the policy;
#  2. a broken vendor file fails `cargo build` with compiler-style errors (file:line:column,
#     key, fix), not a panic, and no code is generated from it.
# shellcheck source=.ci/scratch.sh
source "$(dirname "$0")/scratch.sh"
find "$root" -mindepth 1 -maxdepth 1 ! -name target ! -name .git -exec cp -r {} "$work/" \;
export CARGO_TARGET_DIR="$root/target/data-only"

cat > "$work/codes/acme-push.toml" <<'TOML'
[vendor]
id = "acme-push"
name = "Acme Push"
source = "https://acme.example/docs/close-codes"

[vendor.flags]
reconnect_on_bad_key = "Try again after 4001, for keys that rotate."
reconnect_on_takeover = "Reconnect after 4002 instead of stopping."

[[code]]
code = 4001
name = "Bad Key"
meaning = "The API key is not valid."
action = "stop"
when_flag = { flag = "reconnect_on_bad_key", action = "backoff" }

[[code]]
code = 4002
name = "Taken Over"
meaning = "Another connection took this one's place."
action = "stop"
when_flag = { flag = "reconnect_on_takeover", action = "reconnect" }

[[range]]
start = 4000
end = 4099
name = "Refused"
meaning = "The server refused the connection for good."
action = "stop"

[[range]]
start = 4100
end = 4199
name = "Reconnect with backoff"
meaning = "The server is busy; try again later."
action = "backoff"

[[range]]
start = 4200
end = 4299
name = "Reconnect now"
meaning = "The connection should be opened again at once."
action = "reconnect"
TOML
cat > "$work/examples/acme.rs" <<'RUST'
use closecodes::{Action, Vendor, codes::acme_push::CloseCode};
fn main() {
    assert_eq!(Vendor::from_id("acme-push"), Some(Vendor::AcmePush));
    assert_eq!(u16::from(CloseCode::BadKey), 4001);
    assert_eq!(CloseCode::BadKey.action(), Action::Stop);
    // Range rules: an exact row wins, then the range, in lookups and in the policy.
    let acme = Vendor::AcmePush;
    assert_eq!(closecodes::lookup(acme, 4001).map(|e| e.name()), Some("Bad Key"));
    assert_eq!(closecodes::lookup(acme, 4150).map(|e| e.name()), Some("Reconnect with backoff"));
    let mut policy = closecodes::Policy::new(acme);
    assert_eq!(policy.on_close(4250).action(), Action::Reconnect);
    assert_eq!(policy.on_close(4150).action(), Action::Backoff);
    assert_eq!(policy.on_close(4050).action(), Action::Stop);
    // Two flags: each switches only the row that names it (bits 0 and 1).
    let mut policy = closecodes::Policy::new(acme).with_flag("reconnect_on_takeover");
    assert_eq!(policy.on_close(4002).action(), Action::Reconnect);
    assert_eq!(policy.on_close(4001).action(), Action::Stop);
    let mut policy = closecodes::Policy::new(acme).with_flag("reconnect_on_bad_key");
    assert_eq!(policy.on_close(4001).action(), Action::Backoff);
    assert_eq!(policy.on_close(4002).action(), Action::Stop);
    println!("{}", CloseCode::BadKey);
}
RUST
cargo run -q --manifest-path "$work/Cargo.toml" --example acme >"$work/out.txt" 2>&1 || fail "the new vendor did not build"
grep -qx '4001 Bad Key' "$work/out.txt" || fail "the new vendor's enum did not print"
echo "ok: codes/acme-push.toml alone added Vendor::AcmePush, codes::acme_push::CloseCode, its range rules and two flags"

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
if cargo build --manifest-path "$work/Cargo.toml" >"$work/out.txt" 2>&1; then
  fail "the build succeeded with broken data"
fi
grep -q 'codes/broken-vendor.toml:10:10: `code\[0\].action`: unknown action "bakoff"' "$work/out.txt" || fail "no file:line:column headline"
grep -q -- '--> codes/broken-vendor.toml:10:10' "$work/out.txt" || fail "no rustc-style report"
grep -q 'did you mean "backoff"' "$work/out.txt" || fail "no fix suggested"
if grep -qiE 'panicked|RUST_BACKTRACE=1' "$work/out.txt"; then fail "the build script panicked"; fi
echo "ok: the broken file failed the build at codes/broken-vendor.toml:10:10"
