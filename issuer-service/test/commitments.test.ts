/**
 * Salted document commitments (issue #10, finding 4): what the chain holds for a contract or a fee
 * receipt confirms no guess. An attacker who knows the contract template and the worker's passport number
 * (the old attack: fill the template, hash, compare with the chain) matches nothing without the salt; the
 * worker's credential, the employer's signing request and the agency's receipt answer carry the salt to
 * those entitled to check; erasure destroys the salts with the rest of the case.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Wallet } from "ethers";
import { documentCommitment, documentHash, newDocumentSalt } from "@fairledger/common/node";
import { TERMS, WORKER, client, newHolderKey, pickUp, useDemoService } from "./helpers.ts";
import { ServiceError } from "../src/errors.ts";

/** The agency's standard contract form, filled in: public knowledge except for the worker's data. */
const template = (passportNumber: string) =>
  Buffer.from(
    [
      "EMPLOYMENT CONTRACT (standard form, PH-SA)",
      `Employer: ${TERMS.employerName}`,
      `Worker: ${WORKER.name}, passport ${passportNumber}`,
      `Position: ${TERMS.jobTitle}; ${TERMS.contractMonths} months from ${TERMS.contractStart}`,
      `Monthly wage: ${TERMS.monthlyWage.amount} ${TERMS.monthlyWage.currency}`,
    ].join("\n"),
  );

describe("salted document commitments", () => {
  const demo = useDemoService();

  async function caseWithContract(document: Buffer) {
    const api = client(demo.service.url, demo.service.apiKeys.agency);
    const opened = await api.post("/cases", {
      corridor: "PH-SA",
      employer: demo.ledger.demo.accounts.employer.address,
      worker: WORKER,
    });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const caseId: string = opened.body.id;
    const uploaded = await api.put(`/cases/${caseId}/contract`, {
      document: document.toString("base64"),
      terms: TERMS,
    });
    assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
    const { domain, types, message } = uploaded.body.typedData;
    const employerSignature = await new Wallet(demo.ledger.demo.accounts.employer.privateKey).signTypedData(
      domain,
      types,
      message,
    );
    assert.equal((await api.post(`/cases/${caseId}/contract/anchor`, { employerSignature })).status, 200);
    return { api, caseId, uploaded: uploaded.body };
  }

  it("knowing the contract template and the passport number does not match the on-chain commitment; with the worker's salt it does", async () => {
    const document = template(WORKER.passportNumber);
    const { api, caseId, uploaded } = await caseWithContract(document);
    const reader = demo.service.context.ledger.reader;
    const onChain: string = uploaded.contractHash;
    // Contract versions are kept per case on chain (nobody can pre-empt another case's contract).
    const caseCommitment: string = (await api.get(`/cases/${caseId}`)).body.caseCommitment;
    assert.equal(
      await reader.getFunction("isLatestContract")(caseCommitment, onChain),
      true,
      "the commitment is the anchored contract",
    );

    // The attacker's guesses: the right template and the right passport number, hashed as before the fix,
    // and the same document under salts of the attacker's own.
    const guess = template(WORKER.passportNumber);
    assert.notEqual(documentHash(guess), onChain);
    assert.equal(
      await reader.getFunction("isLatestContract")(caseCommitment, documentHash(guess)),
      false,
      "the plain hash is not on chain",
    );
    for (let i = 0; i < 16; i++) assert.notEqual(documentCommitment(guess, newDocumentSalt()), onChain);

    // The employer's signing request carries the salt: the employer can check what it signs.
    assert.equal(documentCommitment(document, uploaded.contractSalt), onChain);
    // The worker's credential carries it too (selectively disclosable, withheld by default).
    const { credential } = await pickUp(demo.service, api, caseId, newHolderKey());
    const disclosures = (credential.credential as string).split("~").slice(1).filter(Boolean);
    const saltDisclosure = disclosures
      .map((d) => JSON.parse(Buffer.from(d, "base64url").toString("utf8")) as unknown[])
      .find((d) => d[1] === "contractSalt");
    assert.ok(saltDisclosure, "contractSalt is a selectively disclosable claim of the credential");
    const contractSalt = saltDisclosure[2] as string;
    assert.equal(contractSalt, uploaded.contractSalt);
    assert.equal(documentCommitment(guess, contractSalt), onChain, "with the salt, the right document matches");
    assert.notEqual(
      documentCommitment(template("P7654321B"), contractSalt),
      onChain,
      "and another passport number does not",
    );
  });

  it("a fee receipt is committed with its own salt, returned to the agency; its plain SHA-256 is not what the chain holds", async () => {
    const { api, caseId } = await caseWithContract(template(WORKER.passportNumber));
    const receiptDocument = Buffer.from(
      `Official receipt: ${WORKER.name}, passport ${WORKER.passportNumber}, placement fee PHP 0`,
    );
    const recorded = await api.post(`/cases/${caseId}/receipts`, {
      document: receiptDocument.toString("base64"),
      payer: "employer",
      amount: "2500000",
      currency: "PHP",
      category: 1,
    });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    const { receiptHash, receiptSalt } = recorded.body;
    const reader = demo.service.context.ledger.reader;
    const events = await reader.queryFilter(reader.filters.FeeReceiptRecorded!());
    const onChain = events.map((event) =>
      String((event as unknown as { args: { receiptHash: string } }).args.receiptHash).toLowerCase(),
    );
    assert.ok(onChain.includes(receiptHash), "the commitment is what was recorded");
    assert.equal(documentCommitment(receiptDocument, receiptSalt), receiptHash);
    assert.ok(!onChain.includes(documentHash(receiptDocument)), "the plain hash of the receipt is nowhere on chain");
    const salts = new Set([
      receiptSalt,
      (await api.get(`/cases/${caseId}/contract/signing-request`)).body.contractSalt,
    ]);
    assert.equal(salts.size, 2, "every document has a salt of its own");
  });

  it("erasing the case destroys the contract and receipt salts with it", async () => {
    const { api, caseId } = await caseWithContract(template(WORKER.passportNumber));
    const recorded = await api.post(`/cases/${caseId}/receipts`, {
      document: Buffer.from("receipt to erase").toString("base64"),
      payer: "employer",
      amount: "100",
      currency: "PHP",
      category: 1,
    });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    const { db, cases } = demo.service.context;
    const blobNames = () =>
      (db.prepare("SELECT name FROM case_blobs WHERE case_id = ?").all(caseId) as { name: string }[]).map(
        (row) => row.name,
      );
    assert.ok(blobNames().includes("contract-salt"));
    assert.ok(blobNames().includes(`receipt-salt:${recorded.body.receiptHash}`));
    assert.equal((await api.post(`/cases/${caseId}/erasure`, { reason: "worker's request" })).status, 200);
    assert.deepEqual(blobNames(), []);
    const erased = (error: unknown) => error instanceof ServiceError && error.code === "ERR_DATA_ERASED";
    assert.throws(() => cases.contractSalt(caseId), erased);
    assert.throws(() => cases.receiptSalt(caseId, recorded.body.receiptHash), erased);
  });
});
