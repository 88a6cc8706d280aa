#!/usr/bin/env bash
# Installs what tests/bench/overlay_vs_opendht needs beyond tests/install-deps.sh: OpenDHT's
# dhtnode (Debian 12 package `dhtnode`, the system it compares against) and coreutils' stdbuf.
# Only the benchmark needs these; the build and the test suite never do.
set -euo pipefail

packages=(dhtnode coreutils python3)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-bench-deps: installing ${missing[*]}" >&2
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
