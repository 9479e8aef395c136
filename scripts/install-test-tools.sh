#!/usr/bin/env bash
# Installs what the test suite runs besides the JDK and Maven, from Debian's packages.
# Idempotent: packages already present are not touched. Needs root (or sudo) only when
# something is missing.
set -euo pipefail

# command -> Debian package that provides it
declare -A tools=(
  [bash]=bash
  [setpriv]=util-linux   # CliIT runs the CLI as an unprivileged user
  [kill]=procps          # kgr poke sends SIGSTOP/SIGCONT with kill(1)
  [id]=coreutils
)

missing=()
for cmd in "${!tools[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${tools[$cmd]}")
done

for cmd in java mvn; do
  if ! command -v "$cmd" >/dev/null 2>&1; then
    echo "install-test-tools: '$cmd' not found: install JDK 17 and Maven (apt-get install openjdk-17-jdk-headless maven)" >&2
    exit 1
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "install-test-tools: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "install-test-tools: ready"
