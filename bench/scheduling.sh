#!/usr/bin/env bash
# How exactly Rampa keeps an open-model schedule: constant-arrival-rate at several rates.
#
#   bench/scheduling.sh [--rates 1000,5000,20000] [--duration 10s] [--pre-vus auto|N]
#                       [--max-vus auto|N] [--port 18080] [--no-build] [--cli PATH/rampa.dll]
#                       [--json FILE] [--keep]
#
# nginx (one worker, pinned to CPU 0, 127.0.0.1 only, as in bench/throughput.sh) is the target. For
# each rate R, `rampa run` of bench/scheduling.scenario.yaml (constant-arrival-rate, R/s for the
# duration, one GET /) runs pinned to CPU 1, and one line gives the achieved start rate, the ratio
# started/scheduled, dropped_iterations, iteration_start_lag p50/p99/max and Rampa's peak RSS, with
# PASS/MISS against the goals of issue 3 (informational: the exit code is 0 unless a tool fails).
# Everything is bounded: each run is under a `timeout`; nginx stops on exit. See bench/README.md.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # nginx, CPU pinning, the CLI build, bounded runs
bench_init

RATES="1000,5000,20000"
DURATION=10
PRE_VUS=auto
MAX_VUS=auto
PORT=""
BUILD=1
JSON_OUT=""
KEEP=0
SCENARIO_TEMPLATE="$REPO_ROOT/bench/scheduling.scenario.yaml"
RAMPA_DLL="$REPO_ROOT/src/Rampa.Cli/bin/Release/net10.0/rampa.dll"

# The goals of issue 3: achieved/target within RATIO_LO..RATIO_HI at every rate the generator can
# sustain; iteration_start_lag p99 under LAG_P99_MS at the rates up to LAG_GOAL_MAX_RATE (1,000/s
# and 5,000/s in the issue).
RATIO_LO=0.995
RATIO_HI=1.005
LAG_P99_MS=1
LAG_GOAL_MAX_RATE=5000

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rates)    RATES="${2:-}"; shift 2 ;;
    --duration) DURATION=$(parse_duration "${2:-}") || die "--duration wants e.g. 10s or 1m"; shift 2 ;;
    --pre-vus)  PRE_VUS="${2:-}"; shift 2 ;;
    --max-vus)  MAX_VUS="${2:-}"; shift 2 ;;
    --port)     PORT="${2:-}"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --cli)      RAMPA_DLL="$(realpath -m "${2:-}")"; BUILD=0; shift 2 ;;
    --json)     JSON_OUT="${2:-}"; shift 2 ;;
    --keep)     KEEP=1; shift ;;
    -h|--help)  usage; exit 0 ;;
    *)          usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 1 && $DURATION -le 3600 ]] || die "--duration must be 1s..1h"
