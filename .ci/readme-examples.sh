#!/usr/bin/env bash
# Every `cargo run --example …` command in the README is run as written, and its output must be
# the ```text block that follows it, up to jitter: a backoff delay such as `836.2ms` or `1.1s`
# varies from run to run, so numbers followed by `ms` or `s` after "reconnect in" are masked.
set -euo pipefail
cd "$(dirname "$0")/.."

mask() { sed -E 's/reconnect in [0-9.]+(ms|s|µs)/reconnect in <delay>/g'; }
# Announced delays (retry_after) are exact, but masking them too keeps the rule simple; the
# reconnect_loop test (tests/reconnect_e2e.rs) checks those exactly.

status=0
while IFS= read -r command; do
  shown=$(awk -v cmd="$command" '
    $0 == cmd { found = 1; next }
    found && /^```text$/ { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }
  ' README.md)
  if [[ -z $shown ]]; then
    echo "FAIL: no output block after \`$command\` in README.md"; status=1; continue
  fi
  actual=$(timeout 300 $command 2>/dev/null)
  if ! diff <(printf '%s\n' "$shown" | mask) <(printf '%s\n' "$actual" | mask); then
    echo "FAIL: \`$command\` prints something other than the README shows (diff above: < README, > actual)"
    status=1
  else
    echo "ok: $command"
  fi
done < <(grep -E '^cargo run --example ' README.md)
exit $status
