/**
 * `@fairledger/verifier/snapshot`: trust snapshots for offline verification — building one from the chain
 * and verifying against one. Its own entry so an online verification never loads the snapshot format's
 * schemas (the CLI's start-up, bench section `startup`).
 */
export { SnapshotTrustSource } from "./trust/snapshot-trust.ts";
export { parseSnapshot, trustSnapshotSchema, type TrustSnapshot } from "./trust/snapshot-format.ts";
export { buildSnapshot } from "./trust/snapshot-build.ts";
