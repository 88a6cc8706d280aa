#!/usr/bin/env bash
# Only libcommon/net/ and libcommon/runtime/ (and their unit tests) may include Boost.Asio: protocol
# logic stays sans-I/O.
set -euo pipefail
root=${1:?usage: asio_includes.sh REPO_ROOT}
cd "$root"
offenders=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]boost/asio' libcommon tools tests 2>/dev/null \
  | grep -vE '^(libcommon|tests/unit)/(net|runtime)/' | grep -v '^tests/lint/' || true)
if [[ -n "$offenders" ]]; then
  echo "Boost.Asio included outside libcommon/net and libcommon/runtime:" >&2
  echo "$offenders" >&2
  exit 1
fi
echo "ok: Boost.Asio only in libcommon/net and libcommon/runtime"
