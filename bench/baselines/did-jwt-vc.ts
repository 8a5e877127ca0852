/**
 * The did-jwt-vc 4 path: an equivalent VCDM 1.1 VC-JWT (the same claims, all visible, EdDSA by the same
 * issuer key) checked with `verifyCredential` against a local DID resolver that answers the issuer's
 * DID document from memory (the shape ethr-did-resolver returns: an Ed25519VerificationKey2018 in
 * assertionMethod). No network and no chain: the resolver is as warm as a cache can be. It checks one
 * signature where a FairLedger presentation has two.
 */
import { createVerifiableCredentialJwt, verifyCredential } from "did-jwt-vc";
import { EdDSASigner } from "did-jwt";
import type { Resolvable, DIDResolutionResult } from "did-resolver";
import { VCT } from "@fairledger/common";

export function localResolver(issuerDid: string, kid: string, ed25519PublicKey: Uint8Array): Resolvable {
  const result: DIDResolutionResult = {
    didResolutionMetadata: { contentType: "application/did+ld+json" },
    didDocumentMetadata: {},
    didDocument: {
      "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/ed25519-2018/v1"],
      id: issuerDid,
      verificationMethod: [
        {
          id: kid,
          type: "Ed25519VerificationKey2018",
          controller: issuerDid,
          publicKeyBase64: Buffer.from(ed25519PublicKey).toString("base64"),
        },
      ],
      authentication: [kid],
      assertionMethod: [kid],
    },
  };
  return { resolve: async () => result };
}

export async function issueVcJwt(options: {
  issuerDid: string;
  ed25519SecretKey: Uint8Array;
  holderDid: string;
  claims: Record<string, unknown>;
  issuedAt: number;
  validSeconds: number;
}): Promise<string> {
  return createVerifiableCredentialJwt(
    {
      sub: options.holderDid,
      nbf: options.issuedAt,
      exp: options.issuedAt + options.validSeconds,
      vc: {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        type: ["VerifiableCredential", "EmploymentContractCredential"],
        credentialSchema: { id: VCT.EmploymentContractCredential, type: "JsonSchema" },
        credentialSubject: options.claims,
      },
    },
    { did: options.issuerDid, signer: EdDSASigner(options.ed25519SecretKey), alg: "EdDSA" },
  );
}

export function didJwtVcVerifier(resolver: Resolvable): (vcJwt: string) => Promise<unknown> {
  return (vcJwt) => verifyCredential(vcJwt, resolver);
}
