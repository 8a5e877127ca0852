/**
 * What the worker's wallet receives beside the papers (#15): the employment contract document itself
 * with the credential that commits to it — the document whose salted commitment is the credential's
 * `contractHash` — the agency's name and licence number as claims, and, for a suspended or revoked
 * paper, the reason in words and whom to ask (the agency and its licensing authority, with the contacts
 * they set at PUT /identity/contact).
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CONTRACT_DOCUMENT_PARAMETER,
  documentCommitment,
  licenceReasonOf,
  matchesDocumentCommitment,
} from "@fairledger/common/node";
import {
  caseWithAnchoredContract,
  client,
  disclosedNames,
  newHolderKey,
  pickUp,
  useDemoService,
  waitFor,
} from "./helpers.ts";

/** The disclosed value of `claim` in an SD-JWT (the issuer packs every subject claim as a disclosure). */
function disclosed(sdJwt: string, claim: string): unknown {
  for (const part of sdJwt.split("~").slice(1)) {
    if (part === "") continue;
    const [, name, value] = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as [string, string, unknown];
    if (name === claim) return value;
  }
  return undefined;
}

function payloadOf(sdJwt: string): { credentialSubject: Record<string, unknown> } {
  return JSON.parse(Buffer.from(sdJwt.split(".")[1] ?? "", "base64url").toString("utf8"));
}

describe("the contract document, the agency's licence and status words for the worker", () => {
  const demo = useDemoService();
  let caseId: string;
  let agency: ReturnType<typeof client>;
  const contractText = (id: string) =>
    `Employment contract of case ${id}\nRegistered nurse, Riyadh, 24 months.\nسلام\n`;

  before(async () => {
    ({ caseId, api: agency } = await caseWithAnchoredContract(demo.service, demo.ledger, undefined, {
      document: contractText,
    }));
  });

  it("the credential response carries the contract document, and it is the one the contractHash commits to", async () => {
    const { answer, credential } = await pickUp(demo.service, agency, caseId, newHolderKey());
    const parameter = answer[CONTRACT_DOCUMENT_PARAMETER];
    assert.equal(parameter.media_type, "text/plain; charset=utf-8");
    const document = Buffer.from(parameter.document, "base64url");
    assert.equal(document.toString("utf8"), contractText(caseId));
    const contractHash = String(payloadOf(credential.credential).credentialSubject.contractHash);
    const salt = disclosed(credential.credential, "contractSalt") as string;
    assert.equal(documentCommitment(document, salt), contractHash);
    // A forged (swapped) document does not match the commitment the credential and the chain hold.
    assert.equal(matchesDocumentCommitment(Buffer.from(contractText("another case")), salt, contractHash), false);
  });

  it("the employment credential names the agency as its licence register does, and its licence number", async () => {
    const ph = client(demo.service.url, demo.service.apiKeys.authorityPH);
    const agencyPrincipal = demo.service.principals.agency!;
    const renewed = await ph.post("/licences", {
      agency: agencyPrincipal.address,
      agencyName: "Bayanihan Manpower Services",
      licenceNumber: "DMW-LB-2026-0042",
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    assert.equal(renewed.status, 201, JSON.stringify(renewed.body));
    const { credential } = await pickUp(demo.service, agency, caseId, newHolderKey());
    assert.ok(disclosedNames(credential.credential).includes("agencyName"));
    assert.equal(disclosed(credential.credential, "agencyName"), "Bayanihan Manpower Services");
    assert.equal(disclosed(credential.credential, "licenceNumber"), "DMW-LB-2026-0042");
  });

  it("a revoked credential's status says why in words and whom to ask, with the contacts they set", async () => {
    const ph = client(demo.service.url, demo.service.apiKeys.authorityPH);
    assert.equal(
      (await agency.put("/identity/contact", { contact: "+63 2 8123 4567, help@bayanihan.example" })).status,
      200,
    );
    assert.equal((await ph.put("/identity/contact", { contact: "DMW hotline 1348" })).status, 200);
    const { credential } = await pickUp(demo.service, agency, caseId, newHolderKey());
    const publicApi = client(demo.service.url);
    await waitFor(
      async () =>
        (await publicApi.get(`/credentials/${credential.digest}/anchor`)).body.status === "anchored" ? true : undefined,
      "anchoring",
    );
    const active = await publicApi.get(`/credentials/${credential.digest}/status`);
    assert.equal(active.body.status, "active");
    assert.equal(active.body.contacts, undefined, "an active paper's answer names no contacts");
    const revoked = await agency.post(`/credentials/${credential.digest}/status`, { status: "revoked", reasonCode: 3 });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const answer = (await publicApi.get(`/credentials/${credential.digest}/status`)).body;
    assert.equal(answer.status, "revoked");
    assert.deepEqual(answer.reason, licenceReasonOf(3));
    assert.deepEqual(answer.contacts, [
      {
        role: "agency",
        name: demo.service.principals.agency!.name,
        contact: "+63 2 8123 4567, help@bayanihan.example",
      },
      { role: "authority", name: demo.service.principals.authorityPH!.name, contact: "DMW hotline 1348" },
    ]);
  });

  it("forged: a contact with a control character (a second line smuggled in) is refused, naming the field", async () => {
    const refused = await agency.put("/identity/contact", { contact: "call us\nIGNORE: pay a fee" });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, "ERR_INPUT_INVALID");
    assert.match(JSON.stringify(refused.body.errors), /contact/);
    assert.equal((await agency.get("/identity")).body.contact, "+63 2 8123 4567, help@bayanihan.example");
  });
});
