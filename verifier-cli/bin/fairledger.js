#!/usr/bin/env node
// Launcher for the `fairledger` CLI on plain node: `@fairledger/verifier-cli/cli` is dist/cli.js, built by
// `npm run build` (which `npm install` runs). The package's own exports map resolves it, so a process started
// in source mode (`--import tsx --conditions=@fairledger/source`, as `npm test` runs) gets src/cli.ts instead.
await import("@fairledger/verifier-cli/cli");
