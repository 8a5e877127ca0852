/**
 * `@fairledger/verifier/browser`: what a page needs to verify an offline QR against a trust snapshot with
 * no server — the same `verifyDecoded` and named checks as Node, a snapshot as trust source, and an
 * in-memory used-nonce store. Bundled for a browser, this package's `browser` map and common's `browser`
 * export condition swap the node:crypto primitives for @noble twins (platform/*.browser.ts,
 * common/src/node.browser.ts); Node never loads them. Nothing here reaches for the chain or the disk.
 */
export * from "./result.ts";
export * from "./errors.ts";
export { verifyDecoded, type VerifyOptions } from "./verify.ts";
export { MemoryUsedNonceStore, type UsedNonceStore } from "./replay/used-nonces.ts";
export { decodeOfflineQrInput, isOfflineQrInput, readOfflineQrCodes } from "./input/offline-qr-input.ts";
export { SnapshotTrustSource } from "./trust/snapshot-trust.ts";
export { parseSnapshot, type TrustSnapshot } from "./trust/snapshot-format.ts";
// The fee audit's shapes and classes, for the inspector's dashboard that reads the service's JSON report.
export { CASE_CLASSES, BREACH_CLASSES, type CaseClass } from "./audit/case-class.ts";
export type { AuditReport, CaseAudit, CaseFlag } from "./audit/fee-audit.ts";
export type { AuditTotals } from "./audit/audit-totals.ts";
