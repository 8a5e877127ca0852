/**
 * `issuer-key`: the JWS `kid` names a verification method of the issuer's DID document AS IT STOOD AT
 * ISSUE TIME, listed under assertionMethod, with a key type FairLedger signs with. A key rotated out
 * before issuance, expired, or only for authentication fails.
 *
 * The kid may carry the document version (`did?versionId=<block>#delegate-N`, common/src/versioned-kid.ts)
 * for resolvers that cannot replay a DID's history. This check does not trust that pointer: it replays
 * the history itself and judges the key at `iat`, so a versionId chosen to reach back to a revoked key
 * gains nothing here.
 */
import { ed25519PublicJwk, parseIssuerKid, toPublicJwk, type PublicJwk } from "@fairledger/common";
import type { VerificationMethod } from "did-resolver";
import { fail, indeterminate, pass, type CheckResult } from "../result.ts";
import type { TrustSource } from "../trust/trust-source.ts";
import { base64ToBytes } from "../platform/bytes.ts";

function keyOfMethod(method: VerificationMethod): PublicJwk | null {
  try {
    if (method.publicKeyJwk) return toPublicJwk(method.publicKeyJwk as never);
    const b64 = (method as { publicKeyBase64?: string }).publicKeyBase64;
    if (b64 && /^Ed25519VerificationKey20(18|20)$/.test(method.type)) return ed25519PublicJwk(base64ToBytes(b64));
  } catch {
    return null;
  }
  return null;
}

export async function checkIssuerKey(
  trust: TrustSource,
  iss: string,
  kid: unknown,
  issuedAt: number,
): Promise<{ result: CheckResult; key: PublicJwk | null }> {
  const parts = parseIssuerKid(iss, kid);
  if (!parts) {
    return {
      result: fail("issuer-key", `the signature's kid ${JSON.stringify(kid)} is not a key of the issuer ${iss}`),
      key: null,
    };
  }
  const keyId = parts.keyId;
  const document = await trust.didDocumentAt(iss, issuedAt);
  if (!document)
    return { result: indeterminate("issuer-key", `issuer ${iss} is unknown to ${trust.describe()}`), key: null };
  const method = (document.verificationMethod ?? []).find((candidate) => candidate.id === keyId);
  const assertion = (document.assertionMethod ?? []).some(
    (entry) => (typeof entry === "string" ? entry : entry.id) === keyId,
  );
  const when = new Date(issuedAt * 1000).toISOString();
  if (!method || !assertion) {
    return {
      result: fail("issuer-key", `key ${keyId} was not an assertion key of the issuer at issue time (${when})`),
      key: null,
    };
  }
  const key = keyOfMethod(method);
  if (!key)
    return {
      result: fail("issuer-key", `key ${keyId} is a ${method.type}, not an Ed25519 or P-256 signing key`),
      key: null,
    };
  return { result: pass("issuer-key", `key ${keyId} was an assertion key of the issuer at ${when}`), key };
}
