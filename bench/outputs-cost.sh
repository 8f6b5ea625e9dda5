#!/usr/bin/env bash
# The cost of the live outputs on the generator: the same run without and with `--out prometheus=... --out json=...`
# (and Prometheus' endpoint scraped every second, as a server would), side by side.
#
#   bench/outputs-cost.sh [--duration 10s] [--vus 64] [--pairs 5] [--port 18080] [--no-build] [--cli PATH/rampa.dll]
#                         [--json FILE] [--keep]
#
# nginx (one worker, CPU 0, 127.0.0.1 only) is the target; the scenario is bench/throughput.scenario.yaml (constant-vus,
# V VUs, one GET /). Each pair runs, pinned to CPU 1, the run without outputs then the run with them, and prints both
# request rates and both requests per generator CPU-second (user + system time of the whole process, from
# /usr/bin/time), and the ratios with/without. The medians come last. Requests per CPU-second is the figure to read on a
# shared machine: a neighbour that takes CPU time lowers a run's rate, not what each of its requests cost.
# Everything is bounded: each run lasts the duration, under a `timeout`; the scraper stops with its run.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # nginx, CPU pinning, the CLI build, bounded runs
bench_init

DURATION=10
VUS=64
PAIRS=5
PORT=""
BUILD=1
JSON_OUT=""
KEEP=0
SCENARIO_TEMPLATE="$REPO_ROOT/bench/throughput.scenario.yaml"
RAMPA_DLL="$REPO_ROOT/src/Rampa.Cli/bin/Release/net10.0/rampa.dll"

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$(parse_duration "${2:-}") || die "--duration wants e.g. 10s or 1m"; shift 2 ;;
    --vus)      VUS="${2:-}"; shift 2 ;;
    --pairs)    PAIRS="${2:-}"; shift 2 ;;
    --port)     PORT="${2:-}"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --cli)      RAMPA_DLL="$(realpath -m "${2:-}")"; BUILD=0; shift 2 ;;
    --json)     JSON_OUT="$(realpath -m "${2:-}")"; shift 2 ;;
    --keep)     KEEP=1; shift ;;
    -h|--help)  usage; exit 0 ;;
    *)          usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 1 && $DURATION -le 3600 ]] || die "--duration must be 1s..1h"
[[ $VUS =~ ^[0-9]+$ && $VUS -ge 1 && $VUS -le 10000 ]] || die "--vus must be 1..10000"
[[ $PAIRS =~ ^[0-9]+$ && $PAIRS -ge 1 && $PAIRS -le 100 ]] || die "--pairs must be 1..100"

bench_install_packages nginx time jq util-linux coreutils curl
bench_pick_cpus
bench_pick_port
bench_build_cli "" "$SCENARIO_TEMPLATE"
bench_start_workdir
bench_start_nginx

# A free loopback port for Prometheus' endpoint.
PROM_PORT=19464
while port_in_use "$PROM_PORT"; do PROM_PORT=$((PROM_PORT + 1)); done

SCRAPER_PID=""   # the scraper ends by itself (bounded by count) if the script dies before stopping it
stop_scraper() { if [[ -n $SCRAPER_PID ]]; then kill "$SCRAPER_PID" 2>/dev/null || true; wait "$SCRAPER_PID" 2>/dev/null || true; SCRAPER_PID=""; fi; }

run_one() { # KIND PAIR; sets RATE and PER_CPU
  local kind=$1 pair=$2 dir="$WORK/$1-$2" cpu reqs
  mkdir -p "$dir"
  sed -e "s|__BASE_URL__|$TARGET_URL|g" -e "s|__VUS__|$VUS|g" -e "s|__DURATION__|${DURATION}s|g" \
    "$SCENARIO_TEMPLATE" >"$dir/scenario.yaml"
  if [[ $kind == with ]]; then
    # The scraper: one GET a second for at most the run's length plus its start and end (bounded by count).
    ( for _ in $(seq $((DURATION + 30))); do curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PROM_PORT/metrics" || true; sleep 1; done ) &
    SCRAPER_PID=$!
    bench_run_rampa "$dir" "$SCENARIO_TEMPLATE" $((DURATION + 120)) \
      --out "prometheus=127.0.0.1:$PROM_PORT" --out "json=$dir/live.jsonl"
    stop_scraper
    [[ -s $dir/live.jsonl ]] || die "the run with outputs wrote no JSON lines ($dir/live.jsonl)"
  else
    bench_run_rampa "$dir" "$SCENARIO_TEMPLATE" $((DURATION + 120))
  fi
  RATE=$(jq -er '.metrics.http_reqs.values.rate' "$dir/summary.json" 2>/dev/null) \
    || die "no .metrics.http_reqs.values.rate in the $kind run's summary export ($dir/summary.json)"
  reqs=$(jq -er '.metrics.http_reqs.values.count' "$dir/summary.json")
  cpu=$(awk -F': *' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.3f", u + s }' "$dir/time.txt")
  PER_CPU=$(awk -v r="$reqs" -v c="$cpu" 'BEGIN { printf "%.1f", (c > 0 ? r / c : 0) }')
}

log "$CPUS CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)); $(uname -sr)"
log "$PAIRS pair(s): without outputs, then with --out prometheus (scraped each second) and --out json; constant-vus $VUS VUs ${DURATION}s, generator on CPU ${PIN_LOAD[2]:-any}"

RATIOS=() CPU_RATIOS=() PLAIN=() WITH=()
for pair in $(seq "$PAIRS"); do
  run_one without "$pair"; plain_rps=$RATE plain_cpu=$PER_CPU
  sleep 1
  run_one with "$pair"; with_rps=$RATE with_cpu=$PER_CPU
  ratio=$(awk -v a="$with_rps" -v b="$plain_rps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  cpu_ratio=$(awk -v a="$with_cpu" -v b="$plain_cpu" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  PLAIN+=("$plain_rps") WITH+=("$with_rps") RATIOS+=("$ratio") CPU_RATIOS+=("$cpu_ratio")
  printf 'pair %d: without %.1f req/s (%s req/CPU-s), with %.1f req/s (%s req/CPU-s); with/without: rate %s, per CPU-s %s\n' \
    "$pair" "$plain_rps" "$plain_cpu" "$with_rps" "$with_cpu" "$ratio" "$cpu_ratio"
  if [[ $pair -lt $PAIRS ]]; then sleep 1; fi
done

echo
printf 'with/without, req/s:          %.3f (median of %d pairs)\n' "$(median "${RATIOS[@]}")" "$PAIRS"
printf 'with/without, req/CPU-second: %.3f (median of %d pairs)\n' "$(median "${CPU_RATIOS[@]}")" "$PAIRS"

if [[ -n $JSON_OUT ]]; then
  jq -n --arg duration "${DURATION}s" --argjson vus "$VUS" --arg without "${PLAIN[*]}" --arg with "${WITH[*]}" \
    --arg ratio "${RATIOS[*]}" --arg cpu "${CPU_RATIOS[*]}" \
    'def nums: split(" ") | map(select(. != "") | tonumber);
     { duration: $duration, vus: $vus, without_rps: ($without | nums), with_rps: ($with | nums),
       ratio_rps: ($ratio | nums), ratio_per_cpu_second: ($cpu | nums) }' >"$JSON_OUT"
  log "wrote $JSON_OUT"
fi
