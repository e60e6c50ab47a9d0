#!/usr/bin/env bash
# Quick start, part one: installs what is missing, builds interlink, and runs
# the demo on examples/ (a fresh project from a template, then validate on
# each example project), in a temporary folder so the tree stays clean.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# The binary alone: the demo needs no test (part two, scripts/test.sh, builds those).
cmake --build build --target interlink
bin="$PWD/build/interlink"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
step interlink templates
"$bin" templates
step interlink init "$work/pspm" --template pspm --title "Participatory Strategic Planning Module"
"$bin" init "$work/pspm" --template pspm --title "Participatory Strategic Planning Module"
step interlink -C "$work/pspm" validate
"$bin" -C "$work/pspm" validate
for ex in examples/*/; do
  [ -f "$ex/interlink.yaml" ] || continue
  cp -r "$ex" "$work/example"
  step interlink -C "$ex" validate
  "$bin" -C "$work/example" validate
  step interlink -C "$ex" stakeholders --summary
  "$bin" -C "$work/example" stakeholders --summary
  step interlink -C "$ex" log -n 5
  "$bin" -C "$work/example" log -n 5
  step interlink -C "$ex" verify
  "$bin" -C "$work/example" verify
  rm -rf "$work/example"
done

# The process of examples/pspm: iteration 1 done, iteration 2 under way.
cp -r examples/pspm "$work/pspm-run"
step interlink -C examples/pspm status
"$bin" -C "$work/pspm-run" status
step interlink -C examples/pspm feedback list --open --sector academia
"$bin" -C "$work/pspm-run" feedback list --open --sector academia
step interlink -C examples/pspm trace
# Its first 24 lines, without a pipe: under pipefail, `trace | head` fails
# with SIGPIPE whenever head exits before trace's last write.
trace_out=$("$bin" -C "$work/pspm-run" trace)
sed -n '1,24p' <<<"$trace_out"
step interlink -C examples/pspm run-phase co-creation-workshops --complete --check
"$bin" -C "$work/pspm-run" run-phase co-creation-workshops --complete --check || true
# The reports of examples/pspm, kept under the build folder to open.
reports="$PWD/build/reports"
mkdir -p "$reports"
step interlink -C examples/pspm report --format html -o "$reports/pspm.html"
"$bin" -C examples/pspm report --format html -o "$reports/pspm.html"
step interlink -C examples/pspm report --format md -o "$reports/pspm.md"
"$bin" -C examples/pspm report --format md -o "$reports/pspm.md"
step interlink portfolio examples/pspm examples/municipal --format html -o "$reports/portfolio.html"
"$bin" portfolio examples/pspm examples/municipal --format html -o "$reports/portfolio.html"
printf '\nThe reports of examples/pspm:\n  %s\n  %s\nand the portfolio of the examples:\n  %s\n' \
  "$reports/pspm.html" "$reports/pspm.md" "$reports/portfolio.html"
