#!/usr/bin/env bash
# Installs what is missing, builds with the `dev` preset (clang, ASan+UBSan, libFuzzer) and runs
# every test with ctest: unit, integration (tshark), lint, fuzz (short bounded runs), bench smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
./tests/install-deps.sh
cmake --preset dev >&2
cmake --build --preset dev
ctest --preset dev -j "$(nproc)" "$@"
