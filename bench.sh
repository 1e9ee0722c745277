#!/usr/bin/env bash
# The benchmark suite (docs/benchmarks.md): intake beside pgbench, end-to-end latency, footprint, escalation at scale,
# round imports.
# Prints each table and gathers them in benchmark-results.md (or the file given as the first argument).
# Needs a JDK and pgbench (Debian: postgresql-client); everything else comes from the Maven registry.
set -euo pipefail
cd "$(dirname "$0")"
results=$(realpath -m "${1:-benchmark-results.md}")
command -v pgbench >/dev/null || { echo "pgbench is missing (Debian: apt-get install postgresql-client)" >&2; exit 2; }

./mvnw -B -q -ntp -DskipTests install
./mvnw -B -ntp -pl benchmarks test -Dbenchmark=true -Dbench.results="$results" \
  -Dtest='SystemBenchmark,EscalationBenchmark,RoundImportBenchmark' -Dsurefire.runOrder=alphabetical
echo "Results in $results"
