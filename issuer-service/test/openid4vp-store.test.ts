/**
 * The OpenID4VP state store in SQLite (store/openid4vp-requests-repository.ts): one UPDATE decides which
 * answer claims a request, so a second answer, an answer at or after expiry and an unknown state are
 * refused with the library's codes; verdicts survive as JSON; rows go an hour after they expire.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { isOpenid4vpError, type ResponseVerdict } from "@fairledger/verifier";
import { openDatabase, type Db } from "../src/store/database.ts";
import { KEEP_AFTER_EXPIRY_SECONDS, Openid4vpRequestsRepository } from "../src/store/openid4vp-requests-repository.ts";

describe("openid4vp_requests", () => {
  let db: Db;
  let requests: Openid4vpRequestsRepository;
  const save = (id: string, expiresAt: number) =>
    requests.insert(
      { id, state: `state-${id}`, requestObject: "h.p.s", expiresAt, answeredAt: null, verdict: null },
      "authority-1",
      100,
    );

  beforeEach(() => {
    db = openDatabase(":memory:");
    db.prepare(
      "INSERT INTO principals (id, kind, did, address, name, signing_kid, signing_key, created_at) VALUES ('authority-1', 'authority', 'did:ethr:0x7a69:0x01', '0x01', 'Desk', 'k', 'k', 0)",
    ).run();
    requests = new Openid4vpRequestsRepository(db);
  });

  test("the first answer claims the request; a second is refused ERR_VP_ALREADY_ANSWERED", () => {
    save("a", 400);
    assert.equal(requests.claim("state-a", 150).answeredAt, 150);
    assert.throws(
      () => requests.claim("state-a", 151),
      (error: unknown) => isOpenid4vpError(error, "ERR_VP_ALREADY_ANSWERED"),
    );
  });

  test("at its expiry second a request is refused ERR_VP_REQUEST_EXPIRED, and stays unanswered", () => {
    save("b", 400);
    assert.throws(
      () => requests.claim("state-b", 400),
      (error: unknown) => isOpenid4vpError(error, "ERR_VP_REQUEST_EXPIRED"),
    );
    assert.equal(requests.byId("b")?.answeredAt, null);
  });

  test("an unknown state is refused ERR_VP_UNKNOWN_STATE", () => {
    assert.throws(
      () => requests.claim("nope", 1),
      (error: unknown) => isOpenid4vpError(error, "ERR_VP_UNKNOWN_STATE"),
    );
  });

  test("the verdict is kept for the desk, and the row is deleted an hour after expiry", () => {
    save("c", 400);
    requests.claim("state-c", 200);
    const verdict: ResponseVerdict = { outcome: "valid", presentations: [], verifiedAt: 200 };
    requests.recordVerdict("c", verdict);
    assert.deepEqual(requests.byId("c")?.verdict, verdict);
    assert.equal(requests.prune(400 + KEEP_AFTER_EXPIRY_SECONDS), 0);
    assert.equal(requests.prune(401 + KEEP_AFTER_EXPIRY_SECONDS), 1);
    assert.equal(requests.byId("c"), undefined);
  });
});
