import { expect } from "chai";
import { artifacts, ethers } from "hardhat";
import type { FunctionFragment } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  ADMIN_DELAY,
  IN,
  INR,
  PH,
  PHSA,
  SA,
  USD,
  authoritiesFixture,
  code,
  corridor,
  deployedFixture,
} from "../helpers/fixtures";
import { shouldRequireAdmin, shouldRequireAuthority } from "../helpers/behaviours";
import { expectChange, expectFields } from "../helpers/expect-change";

const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;
const deployed = () => loadFixture(deployedFixture);
const authorities = () => loadFixture(authoritiesFixture);

describe("ConsortiumGovernance", function () {
  describe("consortium admin (AccessControlDefaultAdminRules)", function () {
    it("starts with the constructor's admin and hand-over delay", async function () {
      const { ledger, admin } = await deployed();
      expect(await ledger.defaultAdmin()).to.equal(admin.address);
      expect(await ledger.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(true);
      expect(await ledger.defaultAdminDelay()).to.equal(ADMIN_DELAY);
    });

    it("hands over only in two steps, after the delay, to the named account", async function () {
      const { ledger, admin, newAdmin, stranger } = await deployed();
      await expect(ledger.connect(admin).beginDefaultAdminTransfer(newAdmin.address)).to.emit(
        ledger,
        "DefaultAdminTransferScheduled",
      );
      const [pending, schedule] = await ledger.pendingDefaultAdmin();
      expect(pending).to.equal(newAdmin.address);
      expect(schedule).to.equal((await time.latest()) + ADMIN_DELAY);

      await expect(ledger.connect(newAdmin).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(ledger, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(schedule);
      await expect(ledger.connect(stranger).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(ledger, "AccessControlInvalidDefaultAdmin")
        .withArgs(stranger.address);

      // OpenZeppelin's schedule is exclusive: at exactly `schedule` the hand-over is still refused.
      await time.setNextBlockTimestamp(schedule);
      await expect(ledger.connect(newAdmin).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(ledger, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(schedule);
      await time.setNextBlockTimestamp(schedule + 1n);
      await expect(ledger.connect(newAdmin).acceptDefaultAdminTransfer())
        .to.emit(ledger, "RoleRevoked")
        .withArgs(DEFAULT_ADMIN_ROLE, admin.address, newAdmin.address)
        .and.to.emit(ledger, "RoleGranted")
        .withArgs(DEFAULT_ADMIN_ROLE, newAdmin.address, newAdmin.address);
      expect(await ledger.defaultAdmin()).to.equal(newAdmin.address);
      expect(await ledger.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(false);
      await expect(ledger.connect(admin).registerAuthority(stranger.address, PH))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
    });

    it("lets the admin cancel a scheduled hand-over", async function () {
      const { ledger, admin, newAdmin } = await deployed();
      await ledger.connect(admin).beginDefaultAdminTransfer(newAdmin.address);
      await expect(ledger.connect(admin).cancelDefaultAdminTransfer()).to.emit(ledger, "DefaultAdminTransferCanceled");
      await time.increase(ADMIN_DELAY + 1);
      await expect(ledger.connect(newAdmin).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(ledger, "AccessControlInvalidDefaultAdmin")
        .withArgs(newAdmin.address);
    });

    it("refuses a silent take-over through grantRole(DEFAULT_ADMIN_ROLE)", async function () {
      const { ledger, admin, newAdmin } = await deployed();
      await expect(ledger.connect(admin).grantRole(DEFAULT_ADMIN_ROLE, newAdmin.address)).to.be.revertedWithCustomError(
        ledger,
        "AccessControlEnforcedDefaultAdminRules",
      );
    });

    it("refuses a hand-over started by anyone but the admin", async function () {
      const { ledger, authorityPH, stranger } = await authorities();
      for (const signer of [authorityPH, stranger]) {
        await expect(ledger.connect(signer).beginDefaultAdminTransfer(signer.address))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(signer.address, DEFAULT_ADMIN_ROLE);
      }
    });
  });

  describe("inherited OpenZeppelin surface", function () {
    /** ERC-165 id of an interface: XOR of the selectors it declares itself (not those it inherits). */
    async function interfaceId(name: string, inherited: string[] = []): Promise<string> {
      const selectors = async (n: string) =>
        new ethers.Interface((await artifacts.readArtifact(n)).abi).fragments
          .filter((f): f is FunctionFragment => f.type === "function")
          .map((f) => f.selector);
      const excluded = new Set((await Promise.all(inherited.map(selectors))).flat());
      const own = (await selectors(name)).filter((sel) => !excluded.has(sel));
      const id = own.reduce((acc, sel) => acc ^ Number.parseInt(sel.slice(2), 16), 0) >>> 0;
      return "0x" + id.toString(16).padStart(8, "0");
    }

    it("reports ERC-165 support for AccessControl and the default-admin rules, nothing else", async function () {
      const { ledger } = await deployed();
      expect(await ledger.supportsInterface("0x01ffc9a7")).to.equal(true);
      expect(await ledger.supportsInterface(await interfaceId("IAccessControl"))).to.equal(true);
      expect(
        await ledger.supportsInterface(await interfaceId("IAccessControlDefaultAdminRules", ["IAccessControl"])),
      ).to.equal(true);
      expect(await ledger.supportsInterface("0xffffffff")).to.equal(false);
    });

    it("publishes its EIP-712 domain (ERC-5267) for signers", async function () {
      const { ledger, address } = await deployed();
      const domain = await ledger.eip712Domain();
      expect(domain.name).to.equal("FairLedger");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
      expect(domain.verifyingContract).to.equal(address);
    });

    it("exposes the admin as owner() and as the admin of every role", async function () {
      const { ledger, admin } = await deployed();
      expect(await ledger.owner()).to.equal(admin.address);
      for (const role of [await ledger.INSPECTOR_ROLE(), DEFAULT_ADMIN_ROLE]) {
        expect(await ledger.getRoleAdmin(role)).to.equal(DEFAULT_ADMIN_ROLE);
      }
      expect(await ledger.INSPECTOR_ROLE()).to.equal(ethers.id("INSPECTOR_ROLE"));
    });

    it("lets the admin revoke an inspector and an inspector renounce its own role", async function () {
      const { ledger, admin, inspector } = await authorities();
      const inspectorRole = await ledger.INSPECTOR_ROLE();
      await expect(ledger.connect(admin).revokeRole(inspectorRole, inspector.address))
        .to.emit(ledger, "RoleRevoked")
        .withArgs(inspectorRole, inspector.address, admin.address);
      await ledger.connect(admin).grantRole(inspectorRole, inspector.address);
      await expect(ledger.connect(inspector).renounceRole(inspectorRole, inspector.address))
        .to.emit(ledger, "RoleRevoked")
        .withArgs(inspectorRole, inspector.address, inspector.address);
      expect(await ledger.hasRole(inspectorRole, inspector.address)).to.equal(false);
    });

    it("gives the admin's AccessControl no insurer role to hand out: insurers exist only per jurisdiction", async function () {
      const { ledger, admin, stranger } = await authorities();
      // A role id the admin could grant through AccessControl confers nothing: anchorInsurance asks for a
      // jurisdiction granted by an authority.
      await ledger.connect(admin).grantRole(ethers.id("INSURER_ROLE"), stranger.address);
      expect(await ledger.insurerJurisdiction(stranger.address)).to.equal("0x0000");
    });

    it("changes the hand-over delay only through a scheduled change, which can be rolled back", async function () {
      const { ledger, admin, stranger } = await deployed();
      await expect(ledger.connect(stranger).changeDefaultAdminDelay(1))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
      await expect(ledger.connect(admin).changeDefaultAdminDelay(60)).to.emit(
        ledger,
        "DefaultAdminDelayChangeScheduled",
      );
      const [newDelay] = await ledger.pendingDefaultAdminDelay();
      expect(newDelay).to.equal(60);
      expect(await ledger.defaultAdminDelay()).to.equal(ADMIN_DELAY); // not yet in force
      await expect(ledger.connect(admin).rollbackDefaultAdminDelay()).to.emit(
        ledger,
        "DefaultAdminDelayChangeCanceled",
      );
      expect((await ledger.pendingDefaultAdminDelay())[0]).to.equal(0);
      expect(await ledger.defaultAdminDelayIncreaseWait()).to.equal(5 * 24 * 3600);
    });
  });

  describe("registerAuthority", function () {
    it("registers an authority for its jurisdiction", async function () {
      const { ledger, admin, authorityPH } = await deployed();
      await expectChange(ledger.connect(admin).registerAuthority(authorityPH.address, PH), ledger, {
        event: ["AuthorityRegistered", authorityPH.address, PH],
        state: async () => expect(await ledger.authorityJurisdiction(authorityPH.address)).to.equal(PH),
      });
    });

    it("rejects the zero address", async function () {
      const { ledger, admin } = await deployed();
      await expect(ledger.connect(admin).registerAuthority(ethers.ZeroAddress, PH)).to.be.revertedWithCustomError(
        ledger,
        "GovernanceZeroAddress",
      );
    });

    for (const bad of ["ph", "pH", "Ph", "P1", "@A", "A[", "\0\0"]) {
      it(`rejects the jurisdiction code ${JSON.stringify(bad)}`, async function () {
        const { ledger, admin, authorityPH } = await deployed();
        await expect(ledger.connect(admin).registerAuthority(authorityPH.address, code(bad)))
          .to.be.revertedWithCustomError(ledger, "GovernanceInvalidJurisdiction")
          .withArgs(code(bad));
      });
    }

    it("rejects an account already registered", async function () {
      const { ledger, admin, authorityPH } = await authorities();
      await expect(ledger.connect(admin).registerAuthority(authorityPH.address, SA))
        .to.be.revertedWithCustomError(ledger, "GovernanceAlreadyRegistered")
        .withArgs(authorityPH.address, PH);
    });

    shouldRequireAdmin(authorities, (w) => (s) => w.ledger.connect(s).registerAuthority(w.stranger.address, PH));
  });

  describe("removeAuthority", function () {
    it("removes an authority, which then can no longer act", async function () {
      const { ledger, admin, authorityPH, stranger } = await authorities();
      await expectChange(ledger.connect(admin).removeAuthority(authorityPH.address), ledger, {
        event: ["AuthorityRemoved", authorityPH.address, PH],
        state: async () => expect(await ledger.authorityJurisdiction(authorityPH.address)).to.equal("0x0000"),
      });
      await expect(ledger.connect(authorityPH).registerEmployer(stranger.address))
        .to.be.revertedWithCustomError(ledger, "GovernanceNotAuthority")
        .withArgs(authorityPH.address);
    });

    it("rejects an account that is not an authority", async function () {
      const { ledger, admin, stranger } = await authorities();
      await expect(ledger.connect(admin).removeAuthority(stranger.address))
        .to.be.revertedWithCustomError(ledger, "GovernanceNotRegistered")
        .withArgs(stranger.address);
    });

    shouldRequireAdmin(authorities, (w) => (s) => w.ledger.connect(s).removeAuthority(w.authoritySA.address));
  });

  describe("registerEmployer / deregisterEmployer", function () {
    it("registers an employer in the calling authority's jurisdiction", async function () {
      const { ledger, authoritySA, stranger } = await authorities();
      await expectChange(ledger.connect(authoritySA).registerEmployer(stranger.address), ledger, {
        event: ["EmployerRegistered", stranger.address, SA, authoritySA.address],
        state: async () => expect(await ledger.employerJurisdiction(stranger.address)).to.equal(SA),
      });
    });

    it("rejects the zero address and an employer already registered", async function () {
      const { ledger, authoritySA, authorityPH, employer } = await authorities();
      await expect(ledger.connect(authoritySA).registerEmployer(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        ledger,
        "GovernanceZeroAddress",
      );
      await expect(ledger.connect(authorityPH).registerEmployer(employer.address))
        .to.be.revertedWithCustomError(ledger, "GovernanceAlreadyRegistered")
        .withArgs(employer.address, SA);
    });

    it("deregisters an employer of the caller's jurisdiction", async function () {
      const { ledger, authoritySA, employer } = await authorities();
      await expectChange(ledger.connect(authoritySA).deregisterEmployer(employer.address), ledger, {
        event: ["EmployerDeregistered", employer.address, SA, authoritySA.address],
        state: async () => expect(await ledger.employerJurisdiction(employer.address)).to.equal("0x0000"),
      });
    });

    it("refuses deregistration by an authority of the wrong jurisdiction", async function () {
      const { ledger, authorityPH, employer } = await authorities();
      await expect(ledger.connect(authorityPH).deregisterEmployer(employer.address))
        .to.be.revertedWithCustomError(ledger, "GovernanceWrongJurisdiction")
        .withArgs(authorityPH.address, SA, PH);
    });

    it("rejects deregistering an unknown employer", async function () {
      const { ledger, authoritySA, stranger } = await authorities();
      await expect(ledger.connect(authoritySA).deregisterEmployer(stranger.address))
        .to.be.revertedWithCustomError(ledger, "GovernanceNotRegistered")
        .withArgs(stranger.address);
    });

    shouldRequireAuthority(authorities, (w) => (s) => w.ledger.connect(s).registerEmployer(w.stranger.address));
    shouldRequireAuthority(authorities, (w) => (s) => w.ledger.connect(s).deregisterEmployer(w.employer.address));
  });

  describe("grantInsurer / revokeInsurer: an insurer belongs to the granting authority's jurisdiction", function () {
    it("lets an authority grant an insurer in its own jurisdiction and revoke it", async function () {
      const { ledger, authorityIN, stranger } = await authorities();
      await expectChange(ledger.connect(authorityIN).grantInsurer(stranger.address), ledger, {
        event: ["InsurerGranted", stranger.address, IN, authorityIN.address],
        state: async () => expect(await ledger.insurerJurisdiction(stranger.address)).to.equal(IN),
      });
      await expectChange(ledger.connect(authorityIN).revokeInsurer(stranger.address), ledger, {
        event: ["InsurerRevoked", stranger.address, IN, authorityIN.address],
        state: async () => expect(await ledger.insurerJurisdiction(stranger.address)).to.equal("0x0000"),
      });
    });

    it("refuses to revoke another country's insurer (the attack: IN's authority revoking PH's insurer)", async function () {
      const { ledger, authorityIN, authorityPH, insurer } = await authorities();
      await expect(ledger.connect(authorityIN).revokeInsurer(insurer.address))
        .to.be.revertedWithCustomError(ledger, "GovernanceWrongJurisdiction")
        .withArgs(authorityIN.address, PH, IN);
      expect(await ledger.insurerJurisdiction(insurer.address)).to.equal(PH);
      await expect(ledger.connect(authorityPH).revokeInsurer(insurer.address)).to.emit(ledger, "InsurerRevoked");
    });

    it("refuses to re-grant an insurer, from its own or another jurisdiction", async function () {
      const { ledger, authorityPH, authorityIN, insurer } = await authorities();
      for (const authority of [authorityPH, authorityIN]) {
        await expect(ledger.connect(authority).grantInsurer(insurer.address))
          .to.be.revertedWithCustomError(ledger, "GovernanceAlreadyRegistered")
          .withArgs(insurer.address, PH);
      }
    });

    it("refuses to revoke an account that is not an insurer", async function () {
      const { ledger, authorityPH, stranger } = await authorities();
      await expect(ledger.connect(authorityPH).revokeInsurer(stranger.address))
        .to.be.revertedWithCustomError(ledger, "GovernanceNotRegistered")
        .withArgs(stranger.address);
    });

    it("rejects the zero address", async function () {
      const { ledger, authorityPH } = await authorities();
      await expect(ledger.connect(authorityPH).grantInsurer(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        ledger,
        "GovernanceZeroAddress",
      );
    });

    shouldRequireAuthority(authorities, (w) => (s) => w.ledger.connect(s).grantInsurer(w.stranger.address));
    shouldRequireAuthority(authorities, (w) => (s) => w.ledger.connect(s).revokeInsurer(w.insurer.address));
  });

  describe("corridor fee policy: both countries must approve", function () {
    it("records a proposal as pending, approved by the proposer's side only", async function () {
      const { ledger, authorityPH } = await authorities();
      await expectChange(ledger.connect(authorityPH).proposeCorridorPolicy(PH, SA, 0, USD), ledger, {
        event: ["CorridorPolicyProposed", PHSA, PH, 0, USD],
        state: async () => {
          expectFields(await ledger.pendingFeePolicy(PHSA), {
            maxWorkerPaidFee: 0n,
            currency: USD,
            originApproved: true,
            destinationApproved: false,
          });
          expect((await ledger.feePolicy(PHSA)).activatedAt).to.equal(0);
        },
      });
    });

    it("activates the policy when the other side approves it exactly", async function () {
      const { ledger, authorityPH, authoritySA } = await authorities();
      await ledger.connect(authorityPH).proposeCorridorPolicy(PH, SA, 0, USD);
      await expectChange(ledger.connect(authoritySA).approveCorridorPolicy(PHSA, 0, USD), ledger, {
        event: ["CorridorPolicyActivated", PHSA, 0, USD],
        state: async () => {
          expectFields(await ledger.feePolicy(PHSA), {
            maxWorkerPaidFee: 0n,
            currency: USD,
            activatedAt: BigInt(await time.latest()),
          });
          expect((await ledger.pendingFeePolicy(PHSA)).currency).to.equal("0x000000");
        },
      });
    });

    it("activates when the destination proposes and the origin approves", async function () {
      const { ledger, authorityIN, authoritySA } = await authorities();
      const INSA = corridor("IN", "SA");
      await ledger.connect(authoritySA).proposeCorridorPolicy(IN, SA, 5, INR);
      expectFields(await ledger.pendingFeePolicy(INSA), {
        originApproved: false,
        destinationApproved: true,
      });
      await expect(ledger.connect(authorityIN).approveCorridorPolicy(INSA, 5, INR))
        .to.emit(ledger, "CorridorPolicyActivated")
        .withArgs(INSA, 5, INR);
    });

    it("refuses a second approval by the proposer's own side (either side)", async function () {
      const { ledger, authorityPH, authoritySA } = await authorities();
      await ledger.connect(authorityPH).proposeCorridorPolicy(PH, SA, 0, USD);
      await expect(ledger.connect(authorityPH).approveCorridorPolicy(PHSA, 0, USD))
        .to.be.revertedWithCustomError(ledger, "GovernanceAlreadyApproved")
        .withArgs(PHSA, PH);
      await ledger.connect(authoritySA).proposeCorridorPolicy(PH, SA, 0, USD);
      await expect(ledger.connect(authoritySA).approveCorridorPolicy(PHSA, 0, USD))
        .to.be.revertedWithCustomError(ledger, "GovernanceAlreadyApproved")
        .withArgs(PHSA, SA);
    });

    it("refuses an approval naming another cap or currency than the pending one", async function () {
      const { ledger, authorityPH, authoritySA } = await authorities();
      await ledger.connect(authorityPH).proposeCorridorPolicy(PH, SA, 0, USD);
      await expect(ledger.connect(authoritySA).approveCorridorPolicy(PHSA, 1, USD))
        .to.be.revertedWithCustomError(ledger, "GovernancePolicyMismatch")
        .withArgs(PHSA, 0, USD);
      await expect(ledger.connect(authoritySA).approveCorridorPolicy(PHSA, 0, INR))
        .to.be.revertedWithCustomError(ledger, "GovernancePolicyMismatch")
        .withArgs(PHSA, 0, USD);
    });

    it("refuses an approval when nothing is pending", async function () {
      const { ledger, authoritySA } = await authorities();
      await expect(ledger.connect(authoritySA).approveCorridorPolicy(PHSA, 0, USD))
        .to.be.revertedWithCustomError(ledger, "GovernanceNoPendingPolicy")
        .withArgs(PHSA);
    });

    it("refuses proposal and approval by an authority of a third country", async function () {
      const { ledger, authorityPH, authorityIN } = await authorities();
      await expect(ledger.connect(authorityIN).proposeCorridorPolicy(PH, SA, 0, USD))
        .to.be.revertedWithCustomError(ledger, "GovernanceWrongJurisdiction")
        .withArgs(authorityIN.address, PH, IN);
      await ledger.connect(authorityPH).proposeCorridorPolicy(PH, SA, 0, USD);
      await expect(ledger.connect(authorityIN).approveCorridorPolicy(PHSA, 0, USD))
        .to.be.revertedWithCustomError(ledger, "GovernanceWrongJurisdiction")
        .withArgs(authorityIN.address, SA, IN);
    });

    it("validates the corridor's codes and currency", async function () {
      const { ledger, authorityPH } = await authorities();
      await expect(ledger.connect(authorityPH).proposeCorridorPolicy(code("p1"), SA, 0, USD))
        .to.be.revertedWithCustomError(ledger, "GovernanceInvalidJurisdiction")
        .withArgs(code("p1"));
      await expect(ledger.connect(authorityPH).proposeCorridorPolicy(PH, code("sa"), 0, USD))
        .to.be.revertedWithCustomError(ledger, "GovernanceInvalidJurisdiction")
        .withArgs(code("sa"));
      for (const bad of ["usd", "uSD", "UsD", "US1"]) {
        await expect(ledger.connect(authorityPH).proposeCorridorPolicy(PH, SA, 0, code(bad)))
          .to.be.revertedWithCustomError(ledger, "GovernanceInvalidCurrency")
          .withArgs(code(bad));
      }
      await expect(ledger.connect(authorityPH).proposeCorridorPolicy(PH, PH, 0, USD))
        .to.be.revertedWithCustomError(ledger, "GovernanceSameCountryCorridor")
        .withArgs(PH);
    });

    it("computes corridor ids as origin ++ destination", async function () {
      const { ledger } = await deployed();
      expect(await ledger.corridorId(PH, SA)).to.equal(PHSA);
    });

    shouldRequireAuthority(authorities, (w) => (s) => w.ledger.connect(s).proposeCorridorPolicy(PH, SA, 0, USD));
    shouldRequireAuthority(authorities, (w) => (s) => w.ledger.connect(s).approveCorridorPolicy(PHSA, 0, USD));
  });
});
