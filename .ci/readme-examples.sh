#!/usr/bin/env bash
# Every `cargo run --example …` command in the README is run as written, and its output must be
# the ```text block right after the command's own ```sh block, up to jitter: a backoff delay
# such as `836.2ms` or `1.1s` after "reconnect in" varies from run to run, so it is masked
# (tests/reconnect_e2e.rs checks the announced delays of reconnect_loop exactly).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mask() { sed -E 's/reconnect in [0-9.]+(ns|µs|ms|s)/reconnect in <delay>/g'; }

# The text block that follows the sh block holding exactly this command, or nothing.
shown_after() {
  COMMAND="$1" awk '
    state == 0 && $0 == ENVIRON["COMMAND"] { state = 1; next }
    state == 1 && /^```$/ { state = 2; next }
    state == 2 && /^$/ { next }
    state == 2 && /^```text$/ { state = 3; next }
    state == 2 { exit }
    state == 3 && /^```$/ { exit }
    state == 3 { print }
  ' README.md
}

mapfile -t commands < <(grep -E '^cargo run --example ' README.md || true)
[[ ${#commands[@]} -gt 0 ]] || { echo "FAIL: the README shows no \`cargo run --example\` command"; exit 1; }
status=0
for command in "${commands[@]}"; do
  shown=$(shown_after "$command")
  if [[ -z $shown ]]; then
    echo "FAIL: no \`\`\`text block right after \`$command\` in README.md"; status=1; continue
  fi
  if ! actual=$(timeout 600 bash -c "$command" 2>"$work/stderr" </dev/null); then
    echo "FAIL: \`$command\` failed or timed out:"; cat "$work/stderr"; status=1; continue
  fi
  if ! diff <(printf '%s\n' "$shown" | mask) <(printf '%s\n' "$actual" | mask); then
    echo "FAIL: \`$command\` prints something other than the README shows (< README, > actual)"
    status=1
  else
    echo "ok: $command"
  fi
done
exit $status
