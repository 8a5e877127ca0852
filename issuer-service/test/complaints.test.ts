/**
 * Complaints (issue #15 item 2): a worker files one from the wallet by proving a credential of the case
 * (SD-JWT presentation with a key-binding JWT over this service's nonce and audience); the case is the
 * credential's; text and photo are sealed under the case key (erasure makes them unreadable); a
 * commitment is anchored; officials of the agency's country list and handle; the public count follows.
 * Then the attack catalogue: no credential, a case typed in the body, another case's credential, a
 * replayed proof, a wrong audience, an expired or made-up nonce, a revoked credential, a second open
 * complaint of one category, the wrong role or country, a photo that is not what it says, the rate limit.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CaseVault } from "../src/store/case-vault.ts";
import { reportLabel } from "../src/complaints/complaint-services.ts";
import { PHOTO_MAX_BYTES } from "../src/http/bodies-complaints.ts";
import {
  SECRETS,
  caseWithAnchoredContract,
  client,
  newHolderKey,
  pickUp,
  present,
  serviceConfig,
  startService,
  useDemoService,
  waitFor,
  type HolderKey,
} from "./helpers.ts";
import type { IssuerService } from "../src/service.ts";
import { devWallet, DEMO_ROLES } from "../../scripts/lib/seed.mts";

let clockOffsetMs = 0;
const fixture = useDemoService({
  options: () => ({ now: () => Date.now() + clockOffsetMs }),
  // The production body limit (256 KB), which a photo of PHOTO_MAX_BYTES fits once base64-encoded.
  overrides: (ledger) => ({
    limits: { ...serviceConfig(ledger, "").limits, bodyBytes: 256 * 1024, complaintsPerMinute: 10_000 },
  }),
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("receipt")]);

interface Worker {
  caseId: string;
  holder: HolderKey;
  credential: string;
  digest: string;
  agency: ReturnType<typeof client>;
}

/** A worker with an anchored employment-contract credential of a case of the demo agency. */
async function workerWithCredential(): Promise<Worker> {
  const { service, ledger } = fixture;
  const holder = newHolderKey();
  const { caseId, api } = await caseWithAnchoredContract(service, ledger);
  const picked = await pickUp(service, api, caseId, holder);
  const digest = picked.credential.digest as string;
  await waitFor(async () => {
    const anchor = await client(service.url).get(`/credentials/${digest}/anchor`);
    return anchor.body.status === "anchored" ? true : undefined;
  }, "the credential's batch anchored");
  return { caseId, holder, credential: picked.credential.credential, digest, agency: api };
}

const anyone = () => client(fixture.service.url);
const authorityPH = () => client(fixture.service.url, fixture.service.apiKeys.authorityPH);

