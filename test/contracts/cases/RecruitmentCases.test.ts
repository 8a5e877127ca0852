import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  CASE,
  CASE_IN,
  CaseStatus,
  INDIA_CAP,
  IN,
  INR,
  INSA,
  PH,
  PHSA,
  Payer,
  RecordKind,
  RecordStatus,
  SA,
  USD,
  YEAR,
  corridor,
  deployFairLedger,
  h,
  licensedFixture,
  openCaseFixture,
  type LicensedWorld,
} from "../helpers/fixtures";
import { shouldRequireRole } from "../helpers/behaviours";
import { expectChange, expectFields } from "../helpers/expect-change";
import { EMPLOYMENT_CONTRACT_TYPES, domainOf, signContract, type ContractMessage } from "../helpers/eip712";
import type { FairLedger } from "../../../typechain-types";

const licensed = () => loadFixture(licensedFixture);
const open = () => loadFixture(openCaseFixture);
const V1 = h("employment contract v1");
const V2 = h("employment contract v2 (amendment)");
const V3 = h("employment contract v3 (amendment)");
const ZERO = ethers.ZeroHash;

function message(caseCommitment: string, contractHash: string, previous: string, employer: string): ContractMessage {
  return {
    caseCommitment,
    contractHash,
    previousContractHash: previous,
    employer,
  };
}

/** Both signatures over `msg` for the ledger at `verifyingContract` (default: the world's ledger). */
async function signBoth(
  w: LicensedWorld,
  msg: ContractMessage,
  opts: {
    agency?: HardhatEthersSigner;
    employer?: HardhatEthersSigner;
    verifyingContract?: string;
    chainId?: bigint;
  } = {},
): Promise<[string, string]> {
  const target = opts.verifyingContract ?? w.address;
  return [
    await signContract(opts.agency ?? w.agency, target, msg, opts.chainId),
    await signContract(opts.employer ?? w.employer, target, msg, opts.chainId),
  ];
}

function anchor(w: LicensedWorld, msg: ContractMessage, sigs: [string, string], sender?: HardhatEthersSigner) {
  return w.ledger
    .connect(sender ?? w.stranger)
    .anchorEmploymentContract(msg.caseCommitment, msg.contractHash, msg.previousContractHash, msg.employer, ...sigs);
}

/** The address a signature recovers to under this ledger's real domain (what the contract reports). */
async function recoveredOnLedger(w: LicensedWorld, msg: ContractMessage, signature: string): Promise<string> {
  return ethers.verifyTypedData(await domainOf(w.address), EMPLOYMENT_CONTRACT_TYPES, msg, signature);
}

async function withV1Fixture() {
  const w = await openCaseFixture();
  const msg = message(CASE, V1, ZERO, w.employer.address);
  await anchor(w, msg, await signBoth(w, msg));
  return w;
}
const withV1 = () => loadFixture(withV1Fixture);

/** The same consortium set up on a second, independent deployment on the same chain. */
async function secondDeployment(w: LicensedWorld): Promise<FairLedger> {
  const other = await deployFairLedger(w.admin);
  await other.connect(w.admin).registerAuthority(w.authorityPH.address, PH);
  await other.connect(w.admin).registerAuthority(w.authoritySA.address, SA);
  await other.connect(w.authoritySA).registerEmployer(w.employer.address);
  await other.connect(w.authorityPH).proposeCorridorPolicy(PH, SA, 0, USD);
  await other.connect(w.authoritySA).approveCorridorPolicy(PHSA, 0, USD);
  await other.connect(w.authorityPH).issueLicence(w.agency.address, h("licence"), w.licenceFrom, w.licenceUntil);
  await other.connect(w.agency).openCase(CASE, PHSA);
  return other;
}

