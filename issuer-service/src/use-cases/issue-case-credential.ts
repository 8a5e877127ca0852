/**
 * An agency issues a case credential to the worker's key and queues it for anchoring. All of the local
 * writes — the credential, its vault copy, its outbox row, its audit entry and the caller's own — go in
 * one savepoint of a group commit shared with concurrent issuances, so a crash leaves either nothing or
 * a credential that will be anchored, and the promise resolves only once they are durable.
 */
import { credentialDigest, didJwk, toPublicJwk, type CredentialType, type PublicJwk } from "@fairledger/common/node";
import type { Principal } from "../store/principals-repository.ts";
import { AnchoringOutbox } from "../anchoring/outbox.ts";
import { caseCredentialSubject } from "./case-credential-subject.ts";
import {
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

const DAY_MS = 24 * 3600 * 1000;

export async function issueCaseCredential(
  services: IssuanceServices,
  agency: Principal,
  caseId: string,
  type: CredentialType,
  holderJwk: PublicJwk,
  format: CredentialFormat,
  /** Runs inside the issuing transaction (e.g. marking a pickup offer as used, storing the HTTP answer). */
  alsoCommit?: (issued: IssuedCredential) => void,
): Promise<IssuedCredential> {
  const { blockTime, principal } = await signingMoment(services, agency, () =>
    services.licences.requireLicensed(agency),
  );
  const subject = caseCredentialSubject(services, principal, caseId, type, didJwk(holderJwk));
  const now = issuedAtMs(services, blockTime);
  const credentialId = services.newCredentialId();
  const draft = {
    id: credentialId,
    type,
    issuerDid: principal.did,
    kid: await services.kidVersions.forSigning(principal.signingKid),
    signer: await services.kms.jwsSigner(principal.signingKey),
    subject,
    holderJwk: toPublicJwk(holderJwk as never),
    validFrom: new Date(now),
    validUntil: new Date(now + 3 * 365 * DAY_MS),
    schemaUrl: schemaUrl(services, type),
    contextUrl: contextUrl(services),
    vct: vctOf(services, type),
  };
  return signWithStatus(services, principal, format, draft, async (credential, status) => {
    const signed: IssuedCredential = { credential, digest: credentialDigest(credential), format, type };
    await services.commits.run(() => {
      services.store.credentials.insert({
        digest: signed.digest,
        caseId,
        issuerId: principal.id,
        credentialId,
        type,
        format,
        createdAt: now,
      });
      status?.record(signed.digest);
      services.vault.put(caseId, `credential:${signed.digest}`, credential);
      AnchoringOutbox.enqueue(services.db, signed.digest, principal.address, now);
      alsoCommit?.(signed);
      services.store.audit.record(principal.did, "credential.issued", caseId, { digest: signed.digest, type, format });
    });
    return signed;
  });
}
