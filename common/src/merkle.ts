/**
 * Merkle batches of record hashes, built with OpenZeppelin's StandardMerkleTree over `bytes32` leaves.
 * Leaves are double-hashed (keccak256(bytes.concat(keccak256(abi.encode(hash))))), exactly as
 * RecordAnchoring.sol recomputes them, so an inner node can never pass as a leaf.
 */
import { SimpleMerkleTree, StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256 } from "ethers";
import { FairLedgerError } from "./errors.ts";

const LEAF_ENCODING = ["bytes32"];
const BYTES32 = /^0x[0-9a-f]{64}$/;

export interface MerkleBatch {
  root: `0x${string}`;
  size: number;
  /** Proof for the record hash at each input position, in input order. */
  proofs: `0x${string}`[][];
}

export function buildMerkleBatch(recordHashes: readonly string[]): MerkleBatch {
  if (recordHashes.length === 0) throw new FairLedgerError("ERR_INPUT_INVALID", "a Merkle batch needs at least one record");
  const normalised = recordHashes.map((hash) => {
    const lower = hash.toLowerCase();
    if (!BYTES32.test(lower)) throw new FairLedgerError("ERR_INPUT_INVALID", `record hash ${hash} is not bytes32 hex`);
    return lower;
  });
  if (new Set(normalised).size !== normalised.length) {
    throw new FairLedgerError("ERR_INPUT_INVALID", "a Merkle batch must not contain the same record twice");
  }
  const tree = StandardMerkleTree.of(
    normalised.map((hash) => [hash]),
    LEAF_ENCODING,
  );
  return {
    root: tree.root as `0x${string}`,
    size: normalised.length,
    proofs: normalised.map((_, index) => tree.getProof(index) as `0x${string}`[]),
  };
}

/**
 * Whether `recordHash` is in the batch `root` per `proof`. The standard leaf of a `bytes32` value is
 * keccak256(keccak256(abi.encode(value))), and abi.encode of a bytes32 is the value itself, so the leaf
 * is computed here and the proof walked by OpenZeppelin's SimpleMerkleTree — the same tree, without
 * StandardMerkleTree's ABI encoder (measured 0.50 → 0.42 ms per proof in a 1,000-record batch; the rest is
 * JavaScript keccak256, about 20 µs a hash here).
 */
export function verifyMerkleProof(root: string, recordHash: string, proof: readonly string[]): boolean {
  const lower = recordHash.toLowerCase();
  if (!BYTES32.test(lower) || !BYTES32.test(root.toLowerCase()) || !proof.every((node) => BYTES32.test(node.toLowerCase()))) {
    return false;
  }
  try {
    return SimpleMerkleTree.verify(root, keccak256(keccak256(lower)), [...proof]);
  } catch {
    return false;
  }
}

/** Reference implementation through StandardMerkleTree, kept for the equivalence test. */
export function verifyMerkleProofStandard(root: string, recordHash: string, proof: readonly string[]): boolean {
  try {
    return StandardMerkleTree.verify(root, LEAF_ENCODING, [recordHash.toLowerCase()], [...proof]);
  } catch {
    return false;
  }
}
