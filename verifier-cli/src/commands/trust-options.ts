/** Building the trust source a command uses from its options: the chain (RPC + manifest) or a snapshot file. */
import { readFileSync } from "node:fs";
import { loadManifest, isFairLedgerError, type DeploymentManifest } from "@fairledger/common/node";
import { VerifierError, ChainTrustSource, type TrustSource } from "@fairledger/verifier";
import type { SnapshotTrustSource } from "@fairledger/verifier/snapshot";

export const DEFAULT_RPC = "http://127.0.0.1:8545";
export const DEFAULT_DEPLOYMENT = "deployments/localhost.json";

export interface ChainOptions {
  rpc?: string;
  deployment?: string;
}

export function loadDeployment(path: string): DeploymentManifest {
  try {
    return loadManifest(path);
  } catch (error) {
    if (isFairLedgerError(error)) throw new VerifierError("ERR_CHAIN_UNREACHABLE", error.message);
    throw error;
  }
}

export function chainTrust(options: ChainOptions): ChainTrustSource {
  const manifest = loadDeployment(options.deployment ?? DEFAULT_DEPLOYMENT);
  return new ChainTrustSource({ rpcUrl: options.rpc ?? process.env.FAIRLEDGER_RPC ?? DEFAULT_RPC, manifest });
}

/**
 * Loaded only with --offline: the snapshot format's zod schemas took ~45 ms to build at import, on every
 * online `fairledger verify` start-up that never reads a snapshot.
 */
export async function snapshotTrust(path: string, maxAgeSeconds: number, now: number): Promise<SnapshotTrustSource> {
  const { SnapshotTrustSource, parseSnapshot } = await import("@fairledger/verifier/snapshot");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new VerifierError("ERR_SNAPSHOT_INVALID", `cannot read trust snapshot ${path}`);
  }
  const snapshot = parseSnapshot(text);
  const age = now - snapshot.block.timestamp;
  if (age > maxAgeSeconds) {
    throw new VerifierError(
      "ERR_SNAPSHOT_TOO_OLD",
      `the trust snapshot is ${formatAge(age)} old, more than the allowed ${formatAge(maxAgeSeconds)}`,
    );
  }
  return new SnapshotTrustSource(snapshot);
}

export function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/** "24h", "90m", "2d", "3600" (seconds) → seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new VerifierError("ERR_USAGE", `not a duration: ${text} (use e.g. 3600, 90m, 24h, 7d)`);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? "s") as "s" | "m" | "h" | "d"];
  return Math.round(Number(match[1]) * unit);
}

/** An ISO 8601 time or unix seconds → unix seconds. */
export function parseTime(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new VerifierError(
      "ERR_USAGE",
      `not a time: ${text} (use ISO 8601, e.g. 2026-11-28T12:00:00Z, or unix seconds)`,
    );
  return Math.floor(ms / 1000);
}

export type { TrustSource };
