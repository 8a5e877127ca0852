/**
 * The whole story on a real local chain: an authority licenses an agency (credential + on-chain licence
 * in one step), the agency runs a case, the worker picks up the credentials with a holder key, presents
 * only chosen claims, and the presentation verifies.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Wallet } from "ethers";
import { PERSONAL_CLAIMS, credentialDigest, jurisdictionBytes, verifyMerkleProof } from "@fairledger/common/node";
import {
  SECRETS,
  TERMS,
  WORKER,
  caseWithAnchoredContract,
  client,
  decodeJwtPart,
  disclosedNames,
  newHolderKey,
  pickUp,
  present,
  startService,
  tempDir,
  waitFor,
  useDemoService,
  keyIdOf,
} from "./helpers.ts";
import { CredentialIssuer } from "../src/credentials/issuer.ts";
import { CaseVault } from "../src/store/case-vault.ts";
import { ServiceError } from "../src/errors.ts";

describe("agency flow", () => {
  const demo = useDemoService();

  it("an authority licenses an agency: licence credential signed, its digest is the on-chain licence document", async () => {
    const authority = client(demo.service.url, demo.service.apiKeys.authorityPH);
    const now = Date.now();
    const response = await authority.post("/licences", {
      agency: demo.ledger.demo.accounts.unlicensedAgency.address,
      agencyName: "Newly Licensed Agency",
      licenceNumber: "DMW-2026-0042",
      validFrom: new Date(now - 3600_000).toISOString(),
      validUntil: new Date(now + 365 * 24 * 3600_000).toISOString(),
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const { credential, digest } = response.body;
    assert.equal(digest, credentialDigest(credential));
    const header = decodeJwtPart(credential, 0);
    assert.equal(header.typ, "dc+sd-jwt");
    assert.equal(header.alg, "EdDSA");
    assert.equal(keyIdOf(header.kid), demo.service.principals.authorityPH!.signingKid);
    const licence = await demo.service.context.ledger.reader.getFunction("licenceOf")(
      demo.ledger.demo.accounts.unlicensedAgency.address,
    );
    assert.equal(licence.documentHash, digest);
    const anchor = await client(demo.service.url).get(`/credentials/${digest}/anchor`);
    assert.equal(anchor.body.status, "anchored");
    assert.equal(anchor.body.anchor.root, digest);
  });

  it("the agency runs a case, the worker picks up an SD-JWT VC bound to its key, and it is anchored in a batch; replayed to the verify route it fails not-replayed", async () => {
    const { caseId, api, opened } = await caseWithAnchoredContract(demo.service, demo.ledger);
    assert.match(opened.caseCommitment, /^0x[0-9a-f]{64}$/);
    const holder = newHolderKey();
    const { credential: issued, offer } = await pickUp(demo.service, api, caseId, holder);
    assert.match(offer.preAuthorizedCode, /^[2-9A-HJKMNP-Z]{10}$/);
    assert.match(offer.credentialOfferUri, /^openid-credential-offer:\/\/\?credential_offer=/);
    assert.match(offer.qrCodePng, /^data:image\/png;base64,iVBOR/);

    const sdJwt: string = issued.credential;
    const header = decodeJwtPart(sdJwt, 0);
    const payload = decodeJwtPart(sdJwt, 1);
    assert.deepEqual(
      [header.typ, header.alg, keyIdOf(header.kid)],
      ["dc+sd-jwt", "EdDSA", demo.service.principals.agency!.signingKid],
    );
    assert.equal(payload.iss, demo.service.principals.agency!.did);
    assert.equal(payload.issuer, payload.iss);
    assert.equal(payload.vct, `${demo.service.url}/vct/EmploymentContractCredential`);
    assert.match(payload["vct#integrity"], /^sha256-[A-Za-z0-9+/]{43}=$/);
    assert.match(payload.status.status_list.uri, new RegExp(`^${demo.service.url}/status-lists/[A-Za-z0-9_-]+$`));
    assert.ok(Number.isSafeInteger(payload.status.status_list.idx));
    assert.equal(payload._sd_alg, "sha-256");
    assert.deepEqual(payload.cnf.jwk, holder.jwk);
    assert.match(payload.credentialSubject.id, /^did:jwk:/);
    assert.equal(payload.credentialSubject.corridor, "PH-SA");
    assert.equal(payload.credentialSubject.caseCommitment, opened.caseCommitment);
    for (const personal of PERSONAL_CLAIMS.EmploymentContractCredential)
      assert.equal(payload.credentialSubject[personal], undefined, personal);
    assert.equal(payload.credentialSubject.employerName, undefined, "purpose claims are disclosable too");
    const names = disclosedNames(sdJwt);
    for (const claim of [...PERSONAL_CLAIMS.EmploymentContractCredential, "employerName", "jobTitle"])
      assert.ok(names.includes(claim), claim);
    const salts = sdJwt
      .split("~")
      .slice(1)
      .filter(Boolean)
      .map((d) => (JSON.parse(Buffer.from(d, "base64url").toString()) as string[])[0]!);
    for (const salt of salts) assert.ok(Buffer.from(salt, "base64url").length >= 16, "salts have at least 128 bits");

    const anchor = await waitFor(async () => {
      const response = await client(demo.service.url).get(`/credentials/${issued.digest}/anchor`);
      return response.body.status === "anchored" ? response.body.anchor : undefined;
    }, "anchoring");
    assert.ok(verifyMerkleProof(anchor.root, issued.digest, anchor.proof));
    const inBatch = await demo.service.context.ledger.reader.getFunction("isInBatch")(
      demo.service.principals.agency!.address,
      anchor.root,
      issued.digest,
      anchor.proof,
    );
    assert.equal(inBatch, true);
    const status = await client(demo.service.url).get(`/credentials/${issued.digest}/status`);
    assert.equal(status.body.status, "active");

    // The worker shows only employer and job to a border officer; the verifier library accepts it.
    const request = { aud: "did:web:border.example", nonce: "n-0S6_WzA2Mj" };
    const presentation = present(sdJwt, holder, ["employerName", "jobTitle"], request);
    const envelope = { type: "FairLedgerPresentation", version: 1, format: "vc+sd-jwt", presentation, anchor };
    const verified = await client(demo.service.url).post("/presentations/verify", {
      verifiablePresentation: envelope,
      options: { domain: request.aud, challenge: request.nonce, requiredClaims: ["employerName", "jobTitle"] },
    });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.verified, true, JSON.stringify(verified.body.checks, null, 1));
    assert.equal(
      verified.body.disclosed.employerName ?? verified.body.disclosed.credentialSubject?.employerName,
      TERMS.employerName,
    );
    assert.equal(
      JSON.stringify(verified.body).includes(WORKER.passportNumber),
      false,
      "the passport number was never disclosed",
    );

    const replayed = await client(demo.service.url).post("/presentations/verify", {
      verifiablePresentation: envelope,
      options: { domain: request.aud, challenge: request.nonce, requiredClaims: ["employerName", "jobTitle"] },
    });
    assert.equal(replayed.status, 200, JSON.stringify(replayed.body));
    assert.equal(replayed.body.verified, false, "the same presentation with the same challenge verifies once");
    assert.equal(replayed.body.outcome, "invalid");
    assert.equal(replayed.body.checks.find((c: { passed: boolean }) => !c.passed)?.id, "not-replayed");

    const wrongNonce = await client(demo.service.url).post("/presentations/verify", {
      verifiablePresentation: envelope,
      options: { domain: request.aud, challenge: "another-nonce" },
    });
    assert.equal(wrongNonce.body.verified, false);
  });

  it("receipts, closure and the recruitment fee statement: zero fees paid by the worker", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const receipt = await api.post(`/cases/${caseId}/receipts`, {
      document: Buffer.from("employer paid placement fee").toString("base64"),
      payer: "employer",
      amount: "2500000",
      currency: "PHP",
      category: 1,
    });
    assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
    const closed = await api.post(`/cases/${caseId}/close`);
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.status, "Closed");
    const holder = newHolderKey();
    const { credential } = await pickUp(demo.service, api, caseId, holder, "RecruitmentFeeStatement");
    const sdJwt: string = credential.credential;
    const disclosures = Object.fromEntries(
      sdJwt
        .split("~")
        .slice(1)
        .filter(Boolean)
        .map((d) => (JSON.parse(Buffer.from(d, "base64url").toString()) as unknown[]).slice(1) as [string, unknown]),
    );
    assert.equal(disclosures.workerPaidTotal, "0");
    assert.equal(disclosures.feesChargedToWorker, false);
    assert.equal(disclosures.receiptCount, 1);
    assert.equal(disclosures.currency, "PHP");
    assert.equal(disclosures.caseStatus, "Closed");
    assert.equal(decodeJwtPart(sdJwt, 1).vct, `${demo.service.url}/vct/RecruitmentFeeStatement`);
  });

  it("VC-JWT on request through the VC-API issue route", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const holder = newHolderKey();
    const issued = await api.post("/credentials/issue", {
      credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
      options: { caseId, holderJwk: holder.jwk, format: "vc-jwt" },
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const jwt: string = issued.body.verifiableCredential;
    assert.equal(jwt.includes("~"), false);
    const payload = decodeJwtPart(jwt, 1);
    assert.equal(payload.iss, demo.service.principals.agency!.did);
    assert.deepEqual(payload.vc.type, ["VerifiableCredential", "EmploymentContractCredential"]);
    assert.equal(keyIdOf(decodeJwtPart(jwt, 0).kid), demo.service.principals.agency!.signingKid);
    const verified = await client(demo.service.url).post("/credentials/verify", { verifiableCredential: jwt });
    assert.equal(verified.status, 200);
    assert.ok(
      verified.body.checks.some((c: { id: string; passed: boolean }) => c.id === "issuer-licensed" && c.passed),
      JSON.stringify(verified.body.checks),
    );
    assert.ok(
      verified.body.checks.some((c: { id: string; passed: boolean }) => c.id === "issuer-signature" && c.passed),
      JSON.stringify(verified.body.checks),
    );
  });

  it("the issuer suspends, reinstates and revokes a credential on chain; nobody else can", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const { credential } = await pickUp(demo.service, api, caseId, newHolderKey());
    const digest: string = credential.digest;
    const early = await api.post(`/credentials/${digest}/status`, { status: "suspended" });
    if (early.status !== 200) assert.equal(early.body.code, "ERR_CONFLICT", "refused only while still pending");
    await waitFor(
      async () =>
        (await client(demo.service.url).get(`/credentials/${digest}/anchor`)).body.status === "anchored"
          ? true
          : undefined,
      "anchoring",
    );
    const stranger = await client(demo.service.url, demo.service.apiKeys.agencyIN).post(
      `/credentials/${digest}/status`,
      { status: "revoked" },
    );
    assert.equal(stranger.status, 404);
    for (const status of ["suspended", "active", "revoked"] as const) {
      const changed = await api.post(`/credentials/${digest}/status`, { status, reasonCode: 7 });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal((await client(demo.service.url).get(`/credentials/${digest}/status`)).body.status, status);
    }
    const { root } = (await client(demo.service.url).get(`/credentials/${digest}/anchor`)).body.anchor;
    assert.equal(
      Number(
        await demo.service.context.ledger.reader.getFunction("batchRecordStatus")(
          demo.service.principals.agency!.address,
          root,
          digest,
        ),
      ),
      3,
    );
    const again = await api.post(`/credentials/${digest}/status`, { status: "active" });
    assert.equal(again.status, 409);
  });

  it("a new credential reusing the jti of a revoked one is refused: the issuer's store keeps credential ids unique per issuer", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const { credential } = await pickUp(demo.service, api, caseId, newHolderKey());
    await waitFor(
      async () =>
        (await client(demo.service.url).get(`/credentials/${credential.digest}/anchor`)).body.status === "anchored"
          ? true
          : undefined,
      "anchoring",
    );
    assert.equal((await api.post(`/credentials/${credential.digest}/status`, { status: "revoked" })).status, 200);
    const jti: string = decodeJwtPart(credential.credential, 1).id;
    assert.match(jti, /^urn:uuid:/);

    // An issuer whose identifier source hands out the revoked credential's jti again.
    const { db, ledger: chain, keys, cases, identities, statusLists } = demo.service.context;
    const reusing = new CredentialIssuer({
      db,
      vault: new CaseVault(db, SECRETS.dataMasterKey),
      ledger: chain,
      kms: keys.kms,
      cases,
      identities,
      schemaBaseUrl: () => demo.service.url,
      statusLists,
      newCredentialId: () => jti,
    });
    const count = () => (db.prepare("SELECT COUNT(*) AS n FROM credentials").get() as { n: number }).n;
    const before = count();
    await assert.rejects(
      reusing.issueForCase(
        demo.service.principals.agency!,
        caseId,
        "EmploymentContractCredential",
        newHolderKey().jwk,
        "vc+sd-jwt",
      ),
      (error) => error instanceof ServiceError && error.code === "ERR_CONFLICT" && /already used/.test(error.message),
    );
    assert.equal(count(), before, "nothing of the refused credential is stored or queued");
    // The rule lives in the schema: no code path can write a second row under the same (issuer, jti).
    const row = db
      .prepare("SELECT issuer_id, type, format FROM credentials WHERE digest = ?")
      .get(credential.digest) as Record<string, string>;
    assert.throws(
      () =>
        db
          .prepare(
            "INSERT INTO credentials (digest, case_id, issuer_id, credential_id, type, format, created_at) VALUES (?, NULL, ?, ?, ?, ?, 0)",
          )
          .run(`0x${"ab".repeat(32)}`, row.issuer_id, jti, row.type, row.format),
      /UNIQUE constraint failed: credentials.issuer_id, credentials.credential_id/,
    );
  });

  it("serves the wallet page from the configured folder", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>FairLedger wallet</title>");
    const other = await startService(demo.ledger, tempDir(), { provision: [] }, { walletDir: dir });
    try {
      const response = await fetch(`${other.url}/wallet/`);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /FairLedger wallet/);
      assert.match(response.headers.get("content-security-policy")!, /default-src 'self'/);
    } finally {
      await other.stop();
    }
  });

  it("serves the OpenAPI 3.1 document, the JSON Schemas and the OpenID4VCI metadata", async () => {
    const anyone = client(demo.service.url);
    const openapi = await anyone.get("/openapi.json");
    assert.equal(openapi.body.openapi, "3.1.0");
    assert.ok(openapi.body.paths["/credentials/issue"].post);
    const schema = await anyone.get("/schemas/employment-contract-credential.json");
    assert.equal(schema.status, 200);
    assert.ok(schema.body.properties.credentialSubject.properties.passportNumber);
    const metadata = await anyone.get("/.well-known/openid-credential-issuer");
    assert.equal(metadata.body.credential_issuer, demo.service.url);
    assert.equal(metadata.body.nonce_endpoint, `${demo.service.url}/nonce`);
    const authorizationServer = await anyone.get("/.well-known/oauth-authorization-server");
    assert.equal(authorizationServer.body.token_endpoint, `${demo.service.url}/token`);
  });

  it("the employer's EIP-712 signature must come from the case's employer", async () => {
    const api = client(demo.service.url, demo.service.apiKeys.agency);
    const opened = await api.post("/cases", {
      corridor: "PH-SA",
      employer: demo.ledger.demo.accounts.employer.address,
      worker: WORKER,
    });
    const uploaded = await api.put(`/cases/${opened.body.id}/contract`, {
      document: Buffer.from("x").toString("base64"),
      terms: TERMS,
    });
    const { domain, types, message } = uploaded.body.typedData;
    const forged = await new Wallet(demo.ledger.demo.accounts.insurer.privateKey).signTypedData(domain, types, message);
    const response = await api.post(`/cases/${opened.body.id}/contract/anchor`, { employerSignature: forged });
    assert.equal(response.status, 400);
    assert.equal(response.body.errors[0].pointer, "#/employerSignature");
  });

  it("an authority revokes a licence obtained by fraud with effect from a past moment; the chain records it", async () => {
    // The agency licensed in the first test; effectiveFrom reaches back before any credential it issued.
    const agency = demo.ledger.demo.accounts.unlicensedAgency.address;
    const authority = client(demo.service.url, demo.service.apiKeys.authorityPH);
    const path = `/licences/${agency}/status`;
    const suspendFrom = await authority.post(path, { status: "suspended", effectiveFrom: new Date().toISOString() });
    assert.equal(suspendFrom.status, 400, "effectiveFrom applies to revocations only");
    const future = await authority.post(path, {
      status: "revoked",
      reasonCode: 66,
      effectiveFrom: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
    });
    assert.equal(future.status, 422, JSON.stringify(future.body));
    assert.equal(future.body.chainError, "LicensingRevocationInFuture");

    const reader = demo.service.context.ledger.reader;
    const from = Number((await demo.service.context.ledger.provider.getBlock("latest"))!.timestamp);
    assert.equal(
      await reader.getFunction("wasLicensedAt")(agency, jurisdictionBytes("PH"), from),
      true,
      "licensed before the revocation",
    );
    const revoked = await authority.post(path, {
      status: "revoked",
      reasonCode: 66,
      effectiveFrom: new Date(from * 1000).toISOString(),
    });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const [revocation] = await reader.getFunction("licenceRevocations")(agency);
    assert.equal(Number(revocation.effectiveFrom), from);
    assert.equal(Number(revocation.reasonCode), 66);
    assert.equal(
      await reader.getFunction("wasLicensedAt")(agency, jurisdictionBytes("PH"), from),
      false,
      "voided from effectiveFrom",
    );
  });
});
