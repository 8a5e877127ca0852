/**
 * Browser twin of merkle.ts, verifying only: OpenZeppelin's standard leaf and node hash (rules stated
 * there) on @noble/hashes' keccak_256, folded exactly as merkle.ts's `verifyMerkleProof`.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils";

const BYTES32 = /^0x[0-9a-f]{64}$/;

const keccakHex = (bytes: Uint8Array): `0x${string}` => `0x${bytesToHex(keccak_256(bytes))}`;

/** The standard leaf of a bytes32 record hash (lowercase 0x hex in, lowercase 0x hex out). */
export function standardLeaf(recordHash: string): `0x${string}` {
  return keccakHex(keccak_256(hexToBytes(recordHash.slice(2))));
}

/** OpenZeppelin's `standardNodeHash` over two lowercase 0x-hex nodes. */
export function standardNodeHash(a: string, b: string): `0x${string}` {
  const [low, high] = a <= b ? [a, b] : [b, a];
  return keccakHex(hexToBytes(low.slice(2) + high.slice(2)));
}

export function verifyMerkleProof(root: string, recordHash: string, proof: readonly string[]): boolean {
  const lower = recordHash.toLowerCase();
  const lowerRoot = root.toLowerCase();
  const lowerProof = proof.map((node) => String(node).toLowerCase());
  if (!BYTES32.test(lower) || !BYTES32.test(lowerRoot) || !lowerProof.every((node) => BYTES32.test(node))) return false;
  return (
    lowerProof.reduce<string>((node, sibling) => standardNodeHash(node, sibling), standardLeaf(lower)) === lowerRoot
  );
}
