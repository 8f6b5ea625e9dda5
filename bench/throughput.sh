#!/usr/bin/env bash
# Throughput of Rampa against its peer, wrk, in the same run, on the same target.
#
#   bench/throughput.sh [--duration 10s] [--connections 64] [--rounds 1] [--port 18080]
#                       [--wrk-only] [--no-build] [--cli PATH/rampa.dll] [--json FILE] [--keep]
#
# nginx (one worker, pinned to CPU 0, 127.0.0.1 only, a 12-byte "hello world\n" body) is the target.
# Each round runs, pinned to CPU 1, first `wrk -t1 -cC -dD http://127.0.0.1:PORT/`, then
# `rampa run` of bench/throughput.scenario.yaml (constant-vus, C VUs, duration D, one GET /), and
# prints wrk's req/s, Rampa's req/s, the ratio rampa/wrk and Rampa's peak RSS. With --rounds N the
# two alternate N times and the median ratio is printed last. See bench/README.md.
# Everything is bounded: each tool runs for the duration, under a `timeout`; nginx stops on exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$(pwd)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

DURATION=10
CONNECTIONS=64
ROUNDS=1
PORT=""
WRK_ONLY=0
BUILD=1
JSON_OUT=""
KEEP=0
SCENARIO_TEMPLATE="$REPO_ROOT/bench/throughput.scenario.yaml"
RAMPA_DLL="$REPO_ROOT/src/Rampa.Cli/bin/Release/net10.0/rampa.dll"

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# "10", "10s", "2m" -> seconds
parse_duration() {
  case "$1" in
    *[!0-9sm]* | "" ) return 1 ;;
    *m) printf '%d\n' $(( ${1%m} * 60 )) ;;
    *s) printf '%d\n' "${1%s}" ;;
    *)  printf '%d\n' "$1" ;;
  esac
}

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
    -h|--help)     usage; exit 0 ;;
    *)             usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 1 && $DURATION -le 3600 ]] || die "--duration must be 1s..1h"
[[ $CONNECTIONS =~ ^[0-9]+$ && $CONNECTIONS -ge 1 && $CONNECTIONS -le 10000 ]] || die "--connections must be 1..10000"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 && $ROUNDS -le 100 ]] || die "--rounds must be 1..100"

