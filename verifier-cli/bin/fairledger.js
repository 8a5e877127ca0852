#!/usr/bin/env node
// Launcher for the `fairledger` CLI on plain node: `@fairledger/verifier-cli/cli` is dist/cli.js, built by
// `npm run build` (which `npm install` runs). The package's own exports map resolves it, so a process started
// in source mode (`--import tsx --conditions=@fairledger/source`, as `npm test` runs) gets src/cli.ts instead.
try {
  await import("@fairledger/verifier-cli/cli");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("verifier-cli/dist/")) throw error;
  process.stderr.write("fairledger: cannot verify: the CLI is not built (run npm run build)\n");
  process.exitCode = 2;
}
