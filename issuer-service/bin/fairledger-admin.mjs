#!/usr/bin/env node
// `npx fairledger-admin …`: runs the TypeScript admin command through tsx (the project runs its TypeScript unbuilt).
import { register } from "tsx/esm/api";

register();
const { runAdmin } = await import("../src/admin/cli.ts");
await runAdmin(process.argv);
