/**
 * Whose key signed the request? The client id is `decentralized_identifier:<did:ethr>`: its key is in
 * that DID's document on the consortium chain. A browser has no chain access, so the wallet asks the
 * FairLedger service it lives on (the one that issued the worker's papers, `GET /dids/{did}`) to
 * resolve it from the chain, and to say whether the chain registers that DID as a licensing authority. That service is the wallet's own, not the verifier's: a border post that
 * serves a request object signed with someone else's DID is caught even when it controls its own server.
 */
import type { VerificationJwk } from "../../lib/jws-verify.ts";
import { base64urlToBytes, bytesToBase64url } from "@fairledger/common";

/** A verifier's key as the chain has it, and whether the chain registers its DID as a licensing authority. */
export interface ClientKey {
  jwk: VerificationJwk;
  /** The jurisdiction the DID is an authority of; null: not an authority; undefined: not known. */
  authorityJurisdiction?: string | null;
}

/** The public key of a DID URL (`did:ethr:…#delegate-1`), or undefined when the DID does not publish it. */
export type ClientKeyResolver = (didUrl: string) => Promise<ClientKey | undefined>;

interface VerificationMethod {
  id?: unknown;
  publicKeyJwk?: VerificationJwk;
  publicKeyBase64?: unknown;
  type?: unknown;
}

/** A verification method's key as a JWK: a JWK as published, or an Ed25519 key in base64 (did:ethr's form). */
export function jwkOfMethod(method: VerificationMethod): VerificationJwk | undefined {
  if (method.publicKeyJwk && typeof method.publicKeyJwk.x === "string") return method.publicKeyJwk;
  if (typeof method.publicKeyBase64 === "string" && String(method.type).startsWith("Ed25519")) {
    const base64url = method.publicKeyBase64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const bytes = base64urlToBytes(base64url);
    if (bytes.length === 32) return { kty: "OKP", crv: "Ed25519", x: bytesToBase64url(bytes) };
  }
  return undefined;
}

export function homeServiceKeyResolver(homeBase: string, fetchFn: typeof fetch): ClientKeyResolver {
  return async (didUrl) => {
    const [did = ""] = didUrl.split("#");
    let answer: { didDocument?: { verificationMethod?: VerificationMethod[] }; authorityJurisdiction?: unknown };
    try {
      const response = await fetchFn(`${homeBase}/dids/${encodeURIComponent(did)}`, {
        headers: { accept: "application/did+json, application/json" },
      });
      if (!response.ok) return undefined;
      answer = (await response.json()) as typeof answer;
    } catch {
      return undefined;
    }
    const method = answer.didDocument?.verificationMethod?.find((candidate) => candidate.id === didUrl);
    const jwk = method && jwkOfMethod(method);
    if (!jwk) return undefined;
    const jurisdiction = answer.authorityJurisdiction;
    return { jwk, authorityJurisdiction: typeof jurisdiction === "string" ? jurisdiction : null };
  };
}
