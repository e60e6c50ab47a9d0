#!/bin/sh
# Rebuilds the example projects examples/pspm and examples/municipal from
# their sources in examples/src/, the way a civil servant would make them:
# 'interlink init' from the plan (a template folder), then the stakeholders
# from a CSV with 'interlink add-stakeholder --from-csv', then 'validate'.
# SOURCE_DATE_EPOCH fixes every timestamp, so the same binary and sources give
# the same bytes: after changing a source or the file formats, run this and
# commit the result.
#
# Usage: examples/regenerate.sh [INTERLINK]   (default: $INTERLINK_BIN, else build/interlink)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${INTERLINK_BIN:-$here/../build/interlink}}
if [ ! -x "$bin" ]; then
  echo "regenerate.sh: no interlink binary at $bin: build it first, or pass its path" >&2
  exit 2
fi
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac

# The examples live inside this repository: keep git from seeing it, or init
# would register the ledger drivers (with this binary's path) in its config.
export GIT_CEILING_DIRECTORIES="$here"
export LC_ALL=C.UTF-8 NO_COLOR=1
unset INTERLINK_ACTOR

# make NAME ACTOR CREATED_AT STAKEHOLDERS_AT (seconds since the epoch, UTC);
# then src/NAME/history.sh, if there is one, records the process so far.
make() {
  name=$1 actor=$2
  rm -rf "${here:?}/$name"
  SOURCE_DATE_EPOCH=$3 "$bin" -q --actor "$actor" init "$here/$name" --template "$here/src/$name"
  SOURCE_DATE_EPOCH=$4 "$bin" -q --actor "$actor" -C "$here/$name" add-stakeholder \
    --from-csv "$here/src/$name/stakeholders.csv" >/dev/null  # -q prints the new ids
  if [ -x "$here/src/$name/history.sh" ]; then "$here/src/$name/history.sh" "$bin" "$here/$name"; fi
  # The derived state cache is not part of the example.
  rm -rf "${here:?}/$name/.interlink/cache"
  "$bin" -C "$here/$name" validate
}

# 2026-01-12T09:00:00Z, 2026-02-13T17:00:00Z
make pspm mef-planning 1768208400 1771002000
# 2026-02-23T09:00:00Z, 2026-03-06T16:00:00Z
make municipal environment-dept 1771837200 1772812800
