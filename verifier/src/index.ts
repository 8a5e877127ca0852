/**
 * @fairledger/verifier: verify FairLedger credentials and presentations against the consortium chain (or a
 * trust snapshot). The issuer service's verify routes call `verifyPresentationText` with a
 * `ChainTrustSource` built once at boot; the `fairledger` command line (verifier-cli) is a shell over this.
 */
export * from "./result.ts";
export * from "./errors.ts";
export {
  verifyDecoded,
  verifyDecodedUnspent,
  spendNonce,
  verifyPresentationText,
  type VerifyOptions,
  type UnspentVerification,
} from "./verify.ts";
export { MemoryUsedNonceStore, usedNonceKey, type UsedNonceStore } from "./replay/used-nonces.ts";
export { SqliteUsedNonceStore, USED_NONCES_FILE } from "./replay/sqlite-used-nonces.ts";
export type { NonceUse } from "./checks/not-replayed.ts";
export { decodeInputText, MAX_INPUT_BYTES, type DecodedInput, type TokenFormat } from "./input/decode-input.ts";
export {
  decodeInput,
  decodeOfflineQrInput,
  isOfflineQrInput,
  offlineInput,
  readOfflineQrCodes,
} from "./input/offline-qr-input.ts";
export { joinPresentationParts, splitPresentationParts, isPresentationPart } from "./input/presentation-parts.ts";
export { ChainTrustSource, type ChainTrustOptions } from "./trust/chain-trust.ts";
export * from "./trust/trust-source.ts";
export { TtlCache } from "./trust/ttl-cache.ts";
export { auditFees, type AuditReport, type CaseAudit, type CaseFlag, type AuditOptions } from "./audit/fee-audit.ts";
export {
  CASE_CLASSES,
  BREACH_CLASSES,
  EVIDENCE_FINDINGS,
  classifyCase,
  contractStartSeconds,
  type CaseClass,
  type CaseFacts,
} from "./audit/case-class.ts";
export { AuditScopeUnknown, parseAuditScope, requireKnownScope, type AuditScope } from "./audit/audit-scope.ts";
export { totalsOf, totalsBy, type AuditTotals } from "./audit/audit-totals.ts";
export { auditCsv, AUDIT_CSV_COLUMNS } from "./audit/audit-csv.ts";
export { parseUntrustedJson } from "./util/parse-json.ts";
export { mapWithConcurrency } from "./util/map-with-concurrency.ts";
// Trust snapshots (offline verification) are in "@fairledger/verifier/snapshot" (snapshot.ts).
// OpenID4VP 1.0 + DCQL (online presentation): request objects, the state store, response verification.
export * from "./openid4vp/index.ts";
export { claimSkeleton, separateLookAlikes, type LookAlikeClaim } from "./checks/look-alike-claims.ts";
