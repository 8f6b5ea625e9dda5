#!/usr/bin/env bash
# HTTP/2 throughput of Rampa against its peer, h2load (Debian's nghttp2-client), in the same run, on the same target.
#
#   bench/h2-throughput.sh [--duration 10s] [--connections 64] [--rounds 1] [--port 18080] [--shared]
#                          [--no-build] [--cli PATH/rampa.dll] [--keep]
#
# nginx (one worker, pinned to CPU 0, 127.0.0.1 only, `listen ... http2`: cleartext HTTP/2 with prior knowledge,
# a 12-byte "hello world\n" body) is the target. Each round runs, pinned to CPU 1, first
# `h2load -t1 -cC -m1 -DD http://127.0.0.1:PORT/` (C connections, one stream in flight on each), then `rampa run`
# of bench/h2-throughput.scenario.yaml (constant-vus, C VUs, `http: h2c`, each VU its own connection; with
# --shared, `connections: shared`: the VUs multiplex on a pool). It prints each tool's req/s and its requests per
# generator CPU-second: h2load's requests over its user+system time (/usr/bin/time), Rampa's requests over the CPU
# its process used during the load (the per-second `rampa_generator_cpu` gauge of metrics.csv: CPU time over wall
# time over the one processor it is pinned to, summed over the run's seconds; start-up and reports left out), and
# the ratio rampa/h2load of that, the headline: on a shared, busy host a pinned core is not a whole core, but a
# CPU-second is. With --rounds N the two alternate N times and the median ratio is printed last. See bench/README.md.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # CPU pinning, the CLI build, bounded runs
bench_init

DURATION=10
CONNECTIONS=64
ROUNDS=1
PORT=""
BUILD=1
KEEP=0
SHARING=per-vu
SCENARIO_TEMPLATE="$REPO_ROOT/bench/h2-throughput.scenario.yaml"
RAMPA_DLL="$REPO_ROOT/src/Rampa.Cli/bin/Release/net10.0/rampa.dll"

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration)    DURATION=$(parse_duration "${2:-}") || die "--duration wants e.g. 10s or 1m"; shift 2 ;;
    --connections) CONNECTIONS="${2:-}"; shift 2 ;;
    --rounds)      ROUNDS="${2:-}"; shift 2 ;;
    --port)        PORT="${2:-}"; shift 2 ;;
    --shared)      SHARING=shared; shift ;;
    --no-build)    BUILD=0; shift ;;
    --cli)         RAMPA_DLL="$(realpath -m "${2:-}")"; BUILD=0; shift 2 ;;
    --keep)        KEEP=1; shift ;;
    -h|--help)     usage; exit 0 ;;
    *)             usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 1 && $DURATION -le 3600 ]] || die "--duration must be 1s..1h"
[[ $CONNECTIONS =~ ^[0-9]+$ && $CONNECTIONS -ge 1 && $CONNECTIONS -le 10000 ]] || die "--connections must be 1..10000"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 && $ROUNDS -le 100 ]] || die "--rounds must be 1..100"

# --- prerequisites -----------------------------------------------------------------------------
bench_install_packages nginx nghttp2-client time jq util-linux coreutils
command -v h2load >/dev/null || die "h2load is not on PATH after installing nghttp2-client"
bench_pick_cpus
bench_pick_port
bench_build_cli "" "$SCENARIO_TEMPLATE"

# --- nginx speaking cleartext HTTP/2 on loopback, in a temp dir, stopped on exit -----------------
bench_start_workdir
mkdir -p "$WORK/nginx/temp"
cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events {
    worker_connections 4096;
}
http {
    access_log off;
    server_tokens off;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    http2_max_requests 100000000;
    http2_max_concurrent_streams 1024;
    client_body_temp_path $WORK/nginx/temp/body;
    proxy_temp_path $WORK/nginx/temp/proxy;
    fastcgi_temp_path $WORK/nginx/temp/fastcgi;
    uwsgi_temp_path $WORK/nginx/temp/uwsgi;
    scgi_temp_path $WORK/nginx/temp/scgi;
    server {
        listen 127.0.0.1:$PORT http2;
        location / {
            default_type text/plain;
            return 200 "hello world\n";
        }
    }
}
NGINX
log "$($NGINX -v 2>&1 | sed 's/^nginx version: //') with http2 (h2c) on $TARGET_URL (CPU ${PIN_TARGET[2]:-any})"
"${PIN_TARGET[@]}" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" \
  </dev/null >"$WORK/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
h2_ok() { timeout 5 h2load -n1 -c1 "$TARGET_URL/" 2>/dev/null | grep -q '1 succeeded'; }
for _ in $(seq 100); do
  if h2_ok; then break; fi
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$WORK/nginx/error.log" >&2 2>/dev/null; die "nginx did not start"; }
  sleep 0.1
done
h2_ok || die "nginx does not answer HTTP/2 on $TARGET_URL"

