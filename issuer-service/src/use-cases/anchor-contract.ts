/**
 * Anchors a case's uploaded contract: checks the employer's EIP-712 signature, adds the agency's, and
 * puts both with the contract commitment on chain.
 */
import { ZeroHash, verifyTypedData } from "ethers";
import { ServiceError, expectPresent } from "../errors.ts";
import { atomically } from "../store/repository.ts";
import type { CaseRow } from "../store/cases-repository.ts";
import type { Principal } from "../store/principals-repository.ts";
import { agencyCase, requireNotErased, type CaseServices } from "./case-services.ts";
import { contractSigningRequest } from "./contract-signing-request.ts";

export async function anchorContract(
  services: CaseServices,
  agency: Principal,
  caseId: string,
  employerSignature: string,
): Promise<CaseRow> {
  await services.licences.requireLicensed(agency);
  const row = agencyCase(services, agency, caseId);
  requireNotErased(row);
  if (row.status !== "contract-uploaded") throw new ServiceError("ERR_CONFLICT", `case ${caseId} is ${row.status}`);
  const { typedData } = await contractSigningRequest(services, agency, caseId);
  let signer: string;
  try {
    signer = verifyTypedData(typedData.domain, typedData.types, typedData.message, employerSignature);
  } catch {
    throw new ServiceError("ERR_INPUT_INVALID", "employerSignature is not an EIP-712 signature", {
      errors: [{ pointer: "#/employerSignature", detail: "malformed signature" }],
    });
  }
  if (signer !== row.employer_address) {
    throw new ServiceError(
      "ERR_INPUT_INVALID",
      `employerSignature was made by ${signer}, not the case's employer ${row.employer_address}`,
      {
        errors: [{ pointer: "#/employerSignature", detail: "signed by another account" }],
      },
    );
  }
  const agencySignature = await services.ledger.signTypedData(
    agency.address,
    typedData.domain,
    typedData.types,
    typedData.message,
  );
  const receipt = await services.ledger.send(agency.address, (ledger) =>
    ledger.anchorEmploymentContract(
      row.case_commitment,
      expectPresent(row.contract_hash, `the contract hash of case ${row.id}`), // set by the upload (status contract-uploaded)
      ZeroHash,
      row.employer_address,
      agencySignature,
      employerSignature,
    ),
  );
  atomically(services.db, () => {
    services.store.cases.markContractAnchored(caseId, receipt.hash);
    services.store.audit.record(agency.did, "case.contract-anchored", caseId, {
      contractHash: row.contract_hash,
      tx: receipt.hash,
    });
  });
  return agencyCase(services, agency, caseId);
}
