/**
 * `issuer-licensed` against a licence's end, answered from a trust snapshot (no chain): a suspension or
 * revocation AFTER issue leaves the credential valid with a notice; a revocation for fraud WITH EFFECT FROM
 * a time at or before issue makes it invalid, and the reason names the revocation. The same rules run
 * online against the contract (verify-cli.test.ts, "licence at issue time").
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ZeroHash } from "ethers";
import {
  SNAPSHOT_TYPE,
  SNAPSHOT_VERSION,
  parseSnapshot,
  type SnapshotLicenceEvent,
  type TrustSnapshot,
} from "../src/trust/snapshot-format.ts";
import { SnapshotTrustSource } from "../src/trust/snapshot-trust.ts";
import { checkIssuerLicensed } from "../src/checks/issuer-licensed.ts";

const AGENCY = "0x00000000000000000000000000000000000a6e7c";
const T0 = 1_800_000_000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** A snapshot whose only content is the agency's licence history (PH, valid T0 … T0+10,000). */
function snapshotWith(history: SnapshotLicenceEvent[], status: number): SnapshotTrustSource {
  const snapshot: TrustSnapshot = {
    type: SNAPSHOT_TYPE,
    version: SNAPSHOT_VERSION,
    chainId: 31337,
    ledger: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    block: { number: 100, hash: `0x${"ab".repeat(32)}`, timestamp: T0 + 5_000 },
    takenAt: iso(T0 + 5_000),
    licences: {
      [AGENCY]: {
        current: { jurisdiction: "PH", status, validFrom: T0, validUntil: T0 + 10_000, documentHash: ZeroHash },
        history: [
          {
            event: "LicenceIssued",
            time: T0,
            jurisdiction: "PH",
            validFrom: T0,
            validUntil: T0 + 10_000,
            documentHash: ZeroHash,
          },
          ...history,
        ],
      },
    },
    authorities: {},
    records: {},
    batchRecordStatuses: {},
    cases: {},
    contracts: {},
    feePolicies: {},
    dids: {},
  };
  // Through the file format, so the new fields are known to the parser.
  return new SnapshotTrustSource(parseSnapshot(JSON.stringify(snapshot)));
}

const subject = { corridor: "PH-SA" };
const check = (trust: SnapshotTrustSource, issuedAt: number) =>
  checkIssuerLicensed(trust, "EmploymentContractCredential", AGENCY, subject, issuedAt);

describe("issuer-licensed: a licence suspended after issue, and one revoked for fraud", () => {
  test("suspended after issue: the credential stays valid, with a notice naming the suspension", async () => {
    const trust = snapshotWith([{ event: "LicenceSuspended", time: T0 + 700, reasonCode: 1 }], 2);
    const result = await check(trust, T0 + 600);
    assert.equal(result.passed, true, result.reason);
    assert.match(result.notice ?? "", /suspended now; the suspension came after issue/);
    const during = await check(trust, T0 + 800);
    assert.equal(during.passed, false, "issued while suspended");
  });

  test("revoked from now on after issue: valid, with a notice naming the revocation", async () => {
    const trust = snapshotWith(
      [{ event: "LicenceRevoked", time: T0 + 800, effectiveFrom: T0 + 800, reasonCode: 4 }],
      3,
    );
    const result = await check(trust, T0 + 600);
    assert.equal(result.passed, true, result.reason);
    assert.match(result.notice ?? "", new RegExp(`revoked on ${iso(T0 + 800)} \\(reason code 4\\).*after issue`));
  });

  test("revoked for fraud from T: issued before T valid (notice), at or after T invalid with the revocation named", async () => {
    const trust = snapshotWith(
      [{ event: "LicenceRevoked", time: T0 + 800, effectiveFrom: T0 + 500, reasonCode: 66 }],
      3,
    );
    assert.equal(await trust.wasLicensedAt(AGENCY, "PH", T0 + 499), true);
    assert.equal(await trust.wasLicensedAt(AGENCY, "PH", T0 + 500), false);
    assert.deepEqual(await trust.licenceRevocations(AGENCY), [
      { effectiveFrom: T0 + 500, revokedAt: T0 + 800, reasonCode: 66 },
    ]);

    const before = await check(trust, T0 + 300);
    assert.equal(before.passed, true, before.reason);
    assert.ok(before.notice, "the later revocation is still shown");
    for (const issuedAt of [T0 + 500, T0 + 600]) {
      const after = await check(trust, issuedAt);
      assert.equal(after.passed, false);
      assert.equal(
        after.reason,
        `the issuing agency's licence was revoked on ${iso(T0 + 800)} (reason code 66) with effect from ${iso(T0 + 500)}: ` +
          `credentials it issued from then on, like this one (issued ${iso(issuedAt)}), are invalid`,
      );
    }
  });

  test("fraud found after an ordinary revocation: revoked again, reaching back, voids what was issued since", async () => {
    const trust = snapshotWith(
      [
        { event: "LicenceRevoked", time: T0 + 800, effectiveFrom: T0 + 800, reasonCode: 1 },
        { event: "LicenceRevoked", time: T0 + 2_000, effectiveFrom: T0 + 400, reasonCode: 66 },
      ],
      3,
    );
    assert.equal((await check(trust, T0 + 399)).passed, true);
    const voided = await check(trust, T0 + 600);
    assert.equal(voided.passed, false);
    assert.match(
      voided.reason,
      new RegExp(`revoked on ${iso(T0 + 2_000)} \\(reason code 66\\) with effect from ${iso(T0 + 400)}`),
    );
  });

  test("a re-issued licence after a fraud revocation counts again from its re-issue", async () => {
    const trust = snapshotWith(
      [
        { event: "LicenceRevoked", time: T0 + 800, effectiveFrom: T0 + 500, reasonCode: 66 },
        {
          event: "LicenceIssued",
          time: T0 + 900,
          jurisdiction: "PH",
          validFrom: T0 + 900,
          validUntil: T0 + 10_000,
          documentHash: ZeroHash,
        },
      ],
      1,
    );
    assert.equal((await check(trust, T0 + 950)).passed, true);
    assert.equal((await check(trust, T0 + 700)).passed, false);
  });

  test("a version-1 snapshot (records not kept per issuer, no revocation times) is refused", () => {
    assert.throws(
      () => parseSnapshot(JSON.stringify({ type: SNAPSHOT_TYPE, version: 1 })),
      (error: Error & { code?: string }) => error.code === "ERR_SNAPSHOT_INVALID",
    );
  });
});
