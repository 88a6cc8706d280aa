#!/usr/bin/env bash
# coord-probe's command line without a node: --version and --help, usage errors (2), no control
# socket (3), and the --from/--predict path that needs no node at all: predictions between
# coordinate files, malformed files (5), unknown targets (1), models that do not compare (2).
# examples/coord-probe.sh runs the tool against a real overlay on loopback.
#   coord_probe_cli.sh BINARY
set -uo pipefail
bin=${1:?usage: coord_probe_cli.sh COORD_PROBE_BINARY}
work=$(mktemp -d "${TMPDIR:-/tmp}/coord-probe-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

# check NAME EXPECTED_EXIT ARGS...: runs the tool (stdin from $work/stdin when it exists).
check() {
  local name=$1 expected=$2 status=0 input=/dev/null
  shift 2
  [[ -f $work/stdin ]] && input=$work/stdin
  timeout -k 5 20 "$bin" "$@" >"$work/out" 2>"$work/err" <"$input" || status=$?
  rm -f "$work/stdin"
  if [[ $status -ne $expected ]]; then
    echo "FAIL $name: coord-probe $* exited $status, expected $expected" >&2
    sed 's/^/  stdout: /' "$work/out" >&2
    sed 's/^/  stderr: /' "$work/err" >&2
    failures=$((failures + 1))
    return 1
  fi
  echo "ok   $name (exit $status)"
}

expect_output() {
  local name=$1 stream=$2 pattern=$3
  if ! grep -qE -- "$pattern" "$work/$stream"; then
    echo "FAIL $name: no line matching '$pattern' on $stream:" >&2
    sed "s/^/  $stream: /" "$work/$stream" >&2
    failures=$((failures + 1))
  fi
}

if check version 0 --version; then
  expect_output version out '^coord-probe [0-9]+\.[0-9]+\.[0-9]+$'
fi
if check help 0 --help; then
  for word in --control --home --node --model --peers --landmarks --mesh --peer-coords --samples --interval \
      --timeout --dimensions --seed --direct-only --predict --from --json --text; do
    expect_output help out "(^|[^[:alnum:]-])${word}([^[:alnum:]-]|$)"
  done
fi

# Usage errors: exit 2, before any socket is touched.
check unknown-option 2 --frobnicate
check bad-model 2 --model chord --peers a --mesh --home "$work"
check samples-zero 2 --samples 0 --peers a --mesh --home "$work"
check home-without-node 2 --home "$work" --peers a --mesh
check control-and-home 2 --control "$work/s" --home "$work" --node 1 --peers a --mesh
check vivaldi-needs-coordinates 2 --control "$work/none.sock" --peers a
expect_output vivaldi-needs-coordinates err 'peer-coords FILE, or --mesh'
check mesh-needs-home 2 --control "$work/none.sock" --peers a --mesh
check landmark-needs-landmarks 2 --control "$work/none.sock" --model landmark
check landmark-not-peers 2 --control "$work/none.sock" --model landmark --peers a --landmarks b
check gnp-too-few-landmarks 2 --control "$work/none.sock" --model gnp --landmarks a,b --dimensions 2 --mesh \
  --home "$work"
check from-without-predict 2 --from "$work/a.json"

# No node on the socket: exit 3, and the message names the path.
echo '{"peer":"a","coordinate":{"model":"vivaldi","vector":[1,2,3],"height":1}}' >"$work/peers.jsonl"
if check no-node 3 --control "$work/none.sock" --peers a --peer-coords "$work/peers.jsonl"; then
  expect_output no-node err "none.sock"
fi

# --from and --predict: no node needed.
echo '{"model":"vivaldi","vector":[0,0,0],"height":1.5,"error":0.1,"samples":5}' >"$work/a.json"
echo '{"model":"vivaldi","vector":[30,40,0],"height":2.5,"error":0.1,"samples":5,"peers":[]}' >"$work/b.json"
if check predict-json 0 --json --from "$work/a.json" --predict "$work/b.json"; then
  expect_output predict-json out '"predict":\{"target":"[^"]*b.json","predicted_rtt_ms":54(\.0)?\}'
  expect_output predict-json out '^\{"model":"vivaldi","vector":\[0(\.0)?,0(\.0)?,0(\.0)?\]'
fi
cp "$work/b.json" "$work/stdin"
if check predict-stdin-text 0 --text --from "$work/a.json" --predict -; then
  expect_output predict-stdin-text out '^predicted RTT to -: 54\.0 ms$'
fi
echo '{"model":"landmark","vector":[10,20],"landmarks":["x","y"]}' >"$work/l1.json"
echo '{"model":"landmark","vector":[13,24],"landmarks":["x","y"]}' >"$work/l2.json"
echo '{"model":"landmark","vector":[13,24],"landmarks":["x","z"]}' >"$work/l3.json"
if check predict-landmark 0 --text --from "$work/l1.json" --predict "$work/l2.json"; then
  expect_output predict-landmark out 'landmark vector distance to .*: 5\.0 \(ranks candidates; not an RTT\)'
fi
check predict-other-landmarks 2 --from "$work/l1.json" --predict "$work/l3.json"
check predict-other-model 2 --from "$work/a.json" --predict "$work/l1.json"
check predict-missing-file 1 --from "$work/a.json" --predict "$work/nothing.json"
echo '{"model":"vivaldi","vector":[1e400]}' >"$work/bad.json"
check predict-malformed 5 --from "$work/a.json" --predict "$work/bad.json"
echo 'not json' >"$work/bad2.json"
check from-malformed 5 --from "$work/bad2.json" --predict "$work/a.json"
echo '{"peer":"a"}' >"$work/badpeers.jsonl"
check peer-coords-malformed 5 --control "$work/none.sock" --peers a --peer-coords "$work/badpeers.jsonl"

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all coord-probe command-line checks passed"
