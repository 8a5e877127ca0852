/**
 * The chain's enums and bytesN codes. common/src/contract-enums.ts is what the compiled contract says: regenerated from the artifact's solc
 * AST it is the committed file, byte for byte (after a contract change: `npx hardhat compile` then
 * `tsx common/scripts/contract-enums.ts`).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CONTRACT_ENUMS_FILE, renderContractEnums } from "../scripts/contract-enums.ts";
import {
  CASE_STATUS_MEMBERS,
  CaseStatus,
  LicenceStatus,
  Payer,
  asciiOfBytes,
  corridorId,
  corridorOfBytes,
  currencyBytes,
  currencyOfBytes,
  enumMemberOf,
  fairLedgerAbi,
  jurisdictionBytes,
  jurisdictionOfBytes,
  kebabMember,
} from "../src/index.ts";

describe("contract enums", () => {
  it("are generated from the compiled artifact (regenerate: tsx common/scripts/contract-enums.ts)", () => {
    assert.equal(readFileSync(CONTRACT_ENUMS_FILE, "utf8"), renderContractEnums());
  });

  it("cover every enum the committed ABI (common/abi) uses", () => {
    const used = new Set<string>();
    const visit = (parameter: { internalType?: string; components?: unknown[] }) => {
      const match = /^enum [\w]+\.(\w+)/.exec(parameter.internalType ?? "");
      if (match) used.add(match[1]!);
      (parameter.components as (typeof parameter)[] | undefined)?.forEach(visit);
    };
    for (const entry of fairLedgerAbi as unknown as { inputs?: []; outputs?: [] }[])
      [...(entry.inputs ?? []), ...(entry.outputs ?? [])].forEach(visit);
    assert.deepEqual([...used].sort(), ["CaseStatus", "LicenceStatus", "Payer", "RecordKind", "RecordStatus"]);
  });

  it("decode what the chain returns (number, bigint, decimal string) to member names", () => {
    assert.equal(enumMemberOf(CASE_STATUS_MEMBERS, 3n), "ClosedInBreach");
    assert.equal(enumMemberOf(CASE_STATUS_MEMBERS, "1"), "Open");
    assert.equal(enumMemberOf(CASE_STATUS_MEMBERS, 9), undefined);
    assert.equal(kebabMember("ClosedInBreach"), "closed-in-breach");
    assert.equal(CaseStatus.ClosedInBreach, 3);
    assert.equal(LicenceStatus.Suspended, 2);
    assert.equal(Payer.Worker, 1);
  });
});

describe("bytesN codes", () => {
  it("encode and decode jurisdictions, currencies and corridors both ways", () => {
    assert.equal(jurisdictionBytes("PH"), "0x5048");
    assert.equal(jurisdictionOfBytes("0x5048"), "PH");
    assert.equal(jurisdictionOfBytes("0x0000"), "", "no jurisdiction");
    assert.equal(currencyOfBytes(currencyBytes("PHP")), "PHP");
    assert.equal(corridorId("PH-SA"), "0x50485341");
    assert.equal(corridorOfBytes("0x50485341"), "PH-SA");
    assert.equal(asciiOfBytes("0x"), "");
    assert.equal(asciiOfBytes("0xff01"), "0xff01", "unreadable bytes stay hex");
    assert.throws(() => corridorId("PHSA"), RangeError);
  });
});
