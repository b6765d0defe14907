#!/usr/bin/env bash
# The toolchains the partner SDK smoke tests need (test/sdk/partner-sdks.test.ts): Python 3.10+
# with venv, Go, Java 17+ and Maven. Idempotent: installs from Debian's packages only what is
# missing (as root); the SDKs' own dependencies come from PyPI, the Go proxy and Maven Central,
# pinned, when the SDKs are built (codegen/src/partner-sdks/toolchains.ts).
set -euo pipefail

missing=()
python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || missing+=(python3 python3-venv)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "partner-sdk toolchains: $(python3 --version 2>&1), $(go version | awk '{print $3}'), java $(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'), $(mvn -v 2>/dev/null | head -n1 | sed 's/\x1b\[[0-9;]*m//g')"
  exit 0
fi
if [[ $EUID -ne 0 ]]; then
  echo "partner-sdk toolchains: missing ${missing[*]}; install them (as root: apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "partner-sdk toolchains: installing ${missing[*]} (apt-get)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
