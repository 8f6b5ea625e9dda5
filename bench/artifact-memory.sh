#!/usr/bin/env bash
# What a run's length costs in memory: the same scenario for a short and a long duration.
#
#   bench/artifact-memory.sh [--durations 2m,20m] [--rate 200] [--port 18080] [--no-build] [--keep]
#
# nginx (pinned to CPU 0) is the target; `rampa run` of bench/artifact-memory.scenario.yaml
# (constant-arrival-rate, four named requests) runs pinned to CPU 1 with RAMPA_MEMORY_REPORT=1, which
# makes it print the managed heap the silo (orchestrator and histogram grains) still holds at the end
# of the run after a full collection, and the number of per-second points and histogram buckets.
# One line per duration: heap held, points, buckets, peak RSS, artifact sizes. The last line divides
# the heap's growth by the points' growth: if the time series is all that grows, that is the cost of a
# point (with its buckets), and nothing else depends on the run's length.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init

DURATIONS="2m,20m"
RATE=200
PORT=""
BUILD=1
KEEP=0
SCENARIO_TEMPLATE="$REPO_ROOT/bench/artifact-memory.scenario.yaml"
RAMPA_DLL="$REPO_ROOT/src/Rampa.Cli/bin/Release/net10.0/rampa.dll"

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --durations) DURATIONS="${2:-}"; shift 2 ;;
    --rate)      RATE="${2:-}"; shift 2 ;;
    --port)      PORT="${2:-}"; shift 2 ;;
    --no-build)  BUILD=0; shift ;;
    --keep)      KEEP=1; shift ;;
    -h|--help)   usage; exit 0 ;;
    *)           usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $RATE =~ ^[0-9]+$ && $RATE -ge 1 && $RATE -le 5000 ]] || die "--rate must be 1..5000 per second"
IFS=, read -r -a DURATION_LIST <<<"$DURATIONS"
SECONDS_LIST=()
for d in "${DURATION_LIST[@]}"; do
  s=$(parse_duration "$d") || die "--durations wants e.g. 2m,20m"
  [[ $s -ge 10 && $s -le 7200 ]] || die "--durations: each must be 10s..2h"
  SECONDS_LIST+=("$s")
done

bench_install_packages nginx time util-linux coreutils
bench_pick_cpus
bench_pick_port
bench_build_cli " (see the build output above)" "$SCENARIO_TEMPLATE"
bench_start_workdir
bench_start_nginx

printf '%-9s %9s %12s %10s %12s %10s %14s %12s\n' duration requests "heap KiB" points buckets "RSS MiB" "summary.json" "metrics.csv"
heaps=() points=()
for i in "${!SECONDS_LIST[@]}"; do
  secs=${SECONDS_LIST[i]}
  dir="$WORK/run-$secs"
  mkdir -p "$dir"
  sed -e "s/^\(    rate: \).*/\1$RATE/" -e "s/^\(    duration: \).*/\1${secs}s/" "$SCENARIO_TEMPLATE" >"$dir/scenario.yaml"
  RAMPA_MEMORY_REPORT=1 bench_run_rampa "$dir" "$SCENARIO_TEMPLATE" $(( secs + 300 )) --base-url "$TARGET_URL" -q --no-color
  line=$(grep -E '^  memory: ' "$dir/rampa.log") || die "no memory line in $dir/rampa.log"
  heap=$(sed -E 's/.*memory: ([0-9]+) KiB.*/\1/' <<<"$line")
  pts=$(sed -E 's/.* ([0-9]+) per-second points.*/\1/' <<<"$line")
  bks=$(sed -E 's/.* ([0-9]+) histogram buckets.*/\1/' <<<"$line")
  reqs=$(grep -E '^ +http_reqs\.' "$dir/rampa.log" | awk '{ print $2 }')
  run_dir=$(ls -d "$dir"/rampa-results/*/)
  printf '%-9s %9s %12s %10s %12s %10s %14s %12s\n' "${DURATION_LIST[i]}" "$reqs" "$heap" "$pts" "$bks" \
    $(( RAMPA_RSS_KIB / 1024 )) "$(stat -c %s "$run_dir/summary.json")" "$(stat -c %s "$run_dir/metrics.csv")"
  heaps+=("$heap"); points+=("$pts")
done
if [[ ${#heaps[@]} -ge 2 ]]; then
  first=0 last=$(( ${#heaps[@]} - 1 ))
  awk -v h0="${heaps[first]}" -v h1="${heaps[last]}" -v p0="${points[first]}" -v p1="${points[last]}" 'BEGIN {
    if (p1 == p0) { print "no growth in points"; exit }
    per = (h1 - h0) * 1024 / (p1 - p0)
    printf "heap growth %d KiB for %d more points: %.0f bytes per per-second point (with its histogram buckets); ", h1 - h0, p1 - p0, per
    printf "the rest (the heap minus points x that) is %d KiB and %d KiB\n", h0 - p0 * per / 1024, h1 - p1 * per / 1024
  }'
fi
