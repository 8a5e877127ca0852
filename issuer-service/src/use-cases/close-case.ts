/** Closes a case with its receipts' Merkle root and fee totals; the chain decides Closed or ClosedInBreach. */
import { ZeroHash } from "ethers";
import { CaseStatus, feeTotals } from "@fairledger/common";
import { buildMerkleBatch } from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";
import { atomically } from "../store/repository.ts";
import type { CaseRow } from "../store/cases-repository.ts";
import type { Principal } from "../store/principals-repository.ts";
import { agencyCase, type CaseServices } from "./case-services.ts";

export async function closeCase(services: CaseServices, agency: Principal, caseId: string): Promise<CaseRow> {
  await services.licences.requireLicensed(agency);
  const row = agencyCase(services, agency, caseId);
  if (row.status !== "contract-anchored")
    throw new ServiceError("ERR_CONFLICT", `case ${caseId} is ${row.status}: anchor the contract first`);
  const receipts = services.store.cases.receipts(caseId);
  const receiptsRoot = receipts.length ? buildMerkleBatch(receipts.map((r) => r.receipt_hash)).root : ZeroHash;
  const totals = feeTotals(receipts);
  const receipt = await services.ledger.send(agency.address, (ledger) =>
    ledger.closeCase(
      row.case_commitment,
      receiptsRoot,
      totals.receiptCount,
      totals.workerPaidTotal,
      totals.employerPaidTotal,
    ),
  );
  const onChain = await services.ledger.reader.caseOf(row.case_commitment);
  const status = Number(onChain.status) === CaseStatus.ClosedInBreach ? "ClosedInBreach" : "Closed";
  atomically(services.db, () => {
    services.store.cases.markClosed(caseId, status, receiptsRoot, receipt.hash);
    services.store.audit.record(agency.did, "case.closed", caseId, { status, receiptsRoot, tx: receipt.hash });
  });
  return agencyCase(services, agency, caseId);
}
