# Sourced by the CI scripts that build a package of their own: `root` (the repository), `work`
# (a scratch directory, removed on exit) and `fail MESSAGE`, which prints the last command's
# output kept in "$work/out.txt".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $1"; cat "$work/out.txt"; exit 1; }

# package NAME DEPENDENCIES: a fresh package "$work/app" named NAME whose [dependencies] are
# DEPENDENCIES (a README block), with closecodes pointed at this repository instead of a version.
package() {
  local dependencies
  # shellcheck disable=SC2001
  dependencies=$(sed -E "s|^closecodes = \{ version = \"[^\"]+\"|closecodes = { path = \"$root\"|" <<<"$2")
  grep -q "path = \"$root\"" <<<"$dependencies" || { echo "FAIL: no closecodes line to point at the repository"; exit 1; }
  mkdir -p "$work/app/src"
  cat > "$work/app/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

$dependencies

[workspace]
TOML
}
