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

# start_bg LOGFILE CMD... -> starts CMD detached (own session, no stdin), prints its pid.
# The command must not fork/daemonise itself; its pid is what we record.
start_bg() {
  local log="$1"; shift
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
    echo "---- last ${2:-30} lines of $log (Java stack frames omitted) ----" >&2
    grep -vE '^[[:space:]]+(at |\.\.\. [0-9]+ more)' "$log" | tail -n "${2:-30}" >&2
    echo "----" >&2
  fi
}

require_root() {
  if [[ $EUID -ne 0 ]]; then
    err "$1 must be run as root (re-run with sudo: sudo scripts/infra.sh up $2)"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Helpers for the JVM engines (jars from Maven Central, cached under $MARQUEE_HOME/cache).

M2_REPO() { echo "$MARQUEE_HOME/cache/m2"; }

# require_java NAME [javac] -> Java 17+ (and javac when asked) must be on PATH
require_java() {
  local name="$1" need_javac="${2:-}" v
  if ! command -v java >/dev/null 2>&1; then
    err "$name: 'java' not found. Java 17+ is required (Debian: apt-get install -y openjdk-17-jdk-headless)."
    return 1
  fi
  v="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
  if [[ -z "$v" || "${v%%.*}" -lt 17 ]]; then
    err "$name: Java 17+ is required, found '${v:-unknown}' ($(command -v java))."
    return 1
  fi
  if [[ -n "$need_javac" ]] && ! command -v javac >/dev/null 2>&1; then
    err "$name: 'javac' not found (a JDK, not only a JRE, is needed: apt-get install -y openjdk-17-jdk-headless)."
    return 1
  fi
}

# fetch_jars NAME POM LIBDIR [extra mvn args...]
# Copies the runtime classpath of POM into LIBDIR (once). Downloads land in a *.partial
# directory that is renamed only after success and a checksum manifest is written, so an
# interrupted download is detected on the next start (and never half-used).
fetch_jars() {
  local name="$1" pom="$2" lib="$3"; shift 3
  local partial="$lib.partial" manifest="$lib/.manifest.sha256"
  if [[ -d "$lib" ]]; then
    if [[ ! -f "$manifest" ]] || ! (cd "$lib" && sha256sum --quiet --status -c .manifest.sha256 2>/dev/null); then
      err "$name: the download cache $lib is incomplete or damaged."
      err "$name: run 'scripts/infra.sh clean-cache $name' and start again."
      return 1
    fi
    return 0
  fi
  if [[ -d "$partial" ]]; then
    err "$name: found a half-finished download ($partial) from an interrupted start."
    err "$name: run 'scripts/infra.sh clean-cache $name' and start again."
    return 1
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    err "$name: 'mvn' not found; it is needed once to fetch jars from Maven Central (Debian: apt-get install -y maven)."
    return 1
  fi
  mkdir -p "$partial" "$(M2_REPO)"
  local mlog="$MARQUEE_HOME/logs/$name-download.log"
  info "$name: downloading jars from Maven Central into $(M2_REPO) (log: $mlog)"
  if ! mvn -B -f "$pom" -Dmaven.repo.local="$(M2_REPO)" "$@" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$partial" >"$mlog" 2>&1; then
    grep -E 'ERROR|Could not' "$mlog" | head -n 15 >&2
    err "$name: download failed (full log: $mlog). The partial download was kept in $partial;"
    err "$name: run 'scripts/infra.sh clean-cache $name' before retrying."
    return 1
  fi
  if ! ls "$partial"/*.jar >/dev/null 2>&1; then
    err "$name: mvn succeeded but produced no jars (see $mlog)"; return 1
  fi
  (cd "$partial" && sha256sum -- *.jar > .manifest.sha256) || return 1
  mv "$partial" "$lib"
  info "$name: $(ls "$lib"/*.jar | wc -l) jars, $(du -sh "$lib" | cut -f1)"
}

# classpath_of LIBDIR -> colon-joined absolute jar paths (no empty elements)
classpath_of() {
  local IFS=:
  local jars=("$1"/*.jar)
  echo "${jars[*]}"
}

# compile_java NAME SRC CLASSDIR CLASSPATH -> javac SRC into CLASSDIR when the class is stale
compile_java() {
  local name="$1" src="$2" out="$3" cp="$4" cls
  cls="$out/$(basename "$src" .java).class"
  if [[ -f "$cls" && "$cls" -nt "$src" ]]; then return 0; fi
  require_java "$name" javac || return 1
  mkdir -p "$out"
  javac -nowarn -d "$out" -cp "$cp" "$src" 2>"$out/javac.log" || {
    cat "$out/javac.log" >&2; err "$name: compiling $src failed"; return 1; }
}

# render TEMPLATE OUT KEY=VALUE... -> replaces @KEY@ with VALUE
render() {
  local tpl="$1" out="$2"; shift 2
  local args=() kv
  for kv in "$@"; do args+=(-e "s#@${kv%%=*}@#${kv#*=}#g"); done
  sed "${args[@]}" "$tpl" > "$out.tmp" && mv "$out.tmp" "$out"
}

# check_ports NAME PORT... -> fails if any is taken
check_ports() {
  local name="$1" p rc=0; shift
  for p in "$@"; do
    if port_in_use "$p"; then
      err "$name: port $p is already taken by $(describe_port "$p"); stop it first."
      rc=1
    fi
  done
  return $rc
}

# engine_running NAME -> prints pid if the pid file points at a live java process
engine_java_pid() {
  local pid
  pid="$(read_pid "$1")" || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == java ]] || return 1
  echo "$pid"
}

# rss_of PID -> resident set size in MiB
rss_of() { awk '/^VmRSS:/ {printf "%d MiB", $2/1024}' "/proc/$1/status" 2>/dev/null; }

# wait_ready NAME PID TIMEOUT CHECK_FN -> dots until CHECK_FN succeeds; log tail on failure
wait_ready() {
  local name="$1" pid="$2" timeout="$3" check="$4" start=$SECONDS
  while (( SECONDS - start < timeout )); do
    if ! pid_alive "$pid"; then
      echo " exited"
      err "$name: the process exited during start-up"
      show_log_tail "$name" 40
      return 1
    fi
    if "$check"; then echo " ready ($((SECONDS - start))s)"; return 0; fi
    printf '.'
    sleep 1
  done
  echo " timeout"
  err "$name: not ready after ${timeout}s (still running as pid $pid; 'scripts/infra.sh down $name' stops it)"
  show_log_tail "$name" 40
  return 1
}

# stop_engine NAME -> graceful stop via the pid file
stop_engine() {
  local name="$1" pid
  if ! pid="$(engine_java_pid "$name")"; then
    info "$name: not running"; rm -f "$(pid_file "$name")"; return 0
  fi
  stop_pid "$name" "$pid" 20 || return 1
  rm -f "$(pid_file "$name")"
}

# refuse_if_running NAME -> for clean-cache
refuse_if_running() {
  if engine_java_pid "$1" >/dev/null; then
    err "$1: is running; stop it first ('scripts/infra.sh down $1')"; return 1
  fi
}
