#!/usr/bin/env bash
# The chaos suite run longer, as a soak: more findings, several rounds of faults, a longer outage.
#   ./soak.sh [findings] [rounds] [outage] [rate]     defaults: 20000 findings, 5 rounds, PT30M, 20 findings/s
# Needs only a JDK, like the tests. Logs of every process stay in local-stack/target/chaos-*/logs.
set -euo pipefail
cd "$(dirname "$0")"
findings=${1:-20000}
rounds=${2:-5}
outage=${3:-PT30M}
rate=${4:-20}

./mvnw -B -q -ntp -DskipTests install
./mvnw -B -ntp -pl local-stack test -Dtest=ChaosIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.findings="$findings" -Dchaos.rounds="$rounds" -Dchaos.outage="$outage" -Dchaos.rate="$rate" \
  -Dchaos.outage-findings=$((findings / 10))
