#!/usr/bin/env bash
# Installs Schemathesis (pinned) into a virtualenv under $MARQUEE_HOME/cache/schemathesis-<version>
# and prints the path of its `st` command. Idempotent: a second run only prints the path.
set -euo pipefail
VERSION=4.32.5
root="$(cd "$(dirname "$0")/../.." && pwd)"
home="${MARQUEE_HOME:-$root/.marquee}"
venv="$home/cache/schemathesis-$VERSION"
if [[ ! -x "$venv/bin/st" ]]; then
  python3 -m venv --help >/dev/null 2>&1 || { echo "schemathesis: python3 with venv is needed (apt-get install python3-venv)" >&2; exit 1; }
  echo "schemathesis: installing $VERSION into $venv" >&2
  rm -rf "$venv.tmp"
  python3 -m venv "$venv.tmp"
  "$venv.tmp/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
  # venvs are not relocatable: rebuild the scripts' shebangs at the final path
  python3 -m venv "$venv.tmp" --upgrade >/dev/null 2>&1 || true
  mv "$venv.tmp" "$venv"
  sed -i "1s|$venv.tmp|$venv|" "$venv"/bin/* 2>/dev/null || true
fi
echo "$venv/bin/st"
