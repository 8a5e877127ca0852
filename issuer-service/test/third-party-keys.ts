/**
 * How a third party finds an issuer's key: the stock ethr-did-resolver on the consortium chain resolves
 * the DID URL in a token's `kid` (with its `?versionId=`, so the key is found after rotations), and the
 * verification method its fragment names is turned into a JWK for jose. No FairLedger verifier code.
 */
import assert from "node:assert/strict";
import { importJWK } from "jose";
import { createDidResolver } from "@fairledger/common/node";
import type { DemoLedger } from "./helpers.ts";

export async function issuerKeyOfKid(ledger: DemoLedger, kid: string) {
  const resolver = createDidResolver(ledger.manifest, ledger.chain.rpcUrl, ledger.provider);
  const [didUrl = "", fragment] = kid.split("#");
  const { didDocument } = await resolver.resolve(didUrl);
  // The document's method ids are the plain DID and fragment (DID URL dereferencing drops the query).
  const methodId = `${didUrl.split("?")[0]}#${fragment}`;
  const method = didDocument?.verificationMethod?.find((m) => m.id === methodId) as
    { publicKeyBase64?: string } | undefined;
  assert.ok(method?.publicKeyBase64, `the issuer's DID document has ${kid}`);
  const x = Buffer.from(method.publicKeyBase64, "base64").toString("base64url");
  return importJWK({ kty: "OKP", crv: "Ed25519", x }, "EdDSA");
}
