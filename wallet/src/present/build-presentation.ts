/**
 * Building what the worker shows (README protocol step 6): the SD-JWT with only the chosen
 * disclosures, a key-binding JWT (RFC 9901: `typ: kb+jwt`, ES256 by the holder key, `nonce`, `aud`,
 * `iat`, `sd_hash` over the presentation up to its last `~`) made by @sd-jwt/core, and the envelope
 * carrying the anchor proof.
 */
import type { AnchorProof, PresentationEnvelope } from "@fairledger/common";
import { sdJwtInstance } from "../lib/sd-jwt.ts";
import type { PresentationRequest } from "./request.ts";

export async function buildPresentation(
  credential: string,
  disclose: ReadonlySet<string>,
  request: PresentationRequest,
  holderPrivateKey: CryptoKey,
  now: Date,
): Promise<string> {
  const credentialSubject = Object.fromEntries([...disclose].map((claim) => [claim, true]));
  return sdJwtInstance(holderPrivateKey).present(
    credential,
    { credentialSubject },
    { kb: { payload: { iat: Math.floor(now.getTime() / 1000), aud: request.aud, nonce: request.nonce } } },
  );
}

export function presentationEnvelope(presentation: string, anchor: AnchorProof | undefined): PresentationEnvelope {
  return {
    type: "FairLedgerPresentation",
    version: 1,
    format: "vc+sd-jwt",
    presentation,
    ...(anchor ? { anchor } : {}),
  };
}
