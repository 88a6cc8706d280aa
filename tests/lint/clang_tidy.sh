#!/usr/bin/env bash
# clang-tidy (checks in .clang-tidy, warnings are errors) over the library and tools, using the
# build's compile_commands.json.
set -euo pipefail
root=${1:?usage: clang_tidy.sh REPO_ROOT BUILD_DIR} build=${2:?usage: clang_tidy.sh REPO_ROOT BUILD_DIR}
cd "$root"
find libcommon tools -name '*.cpp' | sort | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet
echo "ok: clang-tidy clean"
