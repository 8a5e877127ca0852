/**
 * Builds the wallet page into dist/: index.html, app.js (+ a lazily loaded chunk for reading QR
 * photos), sw.js with the shell's file list and content hash baked in, styles.css and locales/*.json.
 * Everything the page needs is in dist/: nothing is fetched from the internet at run time.
 * More entries: the public "check an agency" page (src/agencies/) into dist/agencies/ and the border
 * verifier desk (src/verify/) into dist/verify/, the licensing authority's console (src/console/) into
 * dist/console/ and the inspector's dashboard (src/inspect/) into dist/inspect/, which the issuer service
 * serves at /agencies/, /verify/, /console/ and /inspect/.
 */
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const root = new URL(".", import.meta.url).pathname;
const src = join(root, "src");
const dist = join(root, "dist");

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "locales"), { recursive: true });

await build({
  entryPoints: { app: join(src, "main.ts") },
  outdir: dist,
  bundle: true,
  format: "esm",
  splitting: true,
  chunkNames: "chunk-[hash]",
  platform: "browser",
  // The sources of @fairledger/common (its exports map's source condition): no build order to respect.
  conditions: ["@fairledger/source"],
  target: ["es2022", "chrome110", "safari16", "firefox115"],
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
cpSync(join(src, "index.html"), join(dist, "index.html"));
cpSync(join(src, "styles.css"), join(dist, "styles.css"));
for (const file of readdirSync(join(src, "locales"))) cpSync(join(src, "locales", file), join(dist, "locales", file));

const listFiles = (dir) =>
  readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name)) : [join(dir, name)],
  );
const shellFiles = listFiles(dist)
  .map((path) => relative(dist, path))
  .sort();
const version = createHash("sha256");
for (const file of shellFiles) version.update(file).update(readFileSync(join(dist, file)));

await build({
  entryPoints: [join(src, "sw.ts")],
  outfile: join(dist, "sw.js"),
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2022"],
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  define: {
    __SHELL_FILES__: JSON.stringify(["./", ...shellFiles]),
    __SHELL_VERSION__: JSON.stringify(version.digest("hex").slice(0, 16)),
  },
});

// Built after the service worker: the wallet's offline shell (sw.js) does not carry these pages.
// Each is its own entry with the wallet's base styles and its own locales: src/<name>/ → dist/<name>/.
async function buildPage(name, { official }) {
  const pageSrc = join(src, name);
  const pageDist = join(dist, name);
  mkdirSync(join(pageDist, "locales"), { recursive: true });
  await build({
    entryPoints: { app: join(pageSrc, "main.ts") },
    outdir: pageDist,
    bundle: true,
    format: "esm",
    // The border desk's offline verifier (the verifier library and the snapshot's schemas, most of its
    // code) and jsQR are chunks loaded on first use; an online-only desk never downloads them.
    splitting: true,
    chunkNames: "chunk-[hash]",
    // `browser` (esbuild's default for this platform) picks the verifier's @noble twins of its node:crypto
    // primitives: common's `browser` export condition and the verifier's `browser` map (verifier/src/browser.ts).
    platform: "browser",
    conditions: ["@fairledger/source"],
    target: ["es2022", "chrome110", "safari16", "firefox115"],
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  cpSync(join(pageSrc, "index.html"), join(pageDist, "index.html"));
  // The wallet's base styles, the officials' shared ones (their pages only), then the page's own: one file,
  // one request.
  const sheets = [
    join(src, "styles.css"),
    ...(official ? [join(src, "ui", "official.css")] : []),
    join(pageSrc, "styles.css"),
  ];
  writeFileSync(join(pageDist, "styles.css"), sheets.map((sheet) => readFileSync(sheet, "utf8")).join(""));
  for (const file of readdirSync(join(pageSrc, "locales")))
    cpSync(join(pageSrc, "locales", file), join(pageDist, "locales", file));
}
// The public "check an agency" page (/agencies/), the border officer's desk (/verify/), the
// licensing authority's console (/console/) and the inspector's dashboard (/inspect/).
await buildPage("agencies", { official: false });
for (const page of ["verify", "console", "inspect"]) await buildPage(page, { official: true });

const sizes = listFiles(dist).map((path) => {
  const bytes = readFileSync(path);
  return { file: relative(dist, path), bytes: bytes.length, gzip: gzipSync(bytes).length };
});
const total = sizes.reduce((sum, { bytes, gzip }) => ({ bytes: sum.bytes + bytes, gzip: sum.gzip + gzip }), {
  bytes: 0,
  gzip: 0,
});
for (const { file, bytes, gzip } of sizes)
  console.log(`${file.padEnd(28)} ${String(bytes).padStart(8)} B  ${String(gzip).padStart(7)} B gzip`);
console.log(`${"total".padEnd(28)} ${String(total.bytes).padStart(8)} B  ${String(total.gzip).padStart(7)} B gzip`);
