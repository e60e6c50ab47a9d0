#!/usr/bin/env bash
# Checks that every C++ file of the project is laid out as .clang-format says
# (CTest's "format" test runs it). Prints each file that is not, and the
# command that fixes them all; exit 1 if any.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format is not installed (scripts/deps.sh installs it)"; exit 1; }
mapfile -t files < <(git ls-files 'lib/*.cpp' 'lib/*.hpp' 'cmd/*.cpp' 'cmd/*.hpp' 'tests/unit/*.cpp' \
  'tests/unit/*.hpp' 'tests/fuzz/*.cpp' 'tests/fuzz/*.hpp' 2>/dev/null || find lib cmd tests/unit tests/fuzz \
  -name '*.[ch]pp')
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not formatted: %s\n' "${bad[@]}"
  echo "fix: clang-format -i ${bad[*]}"
  exit 1
fi
echo "format: ${#files[@]} files as .clang-format says"
