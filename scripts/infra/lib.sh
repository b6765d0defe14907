# Shared helpers for scripts/infra.sh (sourced, not executed).

err()  { echo "infra: $*" >&2; }
info() { echo "$*"; }

ensure_home() {
  mkdir -p "$MARQUEE_HOME"/{run,logs,data,cache}
}

pid_file() { echo "$MARQUEE_HOME/run/$1.pid"; }
log_file() { echo "$MARQUEE_HOME/logs/$1.log"; }

# pid_alive PID -> 0 if the process exists (and is not a zombie)
pid_alive() {
  local pid="$1" state
  [[ -n "$pid" && "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -d /proc/$pid ]] || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)"
  [[ "$state" != "Z" ]]
}

# read_pid ENGINE -> prints the pid from the pid file if that process is alive
read_pid() {
  local f pid
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 1
  pid="$(tr -dc '0-9' < "$f")"
  pid_alive "$pid" || return 1
  echo "$pid"
}

# port_in_use PORT -> 0 if something listens on 127.0.0.1:PORT (or any address)
port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -ltnH "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# port_owner PORT -> prints "pid comm" of the listener when it can be determined
port_owner() {
  local port="$1" pid
  command -v ss >/dev/null 2>&1 || return 1
  pid="$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)"
  [[ -n "$pid" ]] || return 1
  echo "$pid $(cat "/proc/$pid/comm" 2>/dev/null || echo '?')"
}

# describe_port PORT -> human text about who holds the port
describe_port() {
  local owner
  if owner="$(port_owner "$1")"; then
    echo "pid ${owner%% *} (${owner#* })"
  else
    echo "an unknown process"
  fi
}

# start_bg ENGINE LOGFILE CMD... -> starts CMD detached (own session, no stdin), prints its pid.
# The command must not fork/daemonise itself; its pid is what we record.
start_bg() {
  local engine="$1" log="$2"; shift 2
  setsid nohup "$@" >>"$log" 2>&1 </dev/null &
  local pid=$!
  disown "$pid" 2>/dev/null || true
  echo "$pid"
}

# stop_pid NAME PID [TIMEOUT] -> SIGTERM, wait, then SIGKILL
stop_pid() {
  local name="$1" pid="$2" timeout="${3:-20}" i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  printf '%s: stopping (pid %s)' "$name" "$pid"
  for ((i=0; i<timeout*4; i++)); do
    pid_alive "$pid" || { echo " stopped"; return 0; }
    (( i % 4 == 0 )) && printf '.'
    sleep 0.25
  done
  echo " did not stop within ${timeout}s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i=0; i<20; i++)); do pid_alive "$pid" || return 0; sleep 0.25; done
  err "$name: pid $pid survived SIGKILL"
  return 1
}

# show_log_tail ENGINE [N]
show_log_tail() {
  local log; log="$(log_file "$1")"
  if [[ -f "$log" ]]; then
    echo "---- last ${2:-30} lines of $log ----" >&2
    tail -n "${2:-30}" "$log" >&2
    echo "----" >&2
  fi
}

require_root() {
  if [[ $EUID -ne 0 ]]; then
    err "$1 must be run as root (re-run with sudo: sudo scripts/infra.sh up $2)"
    return 1
  fi
}
