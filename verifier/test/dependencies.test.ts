/**
 * The library uses its dependencies through the entry points they publish only: no `createRequire`, no
 * `require.resolve`, and a subpath import only when the package's own `exports` map lists it (jose's
 * "jose/jwt/unsecured" is published; ethr-did-resolver's resolver class, once loaded here by file path, is
 * not, and broke with any internal reorganisation of that package).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const SRC = new URL("../src/", import.meta.url).pathname;
// Test code may locate package.json files; the rule is about the library's sources.
const requireFromVerifier = createRequire(new URL("../package.json", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Whether `subpath` ("./jwt/unsecured") is one of the package's published entry points. */
function isExported(packageName: string, subpath: string): boolean {
  // Not every package publishes its package.json (@noble/hashes does not): found beside node_modules instead.
  const directory = requireFromVerifier.resolve.paths(packageName)!.find((dir) => existsSync(join(dir, packageName)));
  const manifest = JSON.parse(readFileSync(join(directory!, packageName, "package.json"), "utf8")) as {
    exports?: unknown;
  };
  if (typeof manifest.exports !== "object" || manifest.exports === null) return false;
  return Object.keys(manifest.exports).some((key) =>
    key.includes("*")
      ? subpath.startsWith(key.slice(0, key.indexOf("*"))) && subpath.endsWith(key.slice(key.indexOf("*") + 1))
      : key === subpath,
  );
}

test("no source file reaches into a package by path", () => {
  const offences: string[] = [];
  for (const file of sources(SRC)) {
    const text = readFileSync(file, "utf8");
    const where = relative(SRC, file);
    if (/createRequire\s*\(/.test(text)) offences.push(`${where}: createRequire`);
    if (/require\.resolve\s*\(/.test(text)) offences.push(`${where}: require.resolve`);
    for (const [, specifier] of text.matchAll(/from\s+"([^".][^"]*)"/g)) {
      if (specifier!.startsWith("node:") || specifier!.startsWith("@fairledger/")) continue;
      const parts = specifier!.split("/");
      const packageName = specifier!.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
      const subpath = specifier!.slice(packageName.length);
      if (subpath && !isExported(packageName, `.${subpath}`))
        offences.push(`${where}: ${specifier} is not an entry point ${packageName} publishes`);
    }
  }
  assert.deepEqual(offences, []);
});
