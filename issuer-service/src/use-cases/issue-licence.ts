/**
 * An authority licenses an agency in one step: signs the licence credential, then puts the licence on
 * chain with the credential's digest as its document hash (renewing an existing, non-revoked licence),
 * then records the credential as anchored, with its audit entry, in one commit.
 */
import { credentialDigest, ethrDid, LicenceStatus, toPublicJwk, type PublicJwk } from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";
import { atomically } from "../store/repository.ts";
import type { Principal } from "../store/principals-repository.ts";
import { AnchoringOutbox } from "../anchoring/outbox.ts";
import {
  checkedSubject,
  contextUrl,
  issuedAtMs,
  schemaUrl,
  signWithStatus,
  signingMoment,
  vctOf,
  type CredentialFormat,
  type IssuanceServices,
  type IssuedCredential,
} from "./issuance-services.ts";

export async function issueLicence(
  services: IssuanceServices,
  authority: Principal,
  input: {
    agency: string;
    agencyName: string;
    licenceNumber: string;
    validFrom: string;
    validUntil: string;
    holderJwk?: PublicJwk;
    format: CredentialFormat;
  },
): Promise<IssuedCredential & { transactionHash: string; blockNumber: number }> {
  if (authority.kind !== "authority" || !authority.jurisdiction)
    throw new ServiceError("ERR_FORBIDDEN", "only licensing authorities issue licences");
  const { ledger } = services;
  const agencyAddress = input.agency.startsWith("did:")
    ? input.agency.slice(input.agency.lastIndexOf(":") + 1)
    : input.agency;
  const validFrom = new Date(input.validFrom);
  const validUntil = new Date(input.validUntil);
  if (!(validUntil > validFrom)) {
    throw new ServiceError("ERR_INPUT_INVALID", "validUntil must be after validFrom", {
      errors: [{ pointer: "#/validUntil", detail: "not after validFrom" }],
    });
  }
  const subject = checkedSubject("AgencyLicenceCredential", {
    id: ethrDid(ledger.manifest.chainId, agencyAddress),
    jurisdiction: authority.jurisdiction,
    agencyName: input.agencyName,
    licenceNumber: input.licenceNumber,
    validFrom: validFrom.toISOString(),
    validUntil: validUntil.toISOString(),
  });
  // The credential is issued now (never after the latest block, so its key and the issuer's state at
  // `iat` are on chain); the licence window is the subject's validFrom/validUntil.
  const moment = await signingMoment(services, authority, () => ledger.latestBlockTime());
  const issuedAt = issuedAtMs(services, moment.blockTime);
  const credentialId = services.newCredentialId();
  const draft = {
    id: credentialId,
    type: "AgencyLicenceCredential" as const,
    issuerDid: authority.did,
    kid: await services.kidVersions.forSigning(moment.principal.signingKid),
    signer: await services.kms.jwsSigner(moment.principal.signingKey),
    subject,
    holderJwk: input.holderJwk ? toPublicJwk(input.holderJwk as never) : undefined,
    validFrom: new Date(issuedAt),
    validUntil,
    schemaUrl: schemaUrl(services, "AgencyLicenceCredential"),
    contextUrl: contextUrl(services),
    vct: vctOf(services, "AgencyLicenceCredential"),
  };
  return signWithStatus(services, authority, input.format, draft, async (credential, status) => {
    const digest = credentialDigest(credential);
    const current = await ledger.licenceOf(agencyAddress);
    const from = Math.floor(validFrom.getTime() / 1000);
    const until = Math.floor(validUntil.getTime() / 1000);
    // Active or Suspended licences are renewed (same jurisdiction only: the contract checks it).
    const renew = current.status === LicenceStatus.Active || current.status === LicenceStatus.Suspended;
    // A licence change: block times asked before it are not reused for the agency's next credentials.
    const receipt = await ledger
      .changeIssuerState(() =>
        ledger.send(authority.address, (contract) =>
          renew
            ? contract.renewLicence(agencyAddress, digest, until)
            : contract.issueLicence(agencyAddress, digest, from, until),
        ),
      )
      .finally(() => services.licences.forget(agencyAddress));
    const now = services.now();
    atomically(services.db, () => {
      services.store.credentials.insert({
        digest,
        caseId: null,
        issuerId: authority.id,
        credentialId,
        type: "AgencyLicenceCredential",
        format: input.format,
        createdAt: now,
      });
      status?.record(digest, agencyAddress);
      // Anchored directly as the licence's document hash: recorded as a one-record "batch" already anchored.
      AnchoringOutbox.recordAnchored(
        services.db,
        digest,
        authority.address,
        { txHash: receipt.hash, blockNumber: receipt.blockNumber },
        now,
      );
      // The public agency register's name and licence number (the chain holds neither), keyed by the digest
      // the chain now holds as the licence's documentHash.
      services.store.licenceRegister.record({
        documentHash: digest,
        agency: agencyAddress,
        agencyName: input.agencyName,
        licenceNumber: input.licenceNumber,
        authorityId: authority.id,
        jurisdiction: authority.jurisdiction as string,
        recordedAt: now,
      });
      services.store.audit.record(authority.did, renew ? "licence.renewed" : "licence.issued", subject.id as string, {
        digest,
        tx: receipt.hash,
      });
    });
    // A renewal replaces the licence's document hash: the credential it replaced is no longer the licence.
    if (renew) services.statusLists.changed(authority.id);
    return {
      credential,
      digest,
      format: input.format,
      type: "AgencyLicenceCredential",
      transactionHash: receipt.hash,
      blockNumber: receipt.blockNumber,
    };
  });
}
