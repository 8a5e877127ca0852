/**
 * An issuer suspends, reinstates or revokes one of its batch-anchored credentials: on chain first (the
 * record's status in its batch), then the local status and the audit entry in one commit. Revocation is
 * final; a licence credential's status is its licence's (changed through the licence instead); a
 * complaint's commitment (recorded beside the credentials to be anchored) is not the agency's to change. The
 * issuer's Token Status Lists follow once the chain has confirmed.
 */
import { ServiceError } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { atomically } from "../store/repository.ts";
import type { Repositories } from "../store/repositories.ts";
import type { Principal } from "../store/principals-repository.ts";
import type { Ledger } from "../chain/ledger.ts";
import type { AnchoringOutbox } from "../anchoring/outbox.ts";
import type { StatusLists } from "../status-list/status-lists.ts";
import { COMPLAINT_RECORD_TYPE } from "../complaints/complaint-services.ts";

const STATUS_CODE = { active: 1, suspended: 2, revoked: 3 } as const;

export async function setCredentialStatus(
  services: { db: Db; store: Repositories; ledger: Ledger; outbox: AnchoringOutbox; statusLists: StatusLists },
  issuer: Principal,
  digest: string,
  change: { status: keyof typeof STATUS_CODE; reasonCode: number },
) {
  const row = services.store.credentials.byDigest(digest);
  if (!row || row.issuerId !== issuer.id)
    throw new ServiceError("ERR_NOT_FOUND", `no credential ${digest} issued by you`);
  if (row.type === COMPLAINT_RECORD_TYPE)
    throw new ServiceError(
      "ERR_FORBIDDEN",
      "this is the anchored commitment of a worker's complaint, not a credential: nobody may change its status",
    );
  if (row.status === "revoked")
    throw new ServiceError("ERR_CONFLICT", "the credential is revoked; revocation is final");
  if (row.status === "rejected")
    throw new ServiceError(
      "ERR_CONFLICT",
      "the ledger refused to anchor this credential; it will never be anchored, so it has no status on chain",
    );
  const proof = services.outbox.proofOf(digest);
  if (!proof || proof.root === digest)
    throw new ServiceError(
      "ERR_CONFLICT",
      "the credential is not anchored in a batch yet (or is a licence, managed on chain by its licence); retry later",
    );
  const receipt = await services.ledger.send(issuer.address, (ledger) =>
    ledger.setBatchRecordStatus(proof.root, digest, proof.proof, STATUS_CODE[change.status], change.reasonCode),
  );
  atomically(services.db, () => {
    services.store.credentials.setStatus(digest, change.status, change.reasonCode);
    services.store.audit.record(issuer.did, `credential.${change.status}`, digest, {
      reasonCode: change.reasonCode,
      tx: receipt.hash,
    });
  });
  // Only now, with the chain's receipt and the local row agreeing: the issuer's status lists are rebuilt.
  services.statusLists.changed(issuer.id);
  return { status: change.status, transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
}
