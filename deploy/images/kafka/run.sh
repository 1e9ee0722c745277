#!/usr/bin/env bash
# Writes server.properties from the KAFKA_* variables with apache/kafka's rules (strip KAFKA_, lower case, ___ to -,
# __ to _, _ to .), formats the storage once, then runs the broker in the foreground.
set -euo pipefail
config=/opt/kafka/config/server.properties
: > "$config"
while IFS= read -r -d '' entry; do
  name=${entry%%=*}
  value=${entry#*=}
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_LOG4J_OPTS|KAFKA_JMX_OPTS|KAFKA_VERSION|KAFKA_JVM_PERFORMANCE_OPTS|\
    KAFKA_GC_LOG_OPTS|KAFKA_LOG4J_ROOT_LOGLEVEL|KAFKA_LOG4J_LOGGERS|KAFKA_TOOLS_LOG4J_LOGLEVEL) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key=${name#KAFKA_}
  key=$(printf '%s' "$key" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
  printf '%s=%s\n' "$key" "$value" >> "$config"
done < <(env -0)
grep -q '^log.dirs=' "$config" || echo "log.dirs=/var/lib/kafka/data" >> "$config"
java=(java ${KAFKA_HEAP_OPTS:--Xms128m -Xmx384m} ${KAFKA_OPTS:-}
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties -cp '/opt/kafka/libs/*')
dir=$(sed -n 's/^log.dirs=//p' "$config" | cut -d, -f1)
if [ ! -f "$dir/meta.properties" ]; then
  "${java[@]}" kafka.tools.StorageTool format -t "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" -c "$config"
fi
exec "${java[@]}" kafka.Kafka "$config"
