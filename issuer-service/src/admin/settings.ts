/**
 * Where the admin command finds the deployment: `<dataDir>/service.env` (written by `init`, mode 0600:
 * it holds the secrets), overridden by FAIRLEDGER_* variables in the environment. The same file can
 * start the service: `set -a; . <dataDir>/service.env; set +a; npx tsx issuer-service/src/main.ts`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { configFromEnv, type IssuerConfig } from "../config.ts";

export const SERVICE_ENV_FILE = "service.env";

/** Parses KEY=value lines (no quoting, `#` comments), as `init` writes them. */
export function parseEnvFile(text: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const at = trimmed.indexOf("=");
    if (at > 0) entries[trimmed.slice(0, at)] = trimmed.slice(at + 1);
  }
  return entries;
}

export function adminEnvironment(dataDir: string | undefined, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dir = dataDir ?? env.FAIRLEDGER_DATA_DIR;
  if (!dir) throw new AdminError("give --data-dir (or FAIRLEDGER_DATA_DIR)");
  const file = join(dir, SERVICE_ENV_FILE);
  const fromFile = existsSync(file) ? parseEnvFile(readFileSync(file, "utf8")) : {};
  return { ...fromFile, ...env, FAIRLEDGER_DATA_DIR: resolve(dir) };
}

export function adminConfig(dataDir: string | undefined, env: NodeJS.ProcessEnv = process.env): IssuerConfig {
  return configFromEnv(adminEnvironment(dataDir, env));
}

/** An admin command's refusal: printed as its message, exit status 1. */
export class AdminError extends Error {
  readonly code = "ERR_ADMIN";
}
