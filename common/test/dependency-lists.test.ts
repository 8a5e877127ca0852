/**
 * Honest dependency lists: each workspace's package.json `dependencies` name exactly the packages its
 * shipped code (src/, bin/, build scripts) imports — none missing (it would work only by hoisting), none
 * unused — and its tests import only what the workspace or the root declares. `import type` counts: the
 * types come from the package. The browser entry's own rule is browser-entry.test.ts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const rootPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  workspaces: string[];
  devDependencies?: Record<string, string>;
};
const builtins = new Set(builtinModules);

/** Files under `dir` (recursively) with a JavaScript or TypeScript extension. */
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(c|m)?(t|j)s$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The packages a file imports: static and dynamic imports, re-exports, require and createRequire. */
function importedPackages(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/gms),
    ...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    ...text.matchAll(/\b(?:createRequire\([^()]*\)|require)\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1]!);
  return specifiers
    .filter((specifier) => !specifier.startsWith(".") && !specifier.startsWith("/") && !specifier.startsWith("node:"))
    .map((specifier) =>
      specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/"),
    )
    .filter((name) => !builtins.has(name));
}

interface Workspace {
  dir: string;
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const workspaces: Workspace[] = rootPackage.workspaces.map((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
  return {
    dir,
    name: manifest.name,
    dependencies: manifest.dependencies ?? {},
    devDependencies: manifest.devDependencies ?? {},
  };
});

function packagesUsedBy(files: string[], self: string): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of files) {
    for (const name of importedPackages(file)) {
      if (name === self) continue;
      used.set(name, [...(used.get(name) ?? []), file.slice(root.length)]);
    }
  }
  return used;
}

describe("dependency lists", () => {
  for (const workspace of workspaces) {
    const shipped = [
      join(root, workspace.dir, "src"),
      join(root, workspace.dir, "bin"),
      join(root, workspace.dir, "build.mjs"),
    ].flatMap(sourceFiles);

    // A skeleton workspace (its sources import nothing yet) declares what the code moving in will use.
    const skip =
      packagesUsedBy(shipped, workspace.name).size === 0 ? "a skeleton: its sources import nothing yet" : false;
    it(`${workspace.name}: dependencies are exactly what src/ and bin/ import`, { skip }, () => {
      const used = packagesUsedBy(shipped, workspace.name);
      const missing = [...used.keys()].filter(
        (name) =>
          !(name in workspace.dependencies) && !(name in workspace.devDependencies && isBuildOnly(workspace, name)),
      );
      const unused = Object.keys(workspace.dependencies).filter(
        (name) => !used.has(name) && !name.startsWith("@types/"),
      );
      assert.deepEqual(
        { missing: missing.map((name) => `${name} (${used.get(name)![0]})`), unused },
        { missing: [], unused: [] },
        `fix ${workspace.dir}/package.json`,
      );
    });

    it(`${workspace.name}: tests import only declared packages`, () => {
      const tests = [join(root, workspace.dir, "test"), join(root, workspace.dir, "scripts")].flatMap(sourceFiles);
      const declared = { ...rootPackage.devDependencies, ...workspace.devDependencies, ...workspace.dependencies };
      const undeclared = [...packagesUsedBy(tests, workspace.name)].filter(
        ([name]) => !(name in declared) && !workspaces.some((other) => other.name === name),
      );
      assert.deepEqual(
        undeclared.map(([name, files]) => `${name} (${files[0]})`),
        [],
      );
    });
  }
});

/** A package a build script (not the shipped code) imports belongs in devDependencies. */
function isBuildOnly(workspace: Workspace, name: string): boolean {
  return workspace.dir === "wallet" && name === "esbuild";
}
