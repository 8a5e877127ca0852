#!/usr/bin/env node
/**
 * `npm run build`, second step: bundles the compiled CLI (dist/cli.js and what it imports) into
 * dist/bundle/, the file `fairledger` runs. A border desk starts one process per traveller, and a verify
 * call spent more time finding, reading and compiling ~340 module files than verifying. One bundle (the
 * commands as lazily loaded chunks, one ethers) loads 58 files instead and cut the CPU time of
 * `fairledger verify` of one presentation from 0.51 s to 0.24 s (`node -e "import('ethers')"`: 0.20 s);
 * whole process against a local chain: 1.4× `import('ethers')` in `npm run bench -- --only startup`.
 *
 * One ethers: ethr-did-resolver is CommonJS and `require("ethers")` would load ethers' CommonJS build
 * beside the ES module build the rest imports — two copies of ethers in one process. Here both resolve
 * to the ES module build. Native modules (better-sqlite3, keccak) stay outside, as do the modules the code
 * loads on demand with `createRequire` (QR decoders, Merkle tree builder): they are resolved at run time
 * from node_modules, exactly as from dist/.
 */
import { build } from "esbuild";
import { createRequire } from "node:module";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const ETHERS_ESM = require.resolve("ethers").replace(/lib\.commonjs[\\/]index\.js$/, "lib.esm/index.js");
const OUT = "dist/bundle";

// ethr-history loads ethr-did-resolver's EthrDidResolver class by path (it is not in the package's exports
// map), a require esbuild cannot follow: left alone, it loads a second ethr-did-resolver and ethers' CommonJS
// build at run time. Here it becomes a static import, so the class is bundled with the one ethers.
const RESOLVER_BY_PATH = 'require(join(dirname(require.resolve("ethr-did-resolver")), "resolver.js"))';
const RESOLVER_FILE = join(dirname(require.resolve("ethr-did-resolver")), "resolver.js");
const resolverInBundle = {
  name: "ethr-resolver-in-bundle",
  setup: (esbuild) =>
    esbuild.onLoad({ filter: /[\\/]ethr-history\.js$/ }, ({ path }) => {
      const source = readFileSync(path, "utf8");
      if (!source.includes(RESOLVER_BY_PATH)) return undefined;
      const literal = `import * as ethrDidResolverModule from ${JSON.stringify(RESOLVER_FILE)};\n`;
      return {
        contents: literal + source.replace(RESOLVER_BY_PATH, "ethrDidResolverModule"),
        loader: "js",
        resolveDir: dirname(path),
      };
    }),
};

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
  plugins: [
    { name: "one-ethers", setup: (esbuild) => esbuild.onResolve({ filter: /^ethers$/ }, () => ({ path: ETHERS_ESM })) },
    resolverInBundle,
  ],
  // CommonJS packages inside an ES module bundle still call require().
  banner: {
    js: 'import { createRequire as __fairledgerCreateRequire } from "node:module"; const require = __fairledgerCreateRequire(import.meta.url);',
  },
  logLevel: "warning",
});
