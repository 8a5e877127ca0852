/** Writes common/schemas/*.json from the zod claim schemas: `tsx common/scripts/write-schemas.ts`. */
import { mkdirSync, writeFileSync } from "node:fs";
import { CREDENTIAL_TYPES } from "../src/credential-types.ts";
import { credentialJsonSchema, SCHEMA_FILE } from "../src/claim-schemas.ts";

const dir = new URL("../schemas/", import.meta.url);
mkdirSync(dir, { recursive: true });
for (const type of CREDENTIAL_TYPES) {
  writeFileSync(new URL(SCHEMA_FILE[type], dir), JSON.stringify(credentialJsonSchema(type), null, 2) + "\n");
}