async function freshNonce(): Promise<{ nonce: string; audience: string }> {
  const answer = await anyone().post("/complaints/nonce");
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

/** A complaint body with a fresh proof of `worker`'s credential (changes applied to the proof or the body). */
async function complaint(
  worker: Worker,
  fields: Record<string, unknown> = {},
  proof: { holder?: HolderKey; credential?: string; aud?: string; nonce?: { nonce: string; audience: string } } = {},
) {
  const nonce = proof.nonce ?? (await freshNonce());
  const presentation = present(proof.credential ?? worker.credential, proof.holder ?? worker.holder, [], {
    aud: proof.aud ?? nonce.audience,
    nonce: nonce.nonce,
  });
  return {
    presentation,
    nonce: nonce.nonce,
    category: "fee-charged",
    text: "They asked me for 30,000 PHP.",
    ...fields,
  };
}

const file = (body: unknown) => anyone().post("/complaints", body);

function assertRefused(answer: { status: number; body: { detail?: string } }, status: number, words: RegExp) {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.match(answer.body.detail ?? "", words);
}

describe("complaints: a worker files, an official handles, the public count follows", () => {
  let worker: Worker;
  let agencyDid: string;

  before(async () => {
    worker = await workerWithCredential();
    agencyDid = (await worker.agency.get("/identity")).body.did;
  });

  it("files with a proof of the case's credential: the case is the credential's, the status goes filed → anchored", async () => {
    const filed = await file(
      await complaint(worker, { photo: { mediaType: "image/png", data: PNG.toString("base64") } }),
    );
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.status, "filed");
    assert.equal(filed.body.agency.did, agencyDid);
    const row = fixture.service.context.store.complaints.byId(filed.body.reference);
    assert.equal(row?.caseId, worker.caseId, "filed on the credential's case");
    assert.equal(row?.identityShared, false, "anonymous to the agency by default");
    assert.ok(!row?.sealedReport.includes(Buffer.from("30,000")), "the text is stored sealed, not in clear");
    const bearer = { authorization: `Bearer ${filed.body.accessToken}` };
    const anchored = await waitFor(async () => {
      const status = await anyone().get(`/complaints/${filed.body.reference}`, bearer);
      assert.equal(status.status, 200, JSON.stringify(status.body));
      return status.body.status === "anchored" ? status.body : undefined;
    }, "the complaint's commitment anchored");
    assert.equal(anchored.commitment, filed.body.commitment);
    const proof = fixture.service.context.outbox.proofOf(filed.body.commitment);
    assert.ok(proof?.transactionHash, "the commitment's batch is on chain");
    const publicProof = await anyone().get(`/credentials/${filed.body.commitment}/anchor`);
    assert.equal(publicProof.body.status, "anchored", "anyone can check the commitment is anchored");
    const byAgency = await worker.agency.post(`/credentials/${filed.body.commitment}/status`, { status: "revoked" });
    assertRefused(byAgency, 404, /no credential .* issued by you/);
    const byAuthority = await authorityPH().post(`/credentials/${filed.body.commitment}/status`, { status: "revoked" });
    assertRefused(byAuthority, 403, /commitment of a worker's complaint/);

    const wrongToken = await anyone().get(`/complaints/${filed.body.reference}`, { authorization: "Bearer forged" });
    assertRefused(wrongToken, 404, /no complaint/);
    assertRefused(await anyone().get(`/complaints/${filed.body.reference}`), 404, /no complaint/);
  });

  it("a second OPEN complaint of the same category is refused in words (409); another category is fine", async () => {
    assertRefused(await file(await complaint(worker)), 409, /already have an open complaint of category "fee-charged"/);
    const other = await file(
      await complaint(worker, { category: "documents-withheld", shareIdentityWithAgency: true }),
    );
    assert.equal(other.status, 201, JSON.stringify(other.body));
  });

  it("an official of the agency's country lists what handling needs; the filer only where the worker allowed it", async () => {
    const listed = await authorityPH().get(`/complaints?agency=${encodeURIComponent(agencyDid)}`);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const byCategory = Object.fromEntries(
      listed.body.complaints.map((c: { category: string }) => [c.category, c]),
    ) as Record<string, { filer: unknown; text: string; photo: unknown; identityShared: boolean }>;
    assert.equal(byCategory["fee-charged"]!.text, "They asked me for 30,000 PHP.");
    assert.deepEqual(byCategory["fee-charged"]!.photo, { mediaType: "image/png", bytes: PNG.length });
    assert.equal(byCategory["fee-charged"]!.filer, null, "anonymous: no identity");
    assert.deepEqual(byCategory["documents-withheld"]!.filer, { caseId: worker.caseId, name: "Maria Santos" });
    assert.equal(listed.body.counts.filed, 2);
  });

  it("handled with an outcome: the worker sees it; handling twice is a 409; the category can be filed again", async () => {
    const filed = await file(await complaint(worker, { category: "wages-unpaid" }));
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const path = `/complaints/${filed.body.reference}/handling`;
    const handled = await authorityPH().post(path, { outcome: "The employer paid the wages on 2 December." });
    assert.equal(handled.status, 200, JSON.stringify(handled.body));
    assert.equal(handled.body.status, "handled");
    const seen = await anyone().get(`/complaints/${filed.body.reference}`, {
      authorization: `Bearer ${filed.body.accessToken}`,
    });
    assert.equal(seen.body.status, "handled");
    assert.equal(seen.body.outcome, "The employer paid the wages on 2 December.");
    assertRefused(await authorityPH().post(path, { outcome: "again" }), 409, /already handled/);
    assert.equal((await file(await complaint(worker, { category: "wages-unpaid" }))).status, 201);
  });

  it("the public agency page and search count the agency's complaints", async () => {
    const address = agencyDid.split(":").at(-1)!;
    const page = await anyone().get(`/public/agencies/${address}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal(page.body.complaints.count, 4);
    assert.equal(page.body.complaints.open, 3);
    const search = await anyone().get(`/public/agencies?q=${address}`);
    assert.equal(search.body.results[0].complaints, 4);
  });

  it("an inspector of the agency's country (onboarded by its authority) lists the same complaints", async () => {
    const onboarded = await authorityPH().post("/principals", {
      kind: "inspector",
      name: "PH labour inspectorate",
      privateKey: devWallet(DEMO_ROLES.inspector).privateKey,
    });
    assert.equal(onboarded.status, 201, JSON.stringify(onboarded.body));
    const inspector = client(fixture.service.url, onboarded.body.key.apiKey);
    const listed = await inspector.get(`/complaints?agency=${encodeURIComponent(agencyDid)}`);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.equal(listed.body.counts.filed, 4);
  });

  it("refuses the wrong role or country: an agency cannot list or handle; another country's authority cannot", async () => {
    const agencyList = await worker.agency.get(`/complaints?agency=${encodeURIComponent(agencyDid)}`);
    assertRefused(agencyList, 403, /only authorities and inspectors/);
    const listed = await authorityPH().get(`/complaints?agency=${encodeURIComponent(agencyDid)}`);
    const reference = listed.body.complaints[0].reference as string;
    assertRefused(
      await worker.agency.post(`/complaints/${reference}/handling`, { outcome: "nothing happened" }),
      403,
      /only authorities and inspectors/,
    );
    const sa = client(fixture.service.url, fixture.service.apiKeys.authoritySA);
    assertRefused(await sa.get(`/complaints?agency=${encodeURIComponent(agencyDid)}`), 403, /licensed in PH/);
    assertRefused(await sa.post(`/complaints/${reference}/handling`, { outcome: "x" }), 403, /licensed in PH/);
    assert.equal((await anyone().get(`/complaints?agency=${encodeURIComponent(agencyDid)}`)).status, 401);
  });
});

describe("complaints: the attack catalogue", () => {
  let worker: Worker;
  let other: Worker;

  before(async () => {
    [worker, other] = [await workerWithCredential(), await workerWithCredential()];
  });

  it("no credential: a body without a presentation is refused, naming the field", async () => {
    const { presentation: _p, ...body } = await complaint(worker, { category: "other" });
    const answer = await file(body);
    assert.equal(answer.status, 400);
    assert.ok(answer.body.errors.some((e: { pointer: string }) => e.pointer === "#/presentation"));
    assertRefused(await file({ ...body, presentation: "not-a-presentation" }), 400, /not an SD-JWT presentation/);
  });

  it("a case the worker types is refused: the case is only ever the credential's", async () => {
    const answer = await file(await complaint(worker, { category: "other", caseId: other.caseId }));
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    assert.match(answer.body.detail, /caseId/);
  });

  it("another case's credential, with a key-binding JWT from a key that does not hold it, is refused", async () => {
    const answer = await file(await complaint(worker, { category: "other" }, { credential: other.credential }));
    assertRefused(answer, 403, /key-binding/);
  });

  it("a credential without its key binding (issuer-signed part only) is refused", async () => {
    const nonce = await freshNonce();
    const [jwt] = worker.credential.split("~");
    const answer = await file({ presentation: `${jwt}~`, nonce: nonce.nonce, category: "other", text: "x" });
    assert.equal(answer.status, 403, JSON.stringify(answer.body));
  });

  it("a replayed proof (the same nonce twice) is refused the second time", async () => {
    const body = await complaint(worker, { category: "contract-changed" });
    assert.equal((await file(body)).status, 201);
    assertRefused(await file({ ...body, category: "other" }), 403, /already used/);
  });

  it("a proof addressed to another audience is refused", async () => {
    const answer = await file(await complaint(worker, { category: "other" }, { aud: "https://verifier.example" }));
    assertRefused(answer, 403, /key-binding/);
  });

  it("an expired nonce is refused, and a made-up one", async () => {
    const nonce = await freshNonce();
    clockOffsetMs = 301_000;
    try {
      assertRefused(await file(await complaint(worker, { category: "other" }, { nonce })), 403, /expired/);
    } finally {
      clockOffsetMs = 0;
    }
    const madeUp = { nonce: "made-up-nonce-0123456789", audience: nonce.audience };
    assertRefused(await file(await complaint(worker, { category: "other" }, { nonce: madeUp })), 403, /not issued/);
  });

  it("a photo that is not what its media type says, or too large, is refused", async () => {
    const notPng = await file(
      await complaint(worker, {
        category: "other",
        photo: { mediaType: "image/png", data: Buffer.from("%PDF-1.7").toString("base64") },
      }),
    );
    assertRefused(notPng, 400, /not a image\/png image/);
    const big = Buffer.alloc(PHOTO_MAX_BYTES + 1, 0xff);
    const tooBig = await file(
      await complaint(worker, { category: "other", photo: { mediaType: "image/jpeg", data: big.toString("base64") } }),
    );
    assertRefused(tooBig, 400, /at most/);
    const svg = await file(
      await complaint(worker, { category: "other", photo: { mediaType: "image/svg+xml", data: "PHN2Zz4=" } }),
    );
    assert.equal(svg.status, 400);
  });

  it("a revoked credential cannot file", async () => {
    const revoked = await other.agency.post(`/credentials/${other.digest}/status`, {
      status: "revoked",
      reasonCode: 1,
    });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assertRefused(await file(await complaint(other, { category: "other" })), 403, /revoked/);
  });

  it("erasure of the case makes its complaints unreadable: no text for officials, 410 for the status, the count stays", async () => {
    const victim = await workerWithCredential();
    const filed = await file(await complaint(victim, { category: "other", text: "they kept my passport" }));
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const erased = await victim.agency.post(`/cases/${victim.caseId}/erasure`, { reason: "worker request" });
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    const db = fixture.service.context.db;
    const row = fixture.service.context.store.complaints.byId(filed.body.reference)!;
    const vault = new CaseVault(db, SECRETS.dataMasterKey);
    assert.throws(
      () => vault.open(victim.caseId, row.sealedReport, reportLabel(row.id)),
      (error: { code?: string }) => error.code === "ERR_DATA_ERASED",
    );
    const status = await anyone().get(`/complaints/${filed.body.reference}`, {
      authorization: `Bearer ${filed.body.accessToken}`,
    });
    assert.equal(status.status, 410, JSON.stringify(status.body));
    const agencyDid = (await victim.agency.get("/identity")).body.did;
    const listed = await authorityPH().get(`/complaints?agency=${encodeURIComponent(agencyDid)}`);
    const entry = listed.body.complaints.find((c: { reference: string }) => c.reference === filed.body.reference);
    assert.equal(entry.erased, true);
    assert.equal(entry.text, null);
    assertRefused(
      await authorityPH().post(`/complaints/${filed.body.reference}/handling`, { outcome: "x" }),
      410,
      /erased/,
    );
  });
});

describe("complaints: anchored by the licensing authority, so a suspended agency cannot keep them off the ledger", () => {
  it("a complaint filed while its agency is suspended is anchored from the authority's account", async () => {
    const worker = await workerWithCredential();
    const agency = ((await worker.agency.get("/identity")).body.did as string).split(":").at(-1)!;
    const authority = ((await authorityPH().get("/identity")).body.did as string).split(":").at(-1)!;
    // Suspended in a later second than the credential's issue: a licence change in the very second of `iat`
    // cannot be ordered against it, and the verifier then (rightly) does not count the agency as licensed.
    const { iat } = JSON.parse(Buffer.from(worker.credential.split(".")[1]!, "base64url").toString()) as {
      iat: number;
    };
    await waitFor(async () => (Date.now() / 1000 >= iat + 1 ? true : undefined), "a second after the issue");
    const suspended = await authorityPH().post(`/licences/${agency}/suspend`, { reason: "fees-charged-to-workers" });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    try {
      const filed = await file(
        await complaint(worker, { category: "documents-withheld", text: "they keep my passport" }),
      );
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const bearer = { authorization: `Bearer ${filed.body.accessToken}` };
      await waitFor(async () => {
        const status = await anyone().get(`/complaints/${filed.body.reference}`, bearer);
        return status.body.status === "anchored" ? true : undefined;
      }, "the complaint about a suspended agency anchored");
      const queued = fixture.service.context.db
        .prepare("SELECT issuer_address FROM outbox WHERE digest = ?")
        .get(filed.body.commitment) as { issuer_address: string };
      assert.equal(queued.issuer_address.toLowerCase(), authority.toLowerCase(), "sent by the PH authority");
    } finally {
      const reinstated = await authorityPH().post(`/licences/${agency}/reinstate`, {});
      assert.equal(reinstated.status, 200, JSON.stringify(reinstated.body));
    }
  });
});

describe("complaints: rate limit", () => {
  let limited: IssuerService;
  before(async () => {
    const limits = { ...serviceConfig(fixture.ledger, "").limits, complaintsPerMinute: 2 };
    limited = await startService(fixture.ledger, undefined, {}, { limits });
  });
  after(async () => {
    await limited?.stop();
  });

  it("filing and its nonces share a small bucket per address; other public traffic is not counted in it", async () => {
    const wallet = client(limited.url);
    assert.equal((await wallet.post("/complaints/nonce")).status, 201);
    assert.equal((await wallet.post("/complaints", {})).status, 400);
    const third = await wallet.post("/complaints/nonce");
    assert.equal(third.status, 429, JSON.stringify(third.body));
    assert.equal(third.body.bucket, "complaints");
    assert.equal((await wallet.get("/health")).status, 200);
  });
});
