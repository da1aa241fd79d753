# Sourced by the CI scripts that build a package of their own: `root` (the repository), `work`
# (a scratch directory, removed on exit) and `fail MESSAGE`, which prints the last command's
# output kept in "$work/out.txt".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $1"; cat "$work/out.txt"; exit 1; }
