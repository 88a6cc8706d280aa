#!/usr/bin/env bash
# The README's first command: installs, builds, and runs the main job.
# The main job is a local RELOAD overlay with a conference on loopback; reload-node and focus-run
# do not exist yet, so after building this says so instead of pretending to start anything.
set -euo pipefail
cd "$(dirname "$0")/.."
./tests/install-deps.sh
cmake --preset release >&2
cmake --build --preset release >&2
cat <<'MSG'
disco is built (build/release). The main job cannot run yet: reload-node (the overlay peer) and
focus-run (the conference focus) are not written. What exists: the RELOAD (RFC 6940) message
codec, the SIP stack, the RFC 4575 conference state, and confinfo-watch, which subscribes to a
conference's event package:
  ./examples/confinfo-watch.sh        # confinfo-watch against sipp standing in for a focus
  man -l man/confinfo-watch.1
./tests/run.sh runs every test.
MSG
