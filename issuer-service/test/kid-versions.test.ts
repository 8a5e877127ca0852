/**
 * KidVersions (src/credentials/kid-versions.ts): the versioned kid of a signing key is read from the
 * issuer's current DID document once per key, and only when that document lists the key.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { DIDResolutionResult } from "did-resolver";
import { KidVersions } from "../src/credentials/kid-versions.ts";
import { ServiceError } from "../src/errors.ts";

const DID = "did:ethr:0x7a69:0x1111111111111111111111111111111111111111";

function resolverAnswering(answer: () => Promise<DIDResolutionResult>) {
  const calls: string[] = [];
  return {
    calls,
    resolver: {
      resolve: (didUrl: string) => {
        calls.push(didUrl);
        return answer();
      },
    },
  };
}

const documentListing = (keyIds: string[], versionId = "41"): DIDResolutionResult => ({
  didResolutionMetadata: {},
  didDocumentMetadata: { versionId },
  didDocument: {
    id: DID,
    verificationMethod: keyIds.map((id) => ({ id, type: "Ed25519VerificationKey2018", controller: DID })),
  },
});

describe("KidVersions", () => {
  it("versions a key with the current document's versionId, resolving once per key", async () => {
    const { resolver, calls } = resolverAnswering(async () => documentListing([`${DID}#delegate-2`]));
    const versions = new KidVersions(resolver);
    assert.equal(await versions.versioned(`${DID}#delegate-2`), `${DID}?versionId=41#delegate-2`);
    assert.equal(await versions.versioned(`${DID}#delegate-2`), `${DID}?versionId=41#delegate-2`);
    assert.deepEqual(calls, [DID]);
  });

  it("refuses a key the current document does not list (409), and asks again next time", async () => {
    const { resolver, calls } = resolverAnswering(async () => documentListing([`${DID}#delegate-3`]));
    const versions = new KidVersions(resolver);
    for (let attempt = 0; attempt < 2; attempt++)
      await assert.rejects(versions.versioned(`${DID}#delegate-2`), (error: ServiceError) => {
        assert.equal(error.code, "ERR_CONFLICT");
        return true;
      });
    assert.equal(calls.length, 2);
  });

  it("signs under the plain kid when the version is unknown and the chain cannot be read, under the versioned one once learnt", async () => {
    let chainUp = false;
    const { resolver } = resolverAnswering(async () => {
      if (!chainUp) throw new Error("connect ECONNREFUSED");
      return documentListing([`${DID}#delegate-2`]);
    });
    const versions = new KidVersions(resolver);
    assert.equal(await versions.forSigning(`${DID}#delegate-2`), `${DID}#delegate-2`);
    chainUp = true;
    assert.equal(await versions.forSigning(`${DID}#delegate-2`), `${DID}?versionId=41#delegate-2`);
    chainUp = false;
    assert.equal(await versions.forSigning(`${DID}#delegate-2`), `${DID}?versionId=41#delegate-2`, "remembered");
  });

  it("does not sign under a key the current document does not list", async () => {
    const versions = new KidVersions(resolverAnswering(async () => documentListing([])).resolver);
    await assert.rejects(versions.forSigning(`${DID}#delegate-2`), /not in the current DID document/);
  });

  it("a chain that cannot be read is ERR_CHAIN_UNREACHABLE, whether the resolver answers an error or throws", async () => {
    for (const answer of [
      async (): Promise<DIDResolutionResult> => ({
        didResolutionMetadata: { error: "notFound", message: "timeout" },
        didDocumentMetadata: {},
        didDocument: null,
      }),
      async (): Promise<DIDResolutionResult> => {
        throw new Error("connect ECONNREFUSED");
      },
    ]) {
      await assert.rejects(
        new KidVersions(resolverAnswering(answer).resolver).versioned(`${DID}#delegate-2`),
        (error: ServiceError) => {
          assert.equal(error.code, "ERR_CHAIN_UNREACHABLE");
          return true;
        },
      );
    }
  });
});
