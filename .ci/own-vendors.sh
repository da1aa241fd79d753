#!/usr/bin/env bash
# "Your own vendors without forking", checked as a user would do it: a fresh package outside the
# repository depends on closecodes by path and names its own TOML files in .cargo/config.toml
# (CLOSECODES_EXTRA_CODES, relative = true).
#  1. Its new vendor and its rows added to a built-in vendor build and work, typed.
#  2. A broken file of its own fails the build with that file's path, line and column.
#  3. `closecodes check` of the broken file prints exactly the report the build printed.
# shellcheck source=.ci/scratch.sh
source "$(dirname "$0")/scratch.sh"
export CARGO_TARGET_DIR="$root/target/own-vendors"
app="$work/app"
mkdir -p "$app/src" "$app/codes" "$app/.cargo"

cat > "$app/Cargo.toml" <<TOML
[package]
name = "acme-client"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
closecodes = { path = "$root" }

[workspace]
TOML
# The README's section "Your own vendor, no fork", block by block.
block() { # block LANGUAGE N: the N-th fenced block of LANGUAGE in that section
  awk -v lang="$1" -v want="$2" '
    /^## Your own vendor, no fork/ { on = 1; next }
    on && /^## / { exit }
    on && $0 == "```" lang { n++; if (n == want) { grab = 1 }; next }
    grab && /^```$/ { exit }
    grab { print }
  ' "$root/README.md"
}
block toml 1 > "$app/.cargo/config.toml"
block toml 2 > "$app/codes/acme-push.toml"
block toml 3 > "$app/codes/metered-additions.toml"
block rust,ignore 1 > "$app/src/main.rs"
block text 1 > "$work/run-shown.txt"
block text 2 > "$work/error-shown.txt"
for f in "$app/.cargo/config.toml" "$app/codes/acme-push.toml" "$app/codes/metered-additions.toml" "$app/src/main.rs" "$work/run-shown.txt" "$work/error-shown.txt"; do
  [[ -s $f ]] || { echo "FAIL: the README section lacks a block for $f"; exit 1; }
done
# Beyond the README's program: the added Metered row, the vendor in explain, its ready message,
# and a signal of the user's own, recognised by two values, with its own wait.
cat >> "$app/codes/acme-push.toml" <<'TOML'

[[message]]
name = "error (overloaded)"
pointer = "/type"
equals = "error"
and = { pointer = "/code", between = [503, 599] }
meaning = "The server is overloaded and will close the connection."
action = "reconnect"
ends = "announces"
delay_ms = [2000, 4000]
TOML
cat >> "$app/src/main.rs" <<'RUST'

#[test]
fn the_rows_added_to_a_built_in_vendor_are_there() {
    use closecodes::Vendor;
    assert_eq!(Vendor::Metered.get(4030).map(|e| e.name()), Some("Region Moved"));
    assert_eq!(closecodes::codes::metered::CloseCode::try_from(4030).map(u16::from), Ok(4030));
    assert!(closecodes::explain(4001).any(|e| e.vendor() == Vendor::AcmePush));
    let ready: Vec<&str> = Vendor::AcmePush.messages().iter().filter(|m| m.is_ready()).map(|m| m.name()).collect();
    assert_eq!(ready, ["hello"]);
    let signal = Vendor::AcmePush.messages().iter().find(|m| m.signal().is_some()).unwrap();
    assert_eq!(signal.name(), "error (overloaded)");
    assert_eq!(
        signal.also(),
        Some(closecodes::Condition::Between { pointer: "/code", low: 503, high: 599 })
    );
    let wait = signal.signal().unwrap().delay().unwrap();
    assert_eq!((wait.low().as_millis(), wait.high().as_millis()), (2000, 4000));
}
RUST
(cd "$app" && cargo test -q) >"$work/out.txt" 2>&1 || fail "the rows added to a built-in vendor are missing"
(cd "$app" && cargo run -q) >"$work/out.txt" 2>&1 || fail "the package with its own vendor did not build"
diff "$work/run-shown.txt" "$work/out.txt" >/dev/null || fail "the program printed other than the README shows"
echo "ok: a package outside the repository added its own vendor and a row to a built-in one"

# The command, built from the repository (where no CLOSECODES_EXTRA_CODES applies).
(cd "$root" && cargo build -q --features cli --bin closecodes)
closecodes="$CARGO_TARGET_DIR/debug/closecodes"

sed -i 's/action = "stop"/action = "stpo"/' "$app/codes/acme-push.toml"
if (cd "$app" && cargo build) >"$work/out.txt" 2>&1; then
  fail "the build succeeded with a broken file of the user's"
fi
grep -q "$app/codes/acme-push.toml:10:10: \`code\[0\].action\`: unknown action \"stpo\"" "$work/out.txt" \
  || fail "no file:line:column in the user's own file"
if grep -qiE 'panicked|RUST_BACKTRACE=1' "$work/out.txt"; then fail "the build script panicked"; fi
echo "ok: the broken file failed the build at $app/codes/acme-push.toml:10:10"

# The build's report is the build script's stderr, which cargo prints indented under `--- stderr`.
sed -n '/--- stderr/,$p' "$work/out.txt" | tail -n +2 | sed 's/^  //' > "$work/build-report.txt"
grep -q -- '--> '"$app"'/codes/acme-push.toml:10:10' "$work/build-report.txt" || fail "no report in the build's output"
(cd "$app" && "$closecodes" check "$app/codes") \
  >/dev/null 2>"$work/check-report.txt" && fail "closecodes check accepted the broken file"
if ! diff <(sed -e '/^$/d' "$work/build-report.txt") <(sed -e '/^$/d' "$work/check-report.txt") >"$work/out.txt"; then
  fail "closecodes check printed another report than the build"
fi
echo "ok: closecodes check printed exactly the build's report for the broken file"
# And what the README shows is that report for the file as `closecodes check codes/` names it.
(cd "$app" && "$closecodes" check codes/acme-push.toml) \
  >/dev/null 2>"$work/check-relative.txt" || true
if ! diff <(sed -e '/^$/d' "$work/error-shown.txt") <(sed -e '/^$/d' "$work/check-relative.txt") >"$work/out.txt"; then
  fail "the README shows another error than closecodes check prints"
fi
echo "ok: the README's error is what closecodes check prints"
