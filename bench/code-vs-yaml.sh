#!/usr/bin/env bash
# A C# scenario against the same scenario in YAML, side by side, on the same target, in one run.
#
#   bench/code-vs-yaml.sh [--duration 5s] [--vus 64] [--pairs 3] [--port 18080]
#                         [--no-build] [--cli PATH/rampa.dll] [--json FILE] [--keep]
#
# nginx (one worker, CPU 0, 127.0.0.1 only, "hello world\n") is the target. Both scenarios are
# constant-vus, V VUs, duration D, one GET / per iteration with a status check: the YAML one as a
# flow step, the C# one as `await worker.Http.GetAsync("/")` + `worker.Check(...)` in a project
# written to a temp folder (a ProjectReference to src/Rampa.Sdk) and built once before anything is
# measured. Each pair runs, pinned to CPU 1, `rampa run scenario.yaml` then `rampa run Bench.dll`
# and prints both request rates and the ratio C#/YAML; the median ratio comes last. See bench/README.md.
# Everything is bounded: each run is under a `timeout`; nginx stops on exit.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # nginx, CPU pinning, the CLI build, bounded runs
bench_init

DURATION=5
VUS=64
PAIRS=3
PORT=""
BUILD=1
JSON_OUT=""
KEEP=0
RAMPA_DLL="$REPO_ROOT/src/Rampa.Cli/bin/Release/net10.0/rampa.dll"

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$(parse_duration "${2:-}") || die "--duration wants e.g. 5s or 1m"; shift 2 ;;
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

# --- prerequisites -----------------------------------------------------------------------------
bench_install_packages nginx time jq util-linux coreutils
bench_pick_cpus
bench_pick_port
bench_build_cli ""
bench_start_workdir

# --- the two scenarios -------------------------------------------------------------------------
# The YAML one: what bench/throughput.scenario.yaml runs, plus the status check the C# one makes.
write_yaml() {
  cat >"$1" <<YAML
baseUrl: $TARGET_URL
scenarios:
  bench:
    executor: constant-vus
    vus: $VUS
    duration: ${DURATION}s
    flow:
      - request: GET /
        checks: { status: 200 }
YAML
}

# The C# one: a scenario project as `rampa new` makes it, referencing this repository's SDK (not
# copied beside the scenario: the host's copy is loaded), outside the repository's central package
# management. Built here, once, so that `rampa run` is given the built assembly and builds nothing.
write_and_build_code() {
  local project="$WORK/code"
  mkdir -p "$project"
  cat >"$project/Bench.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$REPO_ROOT/src/Rampa.Sdk/Rampa.Sdk.csproj" Private="false" />
  </ItemGroup>
</Project>
CSPROJ
  cat >"$project/Bench.cs" <<CSHARP
using Rampa.Sdk;

[assembly: RampaOptions(Name = "bench (C#)", BaseUrl = "$TARGET_URL")]

public static class Bench
{
    [Scenario(Name = "bench", Executor = "constant-vus", Vus = $VUS, Duration = "${DURATION}s")]
    public static async Task Get(Worker worker)
    {
        var response = await worker.Http.GetAsync("/");
        worker.Check(response, "status is 200", r => r.Status == 200);
    }
}
CSHARP
  log "dotnet build $project (once, before anything is measured)"
  if ! dotnet build "$project/Bench.csproj" -c Release -nologo -v quiet </dev/null >"$project/build.log" 2>&1; then
    tail -n 30 "$project/build.log" >&2
    die "the C# scenario project did not build"
  fi
  CODE_DLL="$project/bin/Release/net10.0/Bench.dll"
  [[ -f $CODE_DLL ]] || die "no $CODE_DLL after the build"
}

write_and_build_code
bench_start_nginx

# run_one KIND PAIR: one bounded `rampa run` of the YAML file or the built assembly; sets RATE.
run_one() {
  local kind=$1 pair=$2 dir="$WORK/$1-$2" checks
  mkdir -p "$dir"
  if [[ $kind == yaml ]]; then
    write_yaml "$dir/scenario.yaml"
    BENCH_INPUT="$dir/scenario.yaml" bench_run_rampa "$dir" "the generated YAML scenario" $((DURATION + 120))
  else
    BENCH_INPUT="$CODE_DLL" bench_run_rampa "$dir" "the generated C# scenario" $((DURATION + 120))
  fi
  RATE=$(jq -er '.metrics.http_reqs.values.rate' "$dir/summary.json" 2>/dev/null) \
    || die "no .metrics.http_reqs.values.rate in $kind's summary export ($dir/summary.json)"
  # Both must have done the same work: every check passed (else the target, not the path, is measured).
  checks=$(jq -er '.metrics.checks.values.rate' "$dir/summary.json" 2>/dev/null) \
    || die "no .metrics.checks.values.rate in $kind's summary export ($dir/summary.json)"
  awk -v c="$checks" 'BEGIN { exit !(c == 1) }' || log "warning: $kind pair $pair: checks rate $checks (not every GET / was 200)"
}

# --- the pairs ---------------------------------------------------------------------------------
log "$CPUS CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)); $(uname -sr)"
log "$PAIRS pair(s): rampa run YAML, then C# (constant-vus, $VUS VUs, ${DURATION}s, one GET / + check), generator on CPU ${PIN_LOAD[2]:-any}"

YAML_RATES=() CODE_RATES=() RATIOS=()
for pair in $(seq "$PAIRS"); do
  run_one yaml "$pair"; yaml_rps=$RATE
  sleep 1
  run_one code "$pair"; code_rps=$RATE
  ratio=$(awk -v a="$code_rps" -v b="$yaml_rps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  YAML_RATES+=("$yaml_rps") CODE_RATES+=("$code_rps") RATIOS+=("$ratio")
  printf 'pair %d: yaml %.1f req/s, c# %.1f req/s, ratio c#/yaml %s\n' "$pair" "$yaml_rps" "$code_rps" "$ratio"
  if [[ $pair -lt $PAIRS ]]; then sleep 1; fi
done

echo
printf 'yaml req/s:         %.1f (median)\n' "$(median "${YAML_RATES[@]}")"
printf 'c# req/s:           %.1f (median)\n' "$(median "${CODE_RATES[@]}")"
printf 'ratio c#/yaml:      %.3f (median of %d pairs)\n' "$(median "${RATIOS[@]}")" "$PAIRS"

if [[ -n $JSON_OUT ]]; then
  jq -n --arg duration "${DURATION}s" --argjson vus "$VUS" --argjson cpus "$CPUS" \
    --arg yaml "${YAML_RATES[*]}" --arg code "${CODE_RATES[*]}" --arg ratio "${RATIOS[*]}" \
    'def nums: split(" ") | map(select(. != "") | tonumber);
     { duration: $duration, vus: $vus, cpus: $cpus,
       yaml_rps: ($yaml | nums), code_rps: ($code | nums), ratio: ($ratio | nums) }' >"$JSON_OUT"
  log "wrote $JSON_OUT"
fi
