# ensure_apt_packages, shared by scripts/test.sh and bench/lib.sh. Source it; the caller defines log and die.
# shellcheck shell=bash

_APT_UPDATED=0
# ensure_apt_packages PKG...: installs the packages that are not installed yet; `apt-get update`
# runs at most once per script run, and only when something is missing.
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
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}
