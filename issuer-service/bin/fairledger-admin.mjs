#!/usr/bin/env node
// `npx fairledger-admin …` on plain node: `@fairledger/issuer-service/admin/cli` is dist/admin/cli.js, built
// by `npm run build` (which `npm install` runs); in source mode (`--import tsx --conditions=@fairledger/source`,
// as `npm test` runs) the package's exports map gives src/admin/cli.ts instead.
const { runAdmin } = await import("@fairledger/issuer-service/admin/cli");
await runAdmin(process.argv);
