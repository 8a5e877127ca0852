/**
 * Opens a recruitment case: a salted commitment goes on chain; the worker's data only into the case's
 * encrypted vault. Write-ahead: the row (status `opening`), its key, salt and the worker's data commit
 * before the transaction is sent, so a crash in between never leaves an on-chain case whose salt is
 * lost; `reconcileOpeningCases` settles such rows at the next start.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { getAddress } from "ethers";
import { corridorId } from "@fairledger/common";
import { documentHash } from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";
import { atomically } from "../store/repository.ts";
import type { CaseRow } from "../store/cases-repository.ts";
import type { Principal } from "../store/principals-repository.ts";
import { agencyCase, type CaseServices } from "./case-services.ts";

export interface WorkerData {
  name: string;
  passportNumber: string;
  birthDate: string;
  nationality: string;
}

export async function openCase(
  services: CaseServices,
  agency: Principal,
  input: { corridor: string; employer: string; worker: WorkerData },
): Promise<CaseRow> {
  await services.licences.requireLicensed(agency);
  const id = randomUUID();
  const salt = randomBytes(32);
  const caseCommitment = documentHash(Buffer.concat([salt, Buffer.from(id, "utf8")]));
  const corridor = corridorId(input.corridor);
  atomically(services.db, () => {
    services.store.cases.insertOpening({
      id,
      agencyId: agency.id,
      caseCommitment,
      corridor: input.corridor,
      employer: getAddress(input.employer),
      createdAt: services.now(),
    });
    services.vault.createCaseKey(id, salt);
    services.vault.put(id, "worker", JSON.stringify(input.worker));
  });
  let receipt;
  try {
    receipt = await services.ledger.send(agency.address, (ledger) => ledger.openCase(caseCommitment, corridor));
  } catch (error) {
    // Refused by the contract: nothing is on chain, so nothing is kept. Unreachable: left for reconciliation.
    if (error instanceof ServiceError && error.code === "ERR_CHAIN_REJECTED")
      discardOpeningCase(services, id, agency.did, error.message);
    throw error;
  }
  markCaseOpen(services, id, agency.did, caseCommitment, input.corridor, receipt.hash);
  return agencyCase(services, agency, id);
}

/** The chain has the case: it is open (with its transaction when known). */
export function markCaseOpen(
  services: CaseServices,
  id: string,
  actor: string,
  caseCommitment: string,
  corridor: string,
  tx: string | null,
): void {
  atomically(services.db, () => {
    services.store.cases.markOpen(id, tx);
    services.store.audit.record(actor, "case.opened", id, { caseCommitment, corridor, tx });
  });
}

/** The chain does not have the case: its row, key and data go. */
export function discardOpeningCase(services: CaseServices, id: string, actor: string, reason: string): void {
  atomically(services.db, () => {
    services.vault.erase(id);
    services.store.cases.deleteOpening(id);
    services.store.audit.record(actor, "case.discarded", id, { reason });
  });
}
