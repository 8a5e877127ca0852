/**
 * The birth-date rule reads the service's clock, not the machine's: "in the future" means after today
 * on the clock the service was started with (issue #12: a rule has one owner and one clock).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { openCaseBodyAt } from "../src/http/bodies.ts";
import { WORKER, client, startDemoLedger, startService, type DemoLedger } from "./helpers.ts";
import type { IssuerService } from "../src/service.ts";

/** 2020-06-15 12:00 UTC: long past on the machine's clock, so only the injected clock can refuse the 16th. */
const FIXED = Date.parse("2020-06-15T12:00:00Z");
const EMPLOYER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

function birthDateIssue(birthDate: string, now: () => number) {
  const result = openCaseBodyAt(now).safeParse({
    corridor: "PH-SA",
    employer: EMPLOYER,
    worker: { ...WORKER, birthDate },
  });
  return result.success ? undefined : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("the birth-date rule on the service's clock", () => {
  it("refuses a birth date after today on a fixed clock, though it is long past on the machine's", () => {
    assert.deepEqual(
      birthDateIssue("2020-06-16", () => FIXED),
      ["worker.birthDate: must not be in the future"],
    );
  });

  it("accepts a birth date before today, and today itself, on that clock", () => {
    assert.equal(
      birthDateIssue("2020-06-14", () => FIXED),
      undefined,
    );
    assert.equal(
      birthDateIssue("2020-06-15", () => FIXED),
      undefined,
    );
  });

  it("asks the clock at each check, not once when the schema is built", () => {
    let now = FIXED;
    const body = openCaseBodyAt(() => now);
    const open = { corridor: "PH-SA", employer: EMPLOYER, worker: { ...WORKER, birthDate: "2020-06-16" } };
    assert.equal(body.safeParse(open).success, false);
    now += 86_400_000;
    assert.equal(body.safeParse(open).success, true);
  });

  describe("POST /cases on a service started with a fixed clock", () => {
    let ledger: DemoLedger;
    let service: IssuerService;

    before(async () => {
      ledger = await startDemoLedger();
      service = await startService(ledger, undefined, { now: () => FIXED });
    });
    after(async () => {
      await service?.stop();
      await ledger?.stop();
    });

    it("answers 400 naming #/worker/birthDate for the day after the service's today", async () => {
      const api = client(service.url, service.apiKeys.agency);
      const response = await api.post("/cases", {
        corridor: "PH-SA",
        employer: ledger.demo.accounts.employer.address,
        worker: { ...WORKER, birthDate: "2020-06-16" },
      });
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.deepEqual(
        (response.body.errors as { pointer: string }[]).map((e) => e.pointer),
        ["#/worker/birthDate"],
      );
    });
  });
});
