import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { RecordKind, RecordStatus, h, licensedFixture, revokeFromNow, type LicensedWorld } from "../helpers/fixtures";
import { expectChange, expectFields } from "../helpers/expect-change";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

const licensed = () => loadFixture(licensedFixture);
const REC = h("credential digest 1");

/** Anchors `hash` and checks the event and the stored record together. */
async function expectAnchored(w: LicensedWorld, signer: HardhatEthersSigner, hash: string, kind: number) {
  await expectChange(w.ledger.connect(signer).anchorRecord(hash, kind), w.ledger, {
    event: ["RecordAnchored", hash, signer.address, kind],
    state: async () =>
      expectFields(await w.ledger.recordOf(signer.address, hash), {
        issuer: signer.address,
        anchoredAt: BigInt(await time.latest()),
        kind: BigInt(kind),
        status: BigInt(RecordStatus.Active),
        reasonCode: 0n,
      }),
  });
}

function hashPair(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? ethers.keccak256(ethers.concat([a, b])) : ethers.keccak256(ethers.concat([b, a]));
}

/** What a naive verifier (leaf = the value itself) would compute: the attack works against it. */
function naiveRoot(leaf: string, proof: string[]): string {
  return proof.reduce((node, sibling) => hashPair(node, sibling), leaf);
}

async function batchFixture() {
  const w = await licensedFixture();
  const records = Array.from({ length: 8 }, (_, i) => h(`batched credential ${i}`));
  const tree = StandardMerkleTree.of(
    records.map((r) => [r]),
    ["bytes32"],
  );
  await w.ledger.connect(w.agency).anchorBatch(tree.root, records.length);
  const other = StandardMerkleTree.of(
    records.slice(0, 4).map((r) => [r]),
    ["bytes32"],
  );
  await w.ledger.connect(w.agency2).anchorBatch(other.root, 4);
  return { ...w, records, tree, root: tree.root, otherRoot: other.root };
}
const batch = () => loadFixture(batchFixture);

