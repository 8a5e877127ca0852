/**
 * Secrets for local runs (`npm start`, demos): generated once and kept in `<dataDir>/secrets.json`
 * (mode 0600), so a restart with the same data directory can open its keys again. Production passes
 * secrets through the config (FAIRLEDGER_KMS_SECRET_KEY, FAIRLEDGER_DATA_MASTER_KEY) instead.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { securePrivateDir } from "./store/data-dir.ts";

export interface ServiceSecrets {
  kmsSecretKey: string;
  dataMasterKey: string;
}

export function loadOrCreateDevSecrets(dataDir: string): ServiceSecrets {
  const path = join(dataDir, "secrets.json");
  if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8")) as ServiceSecrets;
  securePrivateDir(dataDir);
  const secrets = { kmsSecretKey: randomBytes(32).toString("hex"), dataMasterKey: randomBytes(32).toString("hex") };
  writeFileSync(path, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  return secrets;
}