# --- one measurement each ----------------------------------------------------------------------
run_h2load() {
  local out="$WORK/h2load-$1.txt" rps requests cpu
  if ! run_bounded timeout --kill-after=5 $((DURATION + 30)) "${PIN_LOAD[@]}" \
      /usr/bin/time -v -o "$WORK/h2load-$1.time" \
      h2load -t1 -c"$CONNECTIONS" -m1 -D"$DURATION" "$TARGET_URL/" </dev/null >"$out" 2>&1; then
    cat "$out" >&2; die "h2load failed"
  fi
  requests=$(awk '/^requests:/ { for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^succeeded/) { print $i; exit } }' "$out")
  cpu=$(awk -F': *' '/User time|System time/ { s += $2 } END { print s }' "$WORK/h2load-$1.time")
  [[ -n $requests && -n $cpu ]] || { cat "$out" >&2; die "no request count or CPU time for h2load"; }
  H2LOAD_PER_CPU=$(awk -v r="$requests" -v c="$cpu" 'BEGIN { printf "%.1f", (c > 0 ? r / c : 0) }')
  rps=$(awk '/^finished in/ { for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^req\/s/) { print $i; exit } }' "$out")
  [[ -n $rps ]] || { cat "$out" >&2; die "no 'req/s' in h2load's output"; }
  grep -q ' 0 failed, 0 errored' "$out" || log "h2load round $1: $(grep -E '^requests:' "$out")"
  H2LOAD_RPS=$rps
}

run_rampa() {
  local dir="$WORK/rampa-$1" rate
  mkdir -p "$dir"
  sed -e "s|__BASE_URL__|$TARGET_URL|g" -e "s|__VUS__|$CONNECTIONS|g" -e "s|__DURATION__|${DURATION}s|g" \
    -e "s|__CONNECTIONS__|$SHARING|g" "$SCENARIO_TEMPLATE" >"$dir/scenario.yaml"
  bench_run_rampa "$dir" "$SCENARIO_TEMPLATE" $((DURATION + 120))
  rate=$(jq -er '.metrics.http_reqs.values.rate' "$dir/summary.json" 2>/dev/null) \
    || die "no .metrics.http_reqs.values.rate in rampa's summary export ($dir/summary.json)"
  failed=$(jq -er '.metrics.http_req_failed.values.passes // 0' "$dir/summary.json")
  [[ $failed == 0 ]] || log "rampa round $1: $failed failed requests"
  RAMPA_RPS=$rate
  local csv requests cpu
  csv=$(find "$dir/rampa-results" -name metrics.csv | head -n 1)
  [[ -n $csv ]] || die "no metrics.csv under $dir/rampa-results"
  requests=$(jq -er '.metrics.http_reqs.values.count' "$dir/summary.json")
  # CPU-seconds while the load ran: each second's gauge (a share of the one pinned processor) times the seconds it covers.
  cpu=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
                 $col["metric"] == "rampa_generator_cpu" { t = $col["t"]; s += $col["value"] * (t - prev); prev = t }
                 END { print s + 0 }' "$csv")
  RAMPA_PER_CPU=$(awk -v r="$requests" -v c="$cpu" 'BEGIN { printf "%.1f", (c > 0 ? r / c : 0) }')
}

log "$CPUS CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)); $(uname -sr)"
log "$ROUNDS round(s): h2load -t1 -c$CONNECTIONS -m1 -D$DURATION, then rampa run (constant-vus, $CONNECTIONS VUs, h2c, connections: $SHARING, ${DURATION}s), generator on CPU ${PIN_LOAD[2]:-any}"

H2_RATES=() RAMPA_RATES=() RATIOS=() CPU_RATIOS=()
for round in $(seq "$ROUNDS"); do
  run_h2load "$round"
  sleep 1
  run_rampa "$round"
  ratio=$(awk -v a="$RAMPA_RPS" -v b="$H2LOAD_RPS" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  cpu_ratio=$(awk -v a="$RAMPA_PER_CPU" -v b="$H2LOAD_PER_CPU" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  H2_RATES+=("$H2LOAD_RPS") RAMPA_RATES+=("$RAMPA_RPS") RATIOS+=("$ratio") CPU_RATIOS+=("$cpu_ratio")
  printf 'round %d: h2load %.1f req/s (%s per CPU-second), rampa %.1f req/s (%s per CPU-second), ratio per CPU-second %s, of req/s %s\n' \
    "$round" "$H2LOAD_RPS" "$H2LOAD_PER_CPU" "$RAMPA_RPS" "$RAMPA_PER_CPU" "$cpu_ratio" "$ratio"
  if [[ $round -lt $ROUNDS ]]; then sleep 1; fi
done

echo
printf 'h2load req/s:                         %.1f%s\n' "$(median "${H2_RATES[@]}")" "$([[ $ROUNDS -gt 1 ]] && echo ' (median)')"
printf 'rampa req/s:                          %.1f%s\n' "$(median "${RAMPA_RATES[@]}")" "$([[ $ROUNDS -gt 1 ]] && echo ' (median)')"
printf 'ratio rampa/h2load of req/s:          %.3f%s\n' "$(median "${RATIOS[@]}")" "$([[ $ROUNDS -gt 1 ]] && echo " (median of $ROUNDS rounds)")"
printf 'ratio rampa/h2load per CPU-second:    %.3f%s\n' "$(median "${CPU_RATIOS[@]}")" "$([[ $ROUNDS -gt 1 ]] && echo " (median of $ROUNDS rounds)")"
