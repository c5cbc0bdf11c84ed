#!/usr/bin/env bash
# Fuzzing smoke test: proves that every cargo-fuzz target still builds and
# runs. Each target replays its committed seeds (fuzz/seeds/<target>) and
# then fuzzes briefly (2000 runs, at most 30 s); any crash fails the script.
# Long fuzzing runs are described in fuzz/README.md.
#
# Needs the nightly toolchain (installed here when missing) and cargo-fuzz
# (installed here when missing). Runs from any directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/cargo-fuzz" ]; then
    cargo install cargo-fuzz --locked
fi

targets=$(cargo +nightly fuzz list)
expected="instrument_json instrument_toml instrument_structured score score_batch psychometrics io_read session"
for t in $expected; do
    if ! grep -qx "$t" <<<"$targets"; then
        echo "fuzz-smoke: target $t is missing from 'cargo fuzz list'" >&2
        exit 1
    fi
done

cargo +nightly fuzz build

# New corpus entries go to a scratch directory (the first corpus directory
# given), never into the committed seeds.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
for t in $targets; do
    mkdir -p "$scratch/$t"
    echo "== fuzz-smoke: $t"
    if ! cargo +nightly fuzz run "$t" "$scratch/$t" "fuzz/seeds/$t" -- \
        -runs=2000 -max_total_time=30 -max_len=4096 -timeout=20 -print_final_stats=1; then
        echo "fuzz-smoke: $t FAILED (see fuzz/artifacts/$t/)" >&2
        status=1
    fi
done
exit $status
