#!/usr/bin/env bash
# Every C++ file is formatted with the repository's .clang-format.
set -euo pipefail
root=${1:?usage: clang_format.sh REPO_ROOT}
cd "$root"
find libcommon tools tests -name '*.cpp' -o -name '*.hpp' | sort | xargs clang-format --dry-run --Werror
echo "ok: clang-format clean"
