#!/usr/bin/env bash
# The single test command of Rampa: ./scripts/test.sh [extra `dotnet test` arguments]
#
# On a fresh Debian 12 machine (CI runs it as root, in a clean clone, CI=true, no stdin) it
#   1. installs what the tests need if it is missing (APT_PACKAGES below; the .NET SDK must be there),
#   2. builds the solution once in Release,
#   3. runs every test project of Rampa.sln, one after the other (2 cores: integration tests that
#      start silos and servers get flaky when test projects compete for the CPU), each writing a
#      TRX file into artifacts/test-results/ (deleted first, so a stale run never counts),
#   4. sums the TRX counters of all projects and prints, as the very last line,
#         N passed, N failed            or   N passed, N failed, N skipped   (when some were skipped)
# It exits non-zero when the build fails, a test fails, a test run crashes, or no test ran at all.
# Extra arguments go to every `dotnet test` call, e.g. ./scripts/test.sh --filter "FullyQualifiedName~Flaky".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$(pwd)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_GENERATE_ASPNET_CERTIFICATE=false
export DEBIAN_FRONTEND=noninteractive

SOLUTION="Rampa.sln"
CONFIGURATION="Release"
RESULTS_DIR="$REPO_ROOT/artifacts/test-results"
# A single test that hangs must not hang CI: the test host is killed after this long.
HANG_TIMEOUT="${RAMPA_TEST_HANG_TIMEOUT:-20m}"

# Debian packages the tests need beyond the .NET SDK: Chromium opens report.html headless (with fonts, so its
# screenshot shows text); tmux runs the CLI in a real terminal for the live view's test; Prometheus scrapes
# --out prometheus (TelemetryTests). Node.js and npm (to install Azurite) come from Debian only when the machine has none.
APT_PACKAGES=(chromium fonts-dejavu-core tmux prometheus)
# Azurite (Azure Storage emulator) from npm, pinned; tests start it themselves on free loopback ports.
AZURITE_VERSION="3.37.0"
TOOLS_DIR="$REPO_ROOT/.tools"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_apt_packages PKG...: see scripts/apt.sh.
# shellcheck source=scripts/apt.sh
source "$REPO_ROOT/scripts/apt.sh"

# trx_counter FILE ATTR: one attribute of the <Counters .../> element of a TRX file (0 if absent).
trx_counter() {
  local value
  value=$(tr -d '\r' <"$1" | grep -o '<Counters [^>]*>' | head -n 1 \
    | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p")
  printf '%s\n' "${value:-0}"
}

summary_line() {
  if [[ $3 -gt 0 ]]; then
    printf '%d passed, %d failed, %d skipped\n' "$1" "$2" "$3"
  else
    printf '%d passed, %d failed\n' "$1" "$2"
  fi
}

# --- 1. prerequisites --------------------------------------------------------------------------
if [[ ${#APT_PACKAGES[@]} -gt 0 ]]; then
  ensure_apt_packages "${APT_PACKAGES[@]}"
fi
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH; see global.json for the version"
if ! command -v npm >/dev/null 2>&1; then
  ensure_apt_packages nodejs npm
fi
AZURITE_BIN="$TOOLS_DIR/azurite/node_modules/.bin/azurite"
if [[ ! -x $AZURITE_BIN ]] || ! grep -q "\"version\": \"$AZURITE_VERSION\"" "$TOOLS_DIR/azurite/node_modules/azurite/package.json" 2>/dev/null; then
  log "npm install azurite@$AZURITE_VERSION into $TOOLS_DIR/azurite"
  mkdir -p "$TOOLS_DIR/azurite"
  npm install --prefix "$TOOLS_DIR/azurite" --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" </dev/null
fi
export RAMPA_AZURITE="$AZURITE_BIN"
export RAMPA_CHROMIUM="${RAMPA_CHROMIUM:-$(command -v chromium || true)}"
log "dotnet $(dotnet --version)"

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

# --- 2. build once -----------------------------------------------------------------------------
log "dotnet build $SOLUTION -c $CONFIGURATION"
if ! dotnet build "$SOLUTION" -c "$CONFIGURATION" -nologo </dev/null; then
  printf 'error: the build failed; no test ran\n' >&2
  summary_line 0 0 0
  exit 1
fi

# --- 3. run the test projects, one at a time ---------------------------------------------------
mapfile -t TEST_PROJECTS < <(
  dotnet sln "$SOLUTION" list </dev/null | tr -d '\r' | grep -E '\.csproj$' | tr '\\' '/' \
    | while read -r project; do
        # Ask MSBuild (IsTestProject may come from an imported props file), after the restore above.
        is_test=$(dotnet msbuild "$project" -getProperty:IsTestProject -p:Configuration="$CONFIGURATION" </dev/null 2>/dev/null | tr -d '\r' || true)
        if [[ ${is_test,,} == true ]]; then
          printf '%s\n' "$project"
        fi
      done
)
[[ ${#TEST_PROJECTS[@]} -gt 0 ]] || die "no test project (IsTestProject=true) found in $SOLUTION"

passed=0 failed=0 skipped=0 crashed=() results=()
for project in "${TEST_PROJECTS[@]}"; do
  name="$(basename "$project" .csproj)"
  trx="$RESULTS_DIR/$name.trx"
  log "dotnet test $project"
  rc=0
  dotnet test "$project" -c "$CONFIGURATION" --no-build -nologo \
    --results-directory "$RESULTS_DIR" \
    --logger "trx;LogFileName=$name.trx" \
    --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
    "$@" </dev/null || rc=$?

  # --- 4. sum the TRX counters (a missing file counts as nothing) --------------------------------
  p=0 f=0 s=0
  if [[ -f $trx ]]; then
    total=$(trx_counter "$trx" total)
    executed=$(trx_counter "$trx" executed)
    p=$(trx_counter "$trx" passed)
    f=$(( $(trx_counter "$trx" failed) + $(trx_counter "$trx" error) + $(trx_counter "$trx" timeout) + $(trx_counter "$trx" aborted) ))
    # xunit's skipped tests are in `total` but not in `executed` (notExecuted stays 0).
    s=$(( total - executed ))
    ne=$(trx_counter "$trx" notExecuted)
    if (( ne > s )); then s=$ne; fi
    if (( s < 0 )); then s=0; fi
  fi
  if [[ $rc -ne 0 && $f -eq 0 ]]; then
    # dotnet test failed but no test result says so: a crashed or hung test host, or a bad
    # argument. It counts as one failure, so the totals line never reads "0 failed" on a red run.
    crashed+=("$name (dotnet test exit $rc)")
    f=1
  fi
  results+=("$(printf '%-32s %d passed, %d failed, %d skipped' "$name" "$p" "$f" "$s")")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done

printf '\nTest projects:\n' >&2
printf '    %s\n' "${results[@]}" >&2
status=0
if [[ ${#crashed[@]} -gt 0 ]]; then
  printf 'error: test run failed without a failing test result (counted as 1 failure each): %s\n' "${crashed[*]}" >&2
  status=1
fi
if [[ $failed -gt 0 ]]; then
  printf 'error: %d failure(s)\n' "$failed" >&2
  status=1
fi
if [[ $((passed + failed)) -eq 0 ]]; then
  printf 'error: no test ran\n' >&2
  status=1
fi

summary_line "$passed" "$failed" "$skipped"
exit "$status"
