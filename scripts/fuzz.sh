#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer harnesses of tests/fuzz (Debian's clang and
# libFuzzer, with ASan+UBSan) in build-fuzz/, then runs each for SECONDS
# (default 20) on its seed corpus, one after the other. A crash, a leak, a
# timeout or running out of memory fails (exit 1) and leaves the input in
# build-fuzz/crashes/; turn it into a seed of tests/fuzz/corpus/<harness>/
# (and, for a file the CLI reads, a case of tests/corpus/) once fixed.
# New inputs found go to build-fuzz/corpus/<harness>/, never into the source.
#
#   scripts/fuzz.sh [SECONDS] [HARNESS...]     # CI: scripts/test.sh runs it with 20
#   nice -n 19 scripts/fuzz.sh 3600 fuzz_manifest   # a campaign by hand
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(fuzz_manifest fuzz_stakeholders_csv fuzz_schema_import fuzz_ledger_read fuzz_ledger_merge)

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DINTERLINK_FUZZ=ON "${launcher[@]}" >/dev/null || exit 1
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" --target "${harnesses[@]}" || exit 1

# Seeds per harness (read only) and its dictionary and input size bound.
seeds() {
  case $1 in
    fuzz_manifest) echo tests/corpus/manifest tests/corpus/stakeholder templates/projects/*/ ;;
    fuzz_stakeholders_csv) echo tests/fuzz/corpus/stakeholders_csv ;;
    fuzz_schema_import) echo tests/fuzz/corpus/schema_import ;;
    fuzz_ledger_read) echo tests/fuzz/corpus/ledger_read ;;
    fuzz_ledger_merge) echo tests/fuzz/corpus/ledger_merge ;;
  esac
}
options() {
  case $1 in
    fuzz_manifest) echo -dict=tests/fuzz/yaml.dict -max_len=8192 ;;
    fuzz_stakeholders_csv) echo -dict=tests/fuzz/csv.dict -max_len=4096 ;;
    fuzz_schema_import) echo -dict=tests/fuzz/json.dict -max_len=65536 ;;
    fuzz_ledger_read | fuzz_ledger_merge) echo -max_len=131072 ;;
  esac
}

mkdir -p build-fuzz/crashes
export INTERLINK_FUZZ_OURS=$PWD/tests/fuzz/ours.db
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
# -timeout=60: a hang still fails, but not an input that is merely slow under
# the sanitizers on a busy machine (the alias-bomb case of tests/corpus takes
# 5 s CPU here, 0.2 s in a release build).
for h in "${harnesses[@]}"; do
  corpus=build-fuzz/corpus/$h
  mkdir -p "$corpus"
  log=build-fuzz/$h.log
  # shellcheck disable=SC2046
  build-fuzz/tests/fuzz/$h $(options "$h") -timeout=60 -rss_limit_mb=2048 -max_total_time="$seconds" \
    -print_final_stats=1 -artifact_prefix="build-fuzz/crashes/$h-" "$corpus" $(seeds "$h") >"$log" 2>&1
  rc=$?
  summary=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  if [ $rc -eq 0 ]; then
    echo "fuzz: $h: ok: ${execs:-?} runs in ${seconds}s; ${summary}"
  else
    status=1
    echo "fuzz: $h: FAILED (exit $rc); the input is in build-fuzz/crashes/, the log in $log:"
    grep -E 'ERROR|SUMMARY|Test unit written|deadly signal' "$log" | head -5
  fi
done
exit $status
