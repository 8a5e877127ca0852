/**
 * Test issuer: signs real SD-JWT VCs exactly in the README format (VCDM 2.0 payload, `typ: dc+sd-jwt`,
 * EdDSA with node:crypto, 128-bit salts, every credentialSubject claim disclosable except `id` and the
 * always-visible commitments, holder key in `cnf.jwk`), as issuer-service/src/credentials/sd-jwt-vc.ts does.
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import {
  ALWAYS_VISIBLE_CLAIMS,
  FAIRLEDGER_CONTEXT,
  JOSE_TYP,
  VCDM2_CONTEXT,
  VCT,
  createJwsSigner,
  toPublicJwk,
  type CredentialType,
  type PublicJwk,
} from "@fairledger/common/node";

export const nodeSha256 = (data: string | ArrayBuffer, alg: string): Uint8Array => {
  if (alg.toLowerCase() !== "sha-256") throw new Error(`unsupported hash ${alg}`);
  return createHash("sha256")
    .update(typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data))
    .digest();
};

export interface TestIssuer {
  did: string;
  publicJwk: PublicJwk;
  issue(
    type: CredentialType,
    subject: Record<string, unknown>,
    holderJwk: PublicJwk,
    validity?: { from: Date; until: Date },
  ): Promise<string>;
}

export function createTestIssuer(): TestIssuer {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const signer = createJwsSigner(privateKey.export({ format: "jwk" }));
  const publicJwk = toPublicJwk(publicKey.export({ format: "jwk" }));
  const did = "did:ethr:0x7a69:0x1111111111111111111111111111111111111111";
  return {
    did,
    publicJwk,
    async issue(type, subject, holderJwk, validity) {
      const from = validity?.from ?? new Date(Date.now() - 60_000);
      const until = validity?.until ?? new Date(Date.now() + 365 * 86_400_000);
      const iat = Math.floor(from.getTime() / 1000);
      const exp = Math.floor(until.getTime() / 1000);
      const alwaysVisible = new Set(["id", ...ALWAYS_VISIBLE_CLAIMS[type]]);
      const instance = new SDJwtVcInstance({
        signer: async (data: string) => signer.sign(data),
        signAlg: "EdDSA",
        hasher: nodeSha256,
        hashAlg: "sha-256",
        saltGenerator: (length: number) => randomBytes(Math.max(16, length)).toString("base64url"),
      });
      const payload = {
        "@context": [VCDM2_CONTEXT, FAIRLEDGER_CONTEXT],
        type: ["VerifiableCredential", type],
        id: `urn:uuid:${randomUUID()}`,
        issuer: did,
        iss: did,
        validFrom: new Date(iat * 1000).toISOString(),
        validUntil: new Date(exp * 1000).toISOString(),
        iat,
        exp,
        credentialSchema: { id: `urn:fairledger:schema:${type}`, type: "JsonSchema" },
        credentialSubject: subject,
        vct: VCT[type],
        cnf: { jwk: holderJwk },
      };
      const disclosable = Object.keys(subject).filter((claim) => !alwaysVisible.has(claim));
      return instance.issue(payload as never, { credentialSubject: { _sd: disclosable } } as never, {
        header: { typ: JOSE_TYP.sdJwtVc, kid: `${did}#delegate-1` },
      });
    },
  };
}

export function employmentSubject(holderDid: string): Record<string, unknown> {
  return {
    id: holderDid,
    caseCommitment: `0x${"ab".repeat(32)}`,
    corridor: "PH-SA",
    contractHash: `0x${"cd".repeat(32)}`,
    employerName: "Al Noor Hospital",
    employerId: "0x2222222222222222222222222222222222222222",
    jobTitle: "Staff nurse",
    worksiteCountry: "SA",
    contractStart: "2027-01-15",
    contractMonths: 24,
    workerName: "Maria Santos",
    passportNumber: "P1234567A",
    birthDate: "1994-03-02",
    nationality: "PH",
    monthlyWage: { amount: "450000", currency: "SAR" },
  };
}

/** A fee statement for the same case as employmentSubject: the worker paid `workerPaidTotal` (minor units). */
export function feeStatementSubject(holderDid: string, workerPaidTotal = "0"): Record<string, unknown> {
  return {
    id: holderDid,
    caseCommitment: `0x${"ab".repeat(32)}`,
    corridor: "PH-SA",
    workerPaidTotal,
    currency: "PHP",
    feesChargedToWorker: workerPaidTotal !== "0",
    receiptsRoot: `0x${"ef".repeat(32)}`,
    receiptCount: 2,
    caseStatus: "Closed",
    workerName: "Maria Santos",
    passportNumber: "P1234567A",
  };
}
