#!/usr/bin/env bash
# Conference registration in a RELOAD overlay (DisCo over ShaRe, libcommon/usages/disco/README.md):
# a five-peer overlay on 127.0.0.1; peer 1 owns sip:team-conf-node-1@disco-example.test and
# registers as a focus; it grants peers 2 and 3, which register too, each with other network
# coordinates; peer 4 (never granted) is refused; a party on peer 5 looks the foci up and picks the
# one nearest to its own coordinates. Then the peers leave.
#   ./examples/disco.sh
# Environment: RELOAD_NODE, DISCO_REGISTER, DISCO_LOOKUP (binaries; default: build them, release),
# DISCO_DIR (the overlay home; default a new temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=examples/overlay-lib.sh
source examples/overlay-lib.sh

case "${1:-}" in
  "") ;;
  -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "disco.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
esac

if [[ -z "${RELOAD_NODE:-}" || -z "${DISCO_REGISTER:-}" || -z "${DISCO_LOOKUP:-}" ]]; then
  ./tests/install-deps.sh >&2
  cmake --preset release >&2
  cmake --build --preset release --target reload-node disco-register disco-lookup >&2
  RELOAD_NODE="$PWD/build/release/tools/reload-node/reload-node"
  DISCO_REGISTER="$PWD/build/release/tools/disco-register/disco-register"
  DISCO_LOOKUP="$PWD/build/release/tools/disco-lookup/disco-lookup"
fi

overlay=disco-example.test
conference="sip:team-conf-node-1@$overlay"
home="${DISCO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/disco-example.XXXXXX")}"
peers=5

base=$(overlay_base_port disco.sh "$peers")

echo "== overlay home $home (overlay $overlay)" >&2
"$RELOAD_NODE" init --overlay "$overlay" --dir "$home" --nodes "$peers" --base-port "$base" --key-type ec \
  --force --text >&2

overlay_start "$home" "$peers"
overlay_wait_ready disco.sh "$home" "$peers"

reg() { local node=$1; shift; "$DISCO_REGISTER" --home "$home" --node "$node" --text "$conference" "$@"; }
vivaldi() { printf '{"model":"vivaldi","vector":[%s,%s],"height":%s,"error":0.2,"samples":50}' "$1" "$2" "$3"; }

echo "== peer 1 owns $conference and registers (coordinates 80,10)" >&2
reg 1 --contact "sip:focus1@127.0.0.1:5061" --coords "$(vivaldi 80 10 2)"
echo "== peer 1 grants peers 2 and 3" >&2
reg 1 --grant "node-2@$overlay"
reg 1 --grant "node-3@$overlay"
echo "== peers 2 (coordinates 10,10) and 3 (coordinates 40,45, piped in) register" >&2
reg 2 --contact "sip:focus2@127.0.0.1:5062" --coords "$(vivaldi 10 10 2)"
vivaldi 40 45 2 | reg 3 --contact "sip:focus3@127.0.0.1:5063" --coords -
echo "== peer 4 was not granted: refused" >&2
set +e
reg 4 --coords "$(vivaldi 0 0 1)"
status=$?
set -e
echo "(disco-register exited with $status: 4 = forbidden)"
[[ $status -eq 4 ]] || { echo "disco.sh: peer 4 was not refused" >&2; exit 1; }

me=$(vivaldi 15 5 1)
echo "== a party on peer 5 at 15,5 looks the conference up" >&2
"$DISCO_LOOKUP" --home "$home" --node 5 "$conference" --coords "$me" --text
echo "== and picks the nearest" >&2
nearest=$("$DISCO_LOOKUP" --home "$home" --node 5 "$conference" --coords "$me" --nearest --json)
echo "$nearest"
grep -q '"contact":"sip:focus2@127.0.0.1:5062"' <<<"$nearest" || { echo "disco.sh: focus 2 is not the nearest" >&2; exit 1; }
overlay_stop
echo "== done" >&2
