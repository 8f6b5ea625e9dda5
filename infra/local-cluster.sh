#!/usr/bin/env bash
# A local multi-process Rampa cluster: Azurite (blob, queue, table) on free loopback ports and N `rampa silo`
# processes with a fresh cluster id, membership in Azurite's table storage.
#
#   infra/local-cluster.sh [--silos N] [--detach] [--dir DIR]   start; prints the connection string to use
#   infra/local-cluster.sh stop [--dir DIR]                      stop a detached cluster
#
# In the foreground (the default) Ctrl-C, SIGTERM or the script's exit stops everything: each silo gets SIGTERM and
# leaves the membership table gracefully, then Azurite is killed. With --detach the script returns once the cluster
# is up and writes the PIDs to DIR/pids; `stop` ends them. Every wait is bounded.
#
# Needs the built CLI (dotnet build src/Rampa.Cli -c Release) and Node.js for Azurite: $RAMPA_AZURITE, else
# .tools/azurite (scripts/test.sh installs it there), else `npx --yes azurite@3.37.0`.
# Environment: RAMPA_CLI_DLL (default src/Rampa.Cli/bin/Release/net10.0/rampa.dll), RAMPA_LOCAL_CLUSTER_DIR
# (default artifacts/local-cluster), RAMPA_AZURITE.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI_DLL="${RAMPA_CLI_DLL:-$REPO_ROOT/src/Rampa.Cli/bin/Release/net10.0/rampa.dll}"
STATE_DIR="${RAMPA_LOCAL_CLUSTER_DIR:-$REPO_ROOT/artifacts/local-cluster}"
AZURITE_VERSION="3.37.0"
# Azurite's well-known development account: public, accepted by no real account.
ACCOUNT="devstoreaccount1"
ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
AZURITE_START_TIMEOUT=120   # seconds; npx may have to download Azurite first
SILO_START_TIMEOUT=90       # seconds for all silos to be Active
SILO_STOP_TIMEOUT=30        # seconds for the silos to leave before they are killed

SILOS=3
DETACH=0
COMMAND=start

log() { printf 'local-cluster: %s\n' "$*" >&2; }
die() { printf 'local-cluster: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

parse_args() {
  if [[ $# -gt 0 && $1 == stop ]]; then COMMAND=stop; shift; fi
  while [[ $# -gt 0 ]]; do
    case $1 in
      --silos) [[ $# -ge 2 ]] || die "--silos needs a value"; SILOS=$2; shift 2 ;;
      --silos=*) SILOS=${1#*=}; shift ;;
      --detach) DETACH=1; shift ;;
      --dir) [[ $# -ge 2 ]] || die "--dir needs a value"; STATE_DIR=$2; shift 2 ;;
      --dir=*) STATE_DIR=${1#*=}; shift ;;
      -h|--help) usage; exit 0 ;;
      *) die "unknown argument '$1' (see --help)" ;;
    esac
  done
  [[ $SILOS =~ ^[1-9][0-9]?$ ]] || die "--silos '$SILOS' is not a number of silos from 1 to 99"
  STATE_DIR="$(mkdir -p "$STATE_DIR" && cd "$STATE_DIR" && pwd)"
}

# A loopback port nobody listens on (bound to 0, read back, released). Node is needed for Azurite anyway.
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite_command() {
  if [[ -n ${RAMPA_AZURITE:-} ]]; then echo "$RAMPA_AZURITE"
  elif [[ -x $REPO_ROOT/.tools/azurite/node_modules/.bin/azurite ]]; then echo "$REPO_ROOT/.tools/azurite/node_modules/.bin/azurite"
  else echo "npx --yes azurite@$AZURITE_VERSION"
  fi
}

# Stops what DIR/pids lists: silos first with SIGTERM (they leave the cluster as Dead, not voted out), bounded, then
# SIGKILL for stragglers, then Azurite's whole process group (npx starts node as a child).
# running PID: true while the process runs (an exited process not reaped yet, a zombie, does not count).
running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z && ${stat%% *} != X ]]
}

stop_all() {
  local pids_file="$STATE_DIR/pids"
  [[ -f $pids_file ]] || return 0
  local kind pid silo_pids=() azurite_pid=""
  while read -r kind pid; do
    case $kind in silo) silo_pids+=("$pid") ;; azurite) azurite_pid=$pid ;; esac
  done <"$pids_file"
  for pid in "${silo_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  local waited=0
  while (( waited < SILO_STOP_TIMEOUT * 10 )); do
    local alive=0
    for pid in "${silo_pids[@]}"; do running "$pid" && alive=1; done
    (( alive )) || break
    sleep 0.1; waited=$((waited + 1))
  done
  for pid in "${silo_pids[@]}"; do
    if running "$pid"; then log "silo $pid did not stop within ${SILO_STOP_TIMEOUT}s; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  done
  # A SIGKILL takes effect asynchronously: wait (bounded) until every silo is really gone.
  for pid in "${silo_pids[@]}"; do
    for _ in $(seq 50); do running "$pid" || break; sleep 0.1; done
  done
  if [[ -n $azurite_pid ]]; then
    kill -TERM -- "-$azurite_pid" 2>/dev/null || kill -TERM "$azurite_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$azurite_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$azurite_pid" 2>/dev/null || true
    for _ in $(seq 50); do running "$azurite_pid" || break; sleep 0.1; done
  fi
  rm -f "$pids_file"
  log "stopped ${#silo_pids[@]} silo(s) and Azurite"
}

