/**
 * Issues a FairLedger credential as an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-13: VCDM 2.0 payload, JOSE
 * `typ: dc+sd-jwt`, EdDSA), every claim in `credentialSubject` selectively disclosable except the
 * commitments a verifier needs for its ledger checks. `vct` is the URL of the type's metadata, with
 * `vct#integrity` (the metadata document's SHA-256, as served), and `status` its entry in the issuer's
 * Token Status List. Salts are 128 random bits from node:crypto; the hasher is node:crypto SHA-256;
 * signing goes through the node:crypto `JwsSigner` of the issuer's Ed25519 key.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import {
  ALWAYS_VISIBLE_CLAIMS,
  JOSE_TYP,
  LEGACY_VCT,
  VCDM2_CONTEXT,
  typeMetadata,
  type CredentialType,
  type StatusReference,
  type JwsSigner,
  type PublicJwk,
} from "@fairledger/common/node";

export const SALT_BYTES = 16;

export interface CredentialDraft {
  /**
   * The credential identifier (VCDM `id`; `jti` in a VC-JWT), unique per issuer: the issuer's store
   * refuses to record a second credential under one (see CredentialIssuer). Default: a fresh urn:uuid.
   */
  id?: string;
  type: CredentialType;
  issuerDid: string;
  /** JWS `kid`: the issuer's verification method (`did:ethr:…#delegate-N`). */
  kid: string;
  signer: JwsSigner;
  /** `credentialSubject` including `id`. */
  subject: Record<string, unknown>;
  /** Holder key bound in `cnf.jwk`; omitted for credentials without holder binding. */
  holderJwk?: PublicJwk;
  validFrom: Date;
  validUntil: Date;
  schemaUrl: string;
  /** The FairLedger JSON-LD context the service serves (common/src/json-ld-contexts.ts). */
  contextUrl: string;
  /**
   * The type's `vct` URL (common's `vctUrl`). Default: the pre-#13 URN, for callers with no public URL
   * (issuer-service/scripts/measure.ts, the benchmark's fixtures).
   */
  vct?: string;
  /** The credential's entry in its issuer's Token Status List; SD-JWT VC only. */
  status?: StatusReference;
}

/**
 * The served Type Metadata document (http/routes-type-metadata.ts sends exactly this text) and its
 * W3C SRI integrity string, for `vct#integrity` (SD-JWT VC §6.5).
 */
export function typeMetadataText(type: CredentialType, vct: string): { text: string; integrity: string } {
  const text = JSON.stringify(typeMetadata(type, vct));
  return { text, integrity: `sha256-${createHash("sha256").update(text).digest("base64")}` };
}

const hasher = (data: string | ArrayBuffer, alg: string): Uint8Array => {
  if (alg.toLowerCase() !== "sha-256" && alg !== "sha256") throw new Error(`unsupported hash ${alg}`);
  // A string is hashed as its UTF-8 bytes (node:crypto's default), without an intermediate Buffer.
  return createHash("sha256")
    .update(typeof data === "string" ? data : new Uint8Array(data))
    .digest();
};

/**
 * Salts come from node:crypto's CSPRNG, drawn SALT_POOL_BYTES at a time instead of one call per
 * disclosure (11 per employment credential); every byte is handed out once.
 */
const SALT_POOL_BYTES = 4096;
let saltPool = Buffer.alloc(0);
let saltOffset = 0;
export const saltGenerator = (length: number): string => {
  const bytes = Math.max(SALT_BYTES, length);
  if (bytes > SALT_POOL_BYTES) return randomBytes(bytes).toString("base64url");
  if (saltOffset + bytes > saltPool.length) {
    saltPool = randomBytes(SALT_POOL_BYTES);
    saltOffset = 0;
  }
  const salt = saltPool.toString("base64url", saltOffset, saltOffset + bytes);
  saltOffset += bytes;
  return salt;
};

/** The VCDM 2.0 payload of a credential draft, before selective-disclosure packing. */
export function credentialPayload(draft: CredentialDraft): Record<string, unknown> {
  const iat = Math.floor(draft.validFrom.getTime() / 1000);
  const exp = Math.floor(draft.validUntil.getTime() / 1000);
  return {
    "@context": [VCDM2_CONTEXT, draft.contextUrl],
    type: ["VerifiableCredential", draft.type],
    id: draft.id ?? `urn:uuid:${randomUUID()}`,
    issuer: draft.issuerDid,
    iss: draft.issuerDid,
    validFrom: new Date(iat * 1000).toISOString(),
    validUntil: new Date(exp * 1000).toISOString(),
    iat,
    exp,
    credentialSchema: { id: draft.schemaUrl, type: "JsonSchema" },
    credentialSubject: draft.subject,
    ...vctClaims(draft),
    ...(draft.status ? { status: draft.status } : {}),
    ...(draft.holderJwk ? { cnf: { jwk: draft.holderJwk } } : {}),
  };
}

function vctClaims(draft: CredentialDraft): Record<string, string> {
  if (!draft.vct) return { vct: LEGACY_VCT[draft.type] };
  return { vct: draft.vct, "vct#integrity": typeMetadataText(draft.type, draft.vct).integrity };
}

export async function issueSdJwtVc(draft: CredentialDraft): Promise<string> {
  const alwaysVisible = new Set(["id", ...ALWAYS_VISIBLE_CLAIMS[draft.type]]);
  const disclosable = Object.keys(draft.subject).filter((claim) => !alwaysVisible.has(claim));
  const instance = new SDJwtVcInstance({
    signer: async (data: string) => draft.signer.sign(data),
    signAlg: "EdDSA",
    hasher,
    hashAlg: "sha-256",
    saltGenerator,
  });
  return instance.issue(credentialPayload(draft) as never, { credentialSubject: { _sd: disclosable } } as never, {
    header: { typ: JOSE_TYP.sdJwtVc, kid: draft.kid },
  });
}
