/**
 * An independent check of what the wallet presents, with node:crypto only (no wallet code): the
 * issuer's EdDSA signature, the KB-JWT's ES256 signature by the credential's cnf key, `typ`, nonce,
 * aud, iat, and sd_hash recomputed per RFC 9901 §4.3.1 (SHA-256 over everything up to and including
 * the last `~`). Returns what a verifier would see. Used where the verifier CLI cannot run (no chain).
 */
import { createHash } from "node:crypto";
import { SDJwtInstance } from "@sd-jwt/core";
import { createJwsVerifier, type PublicJwk } from "@fairledger/common/node";
import { nodeSha256 } from "./issue-credential.ts";

export interface CheckedPresentation {
  claims: Record<string, unknown>;
  subject: Record<string, unknown>;
  kb: Record<string, unknown>;
}

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

export async function checkPresentation(
  presentation: string,
  expected: { issuerKey: PublicJwk; nonce: string; aud: string; now?: number },
): Promise<CheckedPresentation> {
  const lastTilde = presentation.lastIndexOf("~");
  if (lastTilde < 0) throw new Error("not an SD-JWT presentation");
  const presented = presentation.slice(0, lastTilde + 1);
  const kbJwt = presentation.slice(lastTilde + 1);
  const [issuerJwt] = presented.split("~") as [string];

  const [h, p, s] = issuerJwt.split(".") as [string, string, string];
  if (!createJwsVerifier(expected.issuerKey as never).verify(`${h}.${p}`, s))
    throw new Error("issuer signature invalid");
  const payload = decodePart(p);

  const [kh, kp, ks] = kbJwt.split(".") as [string, string, string];
  if (!kh || !kp || !ks) throw new Error("no key-binding JWT");
  const kbHeader = decodePart(kh);
  const kb = decodePart(kp);
  if (kbHeader.typ !== "kb+jwt" || kbHeader.alg !== "ES256")
    throw new Error(`bad KB-JWT header ${JSON.stringify(kbHeader)}`);
  const holderJwk = (payload.cnf as { jwk: PublicJwk }).jwk;
  if (!createJwsVerifier(holderJwk as never).verify(`${kh}.${kp}`, ks))
    throw new Error("KB-JWT not signed by the holder key");
  const sdHash = createHash("sha256").update(presented, "ascii").digest("base64url");
  if (kb.sd_hash !== sdHash) throw new Error("sd_hash mismatch");
  if (kb.nonce !== expected.nonce) throw new Error("nonce mismatch");
  if (kb.aud !== expected.aud) throw new Error("aud mismatch");
  const now = expected.now ?? Math.floor(Date.now() / 1000);
  if (typeof kb.iat !== "number" || Math.abs(kb.iat - now) > 300) throw new Error("iat out of window");

  const claims = (await new SDJwtInstance({ hasher: nodeSha256 }).getClaims(presented)) as Record<string, unknown>;
  return { claims, subject: claims.credentialSubject as Record<string, unknown>, kb };
}
