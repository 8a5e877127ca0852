/**
 * The EIP-712 types defined once in common are the contract's: their encoded type string is the one
 * RecruitmentCases hashes into EMPLOYMENT_CONTRACT_TYPEHASH, and the domain is EIP712("FairLedger", "1").
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TypedDataEncoder, Wallet, verifyTypedData, ZeroHash } from "ethers";
import {
  EIP712_DOMAIN_NAME,
  EIP712_DOMAIN_VERSION,
  EMPLOYMENT_CONTRACT_PRIMARY_TYPE,
  EMPLOYMENT_CONTRACT_TYPES,
  employmentContractTypedData,
  fairLedgerDomain,
} from "../src/index.ts";

const contractsDir = new URL("../../contracts/", import.meta.url);

/** The string literal(s) of `EMPLOYMENT_CONTRACT_TYPEHASH = keccak256("..." "...")`, joined. */
function solidityTypeString(): string {
  const source = readFileSync(new URL("cases/RecruitmentCases.sol", contractsDir), "utf8");
  const declaration = /EMPLOYMENT_CONTRACT_TYPEHASH\s*=\s*keccak256\(([\s\S]*?)\);/.exec(source);
  assert.ok(declaration, "EMPLOYMENT_CONTRACT_TYPEHASH not found in RecruitmentCases.sol");
  return [...declaration[1]!.matchAll(/"([^"]*)"/g)].map((match) => match[1]).join("");
}

describe("EIP-712 types", () => {
  it("encode to the contract's EMPLOYMENT_CONTRACT_TYPEHASH type string", () => {
    assert.equal(
      TypedDataEncoder.from(EMPLOYMENT_CONTRACT_TYPES).encodeType(EMPLOYMENT_CONTRACT_PRIMARY_TYPE),
      solidityTypeString(),
    );
  });

  it("use the domain name and version the contract passes to EIP712()", () => {
    const source = readFileSync(new URL("FairLedger.sol", contractsDir), "utf8");
    assert.match(source, new RegExp(`EIP712\\("${EIP712_DOMAIN_NAME}", "${EIP712_DOMAIN_VERSION}"\\)`));
  });

  it("sign and recover: what the employer signs names the employer", async () => {
    const employer = Wallet.createRandom();
    const typedData = employmentContractTypedData(
      fairLedgerDomain(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3"),
      {
        caseCommitment: `0x${"11".repeat(32)}`,
        contractHash: `0x${"22".repeat(32)}`,
        previousContractHash: ZeroHash,
        employer: employer.address,
      },
    );
    const signature = await employer.signTypedData(typedData.domain, typedData.types, typedData.message);
    assert.equal(verifyTypedData(typedData.domain, typedData.types, typedData.message, signature), employer.address);
  });
});
