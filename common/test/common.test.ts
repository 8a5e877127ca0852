/** The shared wire-format rules: digests, Merkle batches, JWS keys, manifest and code validation. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { keccak256, concat, randomBytes, hexlify } from "ethers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { standardNodeHash as openZeppelinNodeHash } from "@openzeppelin/merkle-tree/dist/hashes.js";
import {
  DOCUMENT_SALT_BYTES,
  documentCommitment,
  documentHash,
  isDocumentSalt,
  matchesDocumentCommitment,
  newDocumentSalt,
  algorithmForJwk,
  buildMerkleBatch,
  corridorId,
  credentialDigest,
  createJwsSigner,
  createJwsVerifier,
  currencyBytes,
  isFairLedgerError,
  jurisdictionBytes,
  keccak256Hex,
  parseManifest,
  useNativeKeccakInEthers,
  presentationEnvelopeSchema,
  verifyMerkleProof,
  verifyMerkleProofStandard,
  standardNodeHash,
} from "../src/node.ts";

const hashes = Array.from(
  { length: 5 },
  (_, i) =>
    `0x${String(i + 1)
      .repeat(64)
      .slice(0, 64)}`,
);

describe("credentialDigest", () => {
  it("is the SHA-256 of the issuer-signed JWT alone: disclosures and key binding do not change it", () => {
    const jwt = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln";
    assert.equal(credentialDigest(jwt), credentialDigest(`${jwt}~WyJzYWx0IiwiYSIsMV0~kb.jwt.sig`));
    assert.match(credentialDigest(jwt), /^0x[0-9a-f]{64}$/);
  });

  it("refuses what is not a compact JWS", () => {
    assert.throws(
      () => credentialDigest("not-a-jwt~"),
      (error) => isFairLedgerError(error, "ERR_INPUT_INVALID"),
    );
  });
});

describe("Merkle batches", () => {
  const batch = buildMerkleBatch(hashes);

  it("proves every member against the root", () => {
    hashes.forEach((hash, index) => assert.equal(verifyMerkleProof(batch.root, hash, batch.proofs[index]!), true));
  });

  it("rejects a proof for another member, a reordered proof and another root", () => {
    assert.equal(verifyMerkleProof(batch.root, hashes[0]!, batch.proofs[1]!), false);
    assert.equal(verifyMerkleProof(batch.root, hashes[0]!, [...batch.proofs[0]!].reverse()), false);
    assert.equal(verifyMerkleProof(`0x${"ab".repeat(32)}`, hashes[0]!, batch.proofs[0]!), false);
  });

  it("never accepts an inner node as a record (leaves are double-hashed)", () => {
    const [sibling, ...rest] = batch.proofs[0]!;
    const leaf = keccak256(keccak256(hashes[0]!));
    const [a, b] = [leaf, sibling!].sort();
    const innerNode = keccak256(concat([a!, b!]));
    assert.equal(verifyMerkleProof(batch.root, innerNode, rest), false);
  });

  it("answers exactly as OpenZeppelin's StandardMerkleTree.verify, for good and bad proofs", () => {
    hashes.forEach((hash, index) => {
      for (const proof of [batch.proofs[index]!, batch.proofs[(index + 1) % hashes.length]!, []]) {
        assert.equal(verifyMerkleProof(batch.root, hash, proof), verifyMerkleProofStandard(batch.root, hash, proof));
      }
    });
    assert.equal(verifyMerkleProof(batch.root, "0xnothex", batch.proofs[0]!), false);
  });

  it("builds exactly OpenZeppelin's StandardMerkleTree: same root and same proof for every record", () => {
    for (const size of [1, 2, 3, 7, 64, 100]) {
      const records = Array.from({ length: size }, () => hexlify(randomBytes(32)));
      const ours = buildMerkleBatch(records);
      const reference = StandardMerkleTree.of(
        records.map((record) => [record]),
        ["bytes32"],
      );
      assert.equal(ours.root, reference.root, `root of a ${size}-record batch`);
      records.forEach((_, index) =>
        assert.deepEqual(ours.proofs[index], reference.getProof(index), `proof ${index} of ${size}`),
      );
    }
  });

  it("hashes nodes as OpenZeppelin's standardNodeHash, in either argument order, on native keccak", () => {
    for (let i = 0; i < 20; i++) {
      const [a, b] = [hexlify(randomBytes(32)), hexlify(randomBytes(32))];
      assert.equal(standardNodeHash(a, b), openZeppelinNodeHash(a, b));
      assert.equal(standardNodeHash(b, a), openZeppelinNodeHash(a, b));
    }
    for (const length of [0, 1, 32, 135, 136, 137, 1000]) {
      const data = randomBytes(length);
      assert.equal(keccak256Hex(Buffer.from(data)), keccak256(data), `keccak256 of ${length} bytes`);
    }
  });

  it("ethers' keccak256, once pointed at the native binding, answers as its built-in one", () => {
    assert.equal(useNativeKeccakInEthers(), true);
    for (const length of [0, 20, 32, 64, 135, 136, 137, 5000]) {
      const data = randomBytes(length + 7).subarray(7); // a view that does not start at its buffer's start
      assert.equal(keccak256(data), hexlify(keccak256._(data)), `keccak256 of ${length} bytes`);
    }
  });

  it("still rejects every wrong proof once a good proof into the same batch was checked (memoised node hashes)", () => {
    const records = Array.from({ length: 16 }, () => hexlify(randomBytes(32)));
    const big = buildMerkleBatch(records);
    records.forEach((record, index) => assert.equal(verifyMerkleProof(big.root, record, big.proofs[index]!), true));
    const stranger = hexlify(randomBytes(32));
    records.forEach((record, index) => {
      assert.equal(verifyMerkleProof(big.root, stranger, big.proofs[index]!), false);
      assert.equal(verifyMerkleProof(big.root, record, big.proofs[(index + 1) % records.length]!), false);
      assert.equal(verifyMerkleProof(big.root, record, big.proofs[index]!.slice(1)), false);
    });
  });

  it("refuses an empty batch, a duplicate and a value that is not bytes32", () => {
    assert.throws(
      () => buildMerkleBatch([]),
      (error) => isFairLedgerError(error, "ERR_INPUT_INVALID"),
    );
    assert.throws(
      () => buildMerkleBatch([hashes[0]!, hashes[0]!.toUpperCase().replace("0X", "0x")]),
      /same record twice/,
    );
    assert.throws(() => buildMerkleBatch(["0x1234"]), /not bytes32/);
  });
});

describe("JWS keys (RFC 8725: one algorithm per key type)", () => {
  it("ties Ed25519 to EdDSA and P-256 to ES256", () => {
    assert.equal(algorithmForJwk({ kty: "OKP", crv: "Ed25519" }), "EdDSA");
    assert.equal(algorithmForJwk({ kty: "EC", crv: "P-256" }), "ES256");
  });

  it("refuses every other key type: RSA, secp256k1, P-384, symmetric", () => {
    for (const jwk of [{ kty: "RSA" }, { kty: "EC", crv: "secp256k1" }, { kty: "EC", crv: "P-384" }, { kty: "oct" }]) {
      assert.throws(
        () => algorithmForJwk(jwk),
        (error) => isFairLedgerError(error, "ERR_KEY_UNSUPPORTED"),
      );
    }
  });

  for (const [type, options] of [
    ["ed25519", undefined],
    ["ec", { namedCurve: "P-256" }],
  ] as const) {
    it(`${type}: verifies its own signature, not a tampered input, another key's signature or a truncated one`, () => {
      const pair = () => generateKeyPairSync(type as "ec", options as { namedCurve: string });
      const { privateKey, publicKey } = pair();
      const other = pair();
      const signer = createJwsSigner(privateKey.export({ format: "jwk" }));
      const verifier = createJwsVerifier(publicKey.export({ format: "jwk" }));
      const signature = signer.sign("header.payload");
      assert.equal(verifier.verify("header.payload", signature), true);
      assert.equal(verifier.verify("header.payload2", signature), false);
      assert.equal(
        verifier.verify(
          "header.payload",
          createJwsSigner(other.privateKey.export({ format: "jwk" })).sign("header.payload"),
        ),
        false,
      );
      assert.equal(verifier.verify("header.payload", signature.slice(0, 40)), false);
    });
  }
});

describe("codes", () => {
  it("maps corridors, jurisdictions and currencies to their on-chain bytes", () => {
    assert.equal(corridorId("PH-SA"), "0x50485341");
    assert.equal(jurisdictionBytes("IN"), "0x494e");
    assert.equal(currencyBytes("PHP"), "0x504850");
  });

  it("names what is wrong with a malformed code", () => {
    assert.throws(() => corridorId("PHSA"), /corridor must look like PH-SA/);
    assert.throws(() => jurisdictionBytes("ph"), /ISO 3166-1 alpha-2/);
    assert.throws(() => currencyBytes("PESO"), /ISO 4217/);
  });
});

describe("deployment manifest and presentation envelope", () => {
  it("a manifest with a bad address is refused, naming the field", () => {
    assert.throws(
      () =>
        parseManifest(
          { manifestVersion: 1, chainId: 1, network: "x", deployedAt: "", deployer: "0x1", contracts: {} },
          "m.json",
        ),
      (error) => isFairLedgerError(error, "ERR_MANIFEST_INVALID") && /deployer/.test((error as Error).message),
    );
  });

  it("an envelope must name its format and carry a well-formed anchor proof", () => {
    const base = { type: "FairLedgerPresentation", version: 1, format: "vc+sd-jwt", presentation: "a.b.c~" };
    assert.equal(presentationEnvelopeSchema.safeParse(base).success, true);
    assert.equal(presentationEnvelopeSchema.safeParse({ ...base, format: "ldp_vc" }).success, false);
    assert.equal(
      presentationEnvelopeSchema.safeParse({ ...base, anchor: { chainId: 1, ledger: "0x1", root: "0x", proof: [] } })
        .success,
      false,
    );
  });
});

describe("salted document commitments (contracts, fee receipts)", () => {
  const salt = `0x${Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString("hex")}`;
  const contract = "Employment contract: 24 months, SAR 1500 per month\n";

  it("is HMAC-SHA-256 keyed by the salt over the domain tag, a zero byte and the document (fixed vector)", () => {
    // Computed independently: python3 hmac.new(bytes(range(32)), b"fairledger:document-commitment:v1\x00" + doc, sha256)
    assert.equal(
      documentCommitment(contract, salt),
      "0xc926d6aed3472ac215a573c093ce7aaa883e1358762f4dd2e3a509b88c898ae7",
    );
    assert.equal(
      documentCommitment(Buffer.from(contract), salt),
      documentCommitment(contract, salt),
      "bytes or text, the same UTF-8",
    );
  });

  it("a guess of the document without the salt matches nothing: neither its plain hash nor another salt", () => {
    const commitment = documentCommitment(contract, salt);
    assert.notEqual(documentHash(contract), commitment);
    assert.notEqual(documentCommitment(contract, newDocumentSalt()), commitment);
    assert.equal(matchesDocumentCommitment(contract, salt, commitment), true);
    assert.equal(
      matchesDocumentCommitment(`${contract} `, salt, commitment),
      false,
      "a changed document does not match",
    );
    assert.equal(matchesDocumentCommitment(contract, salt, "0x1234"), false, "nor does a malformed commitment");
  });

  it("salts are 32 CSPRNG bytes as 0x-hex, each new; anything else is refused with ERR_INPUT_INVALID", () => {
    const salts = new Set(Array.from({ length: 64 }, () => newDocumentSalt()));
    assert.equal(salts.size, 64);
    for (const fresh of salts) assert.ok(isDocumentSalt(fresh) && fresh.length === 2 + 2 * DOCUMENT_SALT_BYTES);
    for (const bad of ["", "0x", `0x${"ab".repeat(16)}`, `0x${"AB".repeat(32)}`, "ab".repeat(32)]) {
      assert.throws(
        () => documentCommitment(contract, bad),
        (error) => isFairLedgerError(error, "ERR_INPUT_INVALID"),
        bad,
      );
    }
  });
});
