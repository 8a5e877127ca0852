/**
 * Records a fee receipt of an open case: a salted commitment to the receipt document, who paid, how
 * much, in which currency and category — on chain, then here.
 */
import { Payer, currencyBytes } from "@fairledger/common";
import { documentCommitment, newDocumentSalt } from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";
import { atomically } from "../store/repository.ts";
import type { Principal } from "../store/principals-repository.ts";
import { agencyCase, requireNotErased, type CaseServices } from "./case-services.ts";

export async function recordFeeReceipt(
  services: CaseServices,
  agency: Principal,
  caseId: string,
  input: { document: Buffer; payer: "employer" | "worker"; amount: string; currency: string; category: number },
) {
  await services.licences.requireLicensed(agency);
  const row = agencyCase(services, agency, caseId);
  if (row.status === "Closed" || row.status === "ClosedInBreach")
    throw new ServiceError("ERR_CONFLICT", `case ${caseId} is closed`);
  requireNotErased(row);
  // The salt is stored before the commitment is sent: a crash in between never leaves an on-chain
  // receipt whose salt is lost (a refused one leaves an unused salt, erased with the case).
  const receiptSalt = newDocumentSalt();
  const receiptHash = documentCommitment(input.document, receiptSalt);
  services.vault.put(caseId, `receipt-salt:${receiptHash}`, receiptSalt);
  const receipt = await services.ledger.send(agency.address, (ledger) =>
    ledger.recordFeeReceipt(
      row.case_commitment,
      receiptHash,
      input.payer === "worker" ? Payer.Worker : Payer.Employer,
      BigInt(input.amount),
      currencyBytes(input.currency),
      input.category,
    ),
  );
  atomically(services.db, () => {
    services.store.cases.addReceipt(caseId, {
      receiptHash,
      payer: input.payer,
      amount: input.amount,
      currency: input.currency,
      category: input.category,
      tx: receipt.hash,
    });
    services.store.audit.record(agency.did, "case.receipt-recorded", caseId, {
      receiptHash,
      payer: input.payer,
      amount: input.amount,
      tx: receipt.hash,
    });
  });
  // The agency keeps the salt with the receipt document and hands both to an inspector (audit-fees --receipts).
  return { receiptHash, receiptSalt, transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
}
