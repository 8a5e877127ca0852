/**
 * Operators see internal errors: each one is logged exactly once (pino, error level, with its stack)
 * under the request id the client got back in the X-Request-Id header and the problem body. A client's
 * own X-Request-Id is kept when it is a plain token, replaced when it could forge a log line.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { client, useDemoService } from "./helpers.ts";
import { createLogger } from "../src/logging.ts";

describe("structured logging of internal errors", () => {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  const demo = useDemoService({ options: () => ({ logger: createLogger({ level: "info", destination }) }) });
  before(() => {
    // A defect inside a use case: what the route does next is not a ServiceError.
    demo.service.context.cases.get = () => {
      throw new TypeError("defect planted by the logging test");
    };
  });

  const errorsFor = (requestId: string) => lines.filter((line) => line.requestId === requestId && line.level === 50);

  it("logs an internal error once, with the request id that the answer carries in its header and body", async () => {
    const answer = await client(demo.service.url, demo.service.apiKeys.agency).get("/cases/any-case");
    assert.equal(answer.status, 500);
    assert.equal(answer.body.type, "urn:fairledger:problem:ERR_INTERNAL");
    assert.equal(answer.body.detail, "internal error", "no internals in the answer");
    const requestId = answer.headers.get("x-request-id");
    assert.match(requestId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(answer.body.requestId, requestId);
    const logged = errorsFor(requestId!);
    assert.equal(logged.length, 1, "exactly once");
    assert.equal(logged[0]!.msg, "internal error");
    assert.equal(logged[0]!.path, "/cases/any-case");
    assert.match(String((logged[0]!.err as { stack: string }).stack), /defect planted by the logging test/);
  });

  it("keeps the client's X-Request-Id when it is a plain token, and replaces one that could forge a log line", async () => {
    const api = client(demo.service.url, demo.service.apiKeys.agency);
    const traced = await api.get("/cases/any-case", { "x-request-id": "edge-7f3a.42:retry-1" });
    assert.equal(traced.headers.get("x-request-id"), "edge-7f3a.42:retry-1");
    assert.equal(traced.body.requestId, "edge-7f3a.42:retry-1");
    assert.equal(errorsFor("edge-7f3a.42:retry-1").length, 1);

    const forged = await api.get("/cases/any-case", { "x-request-id": 'x" level=10 {"forged":true}' });
    const replaced = forged.headers.get("x-request-id");
    assert.match(replaced ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(errorsFor(replaced!).length, 1);
  });

  it("a client error is answered with the request id and is not logged as an internal error", async () => {
    const before = lines.filter((line) => line.level === 50).length;
    const answer = await client(demo.service.url).get("/credentials/not-a-digest/anchor");
    assert.equal(answer.status, 400);
    assert.equal(answer.body.requestId, answer.headers.get("x-request-id"));
    assert.equal(lines.filter((line) => line.level === 50).length, before);
  });
});
