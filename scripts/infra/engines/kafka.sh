# Apache Kafka (KRaft, single combined broker+controller node) for scripts/infra.sh (sourced).
# Jars: org.apache.kafka:kafka_2.13 + log4j2 binding from Maven Central (scripts/infra/kafka/pom.xml).
INFRA_ENGINES+=(kafka)

KAFKA_VERSION="${MARQUEE_KAFKA_VERSION:-4.3.1}"
KAFKA_PORT="${MARQUEE_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${MARQUEE_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${MARQUEE_KAFKA_HEAP:-512m}"
KAFKA_SRC="$INFRA_DIR/kafka"

_kafka_cache() { echo "$MARQUEE_HOME/cache/kafka-$KAFKA_VERSION"; }
_kafka_data()  { echo "$MARQUEE_HOME/data/kafka"; }
_kafka_cp()    { echo "$(classpath_of "$(_kafka_cache)/lib"):$(_kafka_cache)/classes"; }

_kafka_java() {
  java -Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_SRC/log4j2.xml" -Dkafka.logs.dir="$MARQUEE_HOME/logs" \
    -cp "$(_kafka_cp)" "$@"
}

# One metadata round-trip through kafka-clients (KafkaReady.java); prints the summary line.
_kafka_probe() {
  java -Xmx64m -XX:TieredStopAtLevel=1 -Xshare:auto -Dlog4j2.level=ERROR \
    -Dlog4j2.configurationFile="$KAFKA_SRC/log4j2.xml" -Dlog4j.logger.org.apache.kafka=ERROR \
    -cp "$(_kafka_cp)" KafkaReady "127.0.0.1:$KAFKA_PORT" 2000 2>/dev/null | grep '^cluster='
}
_kafka_ready() { port_in_use "$KAFKA_PORT" && _kafka_probe >/dev/null; }

_kafka_install() {
  require_java kafka || return 1
  fetch_jars kafka "$KAFKA_SRC/pom.xml" "$(_kafka_cache)/lib" -Dkafka.version="$KAFKA_VERSION" || return 1
  compile_java kafka "$KAFKA_SRC/KafkaReady.java" "$(_kafka_cache)/classes" "$(classpath_of "$(_kafka_cache)/lib")"
}

kafka_up() {
  local pid data log
  if pid="$(engine_java_pid kafka)"; then
    info "kafka: already running (pid $pid, port $KAFKA_PORT)"; return 0
  fi
  check_ports kafka "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" || return 1
  _kafka_install || return 1
  data="$(_kafka_data)"; log="$(log_file kafka)"
  mkdir -p "$data/log"
  render "$KAFKA_SRC/server.properties.template" "$data/server.properties" \
    DATA="$data" PORT="$KAFKA_PORT" CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT"
  if [[ ! -f "$data/log/meta.properties" ]]; then
    local id
    id="$(_kafka_java kafka.tools.StorageTool random-uuid 2>>"$log" | tail -n1)"
    info "kafka: formatting storage $data/log (cluster id $id)"
    if ! _kafka_java kafka.tools.StorageTool format -t "$id" -c "$data/server.properties" >>"$log" 2>&1; then
      err "kafka: storage format failed"; show_log_tail kafka 20; return 1
    fi
  fi
  echo "=== $(date -Is) infra.sh: starting kafka $KAFKA_VERSION" >>"$log"
  pid="$(start_bg "$log" java -Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC \
    -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true -Dlog4j.shutdownHookEnabled=false \
    -Dlog4j2.configurationFile="$KAFKA_SRC/log4j2.xml" -Dkafka.logs.dir="$MARQUEE_HOME/logs" \
    -cp "$(_kafka_cp)" kafka.Kafka "$data/server.properties")"
  echo "$pid" > "$(pid_file kafka)"
  printf 'kafka: starting %s (pid %s)' "$KAFKA_VERSION" "$pid"
  wait_ready kafka "$pid" 90 _kafka_ready
}

kafka_down() { stop_engine kafka; }

kafka_status() {
  local pid probe
  if pid="$(engine_java_pid kafka)"; then
    if port_in_use "$KAFKA_PORT" && probe="$(_kafka_probe)"; then
      info "kafka: running pid=$pid port=$KAFKA_PORT controller=$KAFKA_CONTROLLER_PORT ready=yes $probe rss=$(rss_of "$pid" | tr -d ' ')"
      return 0
    fi
    info "kafka: running pid=$pid port=$KAFKA_PORT ready=no"
    return 1
  fi
  info "kafka: stopped port=$KAFKA_PORT"
  return 1
}

kafka_clean_cache() {
  refuse_if_running kafka || return 1
  rm -rf "$MARQUEE_HOME"/cache/kafka-* "$(M2_REPO)/org/apache/kafka"
  info "kafka: download cache removed (jars are fetched again on the next 'up')"
}
