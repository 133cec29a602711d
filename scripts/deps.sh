#!/usr/bin/env bash
# deps.sh - install the Debian 12 packages laser needs to build and test,
# only those that are missing. Sourced by the other scripts.
set -euo pipefail

LASER_PKGS=(
  build-essential cmake pkg-config
  llvm-19-dev clang-19 libclang-rt-19-dev  # the JIT tier (LLVM C API); clang + libFuzzer
  libuv1-dev zlib1g-dev libpcre2-dev libgmp-dev
  libcriterion-dev                # unit tests
  erlang elixir rebar3            # the oracle, erlc, the .beam files we load; rebar3 runs on laser in a test
  time gnuplot-nox                # bench/run: peak RSS (/usr/bin/time), the chart
)

laser_deps() {
  local missing=()
  for p in "${LASER_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "laser: installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# laser_build DIR TYPE [cmake args...]: configure and build one tree.
laser_build() {
  local dir=$1 type=$2
  shift 2
  cmake -S "$LASER_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}

LASER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
