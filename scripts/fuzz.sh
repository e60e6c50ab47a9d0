#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer harnesses of tests/fuzz (Debian's clang and
# libFuzzer, with ASan+UBSan), then runs each for SECONDS (default 20) on its
# seed corpus, as many at once as there are cores. A crash, a leak, a timeout
# or running out of memory fails (exit 1) and leaves the input in
# BUILD/crashes/; turn it into a seed of tests/fuzz/corpus/<harness>/ (and,
# for a file the CLI reads, a case of tests/corpus/) once fixed. New inputs
# found go to BUILD/corpus/<harness>/, never into the source.
#
# BUILD is build-fuzz/, configured here, unless INTERLINK_FUZZ_BUILD names a
# build folder already configured with clang and -DINTERLINK_FUZZ=ON:
# scripts/test.sh passes its sanitizer build, so that CI compiles the library
# with clang once for both the sanitizer suite and the fuzzers.
#
#   scripts/fuzz.sh [SECONDS] [HARNESS...]     # CI: scripts/test.sh runs it with 20
#   nice -n 19 scripts/fuzz.sh 3600 fuzz_manifest   # a campaign by hand
#   INTERLINK_FUZZ_JOBS=2 ...                  # libFuzzer -fork=N (a campaign on N cores)
#   INTERLINK_FUZZ_PARALLEL=1 ...              # one harness at a time (default: one per core)
#   INTERLINK_FUZZ_CPU=1 nice -n 19 scripts/fuzz.sh 3600 fuzz_manifest
#       SECONDS is CPU time of the fuzzer, not wall time: a campaign at
#       nice 19 beside other work still gets its full CPU-hour. The run is
#       stopped with SIGINT (libFuzzer prints its final stats) once the
#       fuzzer process has used SECONDS of user+system time; BUILD/HARNESS.log.cpu
#       holds the CPU seconds spent so far, even if the run is cut short.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
seconds=${1:-20}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(fuzz_manifest fuzz_stakeholders_csv fuzz_feedback_csv fuzz_schema_import
  fuzz_report_templates fuzz_ledger_read fuzz_ledger_merge)

