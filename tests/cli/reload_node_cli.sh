#!/usr/bin/env bash
# reload-node's command line without a running peer: --help/--version, each subcommand's --help,
# the exit codes of DESIGN.md "Tools" / man/reload-node.1 for usage errors (2), a missing control
# socket (3) and each control error code (against a stand-in peer written in Python), and `init`
# making an overlay home (and refusing to overwrite one). Nothing here runs a real peer.
#   reload_node_cli.sh BINARY
set -uo pipefail
bin=${1:?usage: reload_node_cli.sh RELOAD_NODE_BINARY}
work=$(mktemp -d "${TMPDIR:-/tmp}/reload-node-cli.XXXXXX")
fake=""  # the stand-in peer's pid, once started
trap '[[ -n $fake ]] && kill "$fake" 2>/dev/null; rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL $*" >&2
  failures=$((failures + 1))
}

# check NAME EXPECTED_EXIT ARGS...: runs the tool (SIGTERM after 60 s, SIGKILL 5 s later; init
# makes keys) and compares its exit status.
check() {
  local name=$1 expected=$2 status=0
  shift 2
  timeout -k 5 60 "$bin" "$@" >"$work/out" 2>"$work/err" </dev/null || status=$?
  if [[ $status -ne $expected ]]; then
    fail "$name: reload-node $* exited $status, expected $expected"
    sed 's/^/  stdout: /' "$work/out" >&2
    sed 's/^/  stderr: /' "$work/err" >&2
    return 1
  fi
  echo "ok   $name (exit $status)"
}

# expect_output NAME STREAM PATTERN: the last run's stdout/stderr has a line matching PATTERN.
expect_output() {
  local name=$1 stream=$2 pattern=$3
  if ! grep -qE -- "$pattern" "$work/$stream"; then
    fail "$name: no line matching '$pattern' on $stream:"
    sed "s/^/  $stream: /" "$work/$stream" >&2
  fi
}

# --version: "reload-node <version>", one line.
if check version 0 --version; then
  expect_output version out '^reload-node [0-9]+\.[0-9]+\.[0-9]+$'
  [[ $(wc -l <"$work/out") -eq 1 ]] || fail "version: more than one line"
fi

# --help lists every subcommand and the common options.
subcommands=(init run status fingers successors ping route store fetch stat find stored leave)
if check help 0 --help; then
  for word in "${subcommands[@]}" --help --version --json --text --verbose --quiet; do
    expect_output help out "(^|[^[:alnum:]-])${word}([^[:alnum:]-]|$)"
  done
fi

# Each subcommand's --help names its own options.
declare -A sub_options=(
  [init]="--overlay --dir --nodes --address --base-port --bootstrap-count --key-type --force"
  [run]="--home --node --node-dir --control --state-dir --tls-keylog --listen --first"
  [status]="--control --home --node --timeout"
  [fingers]="--control --timeout"
  [successors]="--control --timeout"
  [ping]="DEST --control --timeout"
  [route]="DEST --send-update"
  [store]="--resource --resource-id --kind --key --key-hex --index --value --value-hex --remove --lifetime"
  [fetch]="--resource --resource-id --kind --key --key-hex --index --range --generation"
  [stat]="--resource --kind --range"
  [find]="--resource --resource-id --kind"
  [stored]="--control --timeout"
  [leave]="--control --timeout"
)
for sub in "${subcommands[@]}"; do
  if check "help_$sub" 0 "$sub" --help; then
    for word in ${sub_options[$sub]}; do
      expect_output "help_$sub" out "(^|[^[:alnum:]-])${word}([^[:alnum:]-]|$)"
    done
  fi
done

