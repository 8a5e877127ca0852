/**
 * Shared behaviours (after OpenZeppelin's shouldBehaveLike… helpers): a role boundary is declared once
 * and then tried with every account that must be refused.
 */
import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse } from "ethers";
import type { World } from "./fixtures";

type Call = (signer: HardhatEthersSigner) => Promise<ContractTransactionResponse>;
type RoleName = keyof Omit<World, "ledger" | "address">;

/**
 * Only a registered licensing authority may call: everyone else, including the consortium admin, is
 * refused with GovernanceNotAuthority(caller).
 */
export function shouldRequireAuthority(
  world: () => Promise<World>,
  call: (w: World) => Call,
  refused: RoleName[] = ["admin", "agency", "employer", "insurer", "inspector", "stranger"],
): void {
  describe("role boundary: licensing authorities only", function () {
    for (const role of refused) {
      it(`refuses the ${role} with GovernanceNotAuthority`, async function () {
        const w = await world();
        const signer = w[role];
        await expect(call(w)(signer))
          .to.be.revertedWithCustomError(w.ledger, "GovernanceNotAuthority")
          .withArgs(signer.address);
      });
    }
  });
}

/** Only holders of `role` may call: others get AccessControlUnauthorizedAccount(caller, role). */
export function shouldRequireRole(
  world: () => Promise<World>,
  roleId: (w: World) => Promise<string>,
  call: (w: World) => Call,
  refused: RoleName[],
): void {
  describe("role boundary: role holders only", function () {
    for (const role of refused) {
      it(`refuses the ${role} with AccessControlUnauthorizedAccount`, async function () {
        const w = await world();
        const signer = w[role];
        await expect(call(w)(signer))
          .to.be.revertedWithCustomError(w.ledger, "AccessControlUnauthorizedAccount")
          .withArgs(signer.address, await roleId(w));
      });
    }
  });
}

/** Only the consortium admin may call. */
export function shouldRequireAdmin(world: () => Promise<World>, call: (w: World) => Call): void {
  shouldRequireRole(world, async () => "0x" + "00".repeat(32), call, [
    "authorityPH",
    "agency",
    "employer",
    "insurer",
    "inspector",
    "stranger",
  ]);
}
