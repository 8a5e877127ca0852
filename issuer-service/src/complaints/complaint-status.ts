/**
 * The worker's view of their complaint: its stage (filed → anchored → handled) and the outcome an
 * official wrote. Read with the access token the filing answered (only its hash is stored); a wrong or
 * missing token is the same 404 as an unknown reference, so references cannot be probed. Once the case
 * is erased the answer is 410, like every read of the case's personal data.
 */
import { timingSafeEqual } from "node:crypto";
import { ServiceError } from "../errors.ts";
import type { ComplaintRow } from "../store/complaints-repository.ts";
import { isoTime, outcomeLabel, sha256Hex, stageOf, type ComplaintServices } from "./complaint-services.ts";

function tokenMatches(complaint: ComplaintRow, token: string | undefined): boolean {
  if (!token) return false;
  const given = Buffer.from(sha256Hex(token), "hex");
  return timingSafeEqual(given, Buffer.from(complaint.accessHash, "hex"));
}

/** The outcome an official wrote (sealed under the case key: ERR_DATA_ERASED once the case is erased). */
export function outcomeOf(services: Pick<ComplaintServices, "vault">, complaint: ComplaintRow): string | null {
  if (!complaint.sealedOutcome) return null;
  return services.vault.open(complaint.caseId, complaint.sealedOutcome, outcomeLabel(complaint.id)).toString("utf8");
}

export function complaintStatus(
  services: Pick<ComplaintServices, "store" | "vault" | "proofOf">,
  reference: string,
  token: string | undefined,
) {
  const complaint = services.store.complaints.byId(reference);
  if (!complaint || !tokenMatches(complaint, token))
    throw new ServiceError("ERR_NOT_FOUND", `no complaint ${reference} for this access token`);
  // Erasure destroyed the case key: the complaint is gone with the rest of the case's personal data.
  if (!services.vault.hasCaseKey(complaint.caseId))
    throw new ServiceError("ERR_DATA_ERASED", `the personal data of complaint ${reference}'s case was erased`);
  return {
    reference: complaint.id,
    category: complaint.category,
    status: stageOf(services, complaint),
    filedAt: isoTime(complaint.filedAt),
    handledAt: isoTime(complaint.handledAt),
    outcome: outcomeOf(services, complaint),
    commitment: complaint.commitment,
  };
}
