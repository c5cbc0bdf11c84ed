#!/usr/bin/env bash
# Build the npm package in intimacy-wasm/pkg: the wasm module, its JS glue for
# Node (CommonJS) and for the web (ES module), and the TypeScript types.
# The module uses 128-bit SIMD (every current browser and Node >= 16.4).
#
# Prefers rustup's wasm32 target; where it is missing (machines where rustup
# cannot download targets) it builds std from source with Debian's Rust,
# installing rustc-web and friends when they are absent.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=wasm32-unknown-unknown
profile=wasm-release
crate=intimacy-wasm
wasm_name=intimacy_wasm

say() { printf '\033[1m[build-wasm]\033[0m %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# build [cargo args...]: compile the wasm crate (rustup's target, or Debian's
# Rust with std built from source).
if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  say "using rustup's $target target"
  target_dir="$root/target"
  build() {
    RUSTFLAGS="-Ctarget-feature=+simd128" cargo build --profile "$profile" --target "$target" -p "$crate" "$@"
  }
else
  say "no rustup $target target: building std from source with Debian's Rust"
  if ! [ -x /usr/bin/rustc ] || ! [ -x /usr/bin/cargo ] || ! [ -d /usr/lib/rustlib/src/rust ] || ! [ -L /usr/bin/rust-lld ]; then
    say "installing rustc-web, cargo-web, rust-web-src, rust-web-llvm"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web cargo-web rust-web-src rust-web-llvm >/dev/null
  fi
  # Debian's rust-lld is a link to the versioned lld (e.g. lld-22), a package
  # of its own that rust-web-llvm does not pull in.
  if ! [ -e "$(readlink -f /usr/bin/rust-lld)" ]; then
    lld_pkg=$(basename "$(readlink /usr/bin/rust-lld)")
    say "installing $lld_pkg (the linker rust-lld points to)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$lld_pkg" >/dev/null
  fi
  target_dir="$root/target-wasm"
  # std is built from source here, so panics can abort without their
  # formatting machinery (about 10 KB of gzipped wasm); the library never
  # panics on input, and a panic would trap the instance either way.
  build() {
    CARGO_TARGET_DIR="$target_dir" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Ctarget-feature=+simd128" \
      /usr/bin/cargo build --profile "$profile" --target "$target" \
      -Z build-std=std,panic_abort -p "$crate" "$@"
  }
fi
wasm="$target_dir/$target/$profile/$wasm_name.wasm"

# wasm-bindgen's CLI must be exactly the version in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install wasm-bindgen-cli --locked --version "$want"
fi
# wasm-opt comes from the npm package binaryen (pinned in package.json): the
# Debian build is too old for the reference types rustc now emits.
if ! [ -x "$crate/node_modules/.bin/wasm-opt" ]; then
  say "installing the npm dev dependencies of $crate"
  (cd "$crate" && npm ci --no-audit --no-fund --loglevel=error)
fi

out="$crate/pkg"
rm -rf "$out"
# bindgen <dir>: glue for Node (CommonJS and ES module), the web and bundlers.
bindgen() {
  local dir=$1
  wasm-bindgen --target nodejs --out-dir "$dir/node" --out-name intimacy "$wasm"
  wasm-bindgen --target experimental-nodejs-module --out-dir "$dir/node-esm" --out-name intimacy "$wasm"
  wasm-bindgen --target web --out-dir "$dir/web" --out-name intimacy "$wasm"
  wasm-bindgen --target bundler --out-dir "$dir/bundler" --out-name intimacy "$wasm"
  # The four targets' .wasm files are byte-identical: optimise the first
  # (about 40 s) and copy it over each identical one.
  local first=""
  for f in "$dir"/*/intimacy_bg.wasm; do
    if [ -n "$first" ] && cmp -s "$f" "$dir/unoptimised.wasm"; then
      cp "$first" "$f"
      continue
    fi
    cp "$f" "$dir/unoptimised.wasm"
    "$crate/node_modules/.bin/wasm-opt" -Oz --enable-reference-types --enable-bulk-memory --enable-simd \
      --enable-sign-ext --enable-nontrapping-float-to-int --enable-mutable-globals \
      --enable-multivalue "$f" -o "$f.opt"
    mv "$f.opt" "$f"
    first=$f
  done
  rm -f "$dir/unoptimised.wasm"
  # Calls on freed objects: a TypeError in JS, never a throw inside wasm.
  node scripts/guard-glue.mjs "$dir"/*/*.js
  # CommonJS glue needs a package.json saying so, inside an ESM package.
  printf '{ "type": "commonjs" }\n' > "$dir/node/package.json"
}
# The default build (the check-in package), then the full one with psychometrics.
build
bindgen "$out"
build --features psychometrics
bindgen "$out/full"
size=$(gzip -9 -c "$out/web/intimacy_bg.wasm" | wc -c)
full=$(gzip -9 -c "$out/full/web/intimacy_bg.wasm" | wc -c)
say "built $out (wasm gzipped: $size bytes; with psychometrics, $out/full: $full bytes)"
