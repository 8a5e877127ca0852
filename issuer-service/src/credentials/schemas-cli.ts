/** Writes common/schemas/*.json from the zod claim schemas: `tsx issuer-service/src/credentials/schemas-cli.ts`. */
import { writeFileSync, mkdirSync } from "node:fs";
import { CREDENTIAL_TYPES } from "@fairledger/common";
import { credentialJsonSchema, SCHEMA_FILE } from "./claims.ts";

const dir = new URL("../../../common/schemas/", import.meta.url);
mkdirSync(dir, { recursive: true });
for (const type of CREDENTIAL_TYPES) {
  writeFileSync(new URL(SCHEMA_FILE[type], dir), JSON.stringify(credentialJsonSchema(type), null, 2) + "\n");
}
