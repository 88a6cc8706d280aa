#!/usr/bin/env bash
# Docs drift check for one tool (DESIGN.md, "Tools"): the committed shell completions must be
# exactly what the tool's CLI11 definition generates, and man/<tool>.1 must mention every option
# and short flag the definition has. The tool name is the binary's basename, so every tool uses
# this script unchanged:
#   docs_drift.sh build/dev/tools/confinfo-watch/confinfo-watch .
# checks completions/confinfo-watch.bash, completions/_confinfo-watch (zsh),
# completions/confinfo-watch.fish and man/confinfo-watch.1.
set -euo pipefail
bin=${1:?usage: docs_drift.sh TOOL_BINARY REPO_ROOT}
root=${2:?usage: docs_drift.sh TOOL_BINARY REPO_ROOT}
tool=$(basename "$bin")
man_page=$root/man/$tool.1
status=0

if ! "$bin" --generate options >/dev/null 2>&1; then
  echo "$tool --generate options failed:" >&2
  "$bin" --generate options >&2 || true
  exit 1
fi

declare -A files=([bash]="$tool.bash" [zsh]="_$tool" [fish]="$tool.fish")
for shell in bash zsh fish; do
  committed=$root/completions/${files[$shell]}
  if [[ ! -f $committed ]]; then
    echo "missing: completions/${files[$shell]} (the $shell completion for $tool)" >&2
    status=1
  elif ! diff -u --label "completions/${files[$shell]} (committed)" --label "$tool --generate $shell" \
      "$committed" <("$bin" --generate "$shell") >&2; then
    status=1
  fi
done
if [[ $status -ne 0 ]]; then
  cat >&2 <<EOF

completions/ drifted from the CLI11 definition of $tool. From the repository root, regenerate with
  B=$bin
  \$B --generate bash >completions/$tool.bash
  \$B --generate zsh >completions/_$tool
  \$B --generate fish >completions/$tool.fish
then review the diff and commit the three files.
EOF
fi

# The man page: every line of `--generate options` ("--expires", "-v", "subcommand store") must
# appear as a whole word. Compare against the roff source with the escapes that may sit inside an
# option name removed: "\-" (a hyphen), "\%" and "\&" (no-ops), and font changes such as "\fB".
if [[ ! -f $man_page ]]; then
  echo "missing: man/$tool.1" >&2
  exit 1
fi
text=$(sed -E 's/\\f(\[[^]]*\]|\(..|.)//g; s/\\-/-/g; s/\\[%&]//g' "$man_page")
# Every option-like word of the page: "-v" and "--local-port" count, "-vv" is not "-v" and
# "--local-port" is not "--local".
words=$(grep -oE -- '(^|[^[:alnum:]-])--?[[:alnum:]][[:alnum:]-]*' <<<"$text" | sed -E 's/^[^-]//' | sort -u)
# A tool with subcommands: the options listed after "subcommand NAME" must also appear in NAME's
# SYNOPSIS entry, the lines from ".B TOOL NAME" to the next ".B TOOL ...", ".br", ".PP" or ".SH"
# (-h/--help, which every subcommand has, excepted), so that the page says which options go with
# which subcommand.
synopsis=$(awk '/^\.SH /{on = ($2 == "SYNOPSIS"); next} on' <<<"$text")
synopsis_of() {
  awk -v start=".B $tool $1" -v next_entry=".B $tool" '
    $0 == start {on = 1; next}
    on && (index($0, next_entry) == 1 || /^\.(br|PP|SH)/) {on = 0}
    on' <<<"$synopsis" | { grep -oE -- '(^|[^[:alnum:]-])--?[[:alnum:]][[:alnum:]-]*' || true; } | sed -E 's/^[^-]//' | sort -u
}
missing=()
subcommand=""
sub_words=""
while IFS= read -r line; do
  case $line in
    "") ;;
    -*)
      grep -qxF -- "$line" <<<"$words" || missing+=("$line")
      if [[ -n $subcommand && $line != -h && $line != --help ]]; then
        grep -qxF -- "$line" <<<"$sub_words" || missing+=("$line (in the SYNOPSIS of $subcommand)")
      fi
      ;;
    "subcommand "*)
      subcommand=${line#subcommand }
      grep -qwF -- "$subcommand" <<<"$text" || missing+=("$line")
      sub_words=$(synopsis_of "$subcommand")
      grep -qxF -- ".B $tool $subcommand" <<<"$synopsis" || missing+=("$line (a SYNOPSIS entry \".B $tool $subcommand\")")
      ;;
    *) missing+=("$line (an unexpected line)") ;;
  esac
done < <("$bin" --generate options)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "man/$tool.1 does not mention: ${missing[*]}" >&2
  echo "Describe each under OPTIONS (the list comes from \`$tool --generate options\`)." >&2
  status=1
fi

# The page itself must format without warnings (when groff is installed).
if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww -z "$man_page" 2>&1 || true)
  if [[ -n $warnings ]]; then
    echo "groff warns about man/$tool.1:" >&2
    echo "$warnings" >&2
    status=1
  fi
fi

[[ $status -eq 0 ]] && echo "ok: completions/ and man/$tool.1 match the CLI11 definition of $tool"
exit $status
