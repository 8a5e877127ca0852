/**
 * @fairledger/common/node: everything in the browser-safe entry plus what needs Node — signatures on
 * node:crypto (10–20× faster than pure JS, measured in jws-keys.ts), SHA-256 digests and salted
 * commitments on node:crypto, keccak256 on the native `keccak` binding and the Merkle batches built
 * on it, reading the deployment manifest from disk, and DID resolution over the chain's RPC.
 */
export * from "./index.ts";
export * from "./jws-keys.ts";
export * from "./digest.ts";
export * from "./commitment.ts";
export * from "./keccak.ts";
export * from "./merkle.ts";
export * from "./manifest-file.ts";
export * from "./did-resolver.ts";
export * from "./context-files.ts";
