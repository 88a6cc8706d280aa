#!/usr/bin/env bash
# A layer may include only itself and the layers below it. The order is libcommon/CMakeLists.txt's
# add_subdirectory() order, lowest first, so the build file and this check cannot drift apart.
set -euo pipefail
root=${1:?usage: layering.sh REPO_ROOT}
cd "$root"
mapfile -t layers < <(sed -nE 's/^add_subdirectory\(([^)]+)\).*/\1/p' libcommon/CMakeLists.txt)
status=0
for ((i = 0; i < ${#layers[@]}; i++)); do
  layer=${layers[$i]}
  allowed=("${layers[@]:0:$((i + 1))}")
  while IFS= read -r line; do
    file=${line%%:*}
    inc=$(sed -nE 's/.*#include "libcommon\/(.+)\/[^/]+".*/\1/p' <<<"${line#*:}")
    [[ -z "$inc" ]] && continue
    ok=0
    for a in "${allowed[@]}"; do [[ "$inc" == "$a" ]] && ok=1; done
    if [[ $ok -eq 0 ]]; then
      echo "$file includes libcommon/$inc, which is not below layer $layer" >&2
      status=1
    fi
  done < <(grep -rn '#include "libcommon/' "libcommon/$layer" --include='*.hpp' --include='*.cpp' \
           | grep -E "^libcommon/$layer/[^/]+:" || true)
done
[[ $status -eq 0 ]] && echo "ok: ${#layers[@]} layers include only downwards"
exit $status
