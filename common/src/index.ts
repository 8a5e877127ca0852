/** @fairledger/common: what the issuer service, the verifier CLI and the wallet build agree on. */
export * from "./errors.ts";
export * from "./manifest.ts";
export * from "./chain.ts";
export * from "./polling.ts";
export * from "./credential-types.ts";
export * from "./digest.ts";
export * from "./commitment.ts";
export * from "./merkle.ts";
export * from "./jws-keys.ts";
export * from "./presentation-envelope.ts";
export * from "./did-resolver.ts";
export * from "./keccak.ts";
export * from "./json-depth.ts";
export * from "./licence-reasons.ts";
export * from "./fees.ts";