[[ $RATES =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--rates wants whole numbers per second, comma-separated (e.g. 1000,5000,20000)"
IFS=, read -r -a RATE_LIST <<<"$RATES"
for i in "${!RATE_LIST[@]}"; do
  RATE_LIST[i]=$(( 10#${RATE_LIST[i]} ))
  [[ ${RATE_LIST[i]} -ge 1 && ${RATE_LIST[i]} -le 1000000 ]] || die "--rates: each rate must be 1..1000000 per second"
done
[[ $PRE_VUS == auto || ($PRE_VUS =~ ^[0-9]+$ && $PRE_VUS -ge 1 && $PRE_VUS -le 100000) ]] \
  || die "--pre-vus must be auto or 1..100000"
[[ $MAX_VUS == auto || ($MAX_VUS =~ ^[0-9]+$ && $MAX_VUS -ge 1 && $MAX_VUS -le 100000) ]] \
  || die "--max-vus must be auto or 1..100000"

# VUs for rate R: preAllocatedVUs = max(50, R/100) (a VU that takes 10 ms per iteration keeps up
# with 100/s), maxVUs = 4 x preAllocatedVUs, so a slow moment is absorbed by new VUs, not drops.
pre_vus_for() { if [[ $PRE_VUS == auto ]]; then local v=$(( $1 / 100 )); echo $(( v > 50 ? v : 50 )); else echo "$PRE_VUS"; fi; }
max_vus_for() {
  local pre; pre=$(pre_vus_for "$1")
  if [[ $MAX_VUS == auto ]]; then echo $(( pre * 4 )); else echo $(( MAX_VUS > pre ? MAX_VUS : pre )); fi
}
if [[ $PRE_VUS != auto && $MAX_VUS != auto && $MAX_VUS -lt $PRE_VUS ]]; then
  die "--max-vus ($MAX_VUS) must be at least --pre-vus ($PRE_VUS)"
fi

# --- prerequisites, the CLI, nginx --------------------------------------------------------------
bench_install_packages nginx time jq util-linux coreutils
bench_pick_cpus
bench_pick_port
bench_build_cli "" "$SCENARIO_TEMPLATE"
bench_start_workdir
bench_start_nginx

# --- one rate ------------------------------------------------------------------------------------
# render_scenario RATE OUT: the template with this run's rate, duration and VUs (each key's line
# is rewritten; a key that is not found is an error, so a reshaped template cannot go unnoticed).
render_scenario() {
  local rate=$1 out=$2 pre max key
  pre=$(pre_vus_for "$rate") max=$(max_vus_for "$rate")
  sed -E -e "s|^(    rate:).*|\\1 $rate|" -e "s|^(    duration:).*|\\1 ${DURATION}s|" \
    -e "s|^(    timeUnit:).*|\\1 1s|" \
    -e "s|^(    preAllocatedVUs:).*|\\1 $pre|" -e "s|^(    maxVUs:).*|\\1 $max|" \
    "$SCENARIO_TEMPLATE" >"$out"
  for key in "rate: $rate" "duration: ${DURATION}s" "timeUnit: 1s" "preAllocatedVUs: $pre" "maxVUs: $max"; do
    grep -qx "    $key" "$out" || die "could not set '$key' in ${SCENARIO_TEMPLATE#"$REPO_ROOT"/} (keep its keys as 4-space-indented 'key: value' lines)"
  done
}

fmt_ms() { if [[ $1 == n/a ]]; then echo n/a; else printf '%.3f' "$1"; fi; }

# run_rate RATE: runs one rate, prints its line and appends its figures to $WORK/results.jsonl.
run_rate() {
  local rate=$1 dir="$WORK/rate-$1" s
  mkdir -p "$dir"
  render_scenario "$rate" "$dir/scenario.yaml"
  bench_run_rampa "$dir" "$SCENARIO_TEMPLATE" $((DURATION + 120)) --base-url "$TARGET_URL" --quiet   # RAMPA_RSS_KIB
  s="$dir/summary.json"
  jq -e '.metrics.iterations.values.count' "$s" >/dev/null 2>&1 \
    || log "warning: rate $rate/s: no metrics.iterations in the summary export (counted as 0)"
  jq -e '.metrics.iteration_start_lag.values.med' "$s" >/dev/null 2>&1 \
    || log "warning: rate $rate/s: no metrics.iteration_start_lag in the summary export"

  # started = iterations + interrupted_iterations (an interrupted iteration started but emits no
  # `iterations` sample); scheduled = ceil(rate x duration) starts, the first at 0 (docs/semantics.md#the-six-executors).
  # achieved/target = started / scheduled: the share of the schedule that really started, with no
  # time base to argue about. (run.durationSeconds ends with the last iteration, so it can be a
  # little shorter or longer than the executor's duration; it is reported, not divided by.)
  jq -c --argjson rate "$rate" --argjson duration "$DURATION" --argjson rss_kib "$RAMPA_RSS_KIB" \
    --argjson pre "$(pre_vus_for "$rate")" --argjson max "$(max_vus_for "$rate")" \
    --argjson lo "$RATIO_LO" --argjson hi "$RATIO_HI" --argjson lagmax "$LAG_P99_MS" \
    --argjson laggoalrate "$LAG_GOAL_MAX_RATE" '
    def count($m): (.metrics[$m].values.count // 0);
    def lag($stat): (.metrics.iteration_start_lag.values[$stat] // null);
    (count("iterations")) as $it | (count("interrupted_iterations")) as $int
    | (count("dropped_iterations")) as $drop
    | ($rate * $duration) as $scheduled | ($it + $int) as $started
    | ($started / $scheduled) as $ratio
    | { target_rate: $rate, duration_s: $duration, pre_allocated_vus: $pre, max_vus: $max,
        scheduled: $scheduled, started: $started, iterations: $it, interrupted_iterations: $int,
        dropped_iterations: $drop, unaccounted: ($scheduled - $started - $drop),
        achieved_rate: ($started / $duration), ratio: $ratio,
        ratio_goal: (if $ratio >= $lo and $ratio <= $hi then "PASS" else "MISS" end),
        lag_ms: { p50: lag("med"), p99: lag("p(99)"), max: lag("max"), avg: lag("avg"),
                  p90: lag("p(90)"), count: lag("count") },
        lag_goal: (if $rate > $laggoalrate then null
                   elif lag("p(99)") != null and lag("p(99)") < $lagmax then "PASS" else "MISS" end),
        response_time_ms: { p50: (.metrics.iteration_response_time.values.med // null),
                            p99: (.metrics.iteration_response_time.values["p(99)"] // null) },
        http_reqs: count("http_reqs"), http_req_failed: (.metrics.http_req_failed.values.rate // null),
        vus_max_allocated: (.metrics.vus_max.values.max // null), vus_peak: (.metrics.vus.values.max // null),
        run_duration_s: .run.durationSeconds, run_state: .run.state,
        rampa_peak_rss_mib: (($rss_kib / 1024 * 10 | round) / 10) }' "$s" >>"$WORK/results.jsonl" \
    || die "could not read rampa's summary export ($s)"

  local fields target achieved ratio ratio_goal dropped p50 p99 max lag_goal rss
  fields=$(tail -n 1 "$WORK/results.jsonl" | jq -r '[.target_rate, .achieved_rate, .ratio, .ratio_goal,
      .dropped_iterations, (.lag_ms.p50 // "n/a"), (.lag_ms.p99 // "n/a"), (.lag_ms.max // "n/a"),
      (.lag_goal // "(no lag goal)"), .rampa_peak_rss_mib] | @tsv')
  IFS=$'\t' read -r target achieved ratio ratio_goal dropped p50 p99 max lag_goal rss <<<"$fields"
  printf 'target %d/s: achieved %.1f/s, ratio %.4f %s, dropped %d, start lag p50 %s / p99 %s / max %s ms %s, rampa peak RSS %.1f MiB\n' \
    "$target" "$achieved" "$ratio" "$ratio_goal" "$dropped" "$(fmt_ms "$p50")" "$(fmt_ms "$p99")" "$(fmt_ms "$max")" \
    "$lag_goal" "$rss"

  jq -r 'select(.unaccounted != 0) | "==> warning: \(.target_rate)/s: started \(.started) + dropped \(.dropped_iterations) != scheduled \(.scheduled)"' \
    <(tail -n 1 "$WORK/results.jsonl") >&2
  jq -r 'select((.http_req_failed // 0) > 0) | "==> warning: \(.target_rate)/s: http_req_failed \(.http_req_failed)"' \
    <(tail -n 1 "$WORK/results.jsonl") >&2
}

# --- the rates -----------------------------------------------------------------------------------
log "$CPUS CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)); $(uname -sr)"
log "rates ${RATE_LIST[*]}/s: rampa run (constant-arrival-rate, ${DURATION}s each), generator on CPU ${PIN_LOAD[2]:-any}"
log "goals: started/scheduled in $RATIO_LO..$RATIO_HI at every rate the generator can sustain; iteration_start_lag p99 < ${LAG_P99_MS} ms up to ${LAG_GOAL_MAX_RATE}/s"
: >"$WORK/results.jsonl"
first=1
for rate in "${RATE_LIST[@]}"; do
  if [[ $first -eq 0 ]]; then sleep 1; fi
  first=0
  log "rate $rate/s: preAllocatedVUs $(pre_vus_for "$rate"), maxVUs $(max_vus_for "$rate")"
  run_rate "$rate"
done

if [[ -n $JSON_OUT ]]; then
  jq -s --argjson cpus "$CPUS" --arg duration "${DURATION}s" \
    --argjson lo "$RATIO_LO" --argjson hi "$RATIO_HI" --argjson lagmax "$LAG_P99_MS" --argjson laggoalrate "$LAG_GOAL_MAX_RATE" \
    '{ duration: $duration, cpus: $cpus,
       goals: { ratio: [$lo, $hi], lag_p99_ms_below: $lagmax, lag_goal_up_to_rate: $laggoalrate },
       rates: . }' "$WORK/results.jsonl" >"$JSON_OUT"
  log "wrote $JSON_OUT"
fi