# Usage errors: exit 2, a message on stderr, nothing on stdout, and no socket touched.
usage() {
  local name=$1
  shift
  if check "$name" 2 "$@"; then
    [[ -s $work/err ]] || fail "$name: no message on stderr"
    [[ ! -s $work/out ]] || fail "$name: printed on stdout"
  fi
}
usage no_subcommand
usage unknown_subcommand frobnicate
expect_output unknown_subcommand err 'frobnicate'
usage unknown_option status --no-such-option
usage json_and_text --json --text status
usage store_without_kind store --resource r --key k --value v
usage store_without_value store --resource r --kind DISCO-NOTE --key k --control /nonexistent/x.sock
usage store_value_and_remove store --resource r --kind DISCO-NOTE --key k --value v --remove
usage store_bad_hex store --resource r --kind DISCO-NOTE --key k --value-hex xyz --control /nonexistent/x.sock
usage fetch_key_and_index fetch --resource r --kind DISCO-NOTE --key k --index 1 --control /nonexistent/x.sock
usage fetch_bad_range fetch --resource r --kind 7 --range 5-3 --control /nonexistent/x.sock
usage find_without_kind find --resource r
usage ping_without_dest ping
usage control_and_home status --control /x.sock --home /h --node 1
usage node_without_home status --node 1
usage timeout_zero status --timeout 0
usage run_without_identity run
usage init_without_overlay init --dir "$work/x" --nodes 1
usage init_nodes_zero init --overlay a.example --dir "$work/x" --nodes 0
usage init_key_type init --overlay a.example --dir "$work/x" --nodes 1 --key-type dsa
[[ ! -e $work/x ]] || fail "init usage errors created $work/x"
if check store_bad_hex_message 2 store --resource r --kind K --key k --value-hex xyz; then :; fi
expect_output store_bad_hex_message err '^reload-node: .*--value-hex'

# No peer on the socket: exit 3 at once, naming the path.
start=$(date +%s)
if check no_node 3 status --control /nonexistent/x.sock; then
  expect_output no_node err '^reload-node: .*/nonexistent/x\.sock'
  elapsed=$(($(date +%s) - start))
  [[ $elapsed -le 5 ]] || fail "no_node: took ${elapsed}s"
fi
if check no_node_home 3 fetch --home "$work/none" --node 2 --resource r --kind DISCO-NOTE; then
  expect_output no_node_home err "$work/none/nodes/2/reload-node\.sock"
fi

# A stand-in peer on a control socket (libcommon/control/README.md): answers each request line with
# a canned answer, or with the error named by the resource ("error:not_found"), and records the
# requests, so the whole path is seen: arguments on the wire, rendering, error codes to exit codes.
sock=$work/fake.sock
python3 - "$sock" "$work/requests" <<'EOF' &
import json, socket, sys
path, log = sys.argv[1], sys.argv[2]
answers = {
    "status": {"node_id": "aa" * 16, "overlay": "test.example", "state": "ready", "uptime_s": 3,
               "successors": ["bb" * 16], "predecessors": [], "stats": {"messages_in": 7}},
    "fetch": {"resource_id": "0c" * 16, "kind": 4026531841, "generation": 1, "node_id": "bb" * 16,
              "rtt_ms": 2, "hops": 1, "transmissions": 1,
              "values": [{"key": "greeting", "key_hex": "6772656574696e67", "exists": True,
                          "value": "hello, overlay", "value_hex": "68656c6c6f2c206f7665726c6179",
                          "storage_time_ms": 1000, "lifetime_s": 60}]},
}
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(8)
while True:
    conn, _ = server.accept()
    with conn, conn.makefile("rwb") as f:
        for line in f:
            req = json.loads(line)
            with open(log, "a") as out:
                out.write(json.dumps({"op": req["op"], "args": req.get("args", {})}, sort_keys=True) + "\n")
            resource = req.get("args", {}).get("resource", "")
            if resource.startswith("error:"):
                answer = {"id": req["id"], "error": {"code": resource[6:], "message": "it said " + resource[6:]}}
            else:
                answer = {"id": req["id"], "ok": answers.get(req["op"], {"left": True})}
            f.write((json.dumps(answer) + "\n").encode())
            f.flush()
EOF
fake=$!
for _ in $(seq 50); do [[ -S $sock ]] && break; sleep 0.1; done
if check fake_status 0 status --json --control "$sock"; then
  python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a["state"] == "ready" and a["stats"]["messages_in"] == 7, a' \
    "$work/out" || fail "fake_status: the JSON is not the peer's answer"
fi
if check fake_status_text 0 status --text --control "$sock"; then
  expect_output fake_status_text out '^state: +ready$'
  expect_output fake_status_text out '^stats\.messages_in: +7$'
fi
if check fake_fetch_text 0 --text fetch --control "$sock" --resource node-1@test.example --kind DISCO-NOTE --key greeting; then
  expect_output fake_fetch_text out '^key +exists +lifetime_s +storage_time_ms +value$'
  expect_output fake_fetch_text out '^greeting +true +60 +1000 +hello, overlay$'