start() {
  [[ -f $CLI_DLL ]] || die "$CLI_DLL not found: build the CLI first (dotnet build src/Rampa.Cli -c Release)"
  command -v node >/dev/null || die "node not found: Azurite needs Node.js"
  if [[ -f $STATE_DIR/pids ]]; then
    die "a cluster started from $STATE_DIR may still run (see $STATE_DIR/pids): run '$0 stop --dir $STATE_DIR' first"
  fi

  local blob_port queue_port table_port
  blob_port=$(free_port); queue_port=$(free_port); table_port=$(free_port)
  local cluster_id
  cluster_id="rampa-local-$(date -u +%Y%m%d-%H%M%S)-$RANDOM"
  local connection="DefaultEndpointsProtocol=http;AccountName=$ACCOUNT;AccountKey=$ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$blob_port/$ACCOUNT;QueueEndpoint=http://127.0.0.1:$queue_port/$ACCOUNT;TableEndpoint=http://127.0.0.1:$table_port/$ACCOUNT;"
  mkdir -p "$STATE_DIR/azurite" "$STATE_DIR/results"
  : >"$STATE_DIR/pids"
  if (( ! DETACH )); then trap 'stop_all' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; fi

  # setsid: its own process group, so stop_all can end npx and the node it starts together, and a detached cluster
  # survives the terminal.
  log "starting Azurite ($(azurite_command)) on blob $blob_port, queue $queue_port, table $table_port"
  # shellcheck disable=SC2046 # the command may be "npx --yes azurite@..." and must split into words
  setsid $(azurite_command) --silent --location "$STATE_DIR/azurite" --skipApiVersionCheck \
    --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" >"$STATE_DIR/azurite.log" 2>&1 </dev/null &
  local azurite_pid=$!
  echo "azurite $azurite_pid" >>"$STATE_DIR/pids"
  local waited=0
  until port_open "$table_port" && port_open "$blob_port"; do
    kill -0 "$azurite_pid" 2>/dev/null || { tail -n 20 "$STATE_DIR/azurite.log" >&2; die "Azurite exited"; }
    (( waited < AZURITE_START_TIMEOUT * 10 )) || { tail -n 20 "$STATE_DIR/azurite.log" >&2; die "Azurite did not listen within ${AZURITE_START_TIMEOUT}s"; }
    sleep 0.1; waited=$((waited + 1))
  done

  log "starting $SILOS silo(s) in cluster $cluster_id"
  local i started
  started=$(date +%s.%N)
  for i in $(seq "$SILOS"); do
    # The connection string goes through the environment, so it is not in `ps` output.
    RAMPA_STORAGE="$connection" setsid dotnet "$CLI_DLL" silo --cluster-id "$cluster_id" --name "silo-$i" \
      --out-dir "$STATE_DIR/results" >"$STATE_DIR/silo-$i.log" 2>&1 </dev/null &
    echo "silo $!" >>"$STATE_DIR/pids"
  done

  # Each silo prints its "active" line once it has joined: Active in the membership table.
  waited=0
  while true; do
    local active=0
    for i in $(seq "$SILOS"); do
      grep -q '^rampa silo: active in cluster' "$STATE_DIR/silo-$i.log" 2>/dev/null && active=$((active + 1))
    done
    (( active == SILOS )) && break
    while read -r kind pid; do
      if [[ $kind == silo ]] && ! kill -0 "$pid" 2>/dev/null; then
        cat "$STATE_DIR"/silo-*.log >&2 || true
        die "silo $pid exited before the cluster was up (logs above, in $STATE_DIR)"
      fi
    done <"$STATE_DIR/pids"
    (( waited < SILO_START_TIMEOUT * 10 )) || { tail -n 5 "$STATE_DIR"/silo-*.log >&2; die "only $active of $SILOS silos were Active after ${SILO_START_TIMEOUT}s"; }
    sleep 0.1; waited=$((waited + 1))
  done
  local took
  took=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

  # What another shell needs to use the cluster, readable by `source`.
  {
    printf 'export RAMPA_STORAGE=%q\n' "$connection"
    printf 'export RAMPA_CLUSTER_ID=%q\n' "$cluster_id"
  } >"$STATE_DIR/cluster.env"

  grep -h '^rampa silo: active' "$STATE_DIR"/silo-*.log | sed 's/; joined in.*//' >&2
  cat <<EOF

Local Rampa cluster up: $SILOS silo(s) Active in ${took}s.
  cluster id:        $cluster_id
  connection string: $connection
  (both also in $STATE_DIR/cluster.env: source it to set RAMPA_STORAGE and RAMPA_CLUSTER_ID)
  logs:              $STATE_DIR/silo-N.log, $STATE_DIR/azurite.log
EOF
  if (( DETACH )); then
    echo "  stop it with:      $0 stop --dir $STATE_DIR"
    return 0
  fi
  echo "  stop it with:      Ctrl-C"
  # Stay until a signal or until every silo has gone on its own.
  while true; do
    local alive=0
    while read -r kind pid; do
      [[ $kind == silo ]] && kill -0 "$pid" 2>/dev/null && alive=1
    done <"$STATE_DIR/pids"
    (( alive )) || { log "every silo has exited"; break; }
    sleep 1
  done
}

parse_args "$@"
case $COMMAND in
  start) start ;;
  stop) stop_all ;;
esac
