#!/usr/bin/env node
/**
 * `npm run build`, second step: bundles the compiled CLI (dist/cli.js and what it imports) into
 * dist/bundle/, the file `fairledger` runs. A border desk starts one process per traveller, and a verify
 * call spent more time finding, reading and compiling ~340 module files than verifying; one bundle (the
 * commands as lazily loaded chunks) cut the CPU time of `fairledger verify` of one presentation from
 * 0.51 s to 0.35 s (`node -e "import('ethers')"`: 0.20–0.27 s), measured by `npm run bench -- --only startup`.
 *
 * One ethers: ethr-did-resolver is CommonJS and `require("ethers")` would load ethers' CommonJS build
 * beside the ES module build the rest imports — two copies of ethers in one process. Here both resolve
 * to the ES module build. Native modules (better-sqlite3, keccak) stay outside, as do the modules the code
 * loads on demand with `createRequire` (QR decoders, Merkle tree builder): they are resolved at run time
 * from node_modules, exactly as from dist/.
 */
import { build } from "esbuild";
import { createRequire } from "node:module";
import { rmSync } from "node:fs";

const require = createRequire(import.meta.url);
const ETHERS_ESM = require.resolve("ethers").replace(/lib\.commonjs[\\/]index\.js$/, "lib.esm/index.js");
const OUT = "dist/bundle";

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { cli: "dist/cli.js" },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  external: ["better-sqlite3", "keccak"],
  plugins: [{ name: "one-ethers", setup: (esbuild) => esbuild.onResolve({ filter: /^ethers$/ }, () => ({ path: ETHERS_ESM })) }],
  // CommonJS packages inside an ES module bundle still call require().
  banner: { js: 'import { createRequire as __fairledgerCreateRequire } from "node:module"; const require = __fairledgerCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
