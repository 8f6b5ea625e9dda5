# Shared pieces of the benchmark scripts (bench/throughput.sh, bench/scheduling.sh). Source it, do
# not run it:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_init                                 # cd to the repo root, REPO_ROOT, .NET/apt env
#   bench_install_packages nginx jq ...        # Debian packages; NGINX=/usr/sbin/nginx
#   bench_pick_cpus                            # CPUS, PIN_TARGET (CPU 0), PIN_LOAD (CPU 1)
#   bench_pick_port                            # PORT (given or first free from 18080), TARGET_URL
#   bench_build_cli "hint" TEMPLATE            # dotnet build of the CLI if BUILD=1; checks RAMPA_DLL
#   bench_start_workdir                        # WORK temp dir + exit trap (stops nginx, the child)
#   bench_start_nginx                          # nginx on 127.0.0.1:PORT, CPU 0, until the script exits
#   bench_run_rampa DIR TEMPLATE LIMIT [ARGS]  # one bounded, pinned `rampa run`; RAMPA_RSS_KIB
#
# Globals the caller sets first: KEEP (0/1, keep WORK), BUILD (0/1), RAMPA_DLL, PORT ("" = pick).
# Every function that fails calls `die`, which ends the script (so call them directly, not in $(...)).

# bench_init: the common start of every benchmark script.
bench_init() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  REPO_ROOT="$(pwd)"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1
  export DOTNET_NOLOGO=1
  export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  export DEBIAN_FRONTEND=noninteractive
}

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

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# --- prerequisites -----------------------------------------------------------------------------
# ensure_apt_packages PKG...: installs what is missing (see scripts/apt.sh).
# shellcheck source=scripts/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/apt.sh"

