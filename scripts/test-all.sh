#!/usr/bin/env bash
# Set up and run every test, in Rust, Python and JavaScript, on a fresh machine.
#
# Installs what it needs: a virtualenv with maturin, pytest and mypy (.venv/),
# the wasm toolchain and wasm-bindgen-cli (scripts/build-wasm.sh), and the npm
# dev dependencies of intimacy-wasm. Needs cargo, python3 (>= 3.9) and node/npm.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

# Each step says how long the one before it took (CI keeps well under 45 min).
step_name=""
step_start=$SECONDS
step() {
  if [ -n "$step_name" ]; then
    printf '   (%s: %d s; %d s in all)\n' "$step_name" $((SECONDS - step_start)) "$SECONDS"
  fi
  step_name=${1%%:*}
  step_start=$SECONDS
  printf '\n\033[1m== %s\033[0m\n' "$*"
}

step "Rust: format, lints, tests, the main job"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p intimacy-wasm --all-targets --features psychometrics,io,registry -- -D warnings
cargo test --workspace --exclude intimacy-py
cargo run -q -p quickstart >/dev/null

step "Generated types: TypeScript declarations and Python model classes match the Rust types"
# tools/typegen is its own workspace (see its Cargo.toml); --check fails on any
# difference between the committed files and what the Rust types give.
(cd tools/typegen && cargo fmt -- --check && cargo clippy -q --all-targets -- -D warnings && cargo run -q -- --check)

step "Fuzzing: every cargo-fuzz target builds and runs briefly (nightly)"
./scripts/fuzz-smoke.sh

step "Python build: the wheel into .venv"
if ! [ -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check "maturin>=1.5,<2" pytest mypy numpy pandas "dask[dataframe,distributed]" nbformat nbclient ipykernel "pyspark[sql]" polars pyarrow
(cd intimacy-py && VIRTUAL_ENV="$root/.venv" PATH="$root/.venv/bin:$PATH" maturin develop --release -q)

step "Python tests: pytest, doctests, stubtest, mypy"
# Spark (intimacy-py/tests/test_spark.py) runs on a JVM: Debian's Java 17 if there is no java.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v java >/dev/null; then
  echo "installing Java (for the Spark test)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null \
    || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi
.venv/bin/python -m pytest -q intimacy-py/tests
.venv/bin/python -m pytest -q --doctest-modules intimacy-py/python/intimacy
.venv/bin/python -m mypy.stubtest intimacy._core
.venv/bin/python -m mypy --strict intimacy-py/python/intimacy

step "JavaScript build: the wasm package"
./scripts/build-wasm.sh

step "JavaScript tests: node --test (with headless Chromium) and tsc"
# The browser tests (browser, plain_browser and surveyjs_browser .test.mjs) drive Debian's
# Chromium with playwright-core and scan with axe-core (dev dependencies, installed
# by npm ci from the lock file; never `npx playwright install`, whose download
# fails offline).
if ! [ -x /usr/bin/chromium ]; then
  echo "installing chromium (for the browser test of examples/web)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
(cd intimacy-wasm && { { [ -d node_modules/playwright-core ] && [ -d node_modules/survey-core ] && [ -d node_modules/axe-core ]; } || npm ci --no-audit --no-fund --loglevel=error; } \
  && node --test tests/ \
  && node_modules/.bin/tsc -p tests/tsconfig.json)

step "all tests passed"
