// Post-processes wasm-bindgen's JavaScript glue (scripts/build-wasm.sh runs it
// on every target): each call into wasm that passes an object's pointer first
// checks, in JavaScript, that the object is alive. A method called on a freed
// object (or a freed object passed as an argument) is then a TypeError with
// code "invalid-argument" thrown before anything enters wasm. Without it, the
// generated Rust shim throws from inside wasm, which leaks the wasm stack on
// every such call until the instance dies.
//
// free() twice is a no-op: the second call used to pass a null pointer into
// wasm, which threw from inside it.
//
// It also makes the glue's string conversion refuse what is not a string
// (a TypeError, code "invalid-argument"): passed where a string argument is
// expected, a number or an object used to reach wasm as a bad length and
// trap the instance ("memory access out of bounds").
import { readFileSync, writeFileSync } from "node:fs";

const STRING_IN = "function passStringToWasm0(arg, malloc, realloc) {";
const STRING_CHECK = `
    if (typeof arg !== "string") {
        const e = new TypeError(\`expected a string, got \${arg === null ? "null" : typeof arg}\`);
        e.code = "invalid-argument";
        throw e;
    }`;

const helper = `
function __wbgLive(o) {
    const p = o == null ? 0 : o.__wbg_ptr;
    if (!p) {
        const e = new TypeError("this object was freed (call free() only when done with it)");
        e.code = "invalid-argument";
        throw e;
    }
    return p;
}
`;

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  if (!text.includes("__wbg_ptr") || text.includes("function __wbgLive(")) continue;
  let calls = 0;
  const guarded = text.replace(/^(.*\bwasm\.\w+\(.*)$/gm, (line) =>
    line.replace(/\b([A-Za-z_$][\w$]*)\.__wbg_ptr\b/g, (_, obj) => {
      calls++;
      return `__wbgLive(${obj})`;
    }),
  );
  if (calls === 0) throw new Error(`${file}: holds object pointers but no call into wasm passes one; the glue changed shape`);
  let frees = 0;
  const idempotent = guarded.replace(
    /(const ptr = this\.__destroy_into_raw\(\);\s*)(wasm\.__wbg_\w+_free\(ptr, 0\);)/g,
    (_, head, call) => {
      frees++;
      return `${head}if (ptr !== 0) ${call}`;
    },
  );
  if (frees === 0) throw new Error(`${file}: no free() found; the glue changed shape`);
  if (!guarded.includes(STRING_IN)) throw new Error(`${file}: no passStringToWasm0; the glue changed shape`);
  writeFileSync(file, idempotent.replace(STRING_IN, STRING_IN + STRING_CHECK) + helper);
  console.log(`[guard-glue] ${file}: ${calls} pointer(s) checked before entering wasm, ${frees} free() made idempotent`);
}
