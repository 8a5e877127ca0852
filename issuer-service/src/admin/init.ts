/**
 * `fairledger-admin init`: a data directory for one deployment manifest, private (0700), with fresh
 * secrets and the settings in `service.env` (0600), and the database created. Refuses a directory that
 * already has a `service.env` (its secrets open the existing keys; overwriting them would lose them).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadManifest } from "@fairledger/common/node";
import { openDatabase } from "../store/database.ts";
import { securePrivateDir } from "../store/data-dir.ts";
import { AdminError, SERVICE_ENV_FILE } from "./settings.ts";

export function initDeployment(options: { dataDir: string; manifest: string; rpcUrl: string; port?: number }): string {
  const dataDir = resolve(options.dataDir);
  const envFile = join(dataDir, SERVICE_ENV_FILE);
  if (existsSync(envFile)) throw new AdminError(`${envFile} exists: this data directory is already initialised`);
  const manifestPath = resolve(options.manifest);
  const manifest = loadManifest(manifestPath);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  securePrivateDir(dataDir);
  const lines = [
    `# FairLedger issuer service for chain ${manifest.chainId} (${manifest.network}), made by fairledger-admin init.`,
    "# Holds the secrets: keep it private and backed up; losing it loses the keys in veramo.sqlite.",
    `FAIRLEDGER_DATA_DIR=${dataDir}`,
    `FAIRLEDGER_MANIFEST=${manifestPath}`,
    `FAIRLEDGER_RPC_URL=${options.rpcUrl}`,
    ...(options.port !== undefined ? [`FAIRLEDGER_PORT=${options.port}`] : []),
    `FAIRLEDGER_KMS_SECRET_KEY=${randomBytes(32).toString("hex")}`,
    `FAIRLEDGER_DATA_MASTER_KEY=${randomBytes(32).toString("hex")}`,
    "",
  ];
  writeFileSync(envFile, lines.join("\n"), { mode: 0o600, flag: "wx" });
  openDatabase(join(dataDir, "issuer.sqlite")).close();
  return envFile;
}
