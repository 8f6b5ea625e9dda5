#!/usr/bin/env bash
# The cost of test data: the same scenario with and without a row of a data source per iteration, side by side.
#
#   bench/data-vs-plain.sh [--duration 5s] [--vus 64] [--pairs 3] [--rows 100000] [--mode sequential]
#                          [--baseline template|constant] [--port 18080] [--no-build] [--cli PATH/rampa.dll]
#                          [--json FILE] [--keep]
#
# nginx (one worker, CPU 0, 127.0.0.1 only) is the target. Both scenarios are constant-vus, V VUs, duration D, one
# GET per iteration: the plain one `GET /?id={{iteration}}` (--baseline template, the default: a URL rendered per
# request like the data one, so the difference is the data row) or `GET /?id=000001` (--baseline constant: a URL
# prepared once), the data one `GET /?id={{data.ids.id}}` over a CSV of N six-digit ids, in the given mode
# (sequential by default: the leased path, the dearest). Each pair runs, pinned to CPU 1, the plain scenario then the data one and prints both request rates
# and the ratio data/plain; the median ratio comes last. See bench/README.md. Everything is bounded.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # nginx, CPU pinning, the CLI build, bounded runs
bench_init

DURATION=5
VUS=64
PAIRS=3
ROWS=100000
MODE=sequential
BASELINE=template
PORT=""
BUILD=1
JSON_OUT=""
KEEP=0
RAMPA_DLL="$REPO_ROOT/src/Rampa.Cli/bin/Release/net10.0/rampa.dll"

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$(parse_duration "${2:-}") || die "--duration wants e.g. 5s or 1m"; shift 2 ;;
    --vus)      VUS="${2:-}"; shift 2 ;;
    --pairs)    PAIRS="${2:-}"; shift 2 ;;
    --rows)     ROWS="${2:-}"; shift 2 ;;
    --mode)     MODE="${2:-}"; shift 2 ;;
    --baseline) BASELINE="${2:-}"; shift 2 ;;
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
[[ $ROWS =~ ^[0-9]+$ && $ROWS -ge 1 && $ROWS -le 999999 ]] || die "--rows must be 1..999999"
[[ $MODE =~ ^(sequential|unique|random|perVu)$ ]] || die "--mode is sequential, unique, random or perVu"
[[ $BASELINE =~ ^(template|constant)$ ]] || die "--baseline is template or constant"

bench_install_packages nginx time jq util-linux coreutils
bench_pick_cpus
bench_pick_port
bench_build_cli ""
bench_start_workdir

# Six-digit ids: the data scenario's requests have exactly the plain one's bytes.
awk -v n="$ROWS" 'BEGIN { print "id"; for (i = 0; i < n; i++) printf "%06d\n", i }' >"$WORK/ids.csv"
# unique runs out after ROWS iterations: recycle, so both scenarios run for the whole duration.
EXHAUSTED=""
[[ $MODE == unique ]] && EXHAUSTED=", onExhausted: recycle"

write_yaml() { # FILE KIND
  local path
  if [[ $2 == data ]]; then path='/?id={{data.ids.id}}'
  elif [[ $BASELINE == template ]]; then path='/?id={{iteration}}'
  else path='/?id=000001'; fi
  {
    echo "baseUrl: $TARGET_URL"
    if [[ $2 == data ]]; then
      echo "data:"
      echo "  ids: { file: $WORK/ids.csv, mode: $MODE$EXHAUSTED }"
    fi
    cat <<YAML
scenarios:
  bench:
    executor: constant-vus
    vus: $VUS
    duration: ${DURATION}s
    flow:
      - request: GET $path
        name: get
        checks: { status: 200 }
YAML
  } >"$1"
}

bench_start_nginx

run_one() { # KIND PAIR; sets RATE
  local kind=$1 pair=$2 dir="$WORK/$1-$2"
  mkdir -p "$dir"
  write_yaml "$dir/scenario.yaml" "$kind"
  BENCH_INPUT="$dir/scenario.yaml" bench_run_rampa "$dir" "the $kind scenario" $((DURATION + 120))
  RATE=$(jq -er '.metrics.http_reqs.values.rate' "$dir/summary.json" 2>/dev/null) \
    || die "no .metrics.http_reqs.values.rate in $kind's summary export ($dir/summary.json)"
}

log "$CPUS CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)); $(uname -sr)"
log "$PAIRS pair(s): plain ($BASELINE URL), then data ($MODE over $ROWS rows), constant-vus $VUS VUs ${DURATION}s, generator on CPU ${PIN_LOAD[2]:-any}"

PLAIN_RATES=() DATA_RATES=() RATIOS=()
for pair in $(seq "$PAIRS"); do
  run_one plain "$pair"; plain_rps=$RATE
  sleep 1
  run_one data "$pair"; data_rps=$RATE
  ratio=$(awk -v a="$data_rps" -v b="$plain_rps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  PLAIN_RATES+=("$plain_rps") DATA_RATES+=("$data_rps") RATIOS+=("$ratio")
  printf 'pair %d: plain %.1f req/s, data %.1f req/s, ratio data/plain %s\n' "$pair" "$plain_rps" "$data_rps" "$ratio"
  if [[ $pair -lt $PAIRS ]]; then sleep 1; fi
done

echo
printf 'plain req/s:        %.1f (median)\n' "$(median "${PLAIN_RATES[@]}")"
printf 'data req/s:         %.1f (median)\n' "$(median "${DATA_RATES[@]}")"
printf 'ratio data/plain:   %.3f (median of %d pairs, mode %s, baseline %s)\n' "$(median "${RATIOS[@]}")" "$PAIRS" "$MODE" "$BASELINE"

if [[ -n $JSON_OUT ]]; then
  jq -n --arg duration "${DURATION}s" --argjson vus "$VUS" --argjson rows "$ROWS" --arg mode "$MODE" \
    --arg plain "${PLAIN_RATES[*]}" --arg data "${DATA_RATES[*]}" --arg ratio "${RATIOS[*]}" \
    'def nums: split(" ") | map(select(. != "") | tonumber);
     { duration: $duration, vus: $vus, rows: $rows, mode: $mode,
       plain_rps: ($plain | nums), data_rps: ($data | nums), ratio: ($ratio | nums) }' >"$JSON_OUT"
  log "wrote $JSON_OUT"
fi
