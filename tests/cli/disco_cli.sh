#!/usr/bin/env bash
# disco-register and disco-lookup without a peer: help, usage errors (2), malformed coordinates (5),
# no control socket (3).
set -euo pipefail
reg=${1:?usage: disco_cli.sh DISCO_REGISTER DISCO_LOOKUP}
look=${2:?usage: disco_cli.sh DISCO_REGISTER DISCO_LOOKUP}
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {
  local want=$1; shift
  set +e
  "$@" </dev/null >/dev/null 2>&1
  local got=$?
  set -e
  [[ $got -eq $want ]] || fail "exit $got, expected $want: $*"
}
nosock=/nonexistent/disco/reload-node.sock
conf=sip:team-conf-node-1@x.test

"$reg" --help | grep -q -- '--grant' || fail "disco-register --help lacks --grant"
"$look" --help | grep -q -- '--nearest' || fail "disco-lookup --help lacks --nearest"
expect 0 "$reg" --version
expect 2 "$reg"
expect 2 "$reg" --control "$nosock" --withdraw --grant a@b "$conf"
expect 2 "$reg" --control "$nosock" --delegate "$conf"
expect 2 "$reg" --control "$nosock" --keep --withdraw "$conf"
expect 2 "$reg" --home /tmp "$conf"
expect 2 "$reg" --control "$nosock" --lifetime 0 "$conf"
expect 5 "$reg" --control "$nosock" --coords '{"model":"vivaldi","vector":"x"}' "$conf"
expect 5 "$reg" --control "$nosock" --coords '{"model":"nope","vector":[1]}' "$conf"
expect 3 "$reg" --control "$nosock" "$conf"
expect 3 "$reg" --control "$nosock" --coords '{"model":"vivaldi","vector":[1,2]}' "$conf"
expect 2 "$look"
expect 2 "$look" --home /tmp "$conf"
expect 5 "$look" --control "$nosock" --coords 'not json' "$conf"
expect 3 "$look" --control "$nosock" "$conf"
set +e
echo '{"model":"vivaldi","vector":[1,2]}' | "$reg" --control "$nosock" --coords - "$conf" >/dev/null 2>&1
[[ $? -eq 3 ]] || fail "coordinates from stdin were not accepted"
set -e
echo "ok: disco-register and disco-lookup command lines"
