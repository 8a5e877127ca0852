/**
 * The anchor proof of a credential this service issued, from its own store, for a verification that
 * was handed the credential without one (VC-API verify, an OpenID4VP response: neither carries FairLedger's
 * envelope). The proof is a pointer, not a verdict: the verifier's `anchored` check verifies it against
 * the chain like any other.
 */
import { credentialDigest, type AnchorProof } from "@fairledger/common/node";
import type { DecodedInput } from "@fairledger/verifier";

/** The issuer-signed credential a decoded input carries (a VP-JWT's one VC-JWT), or undefined. */
function credentialOf(input: DecodedInput): string | undefined {
  if (input.format !== "vp-jwt") return input.token;
  try {
    const payload = JSON.parse(Buffer.from(input.token.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      vp?: { verifiableCredential?: unknown };
    };
    const inner = payload.vp?.verifiableCredential;
    const first = Array.isArray(inner) ? inner[0] : inner;
    return typeof first === "string" ? first : undefined;
  } catch {
    return undefined; // the verifier reports the unreadable presentation itself
  }
}

/** `input` with the stored anchor proof of its credential when it brought none and the store has one. */
export function withStoredAnchor(
  input: DecodedInput,
  proofOf: (digest: string) => AnchorProof | undefined | null,
): DecodedInput {
  if (input.anchor) return input;
  const credential = credentialOf(input);
  let digest: string | undefined;
  try {
    digest = credential ? credentialDigest(credential) : undefined;
  } catch {
    return input; // not a compact JWS: the verifier says so
  }
  const proof = digest ? proofOf(digest) : undefined;
  return proof ? { ...input, anchor: proof } : input;
}
