#!/usr/bin/env bash
# Local infrastructure for Marquee, without Docker or systemd.
#
#   scripts/infra.sh up|down|status|logs [engine...]
#   scripts/infra.sh logs <engine> [-f]       # last $LINES (default 100) lines, -f to follow
#   scripts/infra.sh clean-cache [engine...]  # drop downloaded artefacts (they are re-fetched on up)
#
# With no engine named, acts on all engines (listed below)
# (down stops them in reverse order).
# State lives under $MARQUEE_HOME (default <repo>/.marquee): run/ (pid files), logs/,
# data/ (engines that keep their data there), cache/ (downloads).
set -uo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/infra" && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/../.." && pwd)"
export MARQUEE_HOME="${MARQUEE_HOME:-$REPO_ROOT/.marquee}"

# shellcheck source=infra/lib.sh
source "$INFRA_DIR/lib.sh"
INFRA_ENGINES=()
for _engine_file in "$INFRA_DIR"/engines/*.sh; do
  # shellcheck disable=SC1090
  source "$_engine_file"
done
# Start order (dependencies first); only engines whose file is present.
_order=()
for e in mariadb kafka elasticsearch; do
  for f in "${INFRA_ENGINES[@]}"; do [[ "$e" == "$f" ]] && _order+=("$e"); done
done
INFRA_ENGINES=("${_order[@]}")

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo "Engines: ${INFRA_ENGINES[*]}"
}

cmd="${1:-}"
[[ $# -gt 0 ]] && shift

resolve_engines() {
  local e known
  RESOLVED=()
  if [[ $# -eq 0 ]]; then RESOLVED=("${INFRA_ENGINES[@]}"); return 0; fi
  for e in "$@"; do
    known=0
    for k in "${INFRA_ENGINES[@]}"; do [[ "$e" == "$k" ]] && known=1; done
    if [[ $known -eq 0 ]]; then
      err "unknown engine '$e' (known: ${INFRA_ENGINES[*]})"; exit 2
    fi
    RESOLVED+=("$e")
  done
}

rc=0
case "$cmd" in
  up)
    resolve_engines "$@"
    ensure_home
    for e in "${RESOLVED[@]}"; do
      "${e}_up" || { rc=1; err "$e: failed to start"; }
    done
    ;;
  down)
    resolve_engines "$@"
    for ((i=${#RESOLVED[@]}-1; i>=0; i--)); do
      "${RESOLVED[i]}_down" || rc=1
    done
    ;;
  status)
    resolve_engines "$@"
    for e in "${RESOLVED[@]}"; do "${e}_status" || rc=1; done
    ;;
  logs)
    follow=0; args=()
    for a in "$@"; do
      if [[ "$a" == "-f" || "$a" == "--follow" ]]; then follow=1; else args+=("$a"); fi
    done
    if [[ ${#args[@]} -ne 1 ]]; then err "usage: scripts/infra.sh logs <engine> [-f]"; exit 2; fi
    resolve_engines "${args[@]}"
    log="$(log_file "${RESOLVED[0]}")"
    if [[ ! -f "$log" ]]; then err "${RESOLVED[0]}: no log yet ($log)"; exit 1; fi
    if [[ $follow -eq 1 ]]; then exec tail -n "${LINES:-100}" -F "$log"; fi
    tail -n "${LINES:-100}" "$log"
    ;;
  clean-cache)
    resolve_engines "$@"
    for e in "${RESOLVED[@]}"; do
      if declare -F "${e}_clean_cache" >/dev/null; then "${e}_clean_cache" || rc=1
      fi
    done
    # With no engine named, also drop the shared Maven local repository (plugins included).
    if [[ $# -eq 0 && $rc -eq 0 && -d "$MARQUEE_HOME/cache" ]]; then
      rm -rf "$MARQUEE_HOME/cache"
      echo "cache: removed $MARQUEE_HOME/cache"
    fi
    ;;
  ""|-h|--help|help) usage; [[ -z "$cmd" ]] && rc=2 ;;
  *) err "unknown command '$cmd'"; usage; rc=2 ;;
esac
exit $rc
