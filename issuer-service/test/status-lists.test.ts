/**
 * Token Status Lists inside the service, without a chain: what each credential's entry says (the record
 * status, the agency's licence, a licence credential's licence), how indices are drawn (random, never
 * twice, a new list once one is filled to its limit), and when a signed token is rebuilt.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { importJWK, jwtVerify } from "jose";
import { getListFromStatusListJWT } from "@sd-jwt/jwt-status-list";
import { LicenceStatus, createJwsSigner } from "@fairledger/common/node";
import { openDatabase } from "../src/store/database.ts";
import { repositoriesOf } from "../src/store/repositories.ts";
import type { Principal } from "../src/store/principals-repository.ts";
import type { StatusListEntryRow } from "../src/store/status-lists-repository.ts";
import { deriveStatuses, type LicenceReads } from "../src/status-list/derive-statuses.ts";
import { StatusLists } from "../src/status-list/status-lists.ts";

const AGENCY = "0x00000000000000000000000000000000000000a1";
const ISSUED_AT = 1_800_000_000;
const entry = (idx: number, status: StatusListEntryRow["status"], extra: Partial<StatusListEntryRow> = {}) => ({
  idx,
  digest: `0x${idx.toString(16).padStart(64, "0")}`,
  status,
  type: "EmploymentContractCredential",
  createdAt: ISSUED_AT * 1000,
  licenceAgency: null,
  ...extra,
});
const chain = (
  revocations: { effectiveFrom: number; revokedAt: number }[] = [],
  licence: { status: number; documentHash: string } = { status: LicenceStatus.Active, documentHash: "0x" },
): LicenceReads => ({ licenceRevocations: async () => revocations, licenceOf: async () => licence });

describe("status list entries, derived from the chain", () => {
  test("record status: active 0, suspended 2, revoked 1, never anchored (rejected) 1", async () => {
    const statuses = await deriveStatuses(
      [entry(0, "active"), entry(1, "suspended"), entry(2, "revoked"), entry(3, "rejected")],
      AGENCY,
      chain(),
    );
    assert.deepEqual(
      [...statuses.entries()],
      [
        [0, 0],
        [1, 2],
        [2, 1],
        [3, 1],
      ],
    );
  });

  test("the agency's licence revoked with effect from before issue: its credentials are invalid (1)", async () => {
    const statuses = await deriveStatuses(
      [entry(0, "active"), entry(1, "suspended")],
      AGENCY,
      chain([{ effectiveFrom: ISSUED_AT - 10, revokedAt: ISSUED_AT + 100 }]),
    );
    assert.deepEqual([...statuses.values()], [1, 1]);
  });

  test("the agency's licence revoked after issue (from then on): its earlier credentials keep their status", async () => {
    const statuses = await deriveStatuses(
      [entry(0, "active"), entry(1, "suspended")],
      AGENCY,
      chain([{ effectiveFrom: ISSUED_AT + 10, revokedAt: ISSUED_AT + 10 }]),
    );
    assert.deepEqual([...statuses.values()], [0, 2]);
  });

  test("a licence credential follows its licence on chain, and is invalid once a renewal replaced it", async () => {
    const digest = entry(0, "active").digest;
    const licence = (status: number, documentHash = digest) =>
      deriveStatuses(
        [entry(0, "active", { licenceAgency: AGENCY, type: "AgencyLicenceCredential" })],
        AGENCY,
        chain([], { status, documentHash }),
      );
    assert.equal((await licence(LicenceStatus.Active)).get(0), 0);
    assert.equal((await licence(LicenceStatus.Suspended)).get(0), 2);
    assert.equal((await licence(LicenceStatus.Revoked)).get(0), 1);
    assert.equal((await licence(LicenceStatus.Active, `0x${"f".repeat(64)}`)).get(0), 1);
  });
});

describe("status list indices and tokens", () => {
  function setup(listSize = 64) {
    const db = openDatabase(":memory:");
    const store = repositoriesOf(db);
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const signer = createJwsSigner(privateKey.export({ format: "jwk" }));
    const issuer: Principal = {
      id: "agency-1",
      kind: "agency",
      did: `did:ethr:0x7a69:${AGENCY}`,
      address: AGENCY,
      name: "Agency",
      jurisdiction: null,
      signingKid: `did:ethr:0x7a69:${AGENCY}#delegate-1`,
      signingKey: "k1",
      onboardedBy: null,
      createdAt: 0,
    };
    store.principals.insert(issuer);
    const clock = { now: ISSUED_AT * 1000 };
    const lists = new StatusLists({
      store,
      chain: chain(),
      kms: { jwsSigner: async () => signer },
      principal: () => issuer,
      baseUrl: () => "https://issuer.example",
      now: () => clock.now,
      listSize,
    });
    let credentials = 0;
    const issue = () => {
      const reservation = lists.reserve(issuer);
      const digest = `0x${(++credentials).toString(16).padStart(64, "0")}`;
      store.credentials.insert({
        digest,
        caseId: null,
        issuerId: issuer.id,
        credentialId: digest,
        type: "EmploymentContractCredential",
        format: "vc+sd-jwt",
        createdAt: clock.now,
      });
      reservation.record(digest);
      reservation.release();
      return { digest, ...reservation.reference.status_list };
    };
    return { store, lists, issue, clock, publicKey, issuer };
  }

  test("indices are drawn at random from the list, never twice; a full list (75 %) hands over to a new one", () => {
    const { issue } = setup(64);
    const issued = Array.from({ length: 48 }, issue);
    const [first] = issued;
    assert.ok(issued.every((i) => i.uri === first!.uri));
    assert.equal(new Set(issued.map((i) => i.idx)).size, 48);
    assert.ok(issued.every((i) => i.idx >= 0 && i.idx < 64));
    const inOrder = issued.every((i, n) => n === 0 || i.idx > issued[n - 1]!.idx);
    assert.equal(inOrder, false, "the index does not follow issuance order");
    const next = issue();
    assert.notEqual(next.uri, first!.uri);
    assert.match(next.uri, /^https:\/\/issuer\.example\/status-lists\/[A-Za-z0-9_-]{16}$/);
  });

  test("an index reserved for a credential being signed is not drawn again, and is free once released unused", () => {
    const { lists, issuer } = setup(4);
    // 4 entries, 3 usable: three reservations in flight take all three.
    const held = [lists.reserve(issuer), lists.reserve(issuer), lists.reserve(issuer)];
    const indices = held.map((r) => r.reference.status_list.idx);
    assert.equal(new Set(indices).size, 3);
    assert.equal(new Set(held.map((r) => r.reference.status_list.uri)).size, 1);
    assert.notEqual(lists.reserve(issuer).reference.status_list.uri, held[0]!.reference.status_list.uri);
  });

  test("the token is signed by the issuer's key, typ statuslist+jwt, and rebuilt when a status changes", async () => {
    const { store, lists, issue, clock, publicKey, issuer } = setup(64);
    const a = issue();
    const listId = a.uri.slice(a.uri.lastIndexOf("/") + 1);
    const key = await importJWK({ ...(publicKey.export({ format: "jwk" }) as object) }, "EdDSA");
    const read = async () => {
      const token = (await lists.token(listId))!;
      const { payload, protectedHeader } = await jwtVerify(token, key, {
        typ: "statuslist+jwt",
        subject: a.uri,
        currentDate: new Date(clock.now),
      });
      assert.equal(protectedHeader.kid, issuer.signingKid);
      assert.equal(payload.iss, issuer.did);
      return { token, payload, status: getListFromStatusListJWT(token).getStatus(a.idx) };
    };
    const before = await read();
    assert.equal(before.status, 0);
    assert.equal(before.payload.ttl, 300);
    assert.equal(before.payload.exp, ISSUED_AT + 24 * 3600);

    store.credentials.setStatus(a.digest, "revoked");
    clock.now += 1000;
    assert.equal((await read()).token, before.token, "no change announced, within ttl: the same token");
    lists.changed(issuer.id);
    assert.equal((await read()).status, 1, "after the change: rebuilt");

    store.credentials.setStatus(a.digest, "suspended");
    clock.now += 301_000;
    assert.equal((await read()).status, 2, "past ttl: rebuilt");
  });

  test("an unknown list has no token", async () => {
    const { lists } = setup();
    assert.equal(await lists.token("nope"), undefined);
  });
});
