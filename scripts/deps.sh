#!/usr/bin/env bash
# Installs the Debian 12 packages interlink needs to build, test and run its
# demo — only those missing, so it is fast when everything is there.
# Needs root (or sudo) only when something must be installed.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config git python3
  # libraries (SPEC: CLI11, yaml-cpp, fmt, SQLiteCpp + SQLite, doctest, nlohmann/json, OpenSSL, libcsv, mustache)
  libcli11-dev libyaml-cpp-dev libfmt-dev libsqlitecpp-dev libsqlite3-dev sqlite3 doctest-dev
  nlohmann-json3-dev libssl-dev libcsv-dev libkainjow-mustache-dev
  # Unicode normalisation (NFC) of names and ids
  libutf8proc-dev
  # the YAML parser the binary uses (lib/io/yaml_doc.hpp says why; yaml-cpp
  # above is the oracle the unit tests compare it with)
  libyaml-dev
  # tests: man page rendering, XML/JSON schema checks, shells for completion scripts
  groff-base man-db python3-jsonschema zsh fish
  # CI gate, install and fuzzing (issue 12): the CI examples' YAML, forget --history,
  # completion paths, the .deb's dependencies, libFuzzer harnesses
  python3-yaml git-filter-repo bash-completion dpkg-dev clang libclang-rt-14-dev
  # the layout check of the C++ sources (tests: format)
  clang-format
  # the report's browser test: headless chromium driven through Selenium
  chromium chromium-driver python3-selenium
  # the benchmark (tests/bench): its generator reads the plan; peak memory via GNU time
  time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
