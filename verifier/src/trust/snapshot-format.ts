/**
 * The trust snapshot file: what the ledger said at one named block (number and hash), for verification
 * at a border post with no connection. Licences carry their full history (so "licensed at issue time"
 * is answered offline, revocations with effect from the past included), DIDs their full change log (so
 * "key valid at issue time" is too).
 *
 * Version 2 keys what the chain keys per issuer or per case the same way: `records` and
 * `batchRecordStatuses` by "issuer:hash" (lower-case), `contracts` by "caseCommitment:contractHash".
 * A version-1 file (global keys, no revocation effect times) is refused: it cannot answer these questions.
 */
import { z } from "zod";
import { VerifierError } from "../errors.ts";
import { parseUntrustedJson } from "../util/parse-json.ts";

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
const bigintString = z.string().regex(/^\d+$/);

export const SNAPSHOT_TYPE = "FairLedgerTrustSnapshot";
export const SNAPSHOT_VERSION = 2;

/** Key of a per-issuer entry (records, batch record statuses) or per-case entry (contracts). */
export const scopedKey = (scope: string, hash: string): string => `${scope.toLowerCase()}:${hash.toLowerCase()}`;

const record = z.object({
  issuer: hex,
  anchoredAt: z.number(),
  kind: z.number(),
  status: z.number(),
  reasonCode: z.number(),
});
const licence = z.object({
  jurisdiction: z.string(),
  status: z.number(),
  validFrom: z.number(),
  validUntil: z.number(),
  documentHash: hex,
});
const licenceEvent = z.object({
  event: z.enum(["LicenceIssued", "LicenceRenewed", "LicenceSuspended", "LicenceReinstated", "LicenceRevoked"]),
  time: z.number(),
  jurisdiction: z.string().optional(),
  validFrom: z.number().optional(),
  validUntil: z.number().optional(),
  documentHash: hex.optional(),
  /** LicenceRevoked only: from when the revocation takes effect (earlier than `time` for fraud). */
  effectiveFrom: z.number().optional(),
  /** LicenceSuspended and LicenceRevoked: the authority's reason code. */
  reasonCode: z.number().optional(),
});
const recruitmentCase = z.object({
  agency: hex,
  corridor: z.string(),
  status: z.number(),
  openedAt: z.number(),
  closedAt: z.number(),
  receiptCount: z.number(),
  contractVersions: z.number(),
  latestContract: hex,
  workerPaidTotal: bigintString,
  employerPaidTotal: bigintString,
  receiptsRoot: hex,
});
const contractVersion = z.object({
  caseCommitment: hex,
  employer: hex,
  version: z.number(),
  anchoredAt: z.number(),
  supersededBy: hex,
});
const feePolicy = z.object({ maxWorkerPaidFee: bigintString, currency: z.string(), activatedAt: z.number() });

export const trustSnapshotSchema = z.object({
  type: z.literal(SNAPSHOT_TYPE),
  version: z.literal(SNAPSHOT_VERSION),
  chainId: z.number().int().positive(),
  ledger: hex,
  registry: hex,
  block: z.object({ number: z.number().int().nonnegative(), hash: hex, timestamp: z.number() }),
  takenAt: z.string(),
  licences: z.record(z.string(), z.object({ current: licence, history: z.array(licenceEvent) })),
  authorities: z.record(z.string(), z.string()),
  records: z.record(z.string(), record),
  batchRecordStatuses: z.record(z.string(), z.record(z.string(), z.number())),
  cases: z.record(z.string(), recruitmentCase),
  contracts: z.record(z.string(), contractVersion),
  feePolicies: z.record(z.string(), feePolicy),
  dids: z.record(z.string(), z.object({ changeLog: z.unknown(), blockTimes: z.record(z.string(), z.number()) })),
});
export type TrustSnapshot = z.infer<typeof trustSnapshotSchema>;
export type SnapshotLicenceEvent = z.infer<typeof licenceEvent>;

export function parseSnapshot(text: string): TrustSnapshot {
  let json: unknown;
  try {
    json = parseUntrustedJson(text, "the trust snapshot");
  } catch (error) {
    throw new VerifierError("ERR_SNAPSHOT_INVALID", (error as Error).message);
  }
  const result = trustSnapshotSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new VerifierError("ERR_SNAPSHOT_INVALID", `not a valid trust snapshot: ${problems.join("; ")}`);
  }
  return result.data;
}
