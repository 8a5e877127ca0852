/**
 * Signs an employment contract's EIP-712 signing request as the employer, for the README's curl
 * walkthrough: reads the JSON that `PUT /cases/{id}/contract` answered from stdin and prints the
 * signature. The key is EMPLOYER_PRIVATE_KEY, or the demo employer's (Hardhat dev account 4) when unset.
 * With `--contract <file>` (the document the employer holds) it first checks that the request's
 * contractHash is the salted commitment to that document (`contractSalt` in the request), and refuses
 * to sign otherwise: the employer never signs a commitment to a contract it has not seen.
 * In production the employer signs in its own wallet (eth_signTypedData_v4); the service never holds it.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Wallet, type TypedDataField } from "ethers";
import { matchesDocumentCommitment } from "@fairledger/common/node";
import { devWallet, DEMO_ROLES } from "./lib/seed.mts";

interface SigningRequest {
  contractSalt?: string;
  typedData?: {
    domain: Record<string, unknown>;
    types: Record<string, TypedDataField[]>;
    message: Record<string, unknown>;
  };
}

const input = readFileSync(0, "utf8");
let request: SigningRequest;
try {
  request = JSON.parse(input) as SigningRequest;
} catch {
  console.error("employer-sign: stdin is not JSON: pipe in the answer of PUT /cases/{id}/contract");
  process.exit(64);
}
if (!request.typedData) {
  console.error("employer-sign: the JSON has no typedData: pipe in the answer of PUT /cases/{id}/contract");
  process.exit(64);
}
const { values } = parseArgs({ options: { contract: { type: "string" } } });
if (values.contract) {
  const document = readFileSync(values.contract);
  const contractHash = String(request.typedData.message.contractHash);
  if (!request.contractSalt || !matchesDocumentCommitment(document, request.contractSalt, contractHash)) {
    console.error(
      `employer-sign: the request's contractHash ${contractHash} is not the commitment to ${values.contract}: not signing`,
    );
    process.exit(1);
  }
}
const employer = process.env.EMPLOYER_PRIVATE_KEY
  ? new Wallet(process.env.EMPLOYER_PRIVATE_KEY)
  : devWallet(DEMO_ROLES.employer);
const { EIP712Domain: _domain, ...types } = request.typedData.types;
console.log(await employer.signTypedData(request.typedData.domain, types, request.typedData.message));
