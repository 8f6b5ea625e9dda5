#!/usr/bin/env bash
# Throughput of Rampa against its peer, wrk, in the same run, on the same target.
#
#   bench/throughput.sh [--duration 10s] [--connections 64] [--rounds 1] [--port 18080]
#                       [--wrk-only] [--no-build] [--cli PATH/rampa.dll] [--json FILE] [--keep]
#                       [--rampa-arg ARG]...   (an extra argument of `rampa run`, repeatable, e.g. --rampa-arg --out
#                                               --rampa-arg prometheus=127.0.0.1:9464: the cost of a live output)
#
# nginx (one worker, pinned to CPU 0, 127.0.0.1 only, a 12-byte "hello world\n" body) is the target.
# Each round runs, pinned to CPU 1, first `wrk -t1 -cC -dD http://127.0.0.1:PORT/`, then
# `rampa run` of bench/throughput.scenario.yaml (constant-vus, C VUs, duration D, one GET /), and
# prints wrk's req/s, Rampa's req/s, the ratio rampa/wrk and Rampa's peak RSS. With --rounds N the
# two alternate N times and the median ratio is printed last. See bench/README.md.
# Everything is bounded: each tool runs for the duration, under a `timeout`; nginx stops on exit.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # nginx, CPU pinning, the CLI build, bounded runs
bench_init

DURATION=10
CONNECTIONS=64
ROUNDS=1
PORT=""
WRK_ONLY=0
BUILD=1
JSON_OUT=""
KEEP=0
RAMPA_ARGS=()
SCENARIO_TEMPLATE="$REPO_ROOT/bench/throughput.scenario.yaml"
RAMPA_DLL="$REPO_ROOT/src/Rampa.Cli/bin/Release/net10.0/rampa.dll"

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration)    DURATION=$(parse_duration "${2:-}") || die "--duration wants e.g. 10s or 1m"; shift 2 ;;
    --connections) CONNECTIONS="${2:-}"; shift 2 ;;
    --rounds)      ROUNDS="${2:-}"; shift 2 ;;
    --port)        PORT="${2:-}"; shift 2 ;;
    --wrk-only)    WRK_ONLY=1; shift ;;
    --no-build)    BUILD=0; shift ;;
    --cli)         RAMPA_DLL="$(realpath -m "${2:-}")"; BUILD=0; shift 2 ;;
    --json)        JSON_OUT="${2:-}"; shift 2 ;;
    --keep)        KEEP=1; shift ;;
    --rampa-arg)   [[ $# -ge 2 ]] || die "--rampa-arg needs a value"; RAMPA_ARGS+=("$2"); shift 2 ;;
    -h|--help)     usage; exit 0 ;;
    *)             usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 1 && $DURATION -le 3600 ]] || die "--duration must be 1s..1h"
[[ $CONNECTIONS =~ ^[0-9]+$ && $CONNECTIONS -ge 1 && $CONNECTIONS -le 10000 ]] || die "--connections must be 1..10000"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 && $ROUNDS -le 100 ]] || die "--rounds must be 1..100"

# --- prerequisites -----------------------------------------------------------------------------
bench_install_packages nginx wrk time jq util-linux coreutils
command -v wrk >/dev/null || die "wrk is not on PATH after installing it"
bench_pick_cpus
bench_pick_port

# --- build the CLI first, so the build's CPU use is over before anything is measured -----------
if [[ $WRK_ONLY -eq 0 ]]; then
  bench_build_cli " (use --wrk-only to measure the peer alone)" "$SCENARIO_TEMPLATE"
fi

# --- nginx on loopback, in a temp dir, stopped on exit -----------------------------------------
bench_start_workdir
bench_start_nginx

# --- one measurement each ----------------------------------------------------------------------
# run_wrk ROUND: sets WRK_RPS to wrk's requests/s. (Globals, not $(...): a `die` must end the script.)
run_wrk() {
  local out="$WORK/wrk-$1.txt" rps
  if ! run_bounded timeout --kill-after=5 $((DURATION + 30)) "${PIN_LOAD[@]}" \
      wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$TARGET_URL/" </dev/null >"$out" 2>&1; then
    cat "$out" >&2; die "wrk failed"
  fi
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  [[ -n $rps ]] || { cat "$out" >&2; die "no 'Requests/sec:' in wrk's output"; }
  if grep -qE 'Non-2xx|Socket errors' "$out"; then
    log "wrk round $1: $(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ' | paste -sd';')"
  fi
  WRK_RPS=$rps
}

