// Post-processes wasm-bindgen's JavaScript glue (scripts/build-wasm.sh runs it
// on every target): each call into wasm that passes an object's pointer first
// checks, in JavaScript, that the object is alive. A method called on a freed
// object (or a freed object passed as an argument) is then a TypeError with
// code "invalid-argument" thrown before anything enters wasm. Without it, the
// generated Rust shim throws from inside wasm, which leaks the wasm stack on
// every such call until the instance dies.
import { readFileSync, writeFileSync } from "node:fs";

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
  writeFileSync(file, guarded + helper);
  console.log(`[guard-glue] ${file}: ${calls} pointer(s) checked before entering wasm`);
}
