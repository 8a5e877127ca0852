/**
 * Issues a FairLedger credential as a VC-JWT (VCDM 1.1, did-jwt-vc) for verifiers on Veramo or
 * did-jwt-vc. No selective disclosure in this format: the caller asks for it knowingly, and only the
 * claims in `subject` are included. Signed by the node:crypto signer, not did-jwt's pure-JS one.
 */
import { createVerifiableCredentialJwt } from "did-jwt-vc";
import { FAIRLEDGER_CONTEXT, VCT } from "@fairledger/common";
import type { CredentialDraft } from "./sd-jwt-vc.ts";

export async function issueVcJwt(draft: CredentialDraft): Promise<string> {
  const { id: subjectId, ...claims } = draft.subject;
  return createVerifiableCredentialJwt(
    {
      sub: subjectId as string,
      ...(draft.id ? { jti: draft.id } : {}),
      nbf: Math.floor(draft.validFrom.getTime() / 1000),
      exp: Math.floor(draft.validUntil.getTime() / 1000),
      vc: {
        "@context": ["https://www.w3.org/2018/credentials/v1", FAIRLEDGER_CONTEXT],
        type: ["VerifiableCredential", draft.type],
        credentialSchema: { id: draft.schemaUrl, type: "JsonSchema" },
        credentialSubject: { ...claims, vct: VCT[draft.type] },
        ...(draft.holderJwk ? { cnf: { jwk: draft.holderJwk } } : {}),
      } as never,
    },
    {
      did: draft.issuerDid,
      alg: "EdDSA",
      signer: async (data) => draft.signer.sign(typeof data === "string" ? data : Buffer.from(data).toString("ascii")),
    },
    { header: { kid: draft.kid, alg: "EdDSA" } as never },
  );
}
