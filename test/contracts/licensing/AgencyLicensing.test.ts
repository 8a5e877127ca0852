import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  IN,
  LicenceStatus,
  PH,
  RecordKind,
  SA,
  YEAR,
  authoritiesFixture,
  h,
  licensedFixture,
  revokeFromNow,
} from "../helpers/fixtures";
import { shouldRequireAuthority } from "../helpers/behaviours";
import { expectChange, expectFields } from "../helpers/expect-change";

const authorities = () => loadFixture(authoritiesFixture);
const licensed = () => loadFixture(licensedFixture);
const DOC = h("licence document v1");
const DOC2 = h("licence document v2");

describe("AgencyLicensing", function () {
  describe("issueLicence", function () {
    it("issues an active licence in the authority's jurisdiction", async function () {
      const { ledger, authorityPH, stranger } = await authorities();
      const from = (await time.latest()) + 10;
      const until = from + YEAR;
      await expectChange(ledger.connect(authorityPH).issueLicence(stranger.address, DOC, from, until), ledger, {
        event: ["LicenceIssued", stranger.address, PH, DOC, from, until],
        state: async () =>
          expectFields(await ledger.licenceOf(stranger.address), {
            jurisdiction: PH,
            status: BigInt(LicenceStatus.Active),
            validFrom: BigInt(from),
            validUntil: BigInt(until),
            documentHash: DOC,
          }),
      });
      expect(await ledger.isLicensedNow(stranger.address, PH)).to.equal(false); // window not started yet
      await time.increaseTo(from + 1);
      expect(await ledger.isLicensedNow(stranger.address, PH)).to.equal(true);
      expect(await ledger.isLicensedNow(stranger.address, SA)).to.equal(false);
    });

    it("rejects the zero address, a zero document hash and an empty or past window", async function () {
      const { ledger, authorityPH, stranger } = await authorities();
      const now = await time.latest();
      await expect(
        ledger.connect(authorityPH).issueLicence(ethers.ZeroAddress, DOC, now, now + YEAR),
      ).to.be.revertedWithCustomError(ledger, "GovernanceZeroAddress");
      await expect(
        ledger.connect(authorityPH).issueLicence(stranger.address, ethers.ZeroHash, now, now + YEAR),
      ).to.be.revertedWithCustomError(ledger, "LicensingZeroDocumentHash");
      await expect(ledger.connect(authorityPH).issueLicence(stranger.address, DOC, now + 5, now + 5))
        .to.be.revertedWithCustomError(ledger, "LicensingInvalidWindow")
        .withArgs(now + 5, now + 5);
      await expect(ledger.connect(authorityPH).issueLicence(stranger.address, DOC, now - 100, now - 1))
        .to.be.revertedWithCustomError(ledger, "LicensingInvalidWindow")
        .withArgs(now - 100, now - 1);
    });

    it("refuses a second licence while one is active or suspended", async function () {
      const { ledger, authorityPH, agency, licenceUntil } = await licensed();
      const now = await time.latest();
      await expect(ledger.connect(authorityPH).issueLicence(agency.address, DOC, now, licenceUntil))
        .to.be.revertedWithCustomError(ledger, "LicensingAlreadyLicensed")
        .withArgs(agency.address);
      await ledger.connect(authorityPH).suspendLicence(agency.address, 1);
      await expect(ledger.connect(authorityPH).issueLicence(agency.address, DOC, now, licenceUntil))
        .to.be.revertedWithCustomError(ledger, "LicensingAlreadyLicensed")
        .withArgs(agency.address);
    });

    it("re-issues after a revocation, in the same jurisdiction only", async function () {
      const { ledger, authorityPH, authoritySA, agency } = await licensed();
      await revokeFromNow(ledger.connect(authorityPH), agency.address, 7);
      const now = await time.latest();
      await expect(ledger.connect(authoritySA).issueLicence(agency.address, DOC2, now, now + YEAR))
        .to.be.revertedWithCustomError(ledger, "LicensingForeignAgency")
        .withArgs(agency.address, PH);
      await expect(ledger.connect(authorityPH).issueLicence(agency.address, DOC2, now, now + YEAR))
        .to.emit(ledger, "LicenceIssued")
        .withArgs(agency.address, PH, DOC2, now, now + YEAR);
      expect((await ledger.licenceOf(agency.address)).status).to.equal(LicenceStatus.Active);
    });

    shouldRequireAuthority(
      authorities,
      (w) => (s) => w.ledger.connect(s).issueLicence(w.stranger.address, DOC, 1, 2n ** 40n),
    );
  });

  describe("renewLicence", function () {
    it("extends the window and replaces the document", async function () {
      const { ledger, authorityPH, agency, licenceFrom, licenceUntil } = await licensed();
      const until = licenceUntil + YEAR;
      await expectChange(ledger.connect(authorityPH).renewLicence(agency.address, DOC2, until), ledger, {
        event: ["LicenceRenewed", agency.address, DOC2, until],
        state: async () =>
          expectFields(await ledger.licenceOf(agency.address), {
            status: BigInt(LicenceStatus.Active),
            validFrom: BigInt(licenceFrom),
            validUntil: BigInt(until),
            documentHash: DOC2,
          }),
      });
    });

    it("renews a suspended licence without reinstating it", async function () {
      const { ledger, authorityPH, agency, licenceUntil } = await licensed();
      await ledger.connect(authorityPH).suspendLicence(agency.address, 2);
      await ledger.connect(authorityPH).renewLicence(agency.address, DOC2, licenceUntil + 1);
      expect((await ledger.licenceOf(agency.address)).status).to.equal(LicenceStatus.Suspended);
      expect(await ledger.isLicensedNow(agency.address, PH)).to.equal(false);
    });

    it("rejects a window end that is not later, or that is already past", async function () {
      const { ledger, authorityPH, agency, licenceFrom, licenceUntil } = await licensed();
      await expect(ledger.connect(authorityPH).renewLicence(agency.address, DOC2, licenceUntil))
        .to.be.revertedWithCustomError(ledger, "LicensingInvalidWindow")
        .withArgs(licenceFrom, licenceUntil);
      await time.increaseTo(licenceUntil + 1000);
      await expect(ledger.connect(authorityPH).renewLicence(agency.address, DOC2, licenceUntil + 500))
        .to.be.revertedWithCustomError(ledger, "LicensingInvalidWindow")
        .withArgs(licenceFrom, licenceUntil + 500);
    });

    it("rejects a zero document, a revoked licence, an unknown agency and a foreign authority", async function () {
      const { ledger, authorityPH, authorityIN, agency, stranger, licenceUntil } = await licensed();
      await expect(
        ledger.connect(authorityPH).renewLicence(agency.address, ethers.ZeroHash, licenceUntil + 1),
      ).to.be.revertedWithCustomError(ledger, "LicensingZeroDocumentHash");
      await expect(ledger.connect(authorityPH).renewLicence(stranger.address, DOC2, licenceUntil + 1))
        .to.be.revertedWithCustomError(ledger, "LicensingNoLicence")
        .withArgs(stranger.address);
      await expect(ledger.connect(authorityIN).renewLicence(agency.address, DOC2, licenceUntil + 1))
        .to.be.revertedWithCustomError(ledger, "LicensingForeignAgency")
        .withArgs(agency.address, PH);
      await revokeFromNow(ledger.connect(authorityPH), agency.address, 1);
      await expect(ledger.connect(authorityPH).renewLicence(agency.address, DOC2, licenceUntil + 1))
        .to.be.revertedWithCustomError(ledger, "LicensingWrongStatus")
        .withArgs(agency.address, LicenceStatus.Revoked);
    });

    shouldRequireAuthority(licensed, (w) => (s) => w.ledger.connect(s).renewLicence(w.agency.address, DOC2, 2n ** 40n));
  });

  describe("suspendLicence / reinstateLicence / revokeLicence", function () {
    it("suspends an active licence with a reason code", async function () {
      const { ledger, authorityPH, agency } = await licensed();
      await expectChange(ledger.connect(authorityPH).suspendLicence(agency.address, 42), ledger, {
        event: ["LicenceSuspended", agency.address, 42],
        state: async () => {
          expect((await ledger.licenceOf(agency.address)).status).to.equal(LicenceStatus.Suspended);
          expect(await ledger.isLicensedNow(agency.address, PH)).to.equal(false);
        },
      });
    });

    it("reinstates a suspended licence", async function () {
      const { ledger, authorityPH, agency } = await licensed();
      await ledger.connect(authorityPH).suspendLicence(agency.address, 42);
      await expectChange(ledger.connect(authorityPH).reinstateLicence(agency.address), ledger, {
        event: ["LicenceReinstated", agency.address],
        state: async () => expect(await ledger.isLicensedNow(agency.address, PH)).to.equal(true),
      });
    });

    it("revokes an active or a suspended licence, from now on, recording the revocation", async function () {
      const { ledger, authorityPH, agency, agency2 } = await licensed();
      const t = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(t);
      await expectChange(ledger.connect(authorityPH).revokeLicence(agency.address, 9, t), ledger, {
        event: ["LicenceRevoked", agency.address, 9, t],
        state: async () => {
          expect((await ledger.licenceOf(agency.address)).status).to.equal(LicenceStatus.Revoked);
          const revocations = await ledger.licenceRevocations(agency.address);
          expect(revocations.length).to.equal(1);
          expectFields(revocations[0]!, {
            effectiveFrom: BigInt(t),
            revokedAt: BigInt(t),
            reasonCode: 9n,
          });
        },
      });
      await ledger.connect(authorityPH).suspendLicence(agency2.address, 1);
      await time.setNextBlockTimestamp(t + 20);
      await expect(ledger.connect(authorityPH).revokeLicence(agency2.address, 3, t + 20))
        .to.emit(ledger, "LicenceRevoked")
        .withArgs(agency2.address, 3, t + 20);
      expect(await ledger.licenceRevocations(agency.address)).to.have.length(1);
    });

    it("revokes a revoked licence again only to reach back: fraud found after an ordinary revocation", async function () {
      const { ledger, authorityPH, agency } = await licensed();
      const t = (await time.latest()) + 100;
      await time.setNextBlockTimestamp(t);
      await ledger.connect(authorityPH).revokeLicence(agency.address, 1, t);
      expect(await ledger.wasLicensedAt(agency.address, PH, t - 50)).to.equal(true);

      await time.setNextBlockTimestamp(t + 100);
      await expect(ledger.connect(authorityPH).revokeLicence(agency.address, 66, t - 50))
        .to.emit(ledger, "LicenceRevoked")
        .withArgs(agency.address, 66, t - 50);
      expect(await ledger.wasLicensedAt(agency.address, PH, t - 51)).to.equal(true);
      expect(await ledger.wasLicensedAt(agency.address, PH, t - 50)).to.equal(false);
      expect((await ledger.licenceOf(agency.address)).status).to.equal(LicenceStatus.Revoked);
      const revocations = await ledger.licenceRevocations(agency.address);
      expect(
        revocations.map((r) => [Number(r.effectiveFrom), Number(r.revokedAt), Number(r.reasonCode)]),
      ).to.deep.equal([
        [t, t, 1],
        [t - 50, t + 100, 66],
      ]);

      await time.setNextBlockTimestamp(t + 200);
      await expect(ledger.connect(authorityPH).revokeLicence(agency.address, 67, t + 200))
        .to.be.revertedWithCustomError(ledger, "LicensingWrongStatus")
        .withArgs(agency.address, LicenceStatus.Revoked);
    });

    it("refuses a revocation that would take effect in the future, changing nothing", async function () {
      const { ledger, authorityPH, agency } = await licensed();
      const t = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(t);
      await expect(ledger.connect(authorityPH).revokeLicence(agency.address, 9, t + 1))
        .to.be.revertedWithCustomError(ledger, "LicensingRevocationInFuture")
        .withArgs(t + 1, t);
      expect((await ledger.licenceOf(agency.address)).status).to.equal(LicenceStatus.Active);
      expect(await ledger.licenceRevocations(agency.address)).to.have.length(0);
    });

    it("refuses transitions the lifecycle does not allow", async function () {
      const { ledger, authorityPH, agency } = await licensed();
      await expect(ledger.connect(authorityPH).reinstateLicence(agency.address))
        .to.be.revertedWithCustomError(ledger, "LicensingWrongStatus")
        .withArgs(agency.address, LicenceStatus.Active);
      await ledger.connect(authorityPH).suspendLicence(agency.address, 1);
      await expect(ledger.connect(authorityPH).suspendLicence(agency.address, 1))
        .to.be.revertedWithCustomError(ledger, "LicensingWrongStatus")
        .withArgs(agency.address, LicenceStatus.Suspended);
      await revokeFromNow(ledger.connect(authorityPH), agency.address, 1);
      // Each call is sent only when it is awaited: a call sent early would reject with nobody listening.
      for (const call of [
        () => ledger.connect(authorityPH).suspendLicence(agency.address, 1),
        () => ledger.connect(authorityPH).reinstateLicence(agency.address),
        // Revoking again from now (or later) changes nothing: only reaching further back is allowed.
        () => ledger.connect(authorityPH).revokeLicence(agency.address, 1, 2n ** 40n),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(ledger, "LicensingWrongStatus")
          .withArgs(agency.address, LicenceStatus.Revoked);
      }
    });

    it("refuses an authority of another jurisdiction and an unknown agency", async function () {
      const { ledger, authoritySA, authorityPH, agency, stranger } = await licensed();
      for (const call of [
        () => ledger.connect(authoritySA).suspendLicence(agency.address, 1),
        () => ledger.connect(authoritySA).reinstateLicence(agency.address),
        () => ledger.connect(authoritySA).revokeLicence(agency.address, 1, 0),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(ledger, "LicensingForeignAgency")
          .withArgs(agency.address, PH);
      }
      await expect(ledger.connect(authorityPH).suspendLicence(stranger.address, 1))
        .to.be.revertedWithCustomError(ledger, "LicensingNoLicence")
        .withArgs(stranger.address);
    });

    shouldRequireAuthority(licensed, (w) => (s) => w.ledger.connect(s).suspendLicence(w.agency.address, 1));
    shouldRequireAuthority(licensed, (w) => (s) => w.ledger.connect(s).reinstateLicence(w.agency.address));
    shouldRequireAuthority(licensed, (w) => (s) => w.ledger.connect(s).revokeLicence(w.agency.address, 1, 0));
  });

  describe("time travel: wasLicensedAt answers from the full history", function () {
    it("follows issue, suspend, reinstate, renew, revoke and re-issue at past times", async function () {
      const { ledger, authorityPH, stranger: agency } = await authorities();
      const t0 = (await time.latest()) + 100;
      const at = async (offset: number, action: () => Promise<unknown>) => {
        await time.setNextBlockTimestamp(t0 + offset);
        await action();
      };
      const A = agency.address;
      await at(0, () => ledger.connect(authorityPH).issueLicence(A, DOC, t0 + 10, t0 + 1000));
      await at(50, () => ledger.connect(authorityPH).suspendLicence(A, 1));
      await at(100, () => ledger.connect(authorityPH).reinstateLicence(A));
      await at(500, () => ledger.connect(authorityPH).renewLicence(A, DOC2, t0 + 2000));
      await at(1500, () => ledger.connect(authorityPH).revokeLicence(A, 2, t0 + 1500));
      await at(1600, () => ledger.connect(authorityPH).issueLicence(A, DOC, t0 + 1600, t0 + 3000));
      await time.increaseTo(t0 + 1700);

      const expected: [number, boolean, string][] = [
        [-1, false, "before anything was recorded"],
        [0, false, "issued, but the window starts at +10"],
        [10, true, "window start is inclusive"],
        [49, true, "last second before the suspension"],
        [50, false, "suspended"],
        [99, false, "still suspended"],
        [100, true, "reinstated"],
        [999, true, "inside the first window"],
        [1000, true, "renewal at +500 moved the end to +2000"],
        [1499, true, "last second before the revocation"],
        [1500, false, "revoked"],
        [1599, false, "still revoked"],
        [1600, true, "re-issued"],
        [1700, true, "now"],
      ];
      for (const [offset, licensedThen, why] of expected) {
        expect(await ledger.wasLicensedAt(A, PH, t0 + offset), `t0${offset >= 0 ? "+" : ""}${offset}: ${why}`).to.equal(
          licensedThen,
        );
      }
      expect(await ledger.wasLicensedAt(A, SA, t0 + 1700), "other jurisdiction").to.equal(false);
      expect(await ledger.wasLicensedAt(A, PH, t0 + 100_000), "the future is never answered").to.equal(false);
    });

    it("a licence revoked for fraud from T voids credentials from T; a suspension after issue does not", async function () {
      // The attack: an agency licensed by fraud issued credentials; revoking its licence left them valid.
      const { ledger, authorityPH, stranger: agency } = await authorities();
      const t0 = (await time.latest()) + 100;
      const at = async (offset: number, action: () => Promise<unknown>) => {
        await time.setNextBlockTimestamp(t0 + offset);
        await action();
      };
      const A = agency.address;
      await at(0, () => ledger.connect(authorityPH).issueLicence(A, DOC, t0, t0 + 10_000));
      await at(300, () => ledger.connect(agency).anchorRecord(h("credential issued at +300"), RecordKind.Credential));
      await at(600, () => ledger.connect(agency).anchorRecord(h("credential issued at +600"), RecordKind.Credential));
      await at(700, () => ledger.connect(authorityPH).suspendLicence(A, 1));
      expect(await ledger.wasLicensedAt(A, PH, t0 + 600), "suspended after issue: still licensed then").to.equal(true);
      await at(800, () => ledger.connect(authorityPH).revokeLicence(A, 66, t0 + 500));
      await at(900, () => ledger.connect(authorityPH).issueLicence(A, DOC2, t0 + 900, t0 + 10_000));
      await time.increaseTo(t0 + 1000);

      const expected: [number, boolean, string][] = [
        [300, true, "credential issued before the fraud took effect"],
        [499, true, "last second before the revocation's effect"],
        [500, false, "revocation effective from +500"],
        [600, false, "credential issued after the fraud took effect"],
        [799, false, "still inside the voided span"],
        [800, false, "revoked"],
        [900, true, "re-issued: the new licence is not voided"],
      ];
      for (const [offset, licensedThen, why] of expected) {
        expect(await ledger.wasLicensedAt(A, PH, t0 + offset), `t0+${offset}: ${why}`).to.equal(licensedThen);
      }

      // A second fraud revocation reaching further back voids both spans, and the re-issued licence up to it.
      await at(1100, () => ledger.connect(authorityPH).revokeLicence(A, 67, t0 + 200));
      for (const [offset, licensedThen] of [
        [199, true],
        [200, false],
        [300, false],
        [950, false],
        [1099, false],
      ] as const) {
        expect(await ledger.wasLicensedAt(A, PH, t0 + offset), `after the second revocation, t0+${offset}`).to.equal(
          licensedThen,
        );
      }
      const revocations = await ledger.licenceRevocations(A);
      expect(
        revocations.map((r) => [
          Number(r.effectiveFrom - BigInt(t0)),
          Number(r.revokedAt - BigInt(t0)),
          Number(r.reasonCode),
        ]),
      ).to.deep.equal([
        [500, 800, 66],
        [200, 1100, 67],
      ]);
    });

    it("expires at validUntil (exclusive) without any transaction", async function () {
      const { ledger, authorityPH, stranger: agency } = await authorities();
      const start = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(start);
      await ledger.connect(authorityPH).issueLicence(agency.address, DOC, start, start + 100);
      await time.increaseTo(start + 500);
      expect(await ledger.isLicensedNow(agency.address, PH)).to.equal(false);
      expect(await ledger.wasLicensedAt(agency.address, PH, start + 99)).to.equal(true);
      expect(await ledger.wasLicensedAt(agency.address, PH, start + 100)).to.equal(false);
      expect((await ledger.licenceOf(agency.address)).status).to.equal(LicenceStatus.Active);
    });

    it("lets a licensed agency act exactly inside its window and not a second outside it", async function () {
      const { ledger, authorityPH, stranger: agency } = await authorities();
      const start = (await time.latest()) + 100;
      await ledger.connect(authorityPH).issueLicence(agency.address, DOC, start, start + 100);
      const tryAnchor = async (t: number, label: string) => {
        await time.setNextBlockTimestamp(t);
        return ledger.connect(agency).anchorRecord(h(label), RecordKind.Credential);
      };
      await expect(tryAnchor(start - 1, "a"))
        .to.be.revertedWithCustomError(ledger, "RecordsUnauthorizedAnchorer")
        .withArgs(agency.address);
      await expect(tryAnchor(start, "b")).to.emit(ledger, "RecordAnchored");
      await expect(tryAnchor(start + 99, "c")).to.emit(ledger, "RecordAnchored");
      await expect(tryAnchor(start + 100, "d"))
        .to.be.revertedWithCustomError(ledger, "RecordsUnauthorizedAnchorer")
        .withArgs(agency.address);
    });

    it("keeps the last state when several changes share one block time", async function () {
      const { ledger, authorityPH, agency } = await licensed();
      const t = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(t);
      await ledger.connect(authorityPH).suspendLicence(agency.address, 1);
      await time.setNextBlockTimestamp(t);
      await ledger.connect(authorityPH).reinstateLicence(agency.address);
      expect(await ledger.wasLicensedAt(agency.address, PH, t)).to.equal(true);
      expect(await ledger.wasLicensedAt(agency.address, IN, t)).to.equal(false);
    });
  });
});
