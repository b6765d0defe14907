#!/usr/bin/env bash
# A Prism mock server for one service's contract (the bundled spec `make generate` writes):
# answers from the spec's examples (DYNAMIC=1: data generated from the schemas), validates
# requests (400/422 with the violations), and checks that credentials are present where the
# spec declares security.
#   scripts/mock.sh <service> [port]      default port: the service's registry port + 100
#   MOCK_SPEC=<file> mocks that document instead of generated/<service>/openapi.json
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
service=${1:?usage: scripts/mock.sh <service> [port]}
spec=${MOCK_SPEC:-"$ROOT/generated/$service/openapi.json"}
[[ -f $spec ]] || { echo "mock: no $spec; is '$service' in services/registry.yaml? run make generate" >&2; exit 2; }
port=${2:-$(cd "$ROOT" && node -e '
  const { parse } = require("yaml");
  const reg = parse(require("fs").readFileSync("services/registry.yaml", "utf8"));
  const svc = reg.services[process.argv[1]];
  if (!svc) { console.error(`mock: unknown service ${process.argv[1]}`); process.exit(2); }
  console.log(svc.port + 100);' "$service")}
echo "mock: $service on http://127.0.0.1:$port (Prism, ${DYNAMIC:+dynamic data}${DYNAMIC:-examples from the spec}; Prefer: code=404 / example=<name> / dynamic=true per request)"
exec "$ROOT/node_modules/.bin/prism" mock --host 127.0.0.1 --port "$port" ${DYNAMIC:+--dynamic} "$spec"