# --- prerequisites -----------------------------------------------------------------------------
_APT_UPDATED=0
# ensure_apt_packages PKG...: installs what is missing; `apt-get update` at most once, only if needed.
ensure_apt_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: ${missing[*]}"
    sudo=(sudo -n)
  fi
  if [[ $_APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    "${sudo[@]}" apt-get update -qq </dev/null
    _APT_UPDATED=1
  fi
  log "apt-get install ${missing[*]}"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
}

# Installing Debian's nginx would start the system nginx on port 80 where an init system runs;
# a policy-rc.d that says "no" (exit 101) for the length of the install prevents that.
POLICY_RC=/usr/sbin/policy-rc.d
TEMP_POLICY=0
if ! dpkg-query -W -f='${Status}' nginx 2>/dev/null | grep -q 'install ok installed' \
    && [[ ! -e $POLICY_RC && $(id -u) -eq 0 ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC" && chmod +x "$POLICY_RC" && TEMP_POLICY=1
fi
install_rc=0
ensure_apt_packages nginx wrk time jq util-linux coreutils || install_rc=$?
if [[ $TEMP_POLICY -eq 1 ]]; then rm -f "$POLICY_RC"; fi
[[ $install_rc -eq 0 ]] || die "could not install the benchmark's Debian packages"
NGINX=/usr/sbin/nginx
[[ -x $NGINX ]] || die "nginx is not at $NGINX after installing Debian's nginx"
command -v wrk >/dev/null || die "wrk is not on PATH after installing it"

# Two CPUs: nginx on CPU 0, the load generator on CPU 1 (DESIGN.md section 10 measured this way).
CPUS=$(nproc)
if [[ $CPUS -ge 2 ]]; then
  PIN_TARGET=(taskset -c 0)
  PIN_LOAD=(taskset -c 1)
else
  log "warning: only $CPUS CPU: nothing is pinned, target and generator share it"
  PIN_TARGET=()
  PIN_LOAD=()
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ -z $PORT ]]; then
  for candidate in $(seq 18080 18179); do
    if ! port_in_use "$candidate"; then PORT=$candidate; break; fi
  done
  [[ -n $PORT ]] || die "no free port in 18080..18179"
else
  [[ $PORT =~ ^[0-9]+$ && $PORT -ge 1 && $PORT -le 65535 ]] || die "--port must be 1..65535"
  if port_in_use "$PORT"; then die "port $PORT on 127.0.0.1 is already in use"; fi
fi
TARGET_URL="http://127.0.0.1:$PORT"

# --- build the CLI first, so the build's CPU use is over before anything is measured -----------
if [[ $WRK_ONLY -eq 0 ]]; then
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH"
  [[ -f $SCENARIO_TEMPLATE ]] || die "missing $SCENARIO_TEMPLATE"
  if [[ $BUILD -eq 1 ]]; then
    log "dotnet build src/Rampa.Cli -c Release"
    if ! dotnet build src/Rampa.Cli -c Release -nologo -v quiet </dev/null >&2; then
      die "the Rampa CLI did not build (use --wrk-only to measure the peer alone)"
    fi
  fi
  [[ -f $RAMPA_DLL ]] || die "no CLI at ${RAMPA_DLL#"$REPO_ROOT"/} (build it, or drop --no-build)"
fi

# --- nginx on loopback, in a temp dir, stopped on exit -----------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rampa-bench.XXXXXX")"
NGINX_PID=""
CHILD_PID=""
cleanup() {
  local rc=$?
  if [[ -n $CHILD_PID ]]; then
    kill -TERM "$CHILD_PID" 2>/dev/null || true   # `timeout`, which passes it on to wrk or rampa
    wait "$CHILD_PID" 2>/dev/null || true
  fi
  if [[ -n $NGINX_PID ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -TERM "$NGINX_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$NGINX_PID" 2>/dev/null || true
  fi
  if [[ $KEEP -eq 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

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
    client_body_temp_path $WORK/nginx/temp/body;
    proxy_temp_path $WORK/nginx/temp/proxy;
    fastcgi_temp_path $WORK/nginx/temp/fastcgi;
    uwsgi_temp_path $WORK/nginx/temp/uwsgi;
    scgi_temp_path $WORK/nginx/temp/scgi;
    server {
        listen 127.0.0.1:$PORT;
        location / {
            default_type text/plain;
            return 200 "hello world\n";
        }
    }
}
NGINX

log "$($NGINX -v 2>&1 | sed 's/^nginx version: //') on $TARGET_URL (CPU ${PIN_TARGET[2]:-any})"
"${PIN_TARGET[@]}" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" \
  </dev/null >"$WORK/nginx/stdout.log" 2>&1 &
NGINX_PID=$!

http_ok() {
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
  printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  IFS= read -r -t 2 line <&3 || true
  exec 3<&- 3>&-
  [[ $line == "HTTP/1."?" 200"* ]]
}
for _ in $(seq 100); do
  if http_ok 2>/dev/null; then break; fi
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$WORK/nginx/error.log" "$WORK/nginx/stdout.log" >&2 2>/dev/null; die "nginx did not start"; }
  sleep 0.1
done
http_ok 2>/dev/null || die "nginx does not answer on $TARGET_URL"

# --- one measurement each ----------------------------------------------------------------------
# run_bounded CMD...: runs CMD in the background and waits for it, so that Ctrl+C or a TERM reach
# our traps at once (a foreground child would make bash wait for its end first).
run_bounded() {
  local rc=0
  "$@" &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}

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
  local dir="$WORK/rampa-$1" rc=0 rate rss
  mkdir -p "$dir"
  sed -e "s|__BASE_URL__|$TARGET_URL|g" -e "s|__VUS__|$CONNECTIONS|g" -e "s|__DURATION__|${DURATION}s|g" \
    "$SCENARIO_TEMPLATE" >"$dir/scenario.yaml"
  # DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1: socket completions run on the epoll thread
  # instead of hopping to the thread pool. DESIGN.md section 10 measured it on this machine kind:
  # 0.39x -> 0.72x of wrk for the same HttpMessageInvoker loop, because syscalls and thread hops
  # are what a request costs here. Rampa's CLI is meant to run with it; its price (anything that
  # blocks on a completion stalls that event thread's connections) is Rampa's to avoid.
  # The run has its own cwd so its ./rampa-results/ lands in the temp dir.
  ( cd "$dir" && DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
      exec timeout --kill-after=10 $((DURATION + 120)) "${PIN_LOAD[@]}" \
      /usr/bin/time -v -o "$dir/time.txt" \
      dotnet "$RAMPA_DLL" run "$dir/scenario.yaml" --summary-export "$dir/summary.json" \
      </dev/null >"$dir/rampa.log" 2>&1 ) &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  if [[ $rc -ne 0 ]]; then
    tail -n 40 "$dir/rampa.log" >&2
    if [[ $rc -eq 124 || $rc -eq 137 ]]; then
      die "rampa did not finish within $((DURATION + 120))s (killed)"
    fi
    die "rampa exited with $rc (output above; scenario: bench/throughput.scenario.yaml; rerun with --keep to keep $dir)"
  fi
  [[ -s $dir/summary.json ]] || { tail -n 40 "$dir/rampa.log" >&2; die "rampa wrote no --summary-export file"; }
  rate=$(jq -er '.metrics.http_reqs.values.rate' "$dir/summary.json" 2>/dev/null) \
    || die "no .metrics.http_reqs.values.rate in rampa's summary export ($dir/summary.json)"
  rss=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$dir/time.txt")
  [[ -n $rss ]] || die "no 'Maximum resident set size' from /usr/bin/time -v"
  RAMPA_RPS=$rate
  RAMPA_RSS_KIB=$rss
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

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { printf '%s\n' "$@" | sort -g | tail -n 1; }

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
