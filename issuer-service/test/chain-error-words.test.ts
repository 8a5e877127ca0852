/**
 * The ledger's refusals in plain words naming the parties: every custom error of the FairLedger ABI has a
 * template (one table, src/chain/error-words.ts), and a decoded revert's problem `detail` shows bytes2
 * jurisdictions as "PH", bytes4 corridors as "PH-SA", bytes3 currencies as "PHP" and times as ISO dates.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ErrorFragment, Interface, getAddress, makeError, type ParamType } from "ethers";
import { fairLedgerAbi } from "@fairledger/common";
import { CHAIN_ERROR_WORDS, describeChainError } from "../src/chain/error-words.ts";
import { toServiceError, withCallerContext } from "../src/chain/rpc-errors.ts";

const ledger = new Interface(fairLedgerAbi as never);
const errors = ledger.fragments.filter((f): f is ErrorFragment => ErrorFragment.isFragment(f));
const AGENCY = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

/** A sample value of each ABI type, as a revert would carry it. */
function sample(param: ParamType): unknown {
  if (param.type === "address") return AGENCY;
  if (param.type === "bytes2") return "0x5048"; // "PH"
  if (param.type === "bytes3") return "0x504850"; // "PHP"
  if (param.type === "bytes4") return "0x50485341"; // "PHSA"
  if (param.type === "bytes32") return `0x${"ab".repeat(32)}`;
  if (param.type === "string") return "x".repeat(40);
  if (param.type === "uint48") return 1_767_225_600n; // 2026-01-01T00:00:00Z
  if (param.type.startsWith("uint")) return 2n;
  throw new Error(`no sample for ${param.type}`);
}

function reverted(name: string, args: unknown[]) {
  const data = ledger.encodeErrorResult(name, args);
  return toServiceError(makeError("execution reverted", "CALL_EXCEPTION", { data } as never));
}

describe("chain errors in plain words", () => {
  it("every custom error in the ABI (common/abi/FairLedger.json) has a template, and no template is for an error the ABI lacks", () => {
    const inAbi = errors.map((e) => e.name).sort();
    assert.deepEqual(
      inAbi.filter((name) => !(name in CHAIN_ERROR_WORDS)),
      [],
      "errors without a template",
    );
    assert.deepEqual(
      Object.keys(CHAIN_ERROR_WORDS).filter((name) => !inAbi.includes(name)),
      [],
      "templates of no ABI error",
    );
  });

  for (const fragment of errors) {
    it(`${fragment.name}: a decoded revert reads as words, with no raw bytes2/3/4 hex and no "undefined"`, () => {
      const failure = reverted(fragment.name, fragment.inputs.map(sample));
      assert.equal(failure.code, "ERR_CHAIN_REJECTED");
      assert.equal(failure.extensions.chainError, fragment.name);
      assert.doesNotMatch(failure.message, /undefined|ledger rejected the transaction/);
      assert.doesNotMatch(failure.message, /0x5048\b|0x504850\b|0x50485341\b/);
      if (fragment.inputs.some((p) => p.type === "uint48")) assert.match(failure.message, /2026-01-01T00:00:00Z/);
      if (fragment.inputs.some((p) => p.type === "bytes4")) assert.match(failure.message, /PH-SA/);
    });
  }

  it("LicensingForeignAgency(agency, 0x5048) from an SA authority names both countries", () => {
    const failure = withCallerContext(reverted("LicensingForeignAgency", [AGENCY, "0x5048"]), {
      callerJurisdiction: "SA",
    }) as Error;
    assert.equal(failure.message, `agency ${getAddress(AGENCY)} is licensed by PH, not by SA`);
  });

  it("GovernanceWrongJurisdiction names the account's country and the one required", () => {
    assert.equal(
      describeChainError("GovernanceWrongJurisdiction", [AGENCY, "0x5341", "0x5048"]),
      `${AGENCY} is an authority of PH, not of SA`,
    );
  });

  it("an error outside the ABI keeps its name and raw arguments", () => {
    assert.equal(describeChainError("SomethingNew", ["1"]), "the ledger rejected the transaction: SomethingNew (1)");
  });
});

describe("licence reason codes", () => {
  it("round-trip: every reason by name and by code gives the same entry, with both in the answer", async () => {
    const { LICENCE_REASONS, parseLicenceReason, licenceReasonOf } = await import("@fairledger/common");
    const codes = new Set<number>();
    for (const reason of LICENCE_REASONS) {
      assert.ok(!codes.has(reason.code), `code ${reason.code} used twice`);
      codes.add(reason.code);
      assert.deepEqual(parseLicenceReason(reason.name), { ...reason });
      assert.deepEqual(parseLicenceReason(reason.code), { ...reason });
      assert.deepEqual(parseLicenceReason(String(reason.code)), { ...reason });
      assert.deepEqual(licenceReasonOf(reason.code), { ...reason });
    }
    assert.equal(parseLicenceReason("no-such-reason"), undefined);
    assert.equal(parseLicenceReason(77), undefined);
    assert.equal(licenceReasonOf(77).name, "code-77", "a code from another tool is named, not refused");
  });

  it("the contract's NatSpec of suspendLicence and revokeLicence lists the same table", async () => {
    const { readFileSync } = await import("node:fs");
    const { LICENCE_REASONS } = await import("@fairledger/common");
    const natspec = readFileSync(
      new URL("../../contracts/interfaces/IAgencyLicensing.sol", import.meta.url),
      "utf8",
    ).replace(/\n\s*\/\/\/\s*/g, " ");
    const listed = LICENCE_REASONS.map((r) => `${r.code} ${r.name}`).join(", ");
    const occurrences = natspec.split(listed).length - 1;
    assert.equal(occurrences, 2, `both functions' NatSpec list: ${listed}`);
  });
});
