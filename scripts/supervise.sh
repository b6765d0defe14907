#!/usr/bin/env bash
# Keeps one service process running: restarts it when it exits unexpectedly (backoff 1 s,
# doubling to 30 s; reset after a minute of uptime). SIGTERM/SIGINT are forwarded to the
# service, which drains and exits; then the supervisor exits too.
#   scripts/supervise.sh <name> <command...>     (output goes wherever the caller sends it)
set -uo pipefail
name=$1; shift
child=0; stopping=0; delay=1
stop() { stopping=1; [[ $child -gt 0 ]] && kill -TERM "$child" 2>/dev/null; }
trap stop TERM INT
while :; do
  started=$(date +%s)
  "$@" &
  child=$!
  wait "$child"; code=$?
  # `wait` returns early when a trapped signal arrives: wait for the child to finish draining.
  while kill -0 "$child" 2>/dev/null; do wait "$child"; code=$?; done
  [[ $stopping -eq 1 ]] && exit 0
  (( $(date +%s) - started > 60 )) && delay=1
  echo "{\"level\":50,\"service\":\"$name\",\"supervisor\":true,\"exitCode\":$code,\"msg\":\"exited; restarting in ${delay}s\"}"
  sleep "$delay" & wait $! || true
  [[ $stopping -eq 1 ]] && exit 0
  delay=$(( delay * 2 > 30 ? 30 : delay * 2 ))
done
