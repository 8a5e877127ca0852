/**
 * Verifying offline codes in the page (loaded only when the first one is checked: the verifier library and
 * the snapshot's schemas are most of the desk's code): the verifier library's own `verifyDecoded`, its
 * named checks unchanged, against the stored trust snapshot, for this desk's audience and the traveller's
 * nonce, with one in-page used-nonce store so a code read twice is a replay. Never throws for bad input:
 * a code that cannot be read is a failed `input-format`, a snapshot that cannot be read a CANNOT CHECK.
 */
import {
  MemoryUsedNonceStore,
  SnapshotTrustSource,
  decodeOfflineQrInput,
  fail,
  indeterminate,
  isVerifierError,
  parseSnapshot,
  verifyDecoded,
  type VerificationResult,
} from "@fairledger/verifier/browser";
import { isFairLedgerError } from "@fairledger/common";
import type { OfflineRequest } from "./offline-request.ts";

const usedNonces = new MemoryUsedNonceStore();
let trustOf: { text: string; trust: SnapshotTrustSource } | null = null;

const onlyCheck = (check: ReturnType<typeof fail>): VerificationResult => ({
  verified: false,
  outcome: check.indeterminate ? "cannot-verify" : "invalid",
  checks: [check],
  disclosed: {},
  issuer: null,
  subject: null,
  credentialType: null,
  digest: null,
});

function snapshotTrust(text: string): SnapshotTrustSource {
  if (trustOf?.text !== text) trustOf = { text, trust: new SnapshotTrustSource(parseSnapshot(text)) };
  return trustOf.trust;
}

export async function verifyOfflineCodes(
  codes: readonly string[],
  snapshotText: string,
  request: OfflineRequest,
  now: number,
): Promise<VerificationResult> {
  let trust: SnapshotTrustSource;
  try {
    trust = snapshotTrust(snapshotText);
  } catch (error) {
    if (!isVerifierError(error)) throw error;
    return onlyCheck(indeterminate("issuer-key", `the stored trust snapshot cannot be read: ${error.message}`));
  }
  let input;
  try {
    input = await decodeOfflineQrInput(codes);
  } catch (error) {
    if (!isVerifierError(error) && !isFairLedgerError(error)) throw error;
    return onlyCheck(fail("input-format", (error as Error).message));
  }
  return verifyDecoded(input, { trust, audience: request.aud, nonce: request.nonce, now, usedNonces });
}
