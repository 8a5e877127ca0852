/**
 * A worker files a complaint about their agency. Only the holder of a valid credential of the case can:
 * the wallet presents an SD-JWT VC with a key-binding JWT over this service's nonce and audience, and
 * @fairledger/verifier runs every FairLedger check on it (signature, holder binding, anchored, not
 * revoked, not replayed). The case is the credential's own (its digest → the credential this service
 * issued → its case), never a value the worker typed. The text, photo and commitment salt are sealed
 * under the case's data key; the commitment joins the anchoring outbox in the same transaction — from the
 * licensing authority's account over the agency, not the agency's: the ledger lets an authority anchor
 * always, while a suspended or revoked agency can anchor nothing, and complaints about such an agency are
 * the ones that must not stay off the ledger. (Only when this service knows no authority over the agency
 * does the agency's own account anchor it.)
 */
import { randomBytes, randomUUID } from "node:crypto";
import { decodeInputText, verifyDecoded, type DecodedInput } from "@fairledger/verifier";
import { ServiceError } from "../errors.ts";
import { AnchoringOutbox } from "../anchoring/outbox.ts";
import { withStoredAnchor } from "../credentials/stored-anchor.ts";
import { authorityOver } from "../use-cases/status-contacts.ts";
import { atomically } from "../store/repository.ts";
import type { ComplaintCategory, NonceRefusal } from "../store/complaints-repository.ts";
import {
  COMPLAINT_RECORD_TYPE,
  complaintCommitment,
  reportLabel,
  sha256Hex,
  type ComplaintReport,
  type ComplaintServices,
} from "./complaint-services.ts";

export interface ComplaintFiling {
  /** The SD-JWT VC presentation (with its key-binding JWT). */
  presentation: string;
  /** The nonce from POST /complaints/nonce that the key-binding JWT carries. */
  nonce: string;
  category: ComplaintCategory;
  text: string;
  photo?: { mediaType: string; data: Buffer };
  /** Whether the agency may learn who filed (default: no). */
  shareIdentityWithAgency: boolean;
}

const NONCE_WORDS: Record<NonceRefusal, string> = {
  unknown: "the proof's nonce was not issued by this service: ask POST /complaints/nonce for one",
  spent: "the proof's nonce was already used: a proof files one complaint only (ask for a new nonce)",
  expired: "the proof's nonce has expired: ask POST /complaints/nonce for a new one",
};

function decoded(presentation: string): DecodedInput {
  try {
    return decodeInputText(presentation);
  } catch {
    throw new ServiceError("ERR_INPUT_INVALID", "the presentation is not an SD-JWT presentation", {
      errors: [{ pointer: "#/presentation", detail: "not an SD-JWT presentation" }],
    });
  }
}

/** The case of the credential the worker proved to hold; refuses anything else in words. */
async function provenCase(services: ComplaintServices, filing: ComplaintFiling, now: number): Promise<string> {
  const input = withStoredAnchor(decoded(filing.presentation), services.proofOf);
  const result = await verifyDecoded(input, {
    trust: services.trust(),
    audience: services.audience(),
    nonce: filing.nonce,
    requirePresentation: true,
    usedNonces: services.usedNonces,
    now,
  });
  const failed = result.checks.filter((check) => !check.passed);
  if (result.outcome === "cannot-verify")
    throw new ServiceError(
      "ERR_CHAIN_UNREACHABLE",
      `the credential cannot be checked now: ${failed.map((c) => c.reason).join("; ")}`,
    );
  if (!result.verified || !result.digest)
    throw new ServiceError(
      "ERR_FORBIDDEN",
      `the presentation does not prove a valid credential: ${failed.map((c) => `${c.id}: ${c.reason}`).join("; ")}`,
      { failedChecks: failed.map((c) => c.id) },
    );
  const caseId = services.store.credentials.caseOf(result.digest);
  if (!caseId)
    throw new ServiceError(
      "ERR_FORBIDDEN",
      "the credential is not one this service issued for a recruitment case: complaints are filed with the service that issued your credential",
    );
  if (services.store.credentials.byDigest(result.digest)?.status !== "active")
    throw new ServiceError("ERR_FORBIDDEN", "the credential is revoked or suspended: it cannot file a complaint");
  return caseId;
}

export async function fileComplaint(services: ComplaintServices, filing: ComplaintFiling) {
  const nowMs = services.now();
  const now = Math.floor(nowMs / 1000);
  // Spent before anything is verified: one proof, one attempt, whatever its fate.
  const refusal = services.store.complaints.spendNonce(sha256Hex(filing.nonce), now);
  if (refusal) throw new ServiceError("ERR_FORBIDDEN", NONCE_WORDS[refusal], { nonce: refusal });
  const caseId = await provenCase(services, filing, now);
  const row = services.store.cases.byId(caseId);
  if (!row || row.erased_at) throw new ServiceError("ERR_DATA_ERASED", "the personal data of this case was erased");
  const agency = services.store.principals.byId(row.agency_id);
  if (!agency) throw new ServiceError("ERR_INTERNAL", `the agency of case ${caseId} is missing`);
  const anchorer = authorityOver(services.store, agency) ?? agency;
  const id = randomUUID();
  const salt = randomBytes(32);
  const accessToken = randomBytes(32).toString("base64url");
  const commitment = complaintCommitment(salt, id);
  const report: ComplaintReport = {
    text: filing.text,
    photo: filing.photo ? { mediaType: filing.photo.mediaType, base64: filing.photo.data.toString("base64") } : null,
    salt: salt.toString("hex"),
  };
  atomically(services.db, () => {
    services.store.complaints.insert({
      id,
      caseId,
      agencyId: agency.id,
      category: filing.category,
      identityShared: filing.shareIdentityWithAgency,
      commitment,
      accessHash: sha256Hex(accessToken),
      sealedReport: services.vault.seal(caseId, Buffer.from(JSON.stringify(report), "utf8"), reportLabel(id)),
      filedAt: nowMs,
    });
    // Anchored in the next Merkle batch of the authority over the agency (see above). The outbox holds
    // records of the `credentials` table, so the commitment is recorded there as a record of its own type
    // (no case, no personal data); its anchor proof is then public at GET /credentials/{digest}/anchor.
    services.store.credentials.insert({
      digest: commitment,
      caseId: null,
      issuerId: anchorer.id,
      credentialId: `complaint:${id}`,
      type: COMPLAINT_RECORD_TYPE,
      format: "commitment",
      createdAt: nowMs,
    });
    AnchoringOutbox.enqueue(services.db, commitment, anchorer.address, nowMs);
    services.store.audit.record("worker", "complaint.filed", id, { category: filing.category, commitment });
  });
  return {
    reference: id,
    accessToken,
    status: "filed" as const,
    category: filing.category,
    filedAt: new Date(nowMs).toISOString(),
    commitment,
    agency: { did: agency.did, name: agency.name },
  };
}
