#!/usr/bin/env bash
# The README's first command: installs, builds, and runs the main job.
# The main job is a local RELOAD overlay with a conference on loopback; reload-node does not exist
# yet (the codec layer is what is built so far), so after building this says so instead of
# pretending to start anything.
set -euo pipefail
cd "$(dirname "$0")/.."
./tests/install-deps.sh
cmake --preset release >&2
cmake --build --preset release >&2
cat <<'MSG'
disco is built (build/release). There is nothing to run yet: reload-node, the overlay peer the
main job starts, is not written. What exists is the RELOAD (RFC 6940) message codec in
libcommon/; ./tests/run.sh exercises it.
MSG
