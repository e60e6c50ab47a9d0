#!/usr/bin/env bash
# Quick start, part two: builds and runs every test, twice, then fuzzes:
#   1. a g++ RelWithDebInfo build with warnings as errors, and its tests;
#   2. the benchmark's quick run on that build's binary (tests/bench/bench.py
#      --quick: that it still works, no timing assertion);
#   3. a clang AddressSanitizer + UndefinedBehaviorSanitizer build (-O1, not
#      a PIE, so that the thousands of process starts of the end-to-end suite
#      stay cheap), with the libFuzzer harnesses, and the same tests but the
#      two that read only the sources (label "sources");
#   4. every fuzzing harness for 20 s on its seeds, from that same build, one
#      per core at a time (scripts/fuzz.sh; INTERLINK_FUZZ_SECONDS changes
#      the time).
# Both builds are unity builds (CMakeLists.txt, INTERLINK_UNITY): from an
# empty cache on 2 cores each takes about 5 minutes instead of 10-11.
# Prints each CTest summary and a closing "N passed, N failed" line, in which
# the benchmark, the fuzzing and the check that /dev/null is still a device
# count one item each.
# Used by .ci/run. Installs missing packages first (scripts/deps.sh).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 4
scripts/deps.sh || exit 4
# The git tests need an identity; set it for this process tree only.
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-interlink-ci} GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-ci@interlink.invalid}
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-interlink-ci} GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-ci@interlink.invalid}
jobs=$(nproc 2>/dev/null || echo 2)
passed=0 failed=0 status=0

run_suite() {  # name, build dir, ctest args, cmake args...
  local name=$1 dir=$2 ctest_args=$3
  shift 3
  echo "== $name build"
  cmake -S . -B "$dir" -G Ninja -DINTERLINK_WERROR=ON "$@" >/dev/null || { status=1; failed=$((failed + 1)); return; }
  if ! cmake --build "$dir" -j "$jobs"; then status=1; failed=$((failed + 1)); return; fi
  echo "== $name tests"
  local log
  log=$(mktemp)
  # shellcheck disable=SC2086  # ctest_args: words, or none
  (cd "$dir" && ctest --output-on-failure -j "$jobs" $ctest_args) 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || status=1
  local line
  line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
  if [ -n "$line" ]; then
    local total fails
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
    fails=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
    passed=$((passed + total - fails))
    failed=$((failed + fails))
  else
    failed=$((failed + 1))
  fi
  rm -f "$log"
}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
run_suite "normal" build-ci "" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}"
# The benchmark's quick run: only that it still works, never a timing assertion.
echo "== benchmark (tests/bench/bench.py --quick)"
if /usr/bin/python3 tests/bench/bench.py --quick --bin build-ci/interlink; then
  passed=$((passed + 1))
else
  status=1 failed=$((failed + 1))
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The tests that read only the sources (label "sources": the format check, the
# mutation cases) ran in the first suite already.
run_suite "asan+ubsan (clang)" build-san "-LE sources" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g" -DINTERLINK_SANITIZE=ON -DINTERLINK_FUZZ=ON "${launcher[@]}"
# Fuzzing: each libFuzzer harness for a bounded time on its seed corpus; a
# crash fails the run (scripts/fuzz.sh; issue 12).
echo "== fuzz"
if INTERLINK_FUZZ_BUILD=build-san scripts/fuzz.sh "${INTERLINK_FUZZ_SECONDS:-20}"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi
# No test may leave the machine worse: as root, a rename over /dev/null
# (`-o /dev/null`, zsh's `compinit -d /dev/null`) made it a regular file
# that every later redirection filled. Counted as one item.
if [ -c /dev/null ]; then
  passed=$((passed + 1))
else
  echo "interlink: a test replaced /dev/null with a regular file" >&2
  failed=$((failed + 1))
  status=1
fi
echo
echo "$passed passed, $failed failed"
exit $status
