#!/usr/bin/env bash
# Network coordinates on a small overlay: four RELOAD peers on 127.0.0.1, then coord-probe
#   1. fits Vivaldi coordinates for nodes 1-3 from the RTTs among them (--mesh),
#   2. places node 4 against those coordinates (--peer-coords) and predicts its RTT to node 1,
#   3. computes node 4's landmark vector and GNP position against landmarks 1-3,
#   4. hands node 4's coordinate to disco-register (when built) or checks it with coord-probe --from.
# Loopback RTTs are a fraction of a millisecond, so the numbers show the plumbing, not geography.
#   ./examples/coord-probe.sh          build (release) if needed, run, stop the peers
# Environment: RELOAD_NODE, COORD_PROBE (binaries: skip the build), DISCO_REGISTER (optional),
# COORD_PROBE_DIR (the overlay home; default a new temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=examples/overlay-lib.sh
source examples/overlay-lib.sh
case "${1:-}" in
  "") ;;
  -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "coord-probe.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
esac

if [[ -z "${RELOAD_NODE:-}" || -z "${COORD_PROBE:-}" ]]; then
  ./tests/install-deps.sh >&2
  cmake --preset release >&2
  cmake --build --preset release --target reload-node coord-probe >&2
  RELOAD_NODE="$PWD/build/release/tools/reload-node/reload-node"
  COORD_PROBE="$PWD/build/release/tools/coord-probe/coord-probe"
fi
# disco-register, if this build has it (next to coord-probe) and none was given.
if [[ -z "${DISCO_REGISTER:-}" ]]; then
  candidate="$(dirname "$COORD_PROBE")/../disco-register/disco-register"
  [[ -x $candidate ]] && DISCO_REGISTER=$candidate
fi
rn() { "$RELOAD_NODE" "$@"; }
probe() { "$COORD_PROBE" "$@"; }

overlay=coords.disco
home="${COORD_PROBE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/disco-coord-probe.XXXXXX")}"
peers=4

base=$(overlay_base_port coord-probe.sh "$peers")

echo "== overlay home $home (overlay $overlay, peers on 127.0.0.1:$base-$((base + peers - 1)))" >&2
rn init --overlay "$overlay" --dir "$home" --nodes "$peers" --base-port "$base" --key-type ec --force --text >&2

overlay_start "$home" "$peers"
overlay_wait_ready coord-probe.sh "$home" "$peers"

n() { echo "node-$1@$overlay"; }

echo "== 1. Vivaldi over the RTTs among nodes 1, 2, 3 (measured through each node's control socket)" >&2
probe --home "$home" --node 1 --mesh --peers "$(n 2),$(n 3)" --samples 5 --json >"$home/mesh.json"
# The contract of man/coord-probe.1 (OUTPUT), checked without jq: the coordinate first, then the
# peers with their fitted coordinates, and the pairwise matrix.
for field in '^\{"model":"vivaldi","vector":\[' '"peers":\[\{"peer":"node-2@' '"coordinate":\{"model":"vivaldi"' \
    '"predicted_rtt_ms":[0-9]' '"matrix":\{"nodes":\[' '"measured_rtt_ms":\[\[null,'; do
  grep -qE "$field" "$home/mesh.json" || { echo "coord-probe.sh: no $field in the --mesh output" >&2; exit 1; }
done
probe --home "$home" --node 1 --mesh --peers "$(n 2),$(n 3)" --samples 5 --text --predict "$(n 3)"

echo "== 2. node 4 placed against their coordinates, and its predicted RTT to node 1" >&2
probe --home "$home" --node 4 --peers "$(n 1),$(n 2),$(n 3)" --peer-coords "$home/mesh.json" --samples 5 \
  --json >"$home/node4.json"
probe --text --from "$home/node4.json" --predict "$home/mesh.json"

echo "== 3. node 4's landmark vector and GNP position (landmarks: nodes 1, 2, 3)" >&2
probe --home "$home" --node 4 --model landmark --landmarks "$(n 1),$(n 2),$(n 3)" --text
probe --home "$home" --node 4 --model gnp --landmarks "$(n 1),$(n 2),$(n 3)" --mesh --dimensions 2 --text

if [[ -n "${DISCO_REGISTER:-}" ]]; then
  echo "== 4. node 4 registers as a focus of sip:coords-conf-node-4@$overlay with its coordinate" >&2
  probe --home "$home" --node 4 --peers "$(n 1),$(n 2),$(n 3)" --peer-coords "$home/mesh.json" --json |
    "$DISCO_REGISTER" "sip:coords-conf-node-4@$overlay" --home "$home" --node 4 --coords - --text
else
  echo "== 4. (no disco-register in this build) node 4's coordinate, piped, read back by coord-probe --from -" >&2
  probe --home "$home" --node 4 --peers "$(n 1),$(n 2),$(n 3)" --peer-coords "$home/mesh.json" --json |
    probe --text --from - --predict "$home/mesh.json" | tee "$home/piped.txt"
  grep -q '^predicted RTT to ' "$home/piped.txt"
fi

overlay_stop
echo "== done" >&2
