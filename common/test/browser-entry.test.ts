/**
 * `@fairledger/common` is importable by the wallet's browser bundle: bundled the way wallet/build.mjs
 * bundles (esbuild, platform browser), it pulls in no Node built-in module, and neither it nor any
 * package it pulls in uses Node's `Buffer` or `process` globals, which browsers lack.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const browserEntry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const nodeEntry = fileURLToPath(new URL("../src/node.ts", import.meta.url));
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Bundles `entry` for the browser; returns the Node built-ins it imports ("what ← who") and the bundle's text. */
async function bundleForBrowser(
  entry: string,
  names?: readonly string[],
): Promise<{ nodeImports: string[]; code: string }> {
  const nodeImports: string[] = [];
  const recordNodeImports: Plugin = {
    name: "record-node-imports",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (!builtins.has(args.path) && !args.path.startsWith("node:")) return undefined;
        nodeImports.push(`${args.path} ← ${args.importer}`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    stdin: {
      contents: names
        ? `export { ${names.join(", ")} } from ${JSON.stringify(entry)};`
        : `export * from ${JSON.stringify(entry)};`,
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    logLevel: "silent",
    plugins: [recordNodeImports],
  });
  return { nodeImports, code: result.outputFiles[0]!.text };
}

describe("the browser entry (@fairledger/common)", () => {
  it("imports no Node built-in module, directly or through a package", async () => {
    const { nodeImports } = await bundleForBrowser(browserEntry);
    assert.deepEqual(nodeImports, []);
  });

  it("uses no Node-only global (Buffer, process)", async () => {
    const { code } = await bundleForBrowser(browserEntry);
    assert.doesNotMatch(code, /\bBuffer\.(from|alloc|concat|isBuffer)\b/);
    assert.doesNotMatch(code, /\bprocess\.(env|versions|nextTick|argv)\b/);
  });

  it("costs the wallet little: the formats it parses bundle to under 64 kB (zod/mini, and the package is free of side effects)", async () => {
    const { code } = await bundleForBrowser(browserEntry, [
      "parsePresentationRequest",
      "splitIntoQrParts",
      "didJwk",
      "sameJwk",
      "PERSONAL_CLAIMS",
    ]);
    assert.ok(code.length < 64_000, `${code.length} bytes`);
  });

  it("the test sees a Node import when there is one (the Node entry has several)", async () => {
    const { nodeImports } = await bundleForBrowser(nodeEntry);
    assert.ok(
      nodeImports.some((line) => line.startsWith("node:crypto")),
      nodeImports.join("\n"),
    );
  });
});
