/**
 * Library units that need no chain: the TTL cache behind every ledger lookup, joining QR parts, and the
 * RFC 9901 disclosure rules on hand-built payloads (array elements, misplaced disclosures, reserved names).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MemoryUsedNonceStore,
  SqliteUsedNonceStore,
  USED_NONCES_FILE,
  TtlCache,
  joinPresentationParts,
  splitPresentationParts,
  isVerifierError,
  type UsedNonceStore,
} from "../src/index.ts";
import { processDisclosures } from "../src/checks/sd-disclosures.ts";
import { sdHash } from "../src/jose/sd-hash.ts";
import rfc9901 from "./fixtures/rfc9901-vectors.json" with { type: "json" };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const salt = () => randomBytes(16).toString("base64url");

describe("TtlCache", () => {
  test("shares one lookup per key until the TTL passes, then looks up again", async () => {
    let now = 1_000;
    let loads = 0;
    const cache = new TtlCache<number>(500, 10, () => now);
    const load = async () => ++loads;
    assert.equal(await cache.get("k", load), 1);
    assert.equal(await cache.get("k", load), 1);
    now += 499;
    assert.equal(await cache.get("k", load), 1);
    now += 2;
    assert.equal(await cache.get("k", load), 2);
  });

  test("does not keep a failed lookup (a chain outage is not cached)", async () => {
    const cache = new TtlCache<string>(60_000);
    await assert.rejects(cache.get("k", async () => Promise.reject(new Error("down"))));
    assert.equal(await cache.get("k", async () => "up"), "up");
  });

  test("is bounded", async () => {
    const cache = new TtlCache<number>(60_000, 3);
    let loads = 0;
    for (const key of ["a", "b", "c", "d"]) await cache.get(key, async () => ++loads);
    assert.equal(await cache.get("a", async () => ++loads), 5, "the oldest entry was evicted");
  });
});

describe("QR parts FLP1:i/n", () => {
  const text = "x".repeat(2500);
  test("join in any order", () => {
    assert.equal(joinPresentationParts(splitPresentationParts(text, 1000).reverse()), text);
  });
  test("a missing, duplicated or inconsistent part is refused", () => {
    const parts = splitPresentationParts(text, 1000);
    for (const bad of [parts.slice(1), [...parts, parts[0]!], [...parts.slice(0, 2), "FLP1:3/4:x"]]) {
      assert.throws(
        () => joinPresentationParts(bad),
        (error: unknown) => isVerifierError(error, "ERR_INPUT_UNREADABLE"),
      );
    }
  });
});

describe("RFC 9901 disclosure processing", () => {
  test("the RFC's own vector: a Disclosure's digest, and the claim it restores (UTF-8 value)", () => {
    assert.equal(sdHash(rfc9901.singleDisclosure.disclosure), rfc9901.singleDisclosure.digest);
    const { result, processed } = processDisclosures({ _sd: [rfc9901.singleDisclosure.digest], _sd_alg: "sha-256" }, [
      rfc9901.singleDisclosure.disclosure,
    ]);
    assert.equal(result.passed, true, result.reason);
    assert.deepEqual(processed!.claims, {
      [rfc9901.singleDisclosure.decoded[1]!]: rfc9901.singleDisclosure.decoded[2],
    });
  });

  test("array element disclosures are restored in place", () => {
    const element = b64([salt(), "PH"]);
    const payload = { nationalities: [{ "...": sdHash(element) }, "SA"], _sd_alg: "sha-256" };
    const { result, processed } = processDisclosures(payload, [element]);
    assert.equal(result.passed, true, result.reason);
    assert.deepEqual(processed!.claims.nationalities, ["PH", "SA"]);
  });

  test("an undisclosed array element is dropped, not shown as a digest", () => {
    const payload = { nationalities: [{ "...": sdHash(b64([salt(), "PH"])) }, "SA"] };
    assert.deepEqual(processDisclosures(payload, []).processed!.claims.nationalities, ["SA"]);
  });

  test("an object-property disclosure referenced from an array is refused", () => {
    const disclosure = b64([salt(), "name", "Maria"]);
    const { result } = processDisclosures({ list: [{ "...": sdHash(disclosure) }] }, [disclosure]);
    assert.equal(result.passed, false);
  });

  test("an array-element disclosure referenced from _sd is refused", () => {
    const disclosure = b64([salt(), "Maria"]);
    assert.equal(processDisclosures({ _sd: [sdHash(disclosure)] }, [disclosure]).result.passed, false);
  });

  test("a disclosure no digest refers to is refused", () => {
    assert.equal(processDisclosures({ _sd: [] }, [b64([salt(), "name", "x"])]).result.passed, false);
  });

  test("a salt shorter than 128 bits is refused", () => {
    const disclosure = b64(["c2hvcnQ", "name", "x"]);
    assert.equal(processDisclosures({ _sd: [sdHash(disclosure)] }, [disclosure]).result.passed, false);
  });

  test("a claim named __proto__ stays a plain claim and changes no prototype", () => {
    const disclosure = b64([salt(), "__proto__", { polluted: true }]);
    const { result, processed } = processDisclosures({ _sd: [sdHash(disclosure)] }, [disclosure]);
    assert.equal(result.passed, true);
    assert.equal((processed!.claims as { polluted?: boolean }).polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(processed!.claims, "__proto__")?.value, { polluted: true });
  });

  test("nested disclosures inside a disclosed object are processed", () => {
    const inner = b64([salt(), "city", "Manila"]);
    const outer = b64([salt(), "address", { _sd: [sdHash(inner)], country: "PH" }]);
    const { result, processed } = processDisclosures({ _sd: [sdHash(outer)] }, [outer, inner]);
    assert.equal(result.passed, true, result.reason);
    assert.deepEqual(processed!.claims.address, { city: "Manila", country: "PH" });
  });
});

describe("used-nonce stores", () => {
  const behaves = (name: string, open: () => Promise<UsedNonceStore & { close?(): void }>) => {
    test(`${name}: a nonce is claimed once until it expires; the audience is part of the key`, async () => {
      const store = await open();
      assert.equal(await store.claim("border-1", "n-1", 1_360, 1_000), true);
      assert.equal(await store.claim("border-1", "n-1", 1_370, 1_010), false, "replayed within the window");
      assert.equal(await store.claim("border-2", "n-1", 1_370, 1_010), true, "another verifier's request");
      assert.equal(await store.claim("border-1n", "-1", 1_370, 1_010), true, "no confusion by moving the boundary");
      assert.equal(
        await store.claim("border-1", "n-1", 1_370, 1_360),
        false,
        "still inside the window at its last second",
      );
      assert.equal(await store.claim("border-1", "n-1", 1_730, 1_361), true, "forgotten after the key-binding window");
      store.close?.();
    });
  };
  behaves("in memory", async () => new MemoryUsedNonceStore());
  behaves("SQLite", async () => SqliteUsedNonceStore.open(mkdtempSync(join(tmpdir(), "fairledger-nonces-"))));

  test("the SQLite store is private to its user: directory 0700, file 0600", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "fairledger-nonces-")), "verifier");
    const store = await SqliteUsedNonceStore.open(dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, USED_NONCES_FILE)).mode & 0o777, 0o600);
    store.close();
  });

  test("a data directory that cannot be created is a named error (ERR_NONCE_STORE), not a crash", async () => {
    const notADirectory = join(mkdtempSync(join(tmpdir(), "fairledger-nonces-")), "a-file");
    writeFileSync(notADirectory, "");
    await assert.rejects(SqliteUsedNonceStore.open(join(notADirectory, "verifier")), (error) =>
      isVerifierError(error, "ERR_NONCE_STORE"),
    );
  });
});
