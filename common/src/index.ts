/**
 * @fairledger/common: the protocol FairLedger's issuer service, verifier and wallet agree on — wire
 * formats, identifiers, claim schemas, EIP-712 types, contract enums. This entry is browser-safe: no
 * `node:*` module, no native package, no Node global (common/test/browser-entry.test.ts bundles it for
 * the browser and fails on any). What needs Node (node:crypto signatures and digests, the native
 * keccak, reading files, DID resolution over RPC) is in `@fairledger/common/node`, which re-exports this.
 */
export * from "./errors.ts";
export * from "./base64url.ts";
export * from "./manifest.ts";
export * from "./chain.ts";
export * from "./chain-codes.ts";
export * from "./contract-enums.ts";
export * from "./polling.ts";
export * from "./credential-types.ts";
export * from "./json-ld-contexts.ts";
export * from "./claim-rules.ts";
export * from "./claim-schemas.ts";
export * from "./type-metadata.ts";
export * from "./status-list.ts";
export * from "./public-jwk.ts";
export * from "./did-jwk.ts";
export * from "./eip712.ts";
export * from "./presentation-envelope.ts";
export * from "./presentation-request.ts";
export * from "./openid4vp.ts";
export * from "./qr-parts.ts";
export * from "./offline-qr/index.ts";
export * from "./json-depth.ts";
export * from "./licence-reasons.ts";
export * from "./contract-document.ts";
export * from "./fees.ts";
export * from "./currency-units.ts";
export * from "./fee-policy-words.ts";
export * from "./versioned-kid.ts";