# bench_install_packages PKG...: the Debian packages the benchmark needs (nginx among them); sets NGINX.
# Installing Debian's nginx would start the system nginx on port 80 where an init system runs;
# a policy-rc.d that says "no" (exit 101) for the length of the install prevents that.
bench_install_packages() {
  local policy_rc=/usr/sbin/policy-rc.d temp_policy=0 install_rc=0
  if ! dpkg-query -W -f='${Status}' nginx 2>/dev/null | grep -q 'install ok installed' \
      && [[ ! -e $policy_rc && $(id -u) -eq 0 ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy_rc" && chmod +x "$policy_rc" && temp_policy=1
  fi
  ensure_apt_packages "$@" || install_rc=$?
  if [[ $temp_policy -eq 1 ]]; then rm -f "$policy_rc"; fi
  [[ $install_rc -eq 0 ]] || die "could not install the benchmark's Debian packages"
  NGINX=/usr/sbin/nginx
  [[ -x $NGINX ]] || die "nginx is not at $NGINX after installing Debian's nginx"
}

# bench_pick_cpus: two CPUs: nginx on CPU 0, the load generator on CPU 1 (docs/architecture.md#measurements-behind-the-hot-path-rules
# measured this way). Sets CPUS, PIN_TARGET and PIN_LOAD (command prefixes, empty on one CPU).
bench_pick_cpus() {
  CPUS=$(nproc)
  if [[ $CPUS -ge 2 ]]; then
    PIN_TARGET=(taskset -c 0)
    PIN_LOAD=(taskset -c 1)
  else
    log "warning: only $CPUS CPU: nothing is pinned, target and generator share it"
    PIN_TARGET=()
    PIN_LOAD=()
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# bench_pick_port: checks PORT if set, else takes the first free port from 18080; sets TARGET_URL.
bench_pick_port() {
  local candidate
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
}

# bench_build_cli HINT [FILE...]: checks dotnet and that each FILE (a scenario template) exists,
# builds the CLI (Release) when BUILD=1, before anything is measured so that the build's CPU use is
# over (HINT ends the error message if it fails), and checks that RAMPA_DLL exists.
bench_build_cli() {
  local hint=$1 file
  shift
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH"
  for file in "$@"; do
    [[ -f $file ]] || die "missing $file"
  done
  if [[ $BUILD -eq 1 ]]; then
    log "dotnet build src/Rampa.Cli -c Release"
    if ! dotnet build src/Rampa.Cli -c Release -nologo -v quiet </dev/null >&2; then
      die "the Rampa CLI did not build$hint"
    fi
  fi
  [[ -f $RAMPA_DLL ]] || die "no CLI at ${RAMPA_DLL#"$REPO_ROOT"/} (build it, or drop --no-build)"
}

# --- the temp dir and the exit trap --------------------------------------------------------------
# bench_start_workdir: WORK (a temp dir, deleted on exit unless KEEP=1) and the traps that stop the
# running child (CHILD_PID) and nginx (NGINX_PID) however the script ends.
bench_start_workdir() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/rampa-bench.XXXXXX")"
  NGINX_PID=""
  CHILD_PID=""
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench_cleanup() {
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

# --- nginx on loopback -----------------------------------------------------------------------------
# bench_start_nginx: one worker pinned to CPU 0, 127.0.0.1:PORT only, `return 200 "hello world\n"`,
# config and logs in $WORK/nginx; waits until it answers. The exit trap stops it.
bench_start_nginx() {
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

  for _ in $(seq 100); do
    if http_ok 2>/dev/null; then break; fi
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$WORK/nginx/error.log" "$WORK/nginx/stdout.log" >&2 2>/dev/null; die "nginx did not start"; }
    sleep 0.1
  done
  http_ok 2>/dev/null || die "nginx does not answer on $TARGET_URL"
}

http_ok() {
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
  printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  IFS= read -r -t 2 line <&3 || true
  exec 3<&- 3>&-
  [[ $line == "HTTP/1."?" 200"* ]]
}

# --- bounded runs ----------------------------------------------------------------------------------
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

# bench_run_rampa DIR TEMPLATE LIMIT [RUN-ARGS...]: `rampa run DIR/scenario.yaml RUN-ARGS
# --summary-export DIR/summary.json` (BENCH_INPUT, when set, instead of DIR/scenario.yaml) from DIR (so its ./rampa-results/ lands there), pinned to the
# generator's CPU, under `timeout LIMIT` and `/usr/bin/time -v`, output in DIR/rampa.log. TEMPLATE
# (the file DIR/scenario.yaml was made from) only names it in errors. Dies unless rampa exits 0 and
# writes the summary; sets RAMPA_RSS_KIB to its peak RSS in KiB.
#
# DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1: socket completions run on the epoll thread
# instead of hopping to the thread pool. docs/architecture.md#measurements-behind-the-hot-path-rules measured it on this machine kind:
# 0.39x -> 0.72x of wrk for the same HttpMessageInvoker loop, because syscalls and thread hops
# are what a request costs here. Rampa's CLI is meant to run with it; its price (anything that
# blocks on a completion stalls that event thread's connections) is Rampa's to avoid.
bench_run_rampa() {
  local dir=$1 template=$2 limit=$3 rc=0 rss input=${BENCH_INPUT:-$1/scenario.yaml}
  shift 3
  ( cd "$dir" && DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
      exec timeout --kill-after=10 "$limit" "${PIN_LOAD[@]}" \
      /usr/bin/time -v -o "$dir/time.txt" \
      dotnet "$RAMPA_DLL" run "$input" "$@" --summary-export "$dir/summary.json" \
      </dev/null >"$dir/rampa.log" 2>&1 ) &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  if [[ $rc -ne 0 ]]; then
    tail -n 40 "$dir/rampa.log" >&2
    if [[ $rc -eq 124 || $rc -eq 137 ]]; then
      die "rampa did not finish within ${limit}s (killed)"
    fi
    die "rampa exited with $rc (output above; scenario: ${template#"$REPO_ROOT"/}; rerun with --keep to keep $dir)"
  fi
  [[ -s $dir/summary.json ]] || { tail -n 40 "$dir/rampa.log" >&2; die "rampa wrote no --summary-export file"; }
  rss=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$dir/time.txt")
  [[ -n $rss ]] || die "no 'Maximum resident set size' from /usr/bin/time -v"
  RAMPA_RSS_KIB=$rss
}
