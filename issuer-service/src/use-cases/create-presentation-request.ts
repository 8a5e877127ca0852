/**
 * An authority (a border post) asks a worker's wallet for papers over OpenID4VP 1.0: a request object
 * signed with the authority's own signing key (the Ed25519 key published in its did:ethr document, the
 * same key it signs licences with), client id `decentralized_identifier:<its DID>`, a DCQL query for the
 * chosen credential type's purpose claims, kept in the state store until answered or expired. Answers
 * the `openid4vp://` link and that link as a QR PNG (the desk shows it; a phone opens it as a link).
 */
import { randomUUID } from "node:crypto";
import QRCode from "qrcode";
import { LEGACY_VCT, newRequestNonce, type CredentialType } from "@fairledger/common";
import { borderDcqlQuery, createAuthorizationRequest, didClientId } from "@fairledger/verifier";
import type { CredentialSigners } from "../keys/signers.ts";
import type { Principal } from "../store/principals-repository.ts";
import type { Openid4vpRequestsRepository } from "../store/openid4vp-requests-repository.ts";

export interface PresentationRequestServices {
  kms: CredentialSigners;
  requests: Openid4vpRequestsRepository;
  baseUrl: () => string;
  /** The `vct` this service's credentials of a type carry (the consortium's type URL). */
  vct: (type: CredentialType) => string;
  /** Milliseconds. */
  now: () => number;
  lifetimeSeconds: number;
}

/** Where the wallet fetches a request object, and where it posts its answer. */
export const requestObjectPath = (id: string) => `/openid4vp/requests/${id}/request-object`;
export const RESPONSE_PATH = "/openid4vp/responses";

export async function createPresentationRequest(
  services: PresentationRequestServices,
  authority: Principal,
  input: { credentialType: CredentialType; claims?: readonly string[] },
) {
  const now = Math.floor(services.now() / 1000);
  const id = randomUUID();
  const signer = await services.kms.jwsSigner(authority.signingKey);
  const created = await createAuthorizationRequest({
    clientDid: authority.did,
    // The plain DID URL: the client id check compares the kid's DID with the client id literally.
    signer: { alg: signer.alg, kid: authority.signingKid.replace(/\?[^#]*/, ""), sign: (input) => signer.sign(input) },
    responseUri: `${services.baseUrl()}${RESPONSE_PATH}`,
    requestUri: `${services.baseUrl()}${requestObjectPath(id)}`,
    // Credentials issued before type URLs carry the legacy URN: both answer the query.
    dcqlQuery: borderDcqlQuery(input.credentialType, input.claims, [
      services.vct(input.credentialType),
      LEGACY_VCT[input.credentialType],
    ]),
    now,
    lifetimeSeconds: services.lifetimeSeconds,
    state: newRequestNonce(),
    clientName: authority.name,
  });
  services.requests.prune(now);
  services.requests.insert(
    {
      id,
      state: created.payload.state,
      requestObject: created.requestObject,
      expiresAt: created.expiresAt,
      answeredAt: null,
      verdict: null,
    },
    authority.id,
    now,
  );
  return {
    id,
    status: "pending" as const,
    clientId: didClientId(authority.did),
    link: created.link,
    requestUri: `${services.baseUrl()}${requestObjectPath(id)}`,
    qrPng: await QRCode.toDataURL(created.link, { errorCorrectionLevel: "M", margin: 2, scale: 6 }),
    dcqlQuery: created.payload.dcql_query,
    expiresAt: new Date(created.expiresAt * 1000).toISOString(),
  };
}
