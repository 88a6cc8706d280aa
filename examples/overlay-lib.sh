# Sourced by the example scripts: a loopback overlay of reload-node peers, started and stopped the
# same way everywhere. Needs RELOAD_NODE (a reload-node binary) and `set -euo pipefail` in the caller.
#   overlay_base_port NAME PEERS   prints the first of PEERS consecutive free TCP ports on 127.0.0.1
#   overlay_start HOME PEERS       starts the peers (logs in HOME/nodes/I/) and traps EXIT/INT/TERM
#   overlay_stop                   every peer leaves the overlay (SIGTERM) and is waited for
#   overlay_wait_ready NAME HOME PEERS   until every peer is in the ring, or exits 1

overlay_base_port() {
  local name=$1 peers=$2 try candidate ok p
  port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }  # a failed connect: nobody listens
  # Below the kernel's ephemeral ports (from 32768 by default): the peers' own outgoing connections
  # take local ports from there while the overlay starts.
  local low=32768
  read -r low _ < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
  for try in $(seq 1 50); do
    candidate=$((10000 + (RANDOM * 7 + try) % (low - 10000 - peers)))
    ok=1
    for ((p = candidate; p < candidate + peers; p++)); do port_free "$p" || { ok=0; break; }; done
    if ((ok)); then echo "$candidate"; return 0; fi
  done
  echo "$name: no free ports found" >&2
  exit 3
}

overlay_pids=()
overlay_stop() {
  trap - INT TERM EXIT
  if ((${#overlay_pids[@]})); then
    echo "== stopping the peers (each leaves the overlay)" >&2
    kill -TERM "${overlay_pids[@]}" 2>/dev/null || true
    for pid in "${overlay_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    overlay_pids=()
  fi
}

overlay_start() {
  local home=$1 peers=$2 i
  trap overlay_stop EXIT
  trap 'overlay_stop; exit 130' INT
  trap 'overlay_stop; exit 143' TERM
  for ((i = 1; i <= peers; i++)); do
    # The binary itself in the background, not a shell function: TERM to a function's subshell
    # would not reach the peer, which would outlive the script.
    "$RELOAD_NODE" run --home "$home" --node "$i" --control "$home/nodes/$i/reload-node.sock" \
      >"$home/nodes/$i/events.jsonl" 2>"$home/nodes/$i/node.log" &
    overlay_pids+=($!)
  done
}

overlay_wait_ready() {
  local name=$1 home=$2 peers=$3 i attempt
  ready() {
    for ((i = 1; i <= peers; i++)); do
      "$RELOAD_NODE" status --home "$home" --node "$i" --json 2>/dev/null | grep -q '"state":"ready"' || return 1
    done
  }
  for attempt in $(seq 1 120); do ready && break; sleep 0.5; done
  ready || { echo "$name: the overlay did not form; logs in $home/nodes/*/node.log" >&2; exit 1; }
  sleep 1  # a last round of Updates
}
