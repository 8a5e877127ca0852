/**
 * `/openapi.json` as the service serves it — whatever routes it has by then — passes Redocly's
 * `recommended` ruleset with no error, and with none of the warnings a client generator trips on (no
 * operationId, no 4xx, no licence); and it tells the truth about the two things a client needs first:
 * which operations are public, and what they answer. Each documented operation is called without any
 * credential (path parameters filled with well-formed values, writes with an empty JSON body): an
 * operation documented as public must not answer 401, one documented as needing a key must, and every
 * answer must be one the operation documents.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { useDemoService } from "./helpers.ts";

type Operation = {
  operationId?: string;
  security?: Record<string, unknown>[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};
type Document = {
  security?: Record<string, unknown>[];
  paths: Record<string, Record<string, Operation>>;
};

const METHODS = ["get", "put", "post", "delete", "patch"];
/** Rules whose warnings count as failures too: clients are generated from these. */
const REQUIRED_RULES = ["operation-operationId", "operation-4xx-response", "info-license", "security-defined"];

/** Well-formed values for the path parameters the service uses (unknown names get "x"). */
const SAMPLE_PARAMETERS: Record<string, string> = {
  id: "00000000-0000-4000-8000-000000000000",
  keyId: "00000000-0000-4000-8000-000000000000",
  digest: `0x${"0".repeat(64)}`,
  agency: `0x${"0".repeat(40)}`,
  account: `0x${"0".repeat(40)}`,
  corridor: "PH-SA",
  file: "no-such-schema.json",
};

describe("OpenAPI document", () => {
  const fixture = useDemoService();

  async function servedDocument(): Promise<{ text: string; document: Document }> {
    const response = await fetch(`${fixture.service.url}/openapi.json`);
    assert.equal(response.status, 200);
    const text = await response.text();
    return { text, document: JSON.parse(text) as Document };
  }

  it("passes Redocly's recommended ruleset: no error, no operation without operationId or 4xx, a licence", async () => {
    const { text } = await servedDocument();
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: text, absoluteRef: `${fixture.service.url}/openapi.json`, config });
    const failing = problems.filter((p) => p.severity === "error" || REQUIRED_RULES.includes(p.ruleId));
    assert.deepEqual(
      failing.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ""}: ${p.message}`),
      [],
    );
  });

  it("every operation has its own operationId", async () => {
    const { document } = await servedDocument();
    const ids: string[] = [];
    for (const [path, item] of Object.entries(document.paths))
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        assert.ok(operation.operationId, `${method.toUpperCase()} ${path} has no operationId`);
        ids.push(operation.operationId);
      }
    assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
  });

  it("without a credential, public operations answer, the others answer 401, and every answer is documented", async () => {
    const { document } = await servedDocument();
    const mismatches: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => SAMPLE_PARAMETERS[name] ?? "x");
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const security = operation.security ?? document.security ?? [];
        const isPublic = security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0);
        const response = await fetch(`${fixture.service.url}${url}`, {
          method: method.toUpperCase(),
          ...(operation.requestBody ? { headers: { "content-type": "application/json" }, body: "{}" } : {}),
        });
        await response.arrayBuffer();
        const where = `${method.toUpperCase()} ${path} answered ${response.status}`;
        if (isPublic && response.status === 401) mismatches.push(`${where}, but is documented as public`);
        if (!isPublic && response.status !== 401) mismatches.push(`${where} without a credential, but needs one`);
        const documented = Object.keys(operation.responses);
        if (!documented.includes(String(response.status)) && !documented.includes(`${String(response.status)[0]}XX`))
          mismatches.push(`${where}, which it does not document (${documented.join(", ")})`);
      }
    }
    assert.deepEqual(mismatches, []);
  });
});
