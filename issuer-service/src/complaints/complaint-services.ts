/**
 * What the complaint use cases work with, and the rules they share: the commitment anchored for each
 * complaint (keccak256 of a random salt and the complaint id: nothing personal, nothing guessable), the
 * sealing labels, and the status a worker sees (filed → anchored → handled).
 */
import { createHash } from "node:crypto";
import { concat, keccak256, toUtf8Bytes } from "ethers";
import type { AnchorProof } from "@fairledger/common/node";
import type { TrustSource, UsedNonceStore } from "@fairledger/verifier";
import type { Db } from "../store/database.ts";
import type { Repositories } from "../store/repositories.ts";
import type { CaseVault } from "../store/case-vault.ts";
import type { ComplaintRow } from "../store/complaints-repository.ts";

export interface ComplaintServices {
  db: Db;
  store: Repositories;
  vault: CaseVault;
  /** The anchor proof of a digest this service queued (undefined: not anchored yet). */
  proofOf: (digest: string) => AnchorProof | undefined | null;
  trust: () => TrustSource;
  usedNonces: UsedNonceStore;
  /** The audience a worker's proof must name: this service's public base URL. */
  audience: () => string;
  /** Milliseconds. */
  now: () => number;
}

/** What the worker wrote: sealed under the case's data key with the commitment salt. */
export interface ComplaintReport {
  text: string;
  photo: { mediaType: string; base64: string } | null;
  salt: string;
}

/** The `credentials` row type of a complaint's anchored commitment: not a credential, and not the agency's to revoke. */
export const COMPLAINT_RECORD_TYPE = "ComplaintCommitment";

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The on-chain commitment of a complaint: keccak256(salt ‖ utf8(id)), 0x-prefixed lowercase hex. */
export function complaintCommitment(salt: Uint8Array, id: string): string {
  return keccak256(concat([salt, toUtf8Bytes(id)])).toLowerCase();
}

export const reportLabel = (id: string) => `complaint-report:${id}`;
export const outcomeLabel = (id: string) => `complaint-outcome:${id}`;

export type ComplaintStage = "filed" | "anchored" | "handled";

/** Where a complaint stands: handled by an official, else anchored once its commitment's batch is on chain. */
export function stageOf(services: Pick<ComplaintServices, "proofOf">, complaint: ComplaintRow): ComplaintStage {
  if (complaint.status === "handled") return "handled";
  let proof: AnchorProof | undefined | null;
  try {
    proof = services.proofOf(complaint.commitment);
  } catch {
    proof = undefined; // the chain lost the deployment: nothing can be shown as anchored
  }
  return proof ? "anchored" : "filed";
}

export const isoTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
