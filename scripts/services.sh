#!/usr/bin/env bash
# Starts, stops and reports the Marquee services on loopback, in dependency order, each as a
# background process with its log in $MARQUEE_HOME/logs/<service>.log.
#   scripts/services.sh up | down | status
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MARQUEE_HOME="${MARQUEE_HOME:-$ROOT/.marquee}"
RUN="$MARQUEE_HOME/run"; LOGS="$MARQUEE_HOME/logs"
mkdir -p "$RUN" "$LOGS"
# Names and ports come from services/registry.yaml, in its order: a service is listed after
# the ones it calls, so it starts after them.
SERVICES=(); declare -A PORTS=()
while read -r name port; do SERVICES+=("$name"); PORTS[$name]=$port; done < <(cd "$ROOT" && node -e '
  const { parse } = require("yaml");
  const reg = parse(require("fs").readFileSync("services/registry.yaml", "utf8"));
  for (const [name, svc] of Object.entries(reg.services)) console.log(name, svc.port);')

# The docs portal (static files from `make docs`, dist/docs) runs beside them on its own port.
DOCS_PORT=${DOCS_PORT:-4090}
SERVICES+=(docs); PORTS[docs]=$DOCS_PORT
# The edge proxy (nginx, scripts/edge/start.ts): one origin for the web app, /docs/ and /api/<service>/.
EDGE_PORT=${EDGE_PORT:-$(cd "$ROOT" && node -e 'const { parse } = require("yaml"); console.log(parse(require("fs").readFileSync("services/registry.yaml", "utf8")).edge?.port ?? 4080)')}
SERVICES+=(edge); PORTS[edge]=$EDGE_PORT

# Workers: processes of a service with no port of their own (name and entry point).
# Services run compiled (`make build`: dist/build/, source maps on); tsx is a development tool.
BUILD="dist/build"
NODE=(node --enable-source-maps)
declare -A WORKERS=([audience-indexer]=$BUILD/services/audience/src/indexer/start-indexer.js)

# The compiled entry points must exist; `make build` (part of `make up`) writes them.
require_build() {
  if [[ ! -f "$ROOT/$1" ]]; then
    echo "$ROOT/$1 is missing: run \`make build\` first (it compiles the services into $BUILD)" >&2; return 1
  fi
}

start_worker() {
  local name=$1 entry=${WORKERS[$1]}
  if pid=$(pid_of "$name"); then echo "$name: already running (pid $pid)"; return; fi
  require_build "$entry" || return 1
  (cd "$ROOT" && exec setsid scripts/supervise.sh "$name" "${NODE[@]}" "$entry" >>"$LOGS/$name.log" 2>&1 </dev/null) &
  echo $! >"$RUN/svc-$name.pid"
  echo "$name: started (logs: $LOGS/$name.log)"
}

pid_of() { local f="$RUN/svc-$1.pid"; [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

start_one() {
  local name=$1 port=${PORTS[$1]}
  if pid=$(pid_of "$name"); then echo "$name: already running (pid $pid) on http://127.0.0.1:$port"; return; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "$name: port $port is taken by another process; stop it (ss -ltnp 'sport = :$port') and retry" >&2; return 1
  fi
  # exec keeps one pid from the subshell to the supervisor (setsid does not fork: the subshell
  # leads no group); the supervisor restarts the service if it crashes.
  local entry="$BUILD/services/$name/src/start.js"
  [[ $name == docs ]] && entry=$BUILD/codegen/src/portal/serve.js
  [[ $name == edge ]] && entry=$BUILD/scripts/edge/start.js
  require_build "$entry" || return 1
  # Local development: catalog and audience check API keys with the service client `make seed` creates in identity.
  (cd "$ROOT" && export SERVICE_CLIENT_ID="${SERVICE_CLIENT_ID:-marquee-services}" SERVICE_CLIENT_SECRET="${SERVICE_CLIENT_SECRET:-marquee-services-local-dev-secret}" && PORT=$port exec setsid scripts/supervise.sh "$name" "${NODE[@]}" "$entry" >>"$LOGS/$name.log" 2>&1 </dev/null) &
  echo $! >"$RUN/svc-$name.pid"
  printf '%s: starting' "$name"
  for _ in $(seq 1 60); do
    local probe=readyz; [[ $name == edge ]] && probe=healthz
    if curl -fsS "http://127.0.0.1:$port/$probe" >/dev/null 2>&1; then echo " ready on http://127.0.0.1:$port"; return; fi
    if ! pid_of "$name" >/dev/null; then echo " exited; last lines of $LOGS/$name.log:" >&2; tail -n 20 "$LOGS/$name.log" >&2; return 1; fi
    printf '.'; sleep 0.5
  done
  echo " not ready after 30s; see $LOGS/$name.log" >&2; return 1
}

stop_one() {
  local name=$1 pid
  if ! pid=$(pid_of "$name"); then echo "$name: not running"; rm -f "$RUN/svc-$name.pid"; return; fi
  kill -TERM "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || { echo "$name: stopped"; rm -f "$RUN/svc-$name.pid"; return; }; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true; rm -f "$RUN/svc-$name.pid"; echo "$name: killed after 10s"
}

case "${1:-}" in
  up)
    for s in "${SERVICES[@]}"; do start_one "$s"; done
    for w in "${!WORKERS[@]}"; do start_worker "$w"; done
    echo
    for s in "${SERVICES[@]}"; do echo "  $s  http://127.0.0.1:${PORTS[$s]}   (logs: $LOGS/$s.log)"; done
    echo "  Docs portal: http://127.0.0.1:$DOCS_PORT/   (make docs rebuilds it)"
    echo
    echo "  Marquee on one origin: http://127.0.0.1:$EDGE_PORT/   (audience builder; /docs/ the portal; /api/<service>/ every API)"
    echo "  Sign in to the audience builder with the local demo client: northstar-demo / northstar-demo-local-dev-secret"
    ;;
  down)
    for w in "${!WORKERS[@]}"; do stop_one "$w"; done
    for ((i=${#SERVICES[@]}-1; i>=0; i--)); do stop_one "${SERVICES[$i]}"; done ;;
  status)
    for s in "${SERVICES[@]}"; do
      if pid=$(pid_of "$s"); then
        probe=readyz; [[ $s == edge ]] && probe=healthz
        ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORTS[$s]}/$probe" || true)
        echo "$s: running pid=$pid url=http://127.0.0.1:${PORTS[$s]} readyz=$ready"
      else echo "$s: stopped"; fi
    done
    for w in "${!WORKERS[@]}"; do if pid=$(pid_of "$w"); then echo "$w: running pid=$pid"; else echo "$w: stopped"; fi; done ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
