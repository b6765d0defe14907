# MariaDB engine for scripts/infra.sh (sourced).
# Uses the Debian package (system data dir /var/lib/mysql), runs mariadbd directly
# (no systemd, no mysqld_safe) on 127.0.0.1:$MARIADB_PORT, logs to $MARQUEE_HOME/logs/mariadb.log.
# A second, private server beside the shared one (make faults' local runs) sets all three of
# MARQUEE_MARIADB_PORT, MARQUEE_MARIADB_DATADIR and MARQUEE_MARIADB_SOCKET; a server is only ever
# adopted (and stopped) by the settings whose socket it serves (_mariadb_ours).
INFRA_ENGINES+=(mariadb)

MARIADB_PORT="${MARQUEE_MARIADB_PORT:-3306}"
MARIADB_DATADIR="${MARQUEE_MARIADB_DATADIR:-/var/lib/mysql}"
MARIADB_DEFAULT_SOCKET=/run/mysqld/mysqld.sock
MARIADB_SOCKET="${MARQUEE_MARIADB_SOCKET:-$MARIADB_DEFAULT_SOCKET}"

_mariadb_ping() {
  # Socket ping as root; returns 0 while the server is up (even on "access denied").
  mariadb-admin --connect-timeout=2 --socket="$MARIADB_SOCKET" -uroot ping >/dev/null 2>&1
}

# True when PID is a mariadbd serving our socket: one started with another --socket (a private
# server beside the shared one, or the shared one seen from a private set) is never adopted.
_mariadb_ours() {
  local cmd
  [[ "$(cat "/proc/$1/comm" 2>/dev/null)" == mariadbd ]] || return 1
  cmd="$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null)"
  if [[ "$cmd" == *"--socket="* ]]; then [[ "$cmd" == *"--socket=$MARIADB_SOCKET "* ]]
  else [[ "$MARIADB_SOCKET" == "$MARIADB_DEFAULT_SOCKET" ]]; fi
}

# Prints the pid of the running mariadbd: ours (pid file), else one started elsewhere.
_mariadb_pid() {
  local pid owner
  if pid="$(read_pid mariadb)" && _mariadb_ours "$pid"; then
    echo "$pid"; return 0
  fi
  if owner="$(port_owner "$MARIADB_PORT")" && [[ "${owner#* }" == mariadbd ]] && _mariadb_ours "${owner%% *}"; then
    echo "${owner%% *}"; return 0
  fi
  # A mariadbd started some other way (zombies awaiting reaping are skipped).
  for pid in $(pgrep -x mariadbd 2>/dev/null); do
    pid_alive "$pid" && _mariadb_ours "$pid" && { echo "$pid"; return 0; }
  done
  return 1
}

_mariadb_install() {
  command -v mariadbd >/dev/null 2>&1 && return 0
  require_root "installing mariadb-server" mariadb || return 1
  info "mariadb: mariadbd not found, installing mariadb-server mariadb-client via apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server mariadb-client || {
      err "mariadb: apt-get install failed"; return 1; }
  command -v mariadbd >/dev/null 2>&1 || { err "mariadb: mariadbd still missing after install"; return 1; }
}

_mariadb_provision() {
  if [[ "${MARQUEE_SKIP_PROVISION:-0}" == 1 ]]; then return 0; fi
  ( cd "$REPO_ROOT" && MARIADB_SOCKET="$MARIADB_SOCKET" npx --no-install tsx scripts/provision-mysql.ts ) || {
    err "mariadb: provisioning (scripts/provision-mysql.ts) failed"; return 1; }
}

mariadb_up() {
  local pid log i
  log="$(log_file mariadb)"
  if pid="$(_mariadb_pid)"; then
    if _mariadb_ping; then
      info "mariadb: already running (pid $pid, port $MARIADB_PORT)"
      read_pid mariadb >/dev/null || echo "$pid" > "$(pid_file mariadb)"
      _mariadb_provision; return
    fi
    info "mariadb: process $pid exists but does not answer ping yet; waiting"
  else
    if port_in_use "$MARIADB_PORT"; then
      err "mariadb: port $MARIADB_PORT is already taken by $(describe_port "$MARIADB_PORT"), which is not mariadbd."
      err "mariadb: stop that process (or set MARQUEE_MARIADB_PORT) and retry."
      return 1
    fi
    require_root "starting mariadb" mariadb || return 1
    _mariadb_install || return 1
    id mysql >/dev/null 2>&1 || { err "mariadb: system user 'mysql' missing (broken mariadb-server install?)"; return 1; }
    install -d -o mysql -g mysql -m 755 "$(dirname "$MARIADB_SOCKET")"
    touch "$log" && chown mysql:mysql "$log"
    if [[ ! -d "$MARIADB_DATADIR/mysql" ]]; then
      info "mariadb: initialising data dir $MARIADB_DATADIR"
      install -d -o mysql -g mysql -m 750 "$MARIADB_DATADIR"
      mariadb-install-db --user=mysql --datadir="$MARIADB_DATADIR" \
        --auth-root-authentication-method=socket --skip-test-db >>"$log" 2>&1 || {
        err "mariadb: mariadb-install-db failed"; show_log_tail mariadb; return 1; }
    fi
    echo "=== $(date -Is) infra.sh: starting mariadbd" >>"$log"
    pid="$(start_bg "$log" mariadbd --user=mysql --datadir="$MARIADB_DATADIR" \
      --bind-address=127.0.0.1 --port="$MARIADB_PORT" --socket="$MARIADB_SOCKET" \
      --log-error="$log" --pid-file="${MARIADB_SOCKET%.sock}.pid")"
    echo "$pid" > "$(pid_file mariadb)"
    printf 'mariadb: starting (pid %s)' "$pid"
  fi
  for ((i=0; i<60; i++)); do
    if _mariadb_ping && port_in_use "$MARIADB_PORT"; then
      echo " up"
      _mariadb_provision; return
    fi
    if ! pid_alive "$pid"; then
      echo " exited"
      err "mariadb: mariadbd exited during start-up"
      show_log_tail mariadb
      err "hint: see 'scripts/infra.sh logs mariadb'; a stale lock or a second mariadbd on $MARIADB_DATADIR is a common cause"
      return 1
    fi
    printf '.'
    sleep 0.5
  done
  echo " timeout"
  err "mariadb: no answer to ping after 30s"
  show_log_tail mariadb
  err "hint: check 'scripts/infra.sh logs mariadb'; stop it with 'scripts/infra.sh down mariadb'"
  return 1
}

mariadb_down() {
  local pid
  if ! pid="$(_mariadb_pid)"; then
    info "mariadb: not running"; rm -f "$(pid_file mariadb)"; return 0
  fi
  require_root "stopping mariadb" mariadb || return 1
  stop_pid mariadb "$pid" 20 || return 1
  rm -f "$(pid_file mariadb)"
}

mariadb_status() {
  local pid ping
  if pid="$(_mariadb_pid)"; then
    if _mariadb_ping && port_in_use "$MARIADB_PORT"; then ping=ok; else ping=no-answer; fi
    info "mariadb: running pid=$pid port=$MARIADB_PORT ping=$ping"
    [[ "$ping" == ok ]]
  else
    info "mariadb: stopped port=$MARIADB_PORT"
    return 1
  fi
}
