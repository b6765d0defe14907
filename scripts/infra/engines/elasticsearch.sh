# Elasticsearch 8 (single node, plain HTTP) for scripts/infra.sh (sourced).
# Built from Maven Central jars only (scripts/infra/elasticsearch/pom.xml): the server, the
# transport-netty4 plugin and the test framework's MockNode, started by a small launcher
# (scripts/infra/elasticsearch/MarqueeEsNode.java) compiled with javac at install time.
INFRA_ENGINES+=(elasticsearch)

ES_VERSION="${MARQUEE_ES_VERSION:-8.19.21}"
ES_PORT="${MARQUEE_ES_PORT:-9200}"
ES_TRANSPORT_PORT="${MARQUEE_ES_TRANSPORT_PORT:-9300}"
ES_HEAP="${MARQUEE_ES_HEAP:-1g}"
ES_SRC="$INFRA_DIR/elasticsearch"
# Elasticsearch refuses to run as root; as root we run it as this (system) user.
ES_RUN_AS="${MARQUEE_ES_USER:-marquee-es}"

_es_cache() { echo "$MARQUEE_HOME/cache/elasticsearch-$ES_VERSION"; }
_es_home()  { echo "$MARQUEE_HOME/data/elasticsearch"; }
_es_cp()    { echo "$(classpath_of "$(_es_cache)/lib"):$(_es_cache)/classes"; }

# HTTP GET on 127.0.0.1:$ES_PORT; prints headers + body (curl if present, else bash /dev/tcp).
_es_http() {
  if command -v curl >/dev/null 2>&1; then
    curl -s -i --max-time 3 "http://127.0.0.1:$ES_PORT$1"
  else
    timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
      printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3; cat <&3' "$ES_PORT" "$1"
  fi
}

# Ready = /_cluster/health is yellow or green AND the product header the v8 JS client checks.
_es_health() {
  local r
  r="$(_es_http /_cluster/health 2>/dev/null | tr -d '\r')" || return 1
  grep -qi '^x-elastic-product: Elasticsearch' <<<"$r" || return 1
  grep -oE '"status":"(green|yellow)"' <<<"$r" | cut -d'"' -f4
}
_es_ready() { _es_health >/dev/null; }

_es_user_setup() {
  [[ $EUID -eq 0 ]] || return 0
  if ! id "$ES_RUN_AS" >/dev/null 2>&1; then
    info "elasticsearch: creating system user '$ES_RUN_AS' (Elasticsearch refuses to run as root)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_RUN_AS" || {
      err "elasticsearch: could not create user $ES_RUN_AS (set MARQUEE_ES_USER to an existing non-root user)"; return 1; }
  fi
  if ! setpriv --reuid="$ES_RUN_AS" --regid="$(id -g "$ES_RUN_AS")" --init-groups \
      test -r "$(_es_cache)/lib/.manifest.sha256" 2>/dev/null; then
    err "elasticsearch: user $ES_RUN_AS cannot read $(_es_cache)/lib; every directory above"
    err "elasticsearch: $MARQUEE_HOME must be world-traversable (chmod o+x), or set MARQUEE_HOME elsewhere."
    return 1
  fi
}

_es_install() {
  require_java elasticsearch javac || return 1
  fetch_jars elasticsearch "$ES_SRC/pom.xml" "$(_es_cache)/lib" -Des.version="$ES_VERSION" || return 1
  compile_java elasticsearch "$ES_SRC/MarqueeEsNode.java" "$(_es_cache)/classes" "$(classpath_of "$(_es_cache)/lib")"
}

elasticsearch_up() {
  local pid home log
  if pid="$(engine_java_pid elasticsearch)"; then
    info "elasticsearch: already running (pid $pid, port $ES_PORT)"; return 0
  fi
  check_ports elasticsearch "$ES_PORT" "$ES_TRANSPORT_PORT" || return 1
  _es_install || return 1
  _es_user_setup || return 1
  home="$(_es_home)"; log="$(log_file elasticsearch)"
  mkdir -p "$home"/{config,data,logs,tmp,repo}
  render "$ES_SRC/elasticsearch.yml.template" "$home/config/elasticsearch.yml" \
    HOME="$home" HTTP_PORT="$ES_PORT" TRANSPORT_PORT="$ES_TRANSPORT_PORT"
  local runas=()
  if [[ $EUID -eq 0 ]]; then
    chown -R "$ES_RUN_AS:" "$home"
    runas=(setpriv --reuid="$ES_RUN_AS" --regid="$(id -g "$ES_RUN_AS")" --init-groups)
  fi
  echo "=== $(date -Is) infra.sh: starting elasticsearch $ES_VERSION" >>"$log"
  pid="$(start_bg "$log" "${runas[@]}" java -Xms"$ES_HEAP" -Xmx"$ES_HEAP" \
    -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow \
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Dlog4j2.formatMsgNoLookups=true \
    -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true \
    -Djava.io.tmpdir="$home/tmp" -Dtests.security.manager=false -Dtests.system_call_filter=false \
    -cp "$(_es_cp)" MarqueeEsNode "$home/config/elasticsearch.yml")"
  echo "$pid" > "$(pid_file elasticsearch)"
  printf 'elasticsearch: starting %s (pid %s)' "$ES_VERSION" "$pid"
  wait_ready elasticsearch "$pid" 120 _es_ready
}

elasticsearch_down() { stop_engine elasticsearch; }

elasticsearch_status() {
  local pid health
  if pid="$(engine_java_pid elasticsearch)"; then
    if health="$(_es_health)"; then
      info "elasticsearch: running pid=$pid port=$ES_PORT health=$health rss=$(rss_of "$pid" | tr -d ' ')"
      return 0
    fi
    info "elasticsearch: running pid=$pid port=$ES_PORT health=no-answer"
    return 1
  fi
  info "elasticsearch: stopped port=$ES_PORT"
  return 1
}

elasticsearch_clean_cache() {
  refuse_if_running elasticsearch || return 1
  rm -rf "$MARQUEE_HOME"/cache/elasticsearch-* "$(M2_REPO)/org/elasticsearch"
  info "elasticsearch: download cache removed (jars are fetched again on the next 'up')"
}
