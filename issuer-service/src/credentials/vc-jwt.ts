/**
 * Issues a FairLedger credential as a VC-JWT (VCDM 1.1, did-jwt-vc) for verifiers on Veramo or
 * did-jwt-vc. No selective disclosure in this format: the caller asks for it knowingly, and only the
 * claims in `subject` are included. Signed by the node:crypto signer, not did-jwt's pure-JS one.
 *
 * Claims where VC-JWT puts them (VCDM 1.1 §6.3.1, as did-jwt-vc reads them): the issuer in `iss`, the
 * holder in `sub`, the credential id in `jti`, issuance in `nbf` (no `iat`: did-jwt-vc leaves it out,
 * and verifiers take `nbf` as the issue time), expiry in `exp`, and the holder's key in `cnf` (RFC 7800) beside them: a JWT confirmation claim, not a
 * credential property, so it is not inside `vc`, whose JSON-LD context does not define it.
 */
import { createVerifiableCredentialJwt } from "did-jwt-vc";
import { VCDM1_CONTEXT, VCT } from "@fairledger/common";
import type { CredentialDraft } from "./sd-jwt-vc.ts";

/** The JWT claims set of a VC-JWT draft (exported for the JSON-LD and claim-placement tests). */
export function vcJwtPayload(draft: CredentialDraft): Record<string, unknown> {
  const { id: subjectId, ...claims } = draft.subject;
  const issuedAt = Math.floor(draft.validFrom.getTime() / 1000);
  return {
    sub: subjectId as string,
    ...(draft.id ? { jti: draft.id } : {}),
    nbf: issuedAt,
    exp: Math.floor(draft.validUntil.getTime() / 1000),
    ...(draft.holderJwk ? { cnf: { jwk: draft.holderJwk } } : {}),
    vc: {
      "@context": [VCDM1_CONTEXT, draft.contextUrl],
      type: ["VerifiableCredential", draft.type],
      credentialSchema: { id: draft.schemaUrl, type: "JsonSchema" },
      credentialSubject: { ...claims, vct: VCT[draft.type] },
    },
  };
}

export async function issueVcJwt(draft: CredentialDraft): Promise<string> {
  return createVerifiableCredentialJwt(
    vcJwtPayload(draft) as never,
    {
      did: draft.issuerDid,
      alg: "EdDSA",
      signer: async (data) => draft.signer.sign(typeof data === "string" ? data : Buffer.from(data).toString("ascii")),
    },
    { header: { kid: draft.kid, alg: "EdDSA" } as never },
  );
}
