/** OpenID4VP 1.0 with DCQL, the verifier's side: make a signed request, verify the answer once. */
export * from "./errors.ts";
export * from "./border-query.ts";
export * from "./authorization-request.ts";
export * from "./vp-token.ts";
export { checkDcqlSatisfied } from "./dcql-satisfaction.ts";
export * from "./anchor-lookup.ts";
export * from "./request-store.ts";
export * from "./verify-response.ts";
