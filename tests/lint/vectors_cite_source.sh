#!/usr/bin/env bash
# Every checked-in vector names the RFC section (or tool) it was built from in its opening comments:
# '#' lines in .hex files, an XML comment right after the declaration in .xml files.
set -euo pipefail
root=${1:?usage: vectors_cite_source.sh REPO_ROOT}
status=0
while IFS= read -r f; do
  if ! head -n 5 "$f" | grep -qE '^#.*(RFC [0-9]+|openssl)'; then
    echo "$f: the opening comment does not name the RFC section it follows" >&2
    status=1
  fi
done < <(find "$root/tests/vectors" -name '*.hex' | sort)
while IFS= read -r f; do
  if ! head -n 5 "$f" | grep -qE '<!--.*RFC [0-9]+'; then
    echo "$f: the opening comment does not name the RFC section it follows" >&2
    status=1
  fi
done < <(find "$root/tests/vectors" -name '*.xml' | sort)
[[ $status -eq 0 ]] && echo "ok: every vector names its source"
exit $status