fi
check fake_store 0 store --control "$sock" --resource node-1@test.example --kind DISCO-NOTE --key k --value v
expect_output fake_store_request requests \
  '^\{"args": \{"key_hex": "6b", "kind": "DISCO-NOTE", "resource": "node-1@test.example", "value_hex": "76"\}, "op": "store"\}$'
if check fake_leave 0 leave --control "$sock"; then
  expect_output fake_leave out '^\{"left":true\}$'
fi
if check fake_not_found 1 fetch --control "$sock" --resource error:not_found --kind 7; then
  expect_output fake_not_found err '^reload-node: it said not_found$'
fi
check fake_refused 1 store --control "$sock" --resource error:refused --kind 7 --value v
check fake_forbidden 4 store --control "$sock" --resource error:forbidden --kind 7 --value v
check fake_bad_request 2 fetch --control "$sock" --resource error:bad_request --kind 7
check fake_timeout 3 fetch --control "$sock" --resource error:timeout --kind 7
check fake_unknown_op 5 fetch --control "$sock" --resource error:unknown_op --kind 7
check fake_internal 70 fetch --control "$sock" --resource error:internal --kind 7
kill "$fake" 2>/dev/null
wait "$fake" 2>/dev/null
fake=""

# init: the layout of overlay/home/README.md, and a JSON summary that parses.
home=$work/ov
if check init 0 --json init --overlay test.example --dir "$home" --nodes 3 --key-type ec; then
  for f in overlay.xml ca/ca.key ca/ca.crt; do [[ -f $home/$f ]] || fail "init: no $f"; done
  for i in 1 2 3; do
    for f in key.pem cert.pem node.json; do [[ -f $home/nodes/$i/$f ]] || fail "init: no nodes/$i/$f"; done
    [[ $(stat -c %a "$home/nodes/$i/key.pem") == 600 ]] || fail "init: nodes/$i/key.pem is not mode 600"
  done
  [[ ! -e $home/nodes/4 ]] || fail "init: made a fourth node"
  [[ $(wc -l <"$work/out") -eq 1 ]] || fail "init: the JSON summary is not one line"
  if ! python3 - "$work/out" "$home" <<'EOF'; then
import json, sys
summary = json.loads(open(sys.argv[1]).read())
home = sys.argv[2]
assert summary["dir"] == home, summary["dir"]
assert summary["overlay"] == "test.example"
assert summary["config"] == home + "/overlay.xml"
assert summary["ca"] == home + "/ca/ca.crt"
nodes = summary["nodes"]
assert [n["index"] for n in nodes] == [1, 2, 3], nodes
assert [n["bootstrap"] for n in nodes] == [True, True, False], nodes
assert [n["listen"] for n in nodes] == ["127.0.0.1:6084", "127.0.0.1:6085", "127.0.0.1:6086"], nodes
for n in nodes:
    assert n["user"] == "node-%d@test.example" % n["index"], n
    assert len(n["node_id"]) == 32 and int(n["node_id"], 16) >= 0, n
    on_disk = json.load(open("%s/nodes/%d/node.json" % (home, n["index"])))
    assert on_disk["node_id"] == n["node_id"], (on_disk, n)
EOF
    fail "init: the JSON summary does not describe the home"
    sed 's/^/  stdout: /' "$work/out" >&2
  fi
fi

# init again without --force: refused, and nothing changes.
before=$(cd "$home" && find . -type f -exec sha256sum {} + | sort)
if check init_again 5 init --overlay test.example --dir "$home" --nodes 2 --key-type ec; then
  expect_output init_again err '^reload-node: .*--force'
  [[ ! -s $work/out ]] || fail "init_again: printed on stdout"
fi
after=$(cd "$home" && find . -type f -exec sha256sum {} + | sort)
[[ $before == "$after" ]] || fail "init_again: the home changed"

# With --force it is replaced; --text prints the aligned summary and the node table.
if check init_force 0 --text init --overlay other.example --dir "$home" --nodes 2 --key-type ec --force; then
  expect_output init_force out '^overlay: +other\.example$'
  expect_output init_force out '^index +node_id +user +listen +bootstrap$'
  expect_output init_force out '^2 +[0-9a-f]{32} +node-2@other\.example +127\.0\.0\.1:6085 +bootstrap$'
  [[ ! -e $home/nodes/3 ]] || fail "init_force: nodes/3 survived"
fi

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "ok: reload-node command line, exit codes and init"
