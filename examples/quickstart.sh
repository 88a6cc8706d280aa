#!/usr/bin/env bash
# The README's first command, the main job: a five-peer RELOAD overlay (RFC 6940, CHORD-RELOAD over
# TLS) on 127.0.0.1, a value stored through one peer and fetched through another, the ring printed;
# then a conference registered in it: peers 1 and 3 measure their network coordinates (coord-probe)
# and register as foci of one conference URI (disco-register; peer 1 owns it and grants peer 3), and
# a party on peer 5 looks it up (disco-lookup) and gets the nearest focus. The overlay stays up for
# you to explore until Ctrl-C, which makes every peer leave the overlay cleanly.
#   ./examples/quickstart.sh           install, build (release), run, keep the overlay up
#   ./examples/quickstart.sh --once    the same, then stop the peers and exit 0 (CI runs this)
# Environment: RELOAD_NODE, COORD_PROBE, DISCO_REGISTER, DISCO_LOOKUP (binaries: all four given skip
# install and build), QUICKSTART_DIR (the overlay home; default a new temporary directory),
# QUICKSTART_KEY_TYPE (rsa, the default, or ec).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=examples/overlay-lib.sh
source examples/overlay-lib.sh

once=0
case "${1:-}" in
  --once) once=1 ;;
  "") ;;
  -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "quickstart.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
esac

if [[ -z "${RELOAD_NODE:-}" || -z "${COORD_PROBE:-}" || -z "${DISCO_REGISTER:-}" || -z "${DISCO_LOOKUP:-}" ]]; then
  ./tests/install-deps.sh >&2
  cmake --preset release >&2
  cmake --build --preset release --target reload-node coord-probe disco-register disco-lookup >&2
  RELOAD_NODE="$PWD/build/release/tools/reload-node/reload-node"
  COORD_PROBE="$PWD/build/release/tools/coord-probe/coord-probe"
  DISCO_REGISTER="$PWD/build/release/tools/disco-register/disco-register"
  DISCO_LOOKUP="$PWD/build/release/tools/disco-lookup/disco-lookup"
fi
rn() { "$RELOAD_NODE" "$@"; }

overlay=quickstart.disco
home="${QUICKSTART_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/disco-quickstart.XXXXXX")}"
peers=5

# Five consecutive free TCP ports on 127.0.0.1 (a connect that fails means nobody listens).
base=$(overlay_base_port quickstart.sh "$peers")

echo "== overlay home $home (overlay $overlay, peers on 127.0.0.1:$base-$((base + peers - 1)))" >&2
rn init --overlay "$overlay" --dir "$home" --nodes "$peers" --base-port "$base" \
  --key-type "${QUICKSTART_KEY_TYPE:-rsa}" --force --text >&2

overlay_start "$home" "$peers"

# Wait until every peer is in the ring with a correct successor (the ring converges in seconds).
overlay_wait_ready quickstart.sh "$home" "$peers"

echo "== store through peer 2, fetch through peer 5" >&2
rn store --home "$home" --node 2 --resource "node-2@$overlay" --kind DISCO-NOTE --key greeting \
  --value "hello from peer 2" --text
echo
rn fetch --home "$home" --node 5 --resource "node-2@$overlay" --kind DISCO-NOTE --key greeting --text

echo
echo "== the ring (each peer and its successor)" >&2
field() { sed -n "s/.*\"$1\":\"\([0-9a-f]*\)\".*/\1/p"; }
for ((i = 1; i <= peers; i++)); do
  s=$(rn status --home "$home" --node "$i" --json)
  id=$(printf '%s' "$s" | field node_id)
  succ=$(printf '%s' "$s" | sed -n 's/.*"successors":\["\([0-9a-f]*\)".*/\1/p')
  printf '%s\t%s\n' "$id" "$succ"
done | sort | while IFS=$'\t' read -r id succ; do
  printf 'peer %s  ->  successor %s\n' "${id:0:12}" "${succ:0:12}"
done

# The conference: ShaRe lets only the owner of the name (the "$USER" in team-conf-$USER@...) and
# the users it grants write the DISCO-REGISTRATION kind (libcommon/usages/disco/README.md).
conference="sip:team-conf-node-1@$overlay"
echo >&2
echo "== conference $conference: peer 1 owns it and grants peer 3" >&2
"$DISCO_REGISTER" --home "$home" --node 1 "$conference" --grant "node-3@$overlay" --text
for i in 1 3; do
  echo "== peer $i measures its coordinates (RELOAD Pings, Vivaldi) and registers as a focus" >&2
  "$COORD_PROBE" --home "$home" --node "$i" --mesh --samples 3 --json 2>/dev/null |
    "$DISCO_REGISTER" --home "$home" --node "$i" "$conference" --contact "sip:focus$i@127.0.0.1" --coords - --text
done
echo "== a party on peer 5 looks the conference up, nearest focus first" >&2
"$COORD_PROBE" --home "$home" --node 5 --mesh --samples 3 --json 2>/dev/null >"$home/party-coords.json"
"$DISCO_LOOKUP" --home "$home" --node 5 "$conference" --coords - --text <"$home/party-coords.json"

if ((once)); then
  overlay_stop
  echo "== done" >&2
  exit 0
fi

cat >&2 <<MSG
== the overlay is running. Explore it from another shell, e.g.:
  $RELOAD_NODE status     --home $home --node 3
  $RELOAD_NODE fingers    --home $home --node 1
  $RELOAD_NODE ping       --home $home --node 4 node-2@$overlay
  $RELOAD_NODE store      --home $home --node 3 --resource node-3@$overlay --kind DISCO-NOTE --key k --value v
  $RELOAD_NODE fetch      --home $home --node 1 --resource node-3@$overlay --kind DISCO-NOTE
  $DISCO_LOOKUP --home $home --node 2 $conference --nearest --coords - <$home/party-coords.json
  man -l man/reload-node.1   (and coord-probe.1, disco-register.1, disco-lookup.1)
Press Ctrl-C to stop every peer.
MSG
wait
