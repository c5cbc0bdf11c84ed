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
  # --locked first (the versions wasm-bindgen was released with); where the
  # registry no longer has one of them, the newest compatible ones.
  if ! cargo install wasm-bindgen-cli --locked --version "$want"; then
    say "the locked dependencies of wasm-bindgen-cli $want are not all available: installing without --locked"
    cargo install wasm-bindgen-cli --version "$want"
  fi
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
  # The four targets' .wasm files are byte-identical: optimise it once
  # (about 40 s) and ship one copy, $dir/intimacy_bg.wasm, which each
  # target's glue loads from its parent folder.
  local first="$dir/node/intimacy_bg.wasm"
  for f in "$dir"/*/intimacy_bg.wasm; do
    if ! cmp -s "$f" "$first"; then
      say "error: $f differs from $first; the targets must share one module" >&2
      exit 1
    fi
  done
  "$crate/node_modules/.bin/wasm-opt" -Oz --enable-reference-types --enable-bulk-memory --enable-simd \
    --enable-sign-ext --enable-nontrapping-float-to-int --enable-mutable-globals \
    --enable-multivalue "$first" -o "$dir/intimacy_bg.wasm"
  cp "$dir/node/intimacy_bg.wasm.d.ts" "$dir/intimacy_bg.wasm.d.ts"
  rm -f "$dir"/*/intimacy_bg.wasm "$dir"/*/intimacy_bg.wasm.d.ts
  # Point each glue at the shared module; each pattern must match exactly once.
  relink() {
    local file=$1 from=$2 to=$3
    if [ "$(grep -cF -- "$from" "$file")" != 1 ]; then
      say "error: expected one \`$from\` in $file (wasm-bindgen's glue changed?)" >&2
      exit 1
    fi
    sed -i "s|$from|$to|" "$file"
  }
  relink "$dir/node/intimacy.js" '${__dirname}/intimacy_bg.wasm' '${__dirname}/../intimacy_bg.wasm'
  relink "$dir/node-esm/intimacy.js" "new URL('intimacy_bg.wasm'" "new URL('../intimacy_bg.wasm'"
  relink "$dir/web/intimacy.js" "new URL('intimacy_bg.wasm'" "new URL('../intimacy_bg.wasm'"
  relink "$dir/bundler/intimacy.js" '"./intimacy_bg.wasm"' '"../intimacy_bg.wasm"'
  # Calls on freed objects: a TypeError in JS, never a throw inside wasm.
  node scripts/guard-glue.mjs "$dir"/*/*.js
  # CommonJS glue needs a package.json saying so, inside an ESM package.
  printf '{ "type": "commonjs" }\n' > "$dir/node/package.json"
}
# The default build (the check-in package), then the full one with psychometrics,
# the survey adapters and the registry's published keys.
build
bindgen "$out"
build --features psychometrics,io,registry,models
bindgen "$out/full"
# The <intimacy-checkin> element: plain JS over the web build (pkg/web), no
# build step; its types beside it.
mkdir -p "$out/element"
cp "$crate/js/checkin.js" "$crate/js/checkin.d.ts" "$out/element/"
size=$(gzip -9 -c "$out/intimacy_bg.wasm" | wc -c)
full=$(gzip -9 -c "$out/full/intimacy_bg.wasm" | wc -c)
say "built $out (wasm gzipped: $size bytes; with psychometrics, $out/full: $full bytes)"
