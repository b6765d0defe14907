#!/usr/bin/env bash
# Debian's chromium for the docs portal's browser test (playwright-core drives it; no browser
# downloads). Idempotent: installs only when /usr/bin/chromium is missing.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"; exit 0; fi
if [[ $(id -u) -ne 0 ]]; then echo "chromium: /usr/bin/chromium is missing; run as root: apt-get update && apt-get install -y chromium" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "chromium: installed $(/usr/bin/chromium --version 2>/dev/null)"