describe("RecruitmentCases", function () {
  describe("openCase", function () {
    it("opens a case for an agency licensed in the corridor's origin", async function () {
      const { ledger, agency } = await licensed();
      await expectChange(ledger.connect(agency).openCase(CASE, PHSA), ledger, {
        event: ["CaseOpened", CASE, agency.address, PHSA],
        state: async () =>
          expectFields(await ledger.caseOf(CASE), {
            agency: agency.address,
            corridor: PHSA,
            status: BigInt(CaseStatus.Open),
            openedAt: BigInt(await time.latest()),
            closedAt: 0n,
            receiptCount: 0n,
            contractVersions: 0n,
            latestContract: ZERO,
          }),
      });
    });

    it("refuses a zero commitment, an inactive corridor and a commitment already used", async function () {
      const { ledger, agency, agency2 } = await licensed();
      await expect(ledger.connect(agency).openCase(ZERO, PHSA)).to.be.revertedWithCustomError(ledger, "CasesZeroValue");
      const PHIN = corridor("PH", "IN");
      await expect(ledger.connect(agency).openCase(CASE, PHIN))
        .to.be.revertedWithCustomError(ledger, "GovernanceCorridorInactive")
        .withArgs(PHIN);
      await ledger.connect(agency).openCase(CASE, PHSA);
      await expect(ledger.connect(agency2).openCase(CASE, PHSA))
        .to.be.revertedWithCustomError(ledger, "CasesAlreadyExists")
        .withArgs(CASE);
    });

    it("refuses an agency licensed in another country than the origin", async function () {
      const { ledger, agencyIN } = await licensed();
      await expect(ledger.connect(agencyIN).openCase(CASE, PHSA))
        .to.be.revertedWithCustomError(ledger, "CasesAgencyNotInOrigin")
        .withArgs(agencyIN.address, "0x494e", PH);
    });

    for (const role of ["admin", "authorityPH", "employer", "insurer", "inspector", "stranger"] as const) {
      it(`refuses the ${role}, who is not a licensed agency`, async function () {
        const w = await licensed();
        await expect(w.ledger.connect(w[role]).openCase(CASE, PHSA))
          .to.be.revertedWithCustomError(w.ledger, "LicensingNotLicensed")
          .withArgs(w[role].address);
      });
    }

    it("refuses a suspended agency", async function () {
      const { ledger, agency, authorityPH } = await licensed();
      await ledger.connect(authorityPH).suspendLicence(agency.address, 1);
      await expect(ledger.connect(agency).openCase(CASE, PHSA))
        .to.be.revertedWithCustomError(ledger, "LicensingNotLicensed")
        .withArgs(agency.address);
    });
  });

  describe("anchorEmploymentContract: EIP-712 signed by agency and employer", function () {
    it("exposes the EIP-712 type hash and digest the parties sign", async function () {
      const w = await open();
      expect(await w.ledger.EMPLOYMENT_CONTRACT_TYPEHASH()).to.equal(
        ethers.id(
          "EmploymentContract(bytes32 caseCommitment,bytes32 contractHash,bytes32 previousContractHash,address employer)",
        ),
      );
      const msg = message(CASE, V1, ZERO, w.employer.address);
      expect(await w.ledger.contractDigest(CASE, V1, ZERO, w.employer.address)).to.equal(
        ethers.TypedDataEncoder.hash(await domainOf(w.address), EMPLOYMENT_CONTRACT_TYPES, msg),
      );
    });

    it("anchors the first version, submitted by anyone", async function () {
      const w = await open();
      const msg = message(CASE, V1, ZERO, w.employer.address);
      await expectChange(anchor(w, msg, await signBoth(w, msg), w.stranger), w.ledger, {
        event: ["EmploymentContractAnchored", CASE, V1, ZERO, w.employer.address, 1],
        state: async () => {
          const now = BigInt(await time.latest());
          expectFields(await w.ledger.contractVersionOf(CASE, V1), {
            caseCommitment: CASE,
            employer: w.employer.address,
            version: 1n,
            anchoredAt: now,
            supersededBy: ZERO,
          });
          expectFields(await w.ledger.caseOf(CASE), {
            contractVersions: 1n,
            latestContract: V1,
          });
          expect(await w.ledger.isLatestContract(CASE, V1)).to.equal(true);
          expectFields(await w.ledger.recordOf(w.agency.address, V1), {
            issuer: w.agency.address,
            kind: BigInt(RecordKind.EmploymentContract),
            status: BigInt(RecordStatus.Active),
          });
        },
      });
    });

    it("links an amendment to the version it replaces; only the latest is latest", async function () {
      const w = await withV1();
      const msg2 = message(CASE, V2, V1, w.employer.address);
      await expectChange(anchor(w, msg2, await signBoth(w, msg2)), w.ledger, {
        event: ["EmploymentContractAnchored", CASE, V2, V1, w.employer.address, 2],
        state: async () => {
          expect((await w.ledger.contractVersionOf(CASE, V1)).supersededBy).to.equal(V2);
          expect(await w.ledger.isLatestContract(CASE, V1)).to.equal(false);
          expect(await w.ledger.isLatestContract(CASE, V2)).to.equal(true);
          expectFields(await w.ledger.caseOf(CASE), {
            contractVersions: 2n,
            latestContract: V2,
          });
          expectFields(await w.ledger.contractVersionOf(CASE, V2), {
            version: 2n,
            supersededBy: ZERO,
          });
        },
      });
      // An amendment must name the latest version: naming v1 again (a swap attempt) is refused.
      const stale = message(CASE, V3, V1, w.employer.address);
      await expect(anchor(w, stale, await signBoth(w, stale)))
        .to.be.revertedWithCustomError(w.ledger, "CasesNotLatestContract")
        .withArgs(CASE, V2, V1);
      expect(await w.ledger.isLatestContract(CASE, h("never anchored"))).to.equal(false);
      expect(await w.ledger.isLatestContract(CASE_IN, V2), "latest of CASE, asked under another case").to.equal(false);
    });

    it("refuses a first version that claims to replace something", async function () {
      const w = await open();
      const msg = message(CASE, V2, V1, w.employer.address);
      await expect(anchor(w, msg, await signBoth(w, msg)))
        .to.be.revertedWithCustomError(w.ledger, "CasesNotLatestContract")
        .withArgs(CASE, ZERO, V1);
    });

    it("refuses a contract hash anchored before in this case, or by the same agency in another", async function () {
      const w = await withV1();
      const again = message(CASE, V1, V1, w.employer.address);
      await expect(anchor(w, again, await signBoth(w, again)))
        .to.be.revertedWithCustomError(w.ledger, "CasesContractAlreadyAnchored")
        .withArgs(CASE, V1);
      await w.ledger.connect(w.agency).openCase(h("case 2"), PHSA);
      const elsewhere = message(h("case 2"), V1, ZERO, w.employer.address);
      await expect(anchor(w, elsewhere, await signBoth(w, elsewhere)))
        .to.be.revertedWithCustomError(w.ledger, "RecordsAlreadyAnchored")
        .withArgs(w.agency.address, V1);
    });

    it("does not let agency B block A's contract by anchoring A's contract hash first in its own case", async function () {
      const w = await open();
      // The attack: B (agency2) learns A's contract hash and anchors it first, in a case of its own, with
      // a signature of an employer willing to sign it.
      const B_CASE = h("case of agency B");
      await w.ledger.connect(w.agency2).openCase(B_CASE, PHSA);
      const first = message(B_CASE, V1, ZERO, w.employer2.address);
      await anchor(w, first, await signBoth(w, first, { agency: w.agency2, employer: w.employer2 }));
      // A's own anchor still succeeds, and each version is read under its own case.
      const own = message(CASE, V1, ZERO, w.employer.address);
      await expect(anchor(w, own, await signBoth(w, own)))
        .to.emit(w.ledger, "EmploymentContractAnchored")
        .withArgs(CASE, V1, ZERO, w.employer.address, 1);
      expectFields(await w.ledger.contractVersionOf(CASE, V1), {
        caseCommitment: CASE,
        employer: w.employer.address,
      });
      expectFields(await w.ledger.contractVersionOf(B_CASE, V1), {
        caseCommitment: B_CASE,
        employer: w.employer2.address,
      });
      expect(await w.ledger.isLatestContract(CASE, V1)).to.equal(true);
    });

    it("refuses a zero contract hash", async function () {
      const w = await open();
      const msg = message(CASE, ZERO, ZERO, w.employer.address);
      await expect(anchor(w, msg, await signBoth(w, msg))).to.be.revertedWithCustomError(w.ledger, "RecordsZeroHash");
    });

    it("refuses an employer not registered in the corridor's destination", async function () {
      const w = await open();
      await w.ledger.connect(w.authorityPH).registerEmployer(w.stranger.address); // registered, but in PH
      for (const employer of [w.stranger, w.insurer]) {
        const msg = message(CASE, V1, ZERO, employer.address);
        await expect(anchor(w, msg, await signBoth(w, msg, { employer })))
          .to.be.revertedWithCustomError(w.ledger, "CasesEmployerNotInDestination")
          .withArgs(employer.address, SA);
      }
    });

    it("refuses while the case's agency is no longer licensed", async function () {
      const w = await open();
      await w.ledger.connect(w.authorityPH).suspendLicence(w.agency.address, 1);
      const msg = message(CASE, V1, ZERO, w.employer.address);
      await expect(anchor(w, msg, await signBoth(w, msg)))
        .to.be.revertedWithCustomError(w.ledger, "LicensingNotLicensed")
        .withArgs(w.agency.address);
    });

    it("refuses an unknown case and a closed case", async function () {
      const w = await open();
      const unknown = message(h("unknown case"), V1, ZERO, w.employer.address);
      await expect(anchor(w, unknown, await signBoth(w, unknown)))
        .to.be.revertedWithCustomError(w.ledger, "CasesUnknownCase")
        .withArgs(h("unknown case"));
      await w.ledger.connect(w.agency).closeCase(CASE, ZERO, 0, 0, 0);
      const msg = message(CASE, V1, ZERO, w.employer.address);
      await expect(anchor(w, msg, await signBoth(w, msg)))
        .to.be.revertedWithCustomError(w.ledger, "CasesNotOpen")
        .withArgs(CASE, CaseStatus.Closed);
    });

    describe("signature checks", function () {
      it("rejects a wrong signer in the agency's place and in the employer's place", async function () {
        const w = await open();
        const msg = message(CASE, V1, ZERO, w.employer.address);
        await expect(anchor(w, msg, await signBoth(w, msg, { agency: w.agency2 })))
          .to.be.revertedWithCustomError(w.ledger, "CasesInvalidSignature")
          .withArgs(w.agency.address, w.agency2.address);
        await expect(anchor(w, msg, await signBoth(w, msg, { employer: w.employer2 })))
          .to.be.revertedWithCustomError(w.ledger, "CasesInvalidSignature")
          .withArgs(w.employer.address, w.employer2.address);
      });

      it("rejects swapped signatures", async function () {
        const w = await open();
        const msg = message(CASE, V1, ZERO, w.employer.address);
        const [agencySig, employerSig] = await signBoth(w, msg);
        await expect(anchor(w, msg, [employerSig, agencySig]))
          .to.be.revertedWithCustomError(w.ledger, "CasesInvalidSignature")
          .withArgs(w.agency.address, w.employer.address);
      });

      it("rejects a malformed signature", async function () {
        const w = await open();
        const msg = message(CASE, V1, ZERO, w.employer.address);
        const [, employerSig] = await signBoth(w, msg);
        await expect(anchor(w, msg, ["0x1234", employerSig]))
          .to.be.revertedWithCustomError(w.ledger, "CasesInvalidSignature")
          .withArgs(w.agency.address, ethers.ZeroAddress);
      });

      it("rejects signatures over another message (other employer named)", async function () {
        const w = await open();
        const signed = message(CASE, V1, ZERO, w.employer2.address);
        const sigs = await signBoth(w, signed);
        const submitted = message(CASE, V1, ZERO, w.employer.address);
        await expect(anchor(w, submitted, sigs))
          .to.be.revertedWithCustomError(w.ledger, "CasesInvalidSignature")
          .withArgs(w.agency.address, await recoveredOnLedger(w, submitted, sigs[0]));
      });

      it("rejects a replay into another case", async function () {
        const w = await withV1();
        const CASE2 = h("case 2");
        await w.ledger.connect(w.agency).openCase(CASE2, PHSA);
        const signed = message(CASE, V2, ZERO, w.employer.address);
        const sigs = await signBoth(w, signed);
        const replayed = message(CASE2, V2, ZERO, w.employer.address);
        await expect(anchor(w, replayed, sigs))
          .to.be.revertedWithCustomError(w.ledger, "CasesInvalidSignature")
          .withArgs(w.agency.address, await recoveredOnLedger(w, replayed, sigs[0]));
      });

      it("rejects a replay from a second deployment (cross-contract)", async function () {
        const w = await open();
        const other = await secondDeployment(w);
        const msg = message(CASE, V1, ZERO, w.employer.address);
        const sigs = await signBoth(w, msg, {
          verifyingContract: await other.getAddress(),
        });
        await expect(other.anchorEmploymentContract(CASE, V1, ZERO, w.employer.address, ...sigs)).to.emit(
          other,
          "EmploymentContractAnchored",
        ); // valid where it was signed…
        await expect(anchor(w, msg, sigs)) // …and refused here
          .to.be.revertedWithCustomError(w.ledger, "CasesInvalidSignature")
          .withArgs(w.agency.address, await recoveredOnLedger(w, msg, sigs[0]));
      });

      it("rejects signatures made for another chain id (cross-chain)", async function () {
        const w = await open();
        const msg = message(CASE, V1, ZERO, w.employer.address);
        const here = (await ethers.provider.getNetwork()).chainId;
        const sigs = await signBoth(w, msg, { chainId: here + 1n });
        await expect(anchor(w, msg, sigs))
          .to.be.revertedWithCustomError(w.ledger, "CasesInvalidSignature")
          .withArgs(w.agency.address, await recoveredOnLedger(w, msg, sigs[0]));
      });

      it("rejects a replay of the same signatures in the same case", async function () {
        const w = await open();
        const msg = message(CASE, V1, ZERO, w.employer.address);
        const sigs = await signBoth(w, msg);
        await anchor(w, msg, sigs);
        await expect(anchor(w, msg, sigs))
          .to.be.revertedWithCustomError(w.ledger, "CasesNotLatestContract")
          .withArgs(CASE, V1, ZERO);
      });
    });
  });

  describe("recordFeeReceipt", function () {
    it("records worker- and employer-paid receipts and anchors them", async function () {
      const { ledger, agency } = await open();
      const R1 = h("receipt 1");
      await expectChange(ledger.connect(agency).recordFeeReceipt(CASE, R1, Payer.Employer, 150_00, USD, 2), ledger, {
        event: ["FeeReceiptRecorded", CASE, R1, Payer.Employer, 150_00, USD, 2],
        state: async () => {
          expectFields(await ledger.caseOf(CASE), {
            receiptCount: 1n,
            employerPaidTotal: 15000n,
            workerPaidTotal: 0n,
          });
          expectFields(await ledger.recordOf(agency.address, R1), {
            issuer: agency.address,
            kind: BigInt(RecordKind.FeeReceipt),
            status: BigInt(RecordStatus.Active),
          });
        },
      });
      await ledger.connect(agency).recordFeeReceipt(CASE, h("receipt 2"), Payer.Worker, 7, USD, 1);
      expectFields(await ledger.caseOf(CASE), {
        receiptCount: 2n,
        employerPaidTotal: 15000n,
        workerPaidTotal: 7n,
      });
    });

    it("refuses a currency other than the corridor's", async function () {
      const { ledger, agency } = await open();
      await expect(ledger.connect(agency).recordFeeReceipt(CASE, h("r"), Payer.Worker, 1, INR, 1))
        .to.be.revertedWithCustomError(ledger, "CasesCurrencyMismatch")
        .withArgs(USD, INR);
    });

    it("refuses a zero amount, a zero or reused receipt hash", async function () {
      const { ledger, agency } = await open();
      await expect(
        ledger.connect(agency).recordFeeReceipt(CASE, h("r"), Payer.Worker, 0, USD, 1),
      ).to.be.revertedWithCustomError(ledger, "CasesZeroValue");
      await expect(
        ledger.connect(agency).recordFeeReceipt(CASE, ZERO, Payer.Worker, 1, USD, 1),
      ).to.be.revertedWithCustomError(ledger, "RecordsZeroHash");
      await ledger.connect(agency).recordFeeReceipt(CASE, h("r"), Payer.Worker, 1, USD, 1);
      await expect(ledger.connect(agency).recordFeeReceipt(CASE, h("r"), Payer.Worker, 1, USD, 1))
        .to.be.revertedWithCustomError(ledger, "RecordsAlreadyAnchored")
        .withArgs(agency.address, h("r"));
    });

    for (const role of ["agency2", "authorityPH", "employer", "insurer", "inspector", "admin", "stranger"] as const) {
      it(`refuses the ${role}, who is not the case's agency`, async function () {
        const w = await open();
        await expect(w.ledger.connect(w[role]).recordFeeReceipt(CASE, h("r"), Payer.Worker, 1, USD, 1))
          .to.be.revertedWithCustomError(w.ledger, "CasesNotCaseAgency")
          .withArgs(CASE, w.agency.address);
      });
    }

    it("refuses while the case's agency is suspended, and records again once it is reinstated", async function () {
      const { ledger, agency, authorityPH } = await open();
      await ledger.connect(authorityPH).suspendLicence(agency.address, 1);
      await expect(ledger.connect(agency).recordFeeReceipt(CASE, h("r"), Payer.Worker, 1, USD, 1))
        .to.be.revertedWithCustomError(ledger, "LicensingNotLicensed")
        .withArgs(agency.address);
      await ledger.connect(authorityPH).reinstateLicence(agency.address);
      await expect(ledger.connect(agency).recordFeeReceipt(CASE, h("r"), Payer.Worker, 1, USD, 1)).to.emit(
        ledger,
        "FeeReceiptRecorded",
      );
    });

    it("refuses once the case's agency's licence has expired (block time)", async function () {
      const w = await open();
      await time.increaseTo(w.licenceUntil + 1);
      await expect(w.ledger.connect(w.agency).recordFeeReceipt(CASE, h("r"), Payer.Worker, 1, USD, 1))
        .to.be.revertedWithCustomError(w.ledger, "LicensingNotLicensed")
        .withArgs(w.agency.address);
    });

    it("refuses an unknown or closed case", async function () {
      const { ledger, agency } = await open();
      await expect(ledger.connect(agency).recordFeeReceipt(h("nope"), h("r"), Payer.Worker, 1, USD, 1))
        .to.be.revertedWithCustomError(ledger, "CasesUnknownCase")
        .withArgs(h("nope"));
      await ledger.connect(agency).closeCase(CASE, ZERO, 0, 0, 0);
      await expect(ledger.connect(agency).recordFeeReceipt(CASE, h("r"), Payer.Worker, 1, USD, 1))
        .to.be.revertedWithCustomError(ledger, "CasesNotOpen")
        .withArgs(CASE, CaseStatus.Closed);
    });
  });

  describe("closeCase", function () {
    const ROOT = h("receipts root");

    it("closes within an Employer Pays policy (worker paid nothing)", async function () {
      const { ledger, agency } = await open();
      await ledger.connect(agency).recordFeeReceipt(CASE, h("r1"), Payer.Employer, 500, USD, 1);
      const tx = ledger.connect(agency).closeCase(CASE, ROOT, 1, 0, 500);
      await expectChange(tx, ledger, {
        event: ["CaseClosed", CASE, ROOT, 0, 500],
        state: async () =>
          expectFields(await ledger.caseOf(CASE), {
            status: BigInt(CaseStatus.Closed),
            receiptsRoot: ROOT,
            closedAt: BigInt(await time.latest()),
          }),
      });
      await expect(tx).not.to.emit(ledger, "CaseClosedInBreach");
    });

    it("records a worker-paid fee under Employer Pays as ClosedInBreach, with an event", async function () {
      const { ledger, agency } = await open();
      await ledger.connect(agency).recordFeeReceipt(CASE, h("r1"), Payer.Worker, 1, USD, 1);
      const tx = ledger.connect(agency).closeCase(CASE, ROOT, 1, 1, 0);
      await expectChange(tx, ledger, {
        event: ["CaseClosedInBreach", CASE, agency.address, PHSA, ROOT, 1, 0],
        state: async () => expect((await ledger.caseOf(CASE)).status).to.equal(CaseStatus.ClosedInBreach),
      });
      await expect(tx).not.to.emit(ledger, "CaseClosed");
    });

    it("applies a legal cap: exactly the cap is within policy, one unit more is a breach", async function () {
      const { ledger, agencyIN } = await open();
      await ledger.connect(agencyIN).recordFeeReceipt(CASE_IN, h("in r1"), Payer.Worker, INDIA_CAP, INR, 1);
      await expect(ledger.connect(agencyIN).closeCase(CASE_IN, ROOT, 1, INDIA_CAP, 0))
        .to.emit(ledger, "CaseClosed")
        .withArgs(CASE_IN, ROOT, INDIA_CAP, 0);

      await ledger.connect(agencyIN).openCase(h("case IN 2"), INSA);
      await ledger.connect(agencyIN).recordFeeReceipt(h("case IN 2"), h("in r2"), Payer.Worker, INDIA_CAP + 1n, INR, 1);
      await expect(ledger.connect(agencyIN).closeCase(h("case IN 2"), ROOT, 1, INDIA_CAP + 1n, 0))
        .to.emit(ledger, "CaseClosedInBreach")
        .withArgs(h("case IN 2"), agencyIN.address, INSA, ROOT, INDIA_CAP + 1n, INDIA_CAP);
    });

    it("refuses totals that differ from the recorded receipts", async function () {
      const { ledger, agency } = await open();
      await ledger.connect(agency).recordFeeReceipt(CASE, h("r1"), Payer.Worker, 3, USD, 1);
      await ledger.connect(agency).recordFeeReceipt(CASE, h("r2"), Payer.Employer, 4, USD, 1);
      for (const [count, worker, employer] of [
        [1, 3, 4],
        [2, 0, 4],
        [2, 3, 0],
      ]) {
        await expect(ledger.connect(agency).closeCase(CASE, ROOT, count!, worker!, employer!))
          .to.be.revertedWithCustomError(ledger, "CasesTotalsMismatch")
          .withArgs(2, 3, 4);
      }
    });

    it("refuses while the case's agency is suspended: the case stays open until it is reinstated", async function () {
      const { ledger, agency, authorityPH } = await open();
      await ledger.connect(authorityPH).suspendLicence(agency.address, 1);
      await expect(ledger.connect(agency).closeCase(CASE, ROOT, 0, 0, 0))
        .to.be.revertedWithCustomError(ledger, "LicensingNotLicensed")
        .withArgs(agency.address);
      expect((await ledger.caseOf(CASE)).status).to.equal(CaseStatus.Open);
      await ledger.connect(authorityPH).reinstateLicence(agency.address);
      await expect(ledger.connect(agency).closeCase(CASE, ROOT, 0, 0, 0))
        .to.emit(ledger, "CaseClosed")
        .withArgs(CASE, ROOT, 0, 0);
    });

    it("refuses once the case's agency's licence has expired (block time)", async function () {
      const w = await open();
      await time.increaseTo(w.licenceUntil + 1);
      await expect(w.ledger.connect(w.agency).closeCase(CASE, ROOT, 0, 0, 0))
        .to.be.revertedWithCustomError(w.ledger, "LicensingNotLicensed")
        .withArgs(w.agency.address);
    });

    it("refuses closing twice, an unknown case and anyone but the case's agency", async function () {
      const w = await open();
      await expect(w.ledger.connect(w.agency2).closeCase(CASE, ROOT, 0, 0, 0))
        .to.be.revertedWithCustomError(w.ledger, "CasesNotCaseAgency")
        .withArgs(CASE, w.agency.address);
      await expect(w.ledger.connect(w.agency).closeCase(h("nope"), ROOT, 0, 0, 0))
        .to.be.revertedWithCustomError(w.ledger, "CasesUnknownCase")
        .withArgs(h("nope"));
      await w.ledger.connect(w.agency).recordFeeReceipt(CASE, h("r1"), Payer.Worker, 1, USD, 1);
      await w.ledger.connect(w.agency).closeCase(CASE, ROOT, 1, 1, 0);
      await expect(w.ledger.connect(w.agency).closeCase(CASE, ROOT, 1, 1, 0))
        .to.be.revertedWithCustomError(w.ledger, "CasesNotOpen")
        .withArgs(CASE, CaseStatus.ClosedInBreach);
    });
  });

  describe("anchorInsurance", function () {
    const POLICY = h("insurance policy");

    it("anchors the policy hash against a case", async function () {
      const { ledger, insurer } = await open();
      const until = (await time.latest()) + YEAR;
      await expectChange(ledger.connect(insurer).anchorInsurance(CASE, POLICY, until), ledger, {
        event: ["InsuranceAnchored", CASE, POLICY, insurer.address, until],
        state: async () => {
          expectFields(await ledger.insuranceOf(CASE), {
            policyHash: POLICY,
            insurer: insurer.address,
            coverUntil: BigInt(until),
          });
          expectFields(await ledger.recordOf(insurer.address, POLICY), {
            issuer: insurer.address,
            kind: BigInt(RecordKind.InsurancePolicy),
          });
        },
      });
    });

    it("refuses an unknown case, a cover that already ended and a zero policy hash", async function () {
      const { ledger, insurer } = await open();
      const now = await time.latest();
      await expect(ledger.connect(insurer).anchorInsurance(h("nope"), POLICY, now + YEAR))
        .to.be.revertedWithCustomError(ledger, "CasesUnknownCase")
        .withArgs(h("nope"));
      await time.setNextBlockTimestamp(now + 10);
      await expect(ledger.connect(insurer).anchorInsurance(CASE, POLICY, now + 10))
        .to.be.revertedWithCustomError(ledger, "CasesCoverEnded")
        .withArgs(now + 10);
      await expect(ledger.connect(insurer).anchorInsurance(CASE, ZERO, now + YEAR)).to.be.revertedWithCustomError(
        ledger,
        "RecordsZeroHash",
      );
    });

    it("refuses an insurer its granting authority revoked", async function () {
      const { ledger, insurer, authorityPH } = await open();
      await ledger.connect(authorityPH).revokeInsurer(insurer.address);
      await expect(ledger.connect(insurer).anchorInsurance(CASE, POLICY, (await time.latest()) + YEAR))
        .to.be.revertedWithCustomError(ledger, "CasesNotInsurer")
        .withArgs(insurer.address);
    });

    for (const role of ["admin", "authorityPH", "agency", "employer", "inspector", "stranger"] as const) {
      it(`refuses the ${role}, who is not an insurer`, async function () {
        const w = await open();
        await expect(w.ledger.connect(w[role]).anchorInsurance(CASE, POLICY, 2n ** 40n))
          .to.be.revertedWithCustomError(w.ledger, "CasesNotInsurer")
          .withArgs(w[role].address);
      });
    }

    it("confines an insurer to its granting authority's corridors (the attack: another country's key)", async function () {
      const { ledger, insurer, authorityIN, authorityPH, stranger } = await open();
      const until = (await time.latest()) + YEAR;
      await ledger.connect(insurer).anchorInsurance(CASE, POLICY, until);
      // IN's authority grants a new key; that key tries to cut the PH→SA case's cover to one day…
      await ledger.connect(authorityIN).grantInsurer(stranger.address);
      const oneDay = (await time.latest()) + 24 * 3600;
      await expect(ledger.connect(stranger).anchorInsurance(CASE, h("one-day policy"), oneDay))
        .to.be.revertedWithCustomError(ledger, "CasesInsurerOutsideCorridor")
        .withArgs(stranger.address, IN, PHSA);
      // …to anchor an arbitrary record…
      await expect(ledger.connect(stranger).anchorRecord(h("arbitrary"), RecordKind.Credential))
        .to.be.revertedWithCustomError(ledger, "RecordsUnauthorizedAnchorer")
        .withArgs(stranger.address);
      // …and IN's authority tries to revoke PH's insurer.
      await expect(ledger.connect(authorityIN).revokeInsurer(insurer.address))
        .to.be.revertedWithCustomError(ledger, "GovernanceWrongJurisdiction")
        .withArgs(authorityIN.address, PH, IN);
      expectFields(await ledger.insuranceOf(CASE), {
        policyHash: POLICY,
        insurer: insurer.address,
        coverUntil: BigInt(until),
      });
      // The PH insurer, likewise, has no say over the IN→SA case.
      await expect(ledger.connect(insurer).anchorInsurance(CASE_IN, POLICY, until))
        .to.be.revertedWithCustomError(ledger, "CasesInsurerOutsideCorridor")
        .withArgs(insurer.address, PH, INSA);
      // The authority that granted the IN insurer can still revoke it.
      await expect(ledger.connect(authorityIN).revokeInsurer(stranger.address)).to.emit(ledger, "InsurerRevoked");
      await expect(ledger.connect(authorityPH).revokeInsurer(insurer.address)).to.emit(ledger, "InsurerRevoked");
    });

    it("lets an insurer of the destination country cover a case of the corridor", async function () {
      const { ledger, authoritySA, stranger } = await open();
      await ledger.connect(authoritySA).grantInsurer(stranger.address);
      const until = (await time.latest()) + YEAR;
      await expect(ledger.connect(stranger).anchorInsurance(CASE, POLICY, until))
        .to.emit(ledger, "InsuranceAnchored")
        .withArgs(CASE, POLICY, stranger.address, until);
    });

    it("lets only the insurer holding a cover in force replace it, never with an earlier end", async function () {
      const { ledger, insurer, authoritySA, stranger } = await open();
      const until = (await time.latest()) + YEAR;
      await ledger.connect(insurer).anchorInsurance(CASE, POLICY, until);
      await ledger.connect(authoritySA).grantInsurer(stranger.address);
      await expect(ledger.connect(stranger).anchorInsurance(CASE, h("other policy"), until + YEAR))
        .to.be.revertedWithCustomError(ledger, "CasesCoverHeldByOther")
        .withArgs(CASE, insurer.address);
      await expect(ledger.connect(insurer).anchorInsurance(CASE, h("shorter policy"), until - 1))
        .to.be.revertedWithCustomError(ledger, "CasesCoverShortened")
        .withArgs(CASE, until, until - 1);
      const POLICY2 = h("renewed policy");
      await expectChange(ledger.connect(insurer).anchorInsurance(CASE, POLICY2, until + YEAR), ledger, {
        event: ["InsuranceAnchored", CASE, POLICY2, insurer.address, until + YEAR],
        state: async () =>
          expectFields(await ledger.insuranceOf(CASE), {
            policyHash: POLICY2,
            coverUntil: BigInt(until + YEAR),
          }),
      });
    });

    it("lets another insurer of the corridor replace a cover that ended or whose insurer was revoked", async function () {
      const { ledger, insurer, authoritySA, stranger } = await open();
      await ledger.connect(authoritySA).grantInsurer(stranger.address);
      const now = await time.latest();
      await ledger.connect(insurer).anchorInsurance(CASE, POLICY, now + 100);
      await time.increaseTo(now + 100);
      await expect(ledger.connect(stranger).anchorInsurance(CASE, h("after the end"), now + YEAR))
        .to.emit(ledger, "InsuranceAnchored")
        .withArgs(CASE, h("after the end"), stranger.address, now + YEAR);

      // The cover in force is now the SA insurer's; once its authority revokes it, PH's insurer may take over.
      await ledger.connect(authoritySA).revokeInsurer(stranger.address);
      await expect(ledger.connect(insurer).anchorInsurance(CASE, h("after the revocation"), now + 2 * YEAR))
        .to.emit(ledger, "InsuranceAnchored")
        .withArgs(CASE, h("after the revocation"), insurer.address, now + 2 * YEAR);
    });
  });

  describe("flagCase", function () {
    const FINDING = h("inspection finding");

    it("records an inspector's finding on an open or closed case", async function () {
      const { ledger, inspector, agency } = await open();
      await expect(ledger.connect(inspector).flagCase(CASE, FINDING))
        .to.emit(ledger, "CaseFlagged")
        .withArgs(CASE, inspector.address, FINDING);
      await ledger.connect(agency).closeCase(CASE, ZERO, 0, 0, 0);
      await expect(ledger.connect(inspector).flagCase(CASE, FINDING))
        .to.emit(ledger, "CaseFlagged")
        .withArgs(CASE, inspector.address, FINDING);
    });

    it("refuses an unknown case and a zero finding", async function () {
      const { ledger, inspector } = await open();
      await expect(ledger.connect(inspector).flagCase(h("nope"), FINDING))
        .to.be.revertedWithCustomError(ledger, "CasesUnknownCase")
        .withArgs(h("nope"));
      await expect(ledger.connect(inspector).flagCase(CASE, ZERO)).to.be.revertedWithCustomError(
        ledger,
        "CasesZeroValue",
      );
    });

    shouldRequireRole(
      open,
      (w) => w.ledger.INSPECTOR_ROLE(),
      (w) => (s) => w.ledger.connect(s).flagCase(CASE, FINDING),
      ["admin", "authorityPH", "agency", "employer", "insurer", "stranger"],
    );
  });
});
