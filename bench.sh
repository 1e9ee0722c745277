#!/usr/bin/env bash
# The benchmark suite (docs/benchmarks.md).
#   ./bench.sh [results-file]                 everything: intake beside pgbench, end to end, footprint, the escalation
#                                             burst at 1M open timers, round imports, and the pipeline's cost per finding
#   ./bench.sh --quick [results-file]         the pipeline benchmark only, short steps, the intake beside pgbench
#                                             (under 5 minutes after the build)
#   ./bench.sh --compare <git ref> [--quick|--burst] [--rounds N] [results-file]
#                                             the pipeline benchmark on <ref> (built in a worktree under target/) and
#                                             on this checkout, interleaved round by round; each figure for both with
#                                             their ratio, so a regression shows whatever the machine's speed that day
#   --burst                                   only the escalation burst (100k open; with --compare, to bisect it)
#   --profile                                 a JFR profile of each service over the warm step, summarised (CPU by
#                                             thread, samples by library, top methods); recordings in
#                                             benchmarks/target/profiles
# Prints each table and gathers them in benchmark-results.md (or the file given).
# Needs a JDK and pgbench (Debian: postgresql-client); everything else comes from the Maven registry.
set -euo pipefail
cd "$(dirname "$0")"
quick=false
burst=false
profile=false
compare=""
rounds=1
results=benchmark-results.md
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --burst) burst=true; quick=true ;;
    --profile) profile=true ;;
    --compare) compare=${2:?--compare needs a git ref}; shift ;;
    --rounds) rounds=${2:?--rounds needs a number}; shift ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) results=$1 ;;
  esac
  shift
done
# Every mode measures the intake beside pgbench running the intake's transaction (the machine's own anchor).
if [ "$burst" = false ] && ! command -v pgbench >/dev/null; then
  echo "pgbench is missing (Debian: apt-get install postgresql-client)" >&2
  exit 2
fi
results=$(realpath -m "$results")
rm -f "$results" # each benchmark appends its tables

./mvnw -B -q -ntp -DskipTests install
properties=(-Dbenchmark=true -Dbench.results="$results" -Dbench.quick="$quick" -Dbench.rounds="$rounds"
  -Dbench.burst-only="$burst" -Dbench.profile="$profile")
if [ -n "$compare" ]; then
  sha=$(git rev-parse --verify "$compare^{commit}")
  worktree=$(pwd)/target/bench-worktrees/${sha:0:12}
  if [ ! -f "$worktree/.built" ]; then
    rm -rf "$worktree"
    git worktree prune
    git worktree add --detach "$worktree" "$sha" >/dev/null
    # package, not install: the older commit's jars must not replace this checkout's in the local repository.
    (cd "$worktree" && ./mvnw -B -q -ntp -DskipTests package)
    touch "$worktree/.built"
  fi
  properties+=(-Dbench.compare="$worktree" -Dbench.compare-label="$compare (${sha:0:7})")
fi
if [ "$quick" = true ] || [ -n "$compare" ]; then
  ./mvnw -B -ntp -pl benchmarks test "${properties[@]}" -Dtest=PipelineBenchmark
else
  ./mvnw -B -ntp -pl benchmarks test "${properties[@]}" \
    -Dtest='SystemBenchmark,EscalationBenchmark,RoundImportBenchmark,PipelineBenchmark' -Dsurefire.runOrder=alphabetical
fi
echo "Results in $results"
