#!/usr/bin/env bash
# Installs what is missing, builds with the `dev` preset (clang, ASan+UBSan, libFuzzer) and runs
# every test with ctest: unit, integration (real peers), lint, fuzz (short bounded runs), bench
# smoke, the 100-peer simulation; then the 1,000-peer simulation from the release build (it takes
# minutes under ASan). Arguments go to the first ctest; with arguments the simulation is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
./tests/install-deps.sh
cmake --preset dev >&2
cmake --build --preset dev
ctest --preset dev -j "$(nproc)" "$@"
if (($# == 0)); then
  cmake --preset release >&2
  cmake --build --preset release --target sim_tests
  ctest --test-dir build/release -L '^sim_1000$' --output-on-failure
fi
