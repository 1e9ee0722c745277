#!/usr/bin/env bash
# Starts the whole system locally without Docker, or stops it.
#   ./run.sh [up] [--no-build] [--real-deadlines]   build, then start PostgreSQL, Kafka and the four services
#   ./run.sh stop                                    stop a stack started from this folder
# Data stays in .local/ (or $CIVCITY_DATA_DIR) between restarts.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
data=${CIVCITY_DATA_DIR:-$root/.local}

command=${1:-up}
[ $# -gt 0 ] && shift

case "$command" in
  up)
    build=1
    args=()
    for arg in "$@"; do
      case "$arg" in
        --no-build) build=0 ;;
        *) args+=("$arg") ;;
      esac
    done
    if [ "$build" = 1 ] || [ ! -f local-stack/target/runtime.classpath ]; then
      echo "Building (tests skipped; ./mvnw verify runs them)..."
      ./mvnw -B -q -ntp -DskipTests install
    fi
    exec java -Dcivcity.root="$root" -cp "local-stack/target/classes:$(cat local-stack/target/runtime.classpath)" \
      org.civcity.stack.LocalStack up "${args[@]+"${args[@]}"}"
    ;;
  stop)
    pidfile=$data/stack.pid
    if [ ! -f "$pidfile" ]; then
      echo "No stack is running from $data"
      exit 0
    fi
    pid=$(cat "$pidfile")
    if kill "$pid" 2>/dev/null; then
      echo "Stopping the stack (pid $pid)..."
      for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || { echo "Stopped."; exit 0; }
        sleep 0.5
      done
      echo "The stack did not stop within 60 s" >&2
      exit 1
    fi
    echo "No stack process $pid; removing the stale pid file"
    rm -f "$pidfile"
    ;;
  *)
    echo "usage: ./run.sh [up [--no-build] [--real-deadlines] | stop]" >&2
    exit 2
    ;;
esac
