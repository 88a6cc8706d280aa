#!/usr/bin/env bash
# confinfo-watch: follow who is in a SIP conference, one line per change.
#
# What this shows: confinfo-watch subscribes (RFC 6665) to a conference's "conference" event
# package (RFC 4575) and prints every change the focus reports: users joining and leaving, their
# endpoints' status, media, the conference ending. Here the focus is a stand-in: sipp (Debian
# package sip-tester) on 127.0.0.1 plays tests/integration/sipp/notifier_sequence.xml, which sends
# a full state with Alice, adds Bob (alerting), connects him, removes Alice, and ends the
# conference. confinfo-watch runs twice against a fresh sipp: once printing aligned text (what
# you see on a terminal) and once printing JSON Lines (what a program reading a pipe gets).
#
# Run it by hand:
#   ./examples/confinfo-watch.sh
#   CONFINFO_WATCH=build/dev/tools/confinfo-watch/confinfo-watch ./examples/confinfo-watch.sh
# CONFINFO_WATCH defaults to build/release/tools/confinfo-watch/confinfo-watch, then to the
# confinfo-watch on PATH. CI runs this script as the ctest test `example.confinfo_watch`.
#
# Against a real focus, skip sipp and give the conference URI; the SUBSCRIBE goes to the URI's
# host and port unless --focus names another (there is no DNS SRV lookup):
#   confinfo-watch sip:team-conf@focus.example.org
#   confinfo-watch sip:team-conf@example.org --focus 192.0.2.7:5060 --transport tcp --json
# Ctrl-C unsubscribes and exits 0; `man -l man/confinfo-watch.1` documents every event and exit
# status.
#
# Exit status: 0 when both runs printed the expected changes, confinfo-watch exited 0 and sipp saw
# every request its scenario expects; 77 when sipp is not installed; 1 otherwise.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
scenario=$root/tests/integration/sipp/notifier_sequence.xml

watch=${CONFINFO_WATCH:-}
if [[ -z $watch ]]; then
  if [[ -x $root/build/release/tools/confinfo-watch/confinfo-watch ]]; then
    watch=$root/build/release/tools/confinfo-watch/confinfo-watch
  else
    watch=$(command -v confinfo-watch || true)
  fi
fi
if [[ -z $watch || ! -x $watch ]]; then
  echo "confinfo-watch not found: build it (cmake --preset release && cmake --build --preset release)" \
    "or set CONFINFO_WATCH=/path/to/confinfo-watch" >&2
  exit 1
fi
if ! command -v sipp >/dev/null; then
  echo "sipp is not installed (Debian: apt-get install sip-tester, or ./tests/install-deps.sh)" >&2
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/confinfo-watch-example.XXXXXX")
sipp_pid=
cleanup() {
  # Every exit path: a failed check, Ctrl-C, a timeout. sipp must not outlive the example.
  if [[ -n $sipp_pid ]] && kill -0 "$sipp_pid" 2>/dev/null; then
    kill "$sipp_pid" 2>/dev/null || true
    wait "$sipp_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A UDP port on 127.0.0.1 that nothing listens on.
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if [[ -z $(ss -Hlun "sport = :$port" 2>/dev/null) ]]; then
      echo "$port"
      return 0
    fi
  done
  echo "no free UDP port found" >&2
  return 1
}

# Starts sipp as the conference focus on 127.0.0.1:$port; it answers one SUBSCRIBE and sends the
# scenario's NOTIFYs, then exits (0 when every message it expected arrived, within 20 s).
start_focus() {
  local run=$1 port=$2
  sipp -sf "$scenario" -i 127.0.0.1 -p "$port" -t u1 -m 1 -nostdin -timeout 20s -timeout_error \
    -trace_err -error_file "$work/$run.sipp-errors.log" >"$work/$run.sipp.log" 2>&1 &
  sipp_pid=$!
  for _ in $(seq 100); do  # wait until sipp listens (up to 2 s); UDP would retransmit anyway
    [[ -n $(ss -Hlun "sport = :$port" 2>/dev/null) ]] && return 0
    kill -0 "$sipp_pid" 2>/dev/null || break
    sleep 0.02
  done
  echo "sipp did not start:" >&2
  cat "$work/$run.sipp.log" >&2
  return 1
}

# One run: sipp as the focus, confinfo-watch with FORMAT (--text or --json) until the conference
# ends. Prints what confinfo-watch printed; fails unless both ended well.
watch_once() {
  local format=$1 port status=0 sipp_status=0
  port=$(free_port)
  start_focus "${format#--}" "$port"
  # The conference URI is what a participant would dial; --focus says where the focus really is
  # (sipp on loopback). `timeout` bounds the run should the focus stop answering.
  timeout -k 5 30 "$watch" sip:team-conf-alice@example.org --focus "127.0.0.1:$port" "$format" \
    >"$work/out" 2>"$work/err" || status=$?
  cat "$work/out"
  wait "$sipp_pid" || sipp_status=$?
  sipp_pid=
  if [[ $status -ne 0 || $sipp_status -ne 0 ]]; then
    echo "confinfo-watch exited $status, sipp exited $sipp_status" >&2
    cat "$work/err" "$work/${format#--}.sipp.log" "$work/${format#--}.sipp-errors.log" 2>/dev/null >&2 || true
    return 1
  fi
  echo "(confinfo-watch exited 0: the conference ended)"
}

expect() {  # expect PATTERN: the last run printed a line matching PATTERN
  if ! grep -qE "$1" "$work/out"; then
    echo "expected a line matching '$1' in:" >&2
    cat "$work/out" >&2
    exit 1
  fi
}

echo "== text (the default on a terminal): time, event, then key=value"
watch_once --text
expect '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} subscribed +focus=udp:127\.0\.0\.1:[0-9]+ expires_s=600 pending=false$'
expect ' user_added +version=2 user=sip:bob@example\.org display-text=Bob$'
expect ' endpoint_changed +version=3 user=sip:bob@example\.org endpoint=sip:bob@192\.0\.2\.20 status=connected$'
expect ' user_removed +version=4 user=sip:alice@example\.org$'
expect ' ended +reason="conference ended"$'

echo
echo "== the same run as JSON Lines (the default when stdout is a pipe or a file)"
watch_once --json
expect '^\{"time":"[0-9T:.-]+Z","event":"subscribed","conference":"sip:team-conf-alice@example\.org","focus":"udp:127\.0\.0\.1:[0-9]+","expires_s":600,"pending":false\}$'
expect '"event":"endpoint_added",.*"version":2,"user":"sip:bob@example\.org","endpoint":"sip:bob@192\.0\.2\.20","fields":\{"status":"alerting"\}\}$'
expect '"event":"conference_ended",.*"version":5,"fields":\{\}\}$'
expect '"event":"ended",.*"reason":"conference ended"\}$'
[[ $(wc -l <"$work/out") -eq 11 ]] || { echo "expected 11 JSON events, got $(wc -l <"$work/out")" >&2; exit 1; }
