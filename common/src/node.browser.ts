/**
 * Browser twin of the Node entry (`@fairledger/common/node` under the `browser` export condition, which a
 * page bundle resolves): the same verification primitives — JWS signature checks, credential digests,
 * Merkle proofs, document commitments — on the audited pure-JS @noble libraries instead of node:crypto and
 * the native keccak binding. Only what verifying needs: no signing, no manifest files, no RPC. Node keeps
 * jws-keys.ts & co. (10–20× faster); common/test/browser-twins.test.ts holds each twin to its Node original.
 */
export * from "./index.ts";
export * from "./jws-keys.browser.ts";
export * from "./digest.browser.ts";
export * from "./commitment.browser.ts";
export * from "./merkle.browser.ts";
