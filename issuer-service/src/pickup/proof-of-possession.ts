/**
 * Checks an OpenID4VCI key proof (`proof_type: jwt`): header `typ: openid4vci-proof+jwt`, `alg: ES256`,
 * `jwk` = the holder's P-256 public key (no private members), signature by that key, `aud` = this
 * issuer, a `nonce`, `iat` within the allowed skew. Returns the holder key and the SHA-256 of the nonce:
 * whether that nonce is live and unspent is the nonce store's answer (pickup.ts), not this module's.
 */
import { createHash } from "node:crypto";
import { algorithmForJwk, createJwsVerifier, toPublicJwk, type PublicJwk } from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";

export const PROOF_TYP = "openid4vci-proof+jwt";
const MAX_SKEW_SECONDS = 300;

function decodePart(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new ServiceError("invalid_proof", `proof JWT ${what} is not a JSON object`);
}

export function verifyProofOfPossession(
  jwt: string,
  expected: { audience: string; nowSeconds: number },
): { holderJwk: PublicJwk; nonceHash: string } {
  const [encodedHeader, encodedPayload, signature, ...rest] = jwt.split(".");
  if (encodedHeader === undefined || encodedPayload === undefined || signature === undefined || rest.length > 0)
    throw new ServiceError("invalid_proof", "proof is not a compact JWS");
  const header = decodePart(encodedHeader, "header");
  const claims = decodePart(encodedPayload, "payload");
  if (header.typ !== PROOF_TYP) throw new ServiceError("invalid_proof", `proof typ must be ${PROOF_TYP}`);
  if (header.alg !== "ES256") throw new ServiceError("invalid_proof", "proof alg must be ES256");
  const jwk = header.jwk as Record<string, unknown> | undefined;
  if (!jwk || typeof jwk !== "object") throw new ServiceError("invalid_proof", "proof header lacks the holder's jwk");
  if ("d" in jwk) throw new ServiceError("invalid_proof", "proof header jwk contains a private key");
  let holderJwk: PublicJwk;
  try {
    if (algorithmForJwk(jwk) !== "ES256") throw new Error("not P-256");
    holderJwk = toPublicJwk(jwk as never);
  } catch {
    throw new ServiceError("invalid_proof", "holder key must be a P-256 public JWK");
  }
  let valid: boolean;
  try {
    valid = createJwsVerifier(holderJwk as never).verify(`${encodedHeader}.${encodedPayload}`, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new ServiceError("invalid_proof", "proof signature does not verify with the header jwk");
  if (claims.aud !== expected.audience)
    throw new ServiceError("invalid_proof", `proof aud must be ${expected.audience}`);
  const nonceHash =
    typeof claims.nonce === "string" ? createHash("sha256").update(claims.nonce, "utf8").digest("hex") : "";
  if (nonceHash === "") throw new ServiceError("invalid_nonce", "proof has no nonce: get one from the nonce endpoint");
  if (typeof claims.iat !== "number" || Math.abs(claims.iat - expected.nowSeconds) > MAX_SKEW_SECONDS) {
    throw new ServiceError("invalid_proof", "proof iat is missing or too far from now");
  }
  return { holderJwk, nonceHash };
}
