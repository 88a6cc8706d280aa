#!/usr/bin/env bash
# confinfo-watch's command line without a focus: --version and --help, and the exit codes of
# DESIGN.md "Tools" / man/confinfo-watch.1 for usage errors (2) and an unresolvable host (3).
# Nothing here sends a SIP request; tests/integration/ runs the tool against sipp.
#   confinfo_watch_cli.sh BINARY
set -uo pipefail
bin=${1:?usage: confinfo_watch_cli.sh CONFINFO_WATCH_BINARY}
work=$(mktemp -d "${TMPDIR:-/tmp}/confinfo-watch-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

# check NAME EXPECTED_EXIT ARGS...: runs the tool (SIGTERM after 10 s, SIGKILL 5 s later) and
# compares its exit status.
check() {
  local name=$1 expected=$2 status=0
  shift 2
  timeout -k 5 10 "$bin" "$@" >"$work/out" 2>"$work/err" </dev/null || status=$?
  if [[ $status -ne $expected ]]; then
    echo "FAIL $name: confinfo-watch $* exited $status, expected $expected" >&2
    sed 's/^/  stdout: /' "$work/out" >&2
    sed 's/^/  stderr: /' "$work/err" >&2
    failures=$((failures + 1))
    return 1
  fi
  echo "ok   $name (exit $status)"
}

# expect_output NAME STREAM PATTERN: the last run's stdout/stderr has a line matching PATTERN.
expect_output() {
  local name=$1 stream=$2 pattern=$3
  if ! grep -qE -- "$pattern" "$work/$stream"; then
    echo "FAIL $name: no line matching '$pattern' on $stream:" >&2
    sed "s/^/  $stream: /" "$work/$stream" >&2
    failures=$((failures + 1))
  fi
}

# --version: "confinfo-watch <version>", one line.
if check version 0 --version; then
  expect_output version out '^confinfo-watch [0-9]+\.[0-9]+\.[0-9]+$'
  [[ $(wc -l <"$work/out") -eq 1 ]] || { echo "FAIL version: more than one line" >&2; failures=$((failures + 1)); }
fi

# --help lists the positional and every option.
if check help 0 --help; then
  for word in CONFERENCE-URI --help --version --json --text --verbose --quiet --focus --transport --expires \
      --local --local-port --once --state --xml; do
    expect_output help out "(^|[^[:alnum:]-])${word}([^[:alnum:]-]|$)"
  done
fi

# Usage errors: exit 2, a message on stderr, nothing on stdout.
usage() {
  local name=$1
  shift
  if check "$name" 2 "$@"; then
    [[ -s $work/err ]] || { echo "FAIL $name: no message on stderr" >&2; failures=$((failures + 1)); }
    [[ ! -s $work/out ]] || { echo "FAIL $name: printed on stdout" >&2; failures=$((failures + 1)); }
  fi
}
usage no_argument
usage unknown_flag --no-such-flag sip:conf@127.0.0.1
usage transport_sctp --transport sctp sip:conf@127.0.0.1
usage expires_zero --expires 0 sip:conf@127.0.0.1
usage expires_too_long --expires 86401 sip:conf@127.0.0.1
usage not_a_sip_uri http://x
usage json_and_text --json --text sip:conf@127.0.0.1
usage bad_focus --focus 'a:b:c' sip:conf@127.0.0.1
usage two_uris sip:a@127.0.0.1 sip:b@127.0.0.1

# A host that cannot resolve (RFC 6761 .invalid): exit 3 at once, before any SIP is sent.
start=$(date +%s)
if check unresolvable_host 3 --json sip:c@nonexistent.invalid; then
  expect_output unresolvable_host err 'cannot resolve nonexistent\.invalid'
  elapsed=$(($(date +%s) - start))
  [[ $elapsed -le 5 ]] || { echo "FAIL unresolvable_host: took ${elapsed}s" >&2; failures=$((failures + 1)); }
fi

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "ok: confinfo-watch command line and exit codes"