build=${INTERLINK_FUZZ_BUILD:-build-fuzz}
if [ -z "${INTERLINK_FUZZ_BUILD:-}" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DINTERLINK_FUZZ=ON "${launcher[@]}" >/dev/null || exit 1
fi
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target "${harnesses[@]}" || exit 1

# Seeds per harness (read only) and its dictionary and input size bound.
seeds() {
  case $1 in
    fuzz_manifest) echo tests/corpus/manifest tests/corpus/stakeholder templates/projects/*/ ;;
    fuzz_stakeholders_csv) echo tests/fuzz/corpus/stakeholders_csv ;;
    fuzz_feedback_csv) echo tests/fuzz/corpus/feedback_csv ;;
    fuzz_report_templates) echo tests/fuzz/corpus/report_templates ;;
    fuzz_schema_import) echo tests/fuzz/corpus/schema_import ;;
    fuzz_ledger_read) echo tests/fuzz/corpus/ledger_read ;;
    fuzz_ledger_merge) echo tests/fuzz/corpus/ledger_merge ;;
  esac
}
options() {
  case $1 in
    fuzz_manifest) echo -dict=tests/fuzz/yaml.dict -max_len=8192 ;;
    fuzz_stakeholders_csv | fuzz_feedback_csv) echo -dict=tests/fuzz/csv.dict -max_len=4096 ;;
    fuzz_report_templates) echo -dict=tests/fuzz/mustache.dict -max_len=16384 ;;
    fuzz_schema_import) echo -dict=tests/fuzz/json.dict -max_len=65536 ;;
    fuzz_ledger_read | fuzz_ledger_merge) echo -max_len=131072 ;;
  esac
}

# stop_after_cpu PID SECONDS CPUFILE: SIGINT to PID once its user+system
# time (fields 14 and 15 of /proc/PID/stat, in clock ticks) reaches SECONDS.
# CPUFILE always holds the CPU seconds used so far, so that a campaign cut
# short (a machine shut down, a session ended) still knows what it spent.
stop_after_cpu() {
  local hz ticks
  hz=$(getconf CLK_TCK)
  while kill -0 "$1" 2>/dev/null; do
    ticks=$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null) || break
    echo "$((${ticks:-0} / hz))" >"$3"
    if [ "${ticks:-0}" -ge $(($2 * hz)) ]; then
      kill -INT "$1"
      break
    fi
    sleep 5
  done
}

mkdir -p "$build/crashes"
export INTERLINK_FUZZ_OURS=$PWD/tests/fuzz/ours.db
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
# -timeout=60: a hang still fails, but not an input that is merely slow under
# the sanitizers on a busy machine (the alias-bomb case of tests/corpus takes
# 5 s CPU here, 0.2 s in a release build). libFuzzer's timeout is wall time:
# a CPU-budget campaign at nice 19 is starved by design, so it allows 600 s
# (its first run reported that alias bomb as a 65 s "timeout").
timeout=60
[ -n "${INTERLINK_FUZZ_CPU:-}" ] && timeout=600
# fuzz_one HARNESS: runs it, prints its result, and returns non-zero if it
# failed. Several run at once (below), each on its own core.
fuzz_one() {
  local h=$1 corpus=$build/corpus/$1 log=$build/$1.log pid rc summary execs unit
  mkdir -p "$corpus"
  local fork=() limit=(-max_total_time="$seconds")
  [ -n "${INTERLINK_FUZZ_JOBS:-}" ] && fork=(-fork="$INTERLINK_FUZZ_JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  [ -n "${INTERLINK_FUZZ_CPU:-}" ] && limit=()
  # shellcheck disable=SC2046
  "$build/tests/fuzz/$h" $(options "$h") "${fork[@]}" -timeout="$timeout" -rss_limit_mb=2048 "${limit[@]}" \
    -print_final_stats=1 -artifact_prefix="$build/crashes/$h-" "$corpus" $(seeds "$h") >"$log" 2>&1 &
  pid=$!
  [ -n "${INTERLINK_FUZZ_CPU:-}" ] && stop_after_cpu "$pid" "$seconds" "$log.cpu"
  wait "$pid"
  rc=$?
  # libFuzzer exits 72 when interrupted: in CPU mode that is the budget spent.
  [ -n "${INTERLINK_FUZZ_CPU:-}" ] && [ $rc -eq 72 ] && grep -q 'run interrupted' "$log" && rc=0
  summary=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  if [ $rc -eq 0 ]; then
    unit=s
    [ -n "${INTERLINK_FUZZ_CPU:-}" ] && unit=" CPU-s"
    echo "fuzz: $h: ok: ${execs:-?} runs in ${seconds}${unit}; ${summary}"
  else
    echo "fuzz: $h: FAILED (exit $rc); the input is in $build/crashes/, the log in $log:"
    grep -E 'ERROR|SUMMARY|Test unit written|deadly signal' "$log" | head -5
    return 1
  fi
}

# As many harnesses at once as there are cores (INTERLINK_FUZZ_PARALLEL
# changes it; a -fork campaign runs one at a time): each still gets SECONDS
# of a whole core, and CI's 7 harnesses take 4 rounds on 2 cores, not 7.
parallel=${INTERLINK_FUZZ_PARALLEL:-$(nproc 2>/dev/null || echo 1)}
[ -n "${INTERLINK_FUZZ_JOBS:-}" ] && parallel=1
[ "$parallel" -ge 1 ] 2>/dev/null || parallel=1
running=0
for h in "${harnesses[@]}"; do
  if [ "$running" -ge "$parallel" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
  fuzz_one "$h" >"$build/$h.result" 2>&1 &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
# The results in the order the harnesses were named, whatever order they ended in.
for h in "${harnesses[@]}"; do cat "$build/$h.result"; done
exit $status