describe("RecordAnchoring", function () {
  describe("anchorRecord", function () {
    it("anchors a record for a licensed agency and an authority", async function () {
      const w = await licensed();
      await expectAnchored(w, w.agency, REC, RecordKind.Credential);
      await expectAnchored(w, w.authorityPH, h("licence doc"), RecordKind.LicenceDocument);
      await expectAnchored(w, w.agency, h("other"), RecordKind.Other);
    });

    // An insurer anchors policies through anchorInsurance only: the attack had a freshly granted insurer
    // key anchoring arbitrary records.
    for (const role of ["admin", "employer", "insurer", "inspector", "stranger"] as const) {
      it(`refuses the ${role}`, async function () {
        const w = await licensed();
        await expect(w.ledger.connect(w[role]).anchorRecord(REC, RecordKind.Credential))
          .to.be.revertedWithCustomError(w.ledger, "RecordsUnauthorizedAnchorer")
          .withArgs(w[role].address);
      });
    }

    it("refuses an agency whose licence is suspended, revoked or expired", async function () {
      const w = await licensed();
      await w.ledger.connect(w.authorityPH).suspendLicence(w.agency.address, 1);
      await revokeFromNow(w.ledger.connect(w.authorityPH), w.agency2.address, 1);
      for (const agency of [w.agency, w.agency2]) {
        await expect(w.ledger.connect(agency).anchorRecord(REC, RecordKind.Credential))
          .to.be.revertedWithCustomError(w.ledger, "RecordsUnauthorizedAnchorer")
          .withArgs(agency.address);
      }
      await time.increaseTo(w.licenceUntil);
      await expect(w.ledger.connect(w.agencyIN).anchorRecord(REC, RecordKind.Credential))
        .to.be.revertedWithCustomError(w.ledger, "RecordsUnauthorizedAnchorer")
        .withArgs(w.agencyIN.address);
    });

    it("refuses the Batch kind, a zero hash and a hash the caller already anchored", async function () {
      const w = await licensed();
      await expect(w.ledger.connect(w.agency).anchorRecord(REC, RecordKind.Batch))
        .to.be.revertedWithCustomError(w.ledger, "RecordsWrongKind")
        .withArgs(RecordKind.Batch);
      await expect(
        w.ledger.connect(w.agency).anchorRecord(ethers.ZeroHash, RecordKind.Credential),
      ).to.be.revertedWithCustomError(w.ledger, "RecordsZeroHash");
      await w.ledger.connect(w.agency).anchorRecord(REC, RecordKind.Credential);
      await expect(w.ledger.connect(w.agency).anchorRecord(REC, RecordKind.Other))
        .to.be.revertedWithCustomError(w.ledger, "RecordsAlreadyAnchored")
        .withArgs(w.agency.address, REC);
    });

    it("does not let one party block another's record: agency B anchoring A's hash first leaves A free", async function () {
      const w = await licensed();
      // The attack: B (agency2) sees A's record hash and anchors it first, as another kind.
      await expectAnchored(w, w.agency2, REC, RecordKind.Other);
      // A's own anchor still succeeds, and each party's record is read under its own issuer.
      await expectAnchored(w, w.agency, REC, RecordKind.Credential);
      expectFields(await w.ledger.recordOf(w.agency2.address, REC), {
        kind: BigInt(RecordKind.Other),
      });
      // Neither can touch the other's record.
      await w.ledger.connect(w.agency2).setRecordStatus(REC, RecordStatus.Revoked, 1);
      expectFields(await w.ledger.recordOf(w.agency.address, REC), {
        status: BigInt(RecordStatus.Active),
      });
      // Likewise for a batch root anchored first by B.
      const tree = StandardMerkleTree.of([[REC], [h("two")]], ["bytes32"]);
      await w.ledger.connect(w.agency2).anchorBatch(tree.root, 2);
      await expect(w.ledger.connect(w.agency).anchorBatch(tree.root, 2))
        .to.emit(w.ledger, "BatchAnchored")
        .withArgs(tree.root, w.agency.address, 2);
    });

    it("reads an unknown record as status None", async function () {
      const { ledger, agency } = await licensed();
      expectFields(await ledger.recordOf(agency.address, REC), {
        issuer: ethers.ZeroAddress,
        status: 0n,
      });
    });
  });

  describe("setRecordStatus: issuer only, revocation is final", function () {
    async function anchored() {
      const w = await licensed();
      await w.ledger.connect(w.agency).anchorRecord(REC, RecordKind.Credential);
      return w;
    }

    it("suspends, reinstates and revokes with reason codes", async function () {
      const w = await anchored();
      const { ledger, agency } = w;
      const step = async (status: number, reason: number, storedReason: number) =>
        expectChange(ledger.connect(agency).setRecordStatus(REC, status, reason), ledger, {
          event: ["RecordStatusChanged", REC, agency.address, status, storedReason],
          state: async () =>
            expectFields(await ledger.recordOf(agency.address, REC), {
              status: BigInt(status),
              reasonCode: BigInt(storedReason),
            }),
        });
      await step(RecordStatus.Suspended, 4, 4);
      await step(RecordStatus.Active, 99, 0); // reinstating clears the reason
      await step(RecordStatus.Revoked, 5, 5);
    });

    it("revokes a suspended record", async function () {
      const { ledger, agency } = await anchored();
      await ledger.connect(agency).setRecordStatus(REC, RecordStatus.Suspended, 1);
      await expect(ledger.connect(agency).setRecordStatus(REC, RecordStatus.Revoked, 2))
        .to.emit(ledger, "RecordStatusChanged")
        .withArgs(REC, agency.address, RecordStatus.Revoked, 2);
    });

    it("refuses transitions outside the lifecycle", async function () {
      const { ledger, agency } = await anchored();
      for (const status of [RecordStatus.None, RecordStatus.Active]) {
        await expect(ledger.connect(agency).setRecordStatus(REC, status, 0))
          .to.be.revertedWithCustomError(ledger, "RecordsWrongStatus")
          .withArgs(REC, RecordStatus.Active);
      }
      await ledger.connect(agency).setRecordStatus(REC, RecordStatus.Suspended, 1);
      for (const status of [RecordStatus.None, RecordStatus.Suspended]) {
        await expect(ledger.connect(agency).setRecordStatus(REC, status, 0))
          .to.be.revertedWithCustomError(ledger, "RecordsWrongStatus")
          .withArgs(REC, RecordStatus.Suspended);
      }
      await ledger.connect(agency).setRecordStatus(REC, RecordStatus.Revoked, 1);
      for (const status of [RecordStatus.Active, RecordStatus.Suspended, RecordStatus.Revoked]) {
        await expect(ledger.connect(agency).setRecordStatus(REC, status, 0))
          .to.be.revertedWithCustomError(ledger, "RecordsWrongStatus")
          .withArgs(REC, RecordStatus.Revoked);
      }
    });

    it("refuses an unknown record", async function () {
      const { ledger, agency } = await anchored();
      await expect(ledger.connect(agency).setRecordStatus(h("unknown"), RecordStatus.Revoked, 1))
        .to.be.revertedWithCustomError(ledger, "RecordsNotAnchored")
        .withArgs(agency.address, h("unknown"));
    });

    const others = ["admin", "authorityPH", "authoritySA", "agency2", "employer", "insurer", "inspector", "stranger"];
    for (const role of others) {
      it(`refuses the ${role}, who is not the issuer: it has no such record of its own`, async function () {
        const w = await anchored();
        const signer = w[role as keyof typeof w] as HardhatEthersSigner;
        await expect(w.ledger.connect(signer).setRecordStatus(REC, RecordStatus.Revoked, 1))
          .to.be.revertedWithCustomError(w.ledger, "RecordsNotAnchored")
          .withArgs(signer.address, REC);
        expectFields(await w.ledger.recordOf(w.agency.address, REC), {
          status: BigInt(RecordStatus.Active),
        });
      });
    }

    it("still lets the issuer revoke after its licence was revoked", async function () {
      const { ledger, agency, authorityPH } = await anchored();
      await revokeFromNow(ledger.connect(authorityPH), agency.address, 1);
      await expect(ledger.connect(agency).setRecordStatus(REC, RecordStatus.Revoked, 1)).to.emit(
        ledger,
        "RecordStatusChanged",
      );
    });
  });

  describe("anchorBatch", function () {
    it("anchors a Merkle root as a Batch record", async function () {
      const w = await licensed();
      const tree = StandardMerkleTree.of([[REC], [h("two")]], ["bytes32"]);
      await expectChange(w.ledger.connect(w.agency).anchorBatch(tree.root, 2), w.ledger, {
        event: ["BatchAnchored", tree.root, w.agency.address, 2],
        state: async () =>
          expectFields(await w.ledger.recordOf(w.agency.address, tree.root), {
            issuer: w.agency.address,
            kind: BigInt(RecordKind.Batch),
            status: BigInt(RecordStatus.Active),
          }),
      });
    });

    it("refuses an empty batch, a zero root, a root already anchored and an unlicensed caller", async function () {
      const { ledger, agency, stranger } = await licensed();
      await expect(ledger.connect(agency).anchorBatch(REC, 0)).to.be.revertedWithCustomError(
        ledger,
        "RecordsEmptyBatch",
      );
      await expect(ledger.connect(agency).anchorBatch(ethers.ZeroHash, 1)).to.be.revertedWithCustomError(
        ledger,
        "RecordsZeroHash",
      );
      await ledger.connect(agency).anchorBatch(REC, 1);
      await expect(ledger.connect(agency).anchorBatch(REC, 1))
        .to.be.revertedWithCustomError(ledger, "RecordsAlreadyAnchored")
        .withArgs(agency.address, REC);
      await expect(ledger.connect(stranger).anchorBatch(h("x"), 1))
        .to.be.revertedWithCustomError(ledger, "RecordsUnauthorizedAnchorer")
        .withArgs(stranger.address);
    });
  });

  describe("isInBatch: Merkle proofs", function () {
    it("accepts every record of the batch with its own proof", async function () {
      const { ledger, agency, tree, root } = await batch();
      for (const [i, [value]] of tree.entries()) {
        expect(await ledger.isInBatch(agency.address, root, value, tree.getProof(i))).to.equal(true);
      }
    });

    it("rejects a reordered proof", async function () {
      const { ledger, agency, tree, root, records } = await batch();
      const proof = tree.getProof([records[0]!]);
      expect(proof.length).to.be.greaterThan(1);
      expect(await ledger.isInBatch(agency.address, root, records[0]!, [...proof].reverse())).to.equal(false);
    });

    it("rejects a proof for another leaf, a wrong root and a record not in the batch", async function () {
      const { ledger, agency, tree, root, otherRoot, records } = await batch();
      expect(await ledger.isInBatch(agency.address, root, records[0]!, tree.getProof([records[1]!]))).to.equal(false);
      expect(await ledger.isInBatch(agency.address, otherRoot, records[0]!, tree.getProof([records[0]!]))).to.equal(
        false,
      );
      expect(await ledger.isInBatch(agency.address, root, h("not batched"), tree.getProof([records[0]!]))).to.equal(
        false,
      );
    });

    it("reads a batch only under the issuer that anchored it", async function () {
      const { ledger, agency2, tree, root, records } = await batch();
      expect(await ledger.isInBatch(agency2.address, root, records[0]!, tree.getProof(0))).to.equal(false);
      expect(await ledger.batchRecordStatus(agency2.address, root, records[0]!)).to.equal(RecordStatus.None);
    });

    it("rejects a root that is not an anchored batch", async function () {
      const { ledger, agency, records } = await batch();
      const single = StandardMerkleTree.of([[records[0]!]], ["bytes32"]);
      expect(await ledger.isInBatch(agency.address, single.root, records[0]!, [])).to.equal(false); // never anchored
      await ledger.connect(agency).anchorRecord(single.root, RecordKind.Credential); // anchored, but not a batch
      expect(await ledger.isInBatch(agency.address, single.root, records[0]!, [])).to.equal(false);
    });

    it("defeats the 64-byte second-preimage attack: an inner node passed as a record", async function () {
      const { ledger, agency, tree, root } = await batch();
      // tree.dump().tree is the array-encoded tree: node 1 is the root's left child, an inner node.
      const nodes = tree.dump().tree;
      const inner = nodes[1]!;
      const innerProof = [nodes[2]!];
      // The attack is real against a verifier that takes the value as the leaf…
      expect(naiveRoot(inner, innerProof)).to.equal(root);
      // …but the contract hashes the record into a leaf itself, so the inner node is not accepted.
      expect(await ledger.isInBatch(agency.address, root, inner, innerProof)).to.equal(false);
      await expect(ledger.connect(agency).setBatchRecordStatus(root, inner, innerProof, RecordStatus.Revoked, 1))
        .to.be.revertedWithCustomError(ledger, "RecordsInvalidProof")
        .withArgs(root, inner);
      // Likewise a leaf hash passed as a record is not its own record.
      const leaf = nodes[nodes.length - 1]!;
      const leafIndex = [...tree.entries()].find(([i]) => tree.leafHash(tree.at(i)!) === leaf)![0];
      expect(await ledger.isInBatch(agency.address, root, leaf, tree.getProof(leafIndex))).to.equal(false);
    });
  });

  describe("batch record status", function () {
    it("changes one record's status inside a batch, issuer only, with a valid proof", async function () {
      const { ledger, agency, tree, root, records } = await batch();
      const r = records[3]!;
      const proof = tree.getProof([r]);
      expect(await ledger.batchRecordStatus(agency.address, root, r)).to.equal(RecordStatus.Active);
      await expectChange(
        ledger.connect(agency).setBatchRecordStatus(root, r, proof, RecordStatus.Suspended, 8),
        ledger,
        {
          event: ["BatchRecordStatusChanged", root, r, agency.address, RecordStatus.Suspended, 8],
          state: async () => {
            expect(await ledger.batchRecordStatus(agency.address, root, r)).to.equal(RecordStatus.Suspended);
            expect(await ledger.batchRecordStatus(agency.address, root, records[4]!)).to.equal(RecordStatus.Active);
          },
        },
      );
      await expect(ledger.connect(agency).setBatchRecordStatus(root, r, proof, RecordStatus.Active, 8))
        .to.emit(ledger, "BatchRecordStatusChanged")
        .withArgs(root, r, agency.address, RecordStatus.Active, 0);
      await ledger.connect(agency).setBatchRecordStatus(root, r, proof, RecordStatus.Revoked, 2);
      expect(await ledger.batchRecordStatus(agency.address, root, r)).to.equal(RecordStatus.Revoked);
      for (const status of [RecordStatus.Active, RecordStatus.Suspended]) {
        await expect(ledger.connect(agency).setBatchRecordStatus(root, r, proof, status, 0))
          .to.be.revertedWithCustomError(ledger, "RecordsWrongStatus")
          .withArgs(r, RecordStatus.Revoked);
      }
    });

    it("refuses reinstating a record that was never suspended", async function () {
      const { ledger, agency, tree, root, records } = await batch();
      await expect(
        ledger.connect(agency).setBatchRecordStatus(root, records[0]!, tree.getProof(0), RecordStatus.Active, 0),
      )
        .to.be.revertedWithCustomError(ledger, "RecordsWrongStatus")
        .withArgs(records[0]!, RecordStatus.Active);
    });

    it("refuses a wrong proof, an unknown or non-batch root and anyone but the issuer", async function () {
      const w = await batch();
      const { ledger, agency, tree, root, records } = w;
      await expect(
        ledger.connect(agency).setBatchRecordStatus(root, records[0]!, tree.getProof(1), RecordStatus.Revoked, 1),
      )
        .to.be.revertedWithCustomError(ledger, "RecordsInvalidProof")
        .withArgs(root, records[0]!);
      await expect(ledger.connect(agency).setBatchRecordStatus(h("nope"), records[0]!, [], RecordStatus.Revoked, 1))
        .to.be.revertedWithCustomError(ledger, "RecordsNotAnchored")
        .withArgs(agency.address, h("nope"));
      await ledger.connect(agency).anchorRecord(REC, RecordKind.Credential);
      await expect(ledger.connect(agency).setBatchRecordStatus(REC, records[0]!, [], RecordStatus.Revoked, 1))
        .to.be.revertedWithCustomError(ledger, "RecordsNotAnchored")
        .withArgs(agency.address, REC);
      for (const role of ["agency2", "authorityPH", "admin", "stranger"] as const) {
        await expect(
          ledger.connect(w[role]).setBatchRecordStatus(root, records[0]!, tree.getProof(0), RecordStatus.Revoked, 1),
        )
          .to.be.revertedWithCustomError(ledger, "RecordsNotAnchored")
          .withArgs(w[role].address, root);
      }
    });

    it("applies a batch-level suspension or revocation to every record in it", async function () {
      const { ledger, agency, root, records } = await batch();
      await ledger.connect(agency).setRecordStatus(root, RecordStatus.Suspended, 3);
      expect(await ledger.batchRecordStatus(agency.address, root, records[0]!)).to.equal(RecordStatus.Suspended);
      await ledger.connect(agency).setRecordStatus(root, RecordStatus.Active, 0);
      expect(await ledger.batchRecordStatus(agency.address, root, records[0]!)).to.equal(RecordStatus.Active);
      await ledger.connect(agency).setRecordStatus(root, RecordStatus.Revoked, 3);
      expect(await ledger.batchRecordStatus(agency.address, root, records[5]!)).to.equal(RecordStatus.Revoked);
    });

    it("answers None for a root that is not an anchored batch", async function () {
      const { ledger, agency, records } = await batch();
      expect(await ledger.batchRecordStatus(agency.address, h("nope"), records[0]!)).to.equal(RecordStatus.None);
      await ledger.connect(agency).anchorRecord(REC, RecordKind.Credential);
      expect(await ledger.batchRecordStatus(agency.address, REC, records[0]!)).to.equal(RecordStatus.None);
    });
  });
});