# run_rampa ROUND: sets RAMPA_RPS to Rampa's requests/s and RAMPA_RSS_KIB to its peak RSS in KiB.
run_rampa() {
  local dir="$WORK/rampa-$1" rate
  mkdir -p "$dir"
  sed -e "s|__BASE_URL__|$TARGET_URL|g" -e "s|__VUS__|$CONNECTIONS|g" -e "s|__DURATION__|${DURATION}s|g" \
    "$SCENARIO_TEMPLATE" >"$dir/scenario.yaml"
  bench_run_rampa "$dir" "$SCENARIO_TEMPLATE" $((DURATION + 120)) ${RAMPA_ARGS[@]+"${RAMPA_ARGS[@]}"}   # sets RAMPA_RSS_KIB
  rate=$(jq -er '.metrics.http_reqs.values.rate' "$dir/summary.json" 2>/dev/null) \
    || die "no .metrics.http_reqs.values.rate in rampa's summary export ($dir/summary.json)"
  RAMPA_RPS=$rate
}

# --- the rounds --------------------------------------------------------------------------------
log "$CPUS CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)); $(uname -sr)"
log "$ROUNDS round(s): wrk -t1 -c$CONNECTIONS -d${DURATION}s$([[ $WRK_ONLY -eq 1 ]] || printf ', then rampa run (constant-vus, %d VUs, %ds)' "$CONNECTIONS" "$DURATION"), generator on CPU ${PIN_LOAD[2]:-any}"

WRK_RATES=() RAMPA_RATES=() RATIOS=() RSS_MIB=()
for round in $(seq "$ROUNDS"); do
  run_wrk "$round"
  wrk_rps=$WRK_RPS
  WRK_RATES+=("$wrk_rps")
  if [[ $WRK_ONLY -eq 1 ]]; then
    printf 'round %d: wrk %.1f req/s\n' "$round" "$wrk_rps"
    continue
  fi
  sleep 1
  run_rampa "$round"
  rampa_rps=$RAMPA_RPS rss_kib=$RAMPA_RSS_KIB
  ratio=$(awk -v a="$rampa_rps" -v b="$wrk_rps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  mib=$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')
  RAMPA_RATES+=("$rampa_rps") RATIOS+=("$ratio") RSS_MIB+=("$mib")
  printf 'round %d: wrk %.1f req/s, rampa %.1f req/s, ratio %s, rampa peak RSS %s MiB\n' \
    "$round" "$wrk_rps" "$rampa_rps" "$ratio" "$mib"
  if [[ $round -lt $ROUNDS ]]; then sleep 1; fi
done

echo
printf 'wrk req/s:          %.1f%s\n' "$(median "${WRK_RATES[@]}")" "$([[ $ROUNDS -gt 1 ]] && echo ' (median)')"
if [[ $WRK_ONLY -eq 0 ]]; then
  printf 'rampa req/s:        %.1f%s\n' "$(median "${RAMPA_RATES[@]}")" "$([[ $ROUNDS -gt 1 ]] && echo ' (median)')"
  printf 'rampa peak RSS:     %s MiB%s\n' "$(maximum "${RSS_MIB[@]}")" "$([[ $ROUNDS -gt 1 ]] && echo ' (max)')"
  printf 'ratio rampa/wrk:    %.3f%s\n' "$(median "${RATIOS[@]}")" "$([[ $ROUNDS -gt 1 ]] && echo " (median of $ROUNDS rounds)")"
fi

if [[ -n $JSON_OUT ]]; then
  jq -n --arg duration "${DURATION}s" --argjson connections "$CONNECTIONS" --argjson cpus "$CPUS" \
    --arg wrk "${WRK_RATES[*]}" --arg rampa "${RAMPA_RATES[*]:-}" --arg ratio "${RATIOS[*]:-}" --arg rss "${RSS_MIB[*]:-}" \
    'def nums: split(" ") | map(select(. != "") | tonumber);
     { duration: $duration, connections: $connections, cpus: $cpus,
       wrk_rps: ($wrk | nums), rampa_rps: ($rampa | nums), ratio: ($ratio | nums), rampa_peak_rss_mib: ($rss | nums) }' \
    >"$JSON_OUT"
  log "wrote $JSON_OUT"
fi
