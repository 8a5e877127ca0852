/**
 * The inspectors' flags on a credential's case: read from the trust source when the credential names a
 * case, null (not "none") when the source could not read them, not read at all from a source without
 * event history. Online against the chain: issuer-service/test/openid4vp.test.ts (a flagged case).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { TrustSourceUnavailable, type LedgerCaseFlag, type TrustSource } from "../src/index.ts";
import { caseFlagsOf } from "../src/checks/case-flags.ts";

const CASE = `0x${"c1".repeat(32)}`;
const FLAG: LedgerCaseFlag = {
  inspector: "0x976ea74026e726554db657fa54763abd0c3a0aa9",
  findingHash: `0x${"f1".repeat(32)}`,
  blockNumber: 42,
  flaggedAt: 1_800_000_000,
};

/** A trust source that answers only caseFlags (nothing else is asked for the flags). */
const trustWith = (caseFlags?: TrustSource["caseFlags"]) => (caseFlags ? { caseFlags } : {}) as unknown as TrustSource;

describe("inspectors' flags on the case", () => {
  test("a flagged case shows its flag, asked by the credential's own case commitment", async () => {
    const asked: string[] = [];
    const trust = trustWith(async (caseCommitment) => {
      asked.push(caseCommitment);
      return caseCommitment === CASE ? [FLAG] : [];
    });
    assert.deepEqual(await caseFlagsOf(trust, { caseCommitment: CASE }), [FLAG]);
    assert.deepEqual(await caseFlagsOf(trust, { caseCommitment: `0x${"c2".repeat(32)}` }), []);
    assert.deepEqual(asked, [CASE, `0x${"c2".repeat(32)}`]);
  });

  test("a chain that does not answer gives null — 'could not be read', never 'no flags'", async () => {
    const trust = trustWith(async () => {
      throw new TrustSourceUnavailable("the consortium chain did not answer a history query");
    });
    assert.equal(await caseFlagsOf(trust, { caseCommitment: CASE }), null);
  });

  test("not read for papers without a case, nor from a source without event history (a snapshot)", async () => {
    let asked = false;
    const trust = trustWith(async () => {
      asked = true;
      return [FLAG];
    });
    assert.equal(await caseFlagsOf(trust, { jurisdiction: "PH" }), undefined);
    assert.equal(asked, false);
    assert.equal(await caseFlagsOf(trustWith(), { caseCommitment: CASE }), undefined);
  });
});
