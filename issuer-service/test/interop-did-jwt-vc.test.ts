/**
 * Interop: VC-JWTs issued by the service verify with did-jwt-vc and the stock ethr-did-resolver (11.0.5,
 * no FairLedger code on the verifying side), before and after two rotations of the agency's signing key.
 *
 * did-jwt(-vc) resolves the JWT's `iss` and never reads `kid`; after a rotation the issuer's current
 * document no longer lists the old key. The `kid` is a DID URL with `?versionId=<block>`
 * (common/src/versioned-kid.ts), and dereferencing it is what a verifier does with a DID URL: the stock
 * resolver honours `versionId`, so resolving the issuer as the kid names it finds the key. The only glue
 * below is that: resolve the issuer DID at the version the kid names.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { verifyCredential } from "did-jwt-vc";
import { decodeJWT } from "did-jwt";
import { Resolver, parse, type Resolvable } from "did-resolver";
import { getResolver } from "ethr-did-resolver";
import { caseWithAnchoredContract, client, newHolderKey, useDemoService } from "./helpers.ts";

describe("interop: did-jwt-vc + stock ethr-did-resolver verify VC-JWTs across key rotations", () => {
  const fixture = useDemoService();

  /** The stock resolver, configured as any third party would: chain id, RPC URL, registry address. */
  const stockResolver = () =>
    new Resolver(
      getResolver({
        networks: [
          {
            name: `0x${fixture.ledger.manifest.chainId.toString(16)}`,
            chainId: fixture.ledger.manifest.chainId,
            rpcUrl: fixture.ledger.chain.rpcUrl,
            registry: fixture.ledger.manifest.contracts.EthereumDIDRegistry.address,
          },
        ],
      }),
      { cache: false },
    );

  /** Resolves the issuer DID at the version the credential's kid names (a DID URL dereference). */
  function atKidVersion(resolver: Resolver, jwt: string): Resolvable {
    const { header, payload } = decodeJWT(jwt);
    const kidDidUrl = (header.kid ?? "").split("#")[0]!;
    return {
      resolve: (didUrl, options) => resolver.resolve(didUrl === payload.iss ? kidDidUrl : didUrl, options),
    };
  }

  async function issueVcJwt(): Promise<string> {
    const { caseId, api } = await caseWithAnchoredContract(fixture.service, fixture.ledger);
    const issued = await api.post("/credentials/issue", {
      credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
      options: { caseId, holderJwk: newHolderKey().jwk, format: "vc-jwt" },
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    return issued.body.credential as string;
  }

  async function rotate(): Promise<string> {
    const rotated = await client(fixture.service.url, fixture.service.apiKeys.agency).post(
      "/identity/key-rotation",
      {},
    );
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    return rotated.body.signingKid as string;
  }

  it("every credential's kid names its signing key at a DID document version that lists it", async () => {
    const jwt = await issueVcJwt();
    const { header, payload } = decodeJWT(jwt);
    assert.match(header.kid!, /^did:ethr:0x[0-9a-f]+:0x[0-9a-fA-F]{40}\?versionId=\d+#delegate-\d+$/);
    assert.equal(header.kid!.split("?")[0], payload.iss);
    const resolved = await stockResolver().resolve(header.kid!);
    const keyId = `${payload.iss}#${parse(header.kid!)!.fragment}`;
    assert.ok(resolved.didDocument?.assertionMethod?.includes(keyId), JSON.stringify(resolved.didDocument));
  });

  it("the key appears at the block that added it, not before; the kid's version (the document current at issue) lists it", async () => {
    const newKid = await rotate();
    const jwt = await issueVcJwt();
    const { header } = decodeJWT(jwt);
    assert.equal(header.kid!.replace(/\?versionId=\d+#/, "#"), newKid);
    const versionId = Number(/versionId=(\d+)/.exec(header.kid!)![1]);
    const resolver = stockResolver();
    const lists = async (block: number) =>
      (
        (await resolver.resolve(`${newKid.split("#")[0]}?versionId=${block}`)).didDocument?.assertionMethod ?? []
      ).includes(newKid);
    assert.equal(await lists(versionId), true);
    // The rotation added the key, then revoked the previous one: walk back to the block that added it.
    let added = versionId;
    while (added > 0 && (await lists(added - 1))) added--;
    assert.ok(versionId - added <= 5, "the key was added a few blocks before the document's version");
    assert.equal(await lists(added), true, "listed from the block that added it");
    assert.equal(await lists(added - 1), false, "not listed before it");
  });

  it("verifies credentials signed before the first, between, and after the second rotation", async () => {
    const beforeRotations = await issueVcJwt();
    const firstKid = await rotate();
    const betweenRotations = await issueVcJwt();
    const secondKid = await rotate();
    const afterRotations = await issueVcJwt();
    assert.notEqual(firstKid, secondKid);

    const resolver = stockResolver();
    for (const [when, jwt] of [
      ["before the rotations", beforeRotations],
      ["between the rotations", betweenRotations],
      ["after the rotations", afterRotations],
    ] as const) {
      const verified = await verifyCredential(jwt, atKidVersion(resolver, jwt));
      assert.equal(verified.verified, true, when);
      assert.equal(verified.signer.id, `${verified.issuer}#${parse(decodeJWT(jwt).header.kid!)!.fragment}`, when);
    }

    // Why the version: the issuer's current document no longer lists the keys rotated out (revoked).
    await assert.rejects(verifyCredential(beforeRotations, resolver), /invalid_signature|no_suitable_keys/);
    await assert.rejects(verifyCredential(betweenRotations, resolver), /invalid_signature|no_suitable_keys/);
    assert.equal((await verifyCredential(afterRotations, resolver)).verified, true);
  });

  it("FairLedger's own verifier accepts the versioned kid and still judges the key at iat", async () => {
    const jwt = await issueVcJwt();
    await rotate();
    const verified = await client(fixture.service.url).post("/credentials/verify", { verifiableCredential: jwt });
    const keyCheck = verified.body.checks.find((c: { id: string }) => c.id === "issuer-key");
    assert.equal(keyCheck?.passed, true, JSON.stringify(verified.body.checks));
  });
});
