#!/usr/bin/env bash
# Checks that every C++ file of the project is laid out as .clang-format says
# (CTest's "format" test runs it). Prints each file that is not, and the
# command that fixes them all; exit 1 if any.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
command -v clang-format >/dev/null || { echo "clang-format is not installed (scripts/deps.sh installs it)"; exit 1; }
mapfile -t files < <(git ls-files 'lib/*.cpp' 'lib/*.hpp' 'cmd/*.cpp' 'cmd/*.hpp' 'tests/unit/*.cpp' \
  'tests/unit/*.hpp' 'tests/fuzz/*.cpp' 'tests/fuzz/*.hpp' 2>/dev/null || find lib cmd tests/unit tests/fuzz \
  -name '*.[ch]pp')
# Forty files to a clang-format process, one process per core: one process
# per file was 33 s of the suite's CPU; each file that is not laid out right
# gives "FILE:LINE:COL: error: code should be clang-formatted".
out=$(printf '%s\0' "${files[@]}" | xargs -0 -n 40 -P "$(nproc 2>/dev/null || echo 2)" \
  clang-format --dry-run --Werror 2>&1)
rc=$?
mapfile -t bad < <(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' <<<"$out" | sort -u)
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not formatted: %s\n' "${bad[@]}"
  echo "fix: clang-format -i ${bad[*]}"
  exit 1
fi
if [ $rc -ne 0 ]; then  # clang-format failed otherwise: show why
  printf '%s\n' "$out" | head -20
  exit 1
fi
echo "format: ${#files[@]} files as .clang-format says"
