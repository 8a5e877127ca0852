/**
 * Principals and API keys (#11): authorities onboard principals of their own jurisdiction through the
 * API; keys are random, shown once, stored hashed, several per principal, rotated and revoked without
 * touching case data; every key event is in the audit log.
 */
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { devWallet } from "../../scripts/lib/seed.mts";
import { SECRETS, client, useDemoService, type ApiResponse } from "./helpers.ts";

const MINUTE = 60_000;

describe("principals and API keys", () => {
  let clock = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  /** Fresh accounts (past the demo roles' indexes) for principals onboarded here; `onboard` funds them. */
  let nextAccount = 100;
  const freshAccount = () => devWallet(nextAccount++);

  const demo = useDemoService({ options: () => ({ now: () => clock }) });
  // The clock moves forward for expiry within a test; chain writes of the next test need it real again.
  beforeEach(() => {
    clock = Date.now();
  });

  const authorityPH = () => client(demo.service.url, demo.service.apiKeys.authorityPH);
  const authoritySA = () => client(demo.service.url, demo.service.apiKeys.authoritySA);
  const del = (apiKey: string, path: string) =>
    fetch(`${demo.service.url}${path}`, {
      method: "DELETE",
      headers: { "x-api-key": apiKey, "idempotency-key": `del-${Math.random()}` },
    }).then(async (response) => ({ status: response.status, body: await response.json() }));
  async function onboard(kind = "agency", extra: Record<string, unknown> = {}) {
    const account = freshAccount();
    // The account pays for publishing its DID signing key.
    await (
      await devWallet(19, demo.ledger.provider).sendTransaction({ to: account.address, value: 10n ** 18n })
    ).wait();
    const answer = await authorityPH().post("/principals", {
      kind,
      name: `Test ${kind} ${account.address.slice(2, 8)}`,
      privateKey: account.privateKey,
      ...extra,
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return { ...answer.body, account } as {
      principal: ApiResponse["body"];
      key: ApiResponse["body"];
      account: typeof account;
    };
  }
  const auditOf = (keyId: string) =>
    demo.service.context.db
      .prepare("SELECT action, actor, subject FROM audit_log WHERE detail LIKE ? ORDER BY id")
      .all(`%${keyId}%`) as { action: string; actor: string; subject: string }[];

  it("onboarding gives random keys with the fl_ prefix, not derivable from the master key and the DID", async () => {
    const first = await onboard("agency");
    const second = await onboard("inspector");
    for (const { key, principal } of [first, second]) {
      assert.match(key.apiKey, /^fl_[A-Za-z0-9_-]{43}$/);
      const derived = `fl_${createHmac("sha256", Buffer.from(SECRETS.dataMasterKey, "hex")).update(`api-key:${principal.did}`).digest("base64url")}`;
      assert.notEqual(key.apiKey, derived);
    }
    assert.notEqual(first.key.apiKey, second.key.apiKey);
    assert.equal(first.principal.kind, "agency");
    assert.equal(first.principal.jurisdiction, "PH");
    assert.equal(first.principal.address, first.account.address);
    assert.equal(
      (await client(demo.service.url, first.key.apiKey).get(`/principals/${first.principal.id}/keys`)).status,
      200,
    );
  });

  it("stores only the key's SHA-256 hash: the clear key is nowhere in the database files", async () => {
    const { key } = await onboard("insurer");
    const row = demo.service.context.db.prepare("SELECT key_hash FROM api_keys WHERE id = ?").get(key.id) as {
      key_hash: string;
    };
    assert.equal(row.key_hash, createHash("sha256").update(key.apiKey).digest("hex"));
    demo.service.context.db.pragma("wal_checkpoint(TRUNCATE)");
    for (const file of ["issuer.sqlite", "issuer.sqlite-wal"]) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(demo.dataDir, file));
      } catch {
        continue;
      }
      assert.equal(bytes.includes(Buffer.from(key.apiKey)), false, `${file} holds the clear key`);
    }
  });

  it("lists key metadata only, never the key or its hash", async () => {
    const { principal, key } = await onboard();
    const listed = await client(demo.service.url, key.apiKey).get(`/principals/${principal.id}/keys`);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.items.length, 1);
    assert.deepEqual(Object.keys(listed.body.items[0]).sort(), [
      "createdAt",
      "expiresAt",
      "id",
      "label",
      "lastUsedAt",
      "principalId",
      "revokedAt",
      "status",
    ]);
    assert.equal(JSON.stringify(listed.body).includes(key.apiKey), false);
  });

  it("a revoked key gets 401, the principal's other keys keep working", async () => {
    const { principal, key } = await onboard();
    const own = client(demo.service.url, key.apiKey);
    const second = await own.post(`/principals/${principal.id}/keys`, { label: "ci" });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    const revoked = await del(key.apiKey, `/principals/${principal.id}/keys/${key.id}`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.status, "revoked");
    assert.equal((await own.get(`/principals/${principal.id}/keys`)).status, 401);
    assert.equal(
      (await client(demo.service.url, second.body.key.apiKey).get(`/principals/${principal.id}/keys`)).status,
      200,
    );
    assert.deepEqual(
      auditOf(key.id).map((entry) => entry.action),
      ["api-key.created", "api-key.revoked"],
    );
  });

  it("an expired key gets 401 and its expiry is recorded once in the audit log", async () => {
    const { principal, key } = await onboard("agency", { keyExpiresAt: iso(clock + 10 * MINUTE) });
    const own = client(demo.service.url, key.apiKey);
    assert.equal((await own.get(`/principals/${principal.id}/keys`)).status, 200);
    clock += 11 * MINUTE;
    assert.equal((await own.get(`/principals/${principal.id}/keys`)).status, 401);
    assert.equal((await own.get(`/principals/${principal.id}/keys`)).status, 401);
    assert.deepEqual(
      auditOf(key.id).map((entry) => entry.action),
      ["api-key.created", "api-key.expired"],
    );
  });

  it("rotation gives a new key and keeps the old one valid until the chosen time, then 401", async () => {
    const { principal, key } = await onboard();
    const rotated = await client(demo.service.url, key.apiKey).post("/keys/rotate", {
      previousValidUntil: iso(clock + 5 * MINUTE),
    });
    assert.equal(rotated.status, 201, JSON.stringify(rotated.body));
    const fresh = rotated.body.key;
    assert.notEqual(fresh.apiKey, key.apiKey);
    assert.equal(fresh.label, key.label);
    assert.equal(
      (await client(demo.service.url, key.apiKey).get(`/principals/${principal.id}/keys`)).status,
      200,
      "old key valid until its end",
    );
    clock += 6 * MINUTE;
    assert.equal(
      (await client(demo.service.url, key.apiKey).get(`/principals/${principal.id}/keys`)).status,
      401,
      "old key ended",
    );
    assert.equal((await client(demo.service.url, fresh.apiKey).get(`/principals/${principal.id}/keys`)).status, 200);
    assert.deepEqual(
      auditOf(fresh.id).map((entry) => entry.action),
      ["api-key.rotated"],
    );
    assert.ok(auditOf(key.id).some((entry) => entry.action === "api-key.expired"));
  });

  it("rotation and revocation leave the principal's cases alone (cases belong to the principal)", async () => {
    const agency = client(demo.service.url, demo.service.apiKeys.agency);
    const before = demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM cases").get() as { n: number };
    const rotated = await agency.post("/keys/rotate", {});
    assert.equal(rotated.status, 201);
    demo.service.apiKeys.agency = rotated.body.key.apiKey;
    assert.equal(
      (demo.service.context.db.prepare("SELECT COUNT(*) AS n FROM cases").get() as { n: number }).n,
      before.n,
    );
    assert.equal(
      (await client(demo.service.url, rotated.body.key.apiKey).get(`/principals/${rotated.body.principal.id}/keys`))
        .status,
      200,
    );
  });

  it("records last use, at most once a minute per key", async () => {
    const { principal, key } = await onboard();
    const own = client(demo.service.url, key.apiKey);
    const lastUse = () =>
      (
        demo.service.context.db.prepare("SELECT last_used_at FROM api_keys WHERE id = ?").get(key.id) as {
          last_used_at: number | null;
        }
      ).last_used_at;
    await own.get(`/principals/${principal.id}/keys`);
    const first = lastUse();
    assert.equal(first, clock);
    clock += 1000;
    await own.get(`/principals/${principal.id}/keys`);
    assert.equal(lastUse(), first, "not rewritten within the minute");
    clock += MINUTE;
    const listed = await own.get(`/principals/${principal.id}/keys`);
    assert.equal(lastUse(), clock);
    assert.equal(listed.body.items[0].lastUsedAt, iso(clock));
  });

  it("an authority cannot onboard a principal of another jurisdiction (403)", async () => {
    const account = freshAccount();
    const answer = await authorityPH().post("/principals", {
      kind: "agency",
      name: "Foreign",
      jurisdiction: "SA",
      privateKey: account.privateKey,
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.code, "ERR_FORBIDDEN");
  });

  it("an unfunded account is refused with a plain reason before anything is stored (409)", async () => {
    const account = freshAccount();
    const answer = await authorityPH().post("/principals", {
      kind: "agency",
      name: "Unfunded",
      privateKey: account.privateKey,
    });
    assert.equal(answer.status, 409);
    assert.match(answer.body.detail, /no funds/);
    assert.equal(
      demo.service.context.identities.all().some((principal) => principal.address === account.address),
      false,
    );
  });

  it("an agency cannot onboard principals (403)", async () => {
    const answer = await client(demo.service.url, demo.service.apiKeys.agencyIN).post("/principals", {
      kind: "agency",
      name: "X",
      privateKey: freshAccount().privateKey,
    });
    assert.equal(answer.status, 403);
  });

  it("an authority sees only the principals it onboarded, and cannot manage another jurisdiction's keys", async () => {
    const { principal } = await onboard();
    const ph = await authorityPH().get("/principals");
    assert.ok(ph.body.items.some((item: { id: string }) => item.id === principal.id));
    const sa = await authoritySA().get("/principals");
    assert.equal(sa.status, 200);
    assert.equal(
      sa.body.items.some((item: { id: string }) => item.id === principal.id),
      false,
    );
    assert.equal((await authoritySA().get(`/principals/${principal.id}/keys`)).status, 404);
    assert.equal((await authoritySA().post(`/principals/${principal.id}/keys`, { label: "stolen" })).status, 404);
    const issued = await authorityPH().post(`/principals/${principal.id}/keys`, { label: "by authority" });
    assert.equal(issued.status, 201);
    assert.equal(auditOf(issued.body.key.id)[0]!.actor, demo.service.principals.authorityPH!.did);
  });

  it("a principal cannot manage another principal's keys", async () => {
    const mine = await onboard();
    const theirs = await onboard();
    const me = client(demo.service.url, mine.key.apiKey);
    assert.equal((await me.get(`/principals/${theirs.principal.id}/keys`)).status, 404);
    assert.equal((await me.post(`/principals/${theirs.principal.id}/keys`, { label: "x" })).status, 404);
    assert.equal((await del(mine.key.apiKey, `/principals/${theirs.principal.id}/keys/${theirs.key.id}`)).status, 404);
    assert.equal(
      (await client(demo.service.url, theirs.key.apiKey).get(`/principals/${theirs.principal.id}/keys`)).status,
      200,
    );
  });

  it("a retried key creation whose answer was lost gets a fresh key; the lost one is revoked", async () => {
    const { principal, key } = await onboard();
    const own = client(demo.service.url, key.apiKey);
    const headers = { "idempotency-key": "retry-key-creation-1" };
    const first = await own.post(`/principals/${principal.id}/keys`, { label: "retry" }, headers);
    const retry = await own.post(`/principals/${principal.id}/keys`, { label: "retry" }, headers);
    assert.equal(retry.status, 201);
    assert.notEqual(retry.body.key.apiKey, first.body.key.apiKey);
    assert.equal(
      (await client(demo.service.url, first.body.key.apiKey).get(`/principals/${principal.id}/keys`)).status,
      401,
    );
    assert.equal(
      (await client(demo.service.url, retry.body.key.apiKey).get(`/principals/${principal.id}/keys`)).status,
      200,
    );
  });

  it("the OpenAPI document lists the principal and key routes", async () => {
    const doc = (await client(demo.service.url).get("/openapi.json")).body;
    for (const path of ["/principals", "/principals/{id}/keys", "/principals/{id}/keys/{keyId}", "/keys/rotate"])
      assert.ok(doc.paths[path], path);
  });
});
