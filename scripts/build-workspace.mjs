#!/usr/bin/env node
/**
 * `npm run build` in a Node workspace: removes dist/ (a module moved or deleted in src/ must not live on
 * in dist/), then compiles src/ with the workspace's tsconfig.build.json. Run from the workspace folder.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";

rmSync("dist", { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const { status } = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
process.exit(status ?? 1);
