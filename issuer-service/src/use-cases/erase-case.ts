/**
 * Crypto-shredding: destroys the case key, commitment salt and encrypted blobs, turns the case's
 * stored idempotency answers into tombstones, deletes its pickup offers (a live code would only lead
 * to a 410; the holder key a wallet proved is the worker's), and says so in the audit log — one
 * transaction. Then the WAL is truncated so no pre-erasure page survives in it (secure_delete has
 * zeroed the deleted bytes in the pages themselves).
 *
 * Credentials the worker already holds are not touched: they stay signed, anchored and verifiable
 * (the worker's own proof of employment); their digests, status and anchor proofs stay served, and the
 * agency can still revoke one by digest if the worker asks.
 */
import { truncateWal } from "../store/database.ts";
import { atomically } from "../store/repository.ts";
import type { CaseRow } from "../store/cases-repository.ts";
import type { Principal } from "../store/principals-repository.ts";
import { agencyCase, requireNotErased, type CaseServices } from "./case-services.ts";

export function eraseCase(services: CaseServices, agency: Principal, caseId: string, reason: string): CaseRow {
  const row = agencyCase(services, agency, caseId);
  requireNotErased(row);
  atomically(services.db, () => {
    services.vault.erase(caseId);
    services.answers?.eraseCase(caseId);
    services.store.offers.deleteForCase(caseId);
    services.store.cases.markErased(caseId, services.now());
    services.store.audit.record(agency.did, "case.erased", caseId, {
      reason,
      destroyed: [
        "case data key",
        "commitment salt",
        "personal data",
        "contract document",
        "contract and receipt commitment salts",
        "issued credentials and their disclosure salts",
        "stored answers to its requests",
        "its pickup offers",
      ],
    });
  });
  truncateWal(services.db);
  return agencyCase(services, agency, caseId);
}
