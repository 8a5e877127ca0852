#!/usr/bin/env node
// `npx fairledger-admin …` on plain node: `@fairledger/issuer-service/admin/cli` is dist/admin/cli.js, built
// by `npm run build` (which `npm install` runs); in source mode (`--import tsx --conditions=@fairledger/source`,
// as `npm test` runs) the package's exports map gives src/admin/cli.ts instead.
let admin;
try {
  admin = await import("@fairledger/issuer-service/admin/cli");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("issuer-service/dist/")) throw error;
  process.stderr.write("fairledger-admin: the issuer service is not built (run npm run build)\n");
  process.exit(1);
}
await admin.runAdmin(process.argv);
