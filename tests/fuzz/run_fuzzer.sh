#!/usr/bin/env bash
# run_fuzzer.sh FUZZER SEED_VECTOR_DIR CORPUS_DIR SECONDS
# Seeds a scratch corpus from the vectors (.hex files decoded to binary; other files such as the SIP
# torture messages and XML documents copied verbatim; READMEs skipped) and runs libFuzzer for SECONDS.
set -euo pipefail
fuzzer=$1 vectors=$2 corpus=$3 seconds=$4
rm -rf "$corpus" && mkdir -p "$corpus"
for f in "$vectors"/*; do
  [[ -f "$f" && "$f" != *.md ]] || continue
  case "$f" in
    *.hex) sed 's/#.*//' "$f" | tr -d ' \t\r\n' | xxd -r -p > "$corpus/$(basename "$f" .hex)" ;;
    *) cp "$f" "$corpus/" ;;
  esac
done
exec "$fuzzer" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$corpus"
