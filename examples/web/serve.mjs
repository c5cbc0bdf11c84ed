#!/usr/bin/env node
// A tiny static server for the check-in page, on 127.0.0.1 only.
//
//   node examples/web/serve.mjs            # http://127.0.0.1:8000/
//   node examples/web/serve.mjs --port 0   # any free port (printed)
//
// Serves this directory, and /pkg/ from ../../intimacy-wasm/pkg (the npm
// package's builds: the page loads pkg/web/intimacy.js, which loads the
// shared pkg/intimacy_bg.wasm; run ./scripts/build-wasm.sh first). The wasm is
// sent as application/wasm so the browser can compile it while it streams.
// The tests import createServer/serve from here and run it in-process.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Where the files come from: this directory, and the wasm package's web build. */
export const defaultRoots = Object.freeze({
  site: here,
  pkg: resolve(here, "..", "..", "intimacy-wasm", "pkg"),
});

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".md": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

// Nothing on the page may talk to anything but this server; the page carries
// the same policy in a <meta> tag for when it is served some other way.
const csp = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:", // data: only for the empty favicon, so the browser asks for none
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The file a URL path maps to, or null when it is outside the roots. */
function locate(urlPath, roots) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  let base = roots.site;
  if (path === "/pkg" || path.startsWith("/pkg/")) {
    base = roots.pkg;
    path = path.slice("/pkg".length);
  }
  if (path === "" || path.endsWith("/")) path += "index.html";
  const file = resolve(base, "." + path);
  if (file !== base && !file.startsWith(base + sep)) return null;
  return file;
}

/** An http.Server (not yet listening) that serves the page and /pkg/. */
export function createServer(roots = defaultRoots) {
  return createHttpServer((req, res) => {
    const send = (status, text, headers = {}) => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
      res.end(req.method === "HEAD" ? undefined : text);
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(405, "method not allowed\n", { allow: "GET, HEAD" });
      return;
    }
    const { pathname } = new URL(req.url ?? "/", "http://127.0.0.1");
    const file = locate(pathname, roots);
    const type = file && types[extname(file)];
    let stat;
    try {
      stat = file && type ? statSync(file) : null;
    } catch {
      stat = null;
    }
    if (!stat || !stat.isFile()) {
      const hint = pathname.startsWith("/pkg/") ? " (build it with ./scripts/build-wasm.sh)" : "";
      send(404, `not found: ${pathname}${hint}\n`);
      return;
    }
    res.writeHead(200, {
      "content-type": type,
      "content-length": stat.size,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "content-security-policy": csp,
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(file).on("error", () => res.destroy()).pipe(res);
  });
}

/** Start serving on 127.0.0.1; `port: 0` picks a free port. Resolves to
 * `{ server, url, close }` where `url` ends with "/". */
export function serve({ port = 8000, host = "127.0.0.1", roots = defaultRoots } = {}) {
  const server = createServer(roots);
  return new Promise((resolveStart, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      const url = `http://${host}:${address.port}/`;
      const close = () =>
        new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections?.();
        });
      resolveStart({ server, url, close });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--port");
  const port = Number(i >= 0 ? args[i + 1] : (process.env.PORT ?? 8000));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error("usage: node serve.mjs [--port N]   (N = 0 picks a free port)");
    process.exit(2);
  }
  if (!existsSync(join(defaultRoots.pkg, "intimacy_bg.wasm"))) {
    console.warn(`warning: ${defaultRoots.pkg} has no intimacy_bg.wasm; run ./scripts/build-wasm.sh first`);
  }
  const { url } = await serve({ port });
  console.log(`intimacy check-in: ${url}  (127.0.0.1 only; Ctrl-C to stop)`);
}
