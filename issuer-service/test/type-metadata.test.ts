/**
 * SD-JWT VC Type Metadata (draft-ietf-oauth-sd-jwt-vc-13 §6) at each credential's `vct` URL: public,
 * application/json, valid by @sd-jwt/sd-jwt-vc's own Type Metadata schema, with the type's name and
 * description and a label for every claim of its subject schema in English, Tagalog, Hindi and Arabic;
 * and the `vct#integrity` of an issued credential is the hash of exactly what is served.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { z } from "zod";
import { TypeMetadataFormatSchema } from "@sd-jwt/sd-jwt-vc";
import { CREDENTIAL_TYPES, SUBJECT_SCHEMAS, type CredentialType } from "@fairledger/common";
import {
  caseWithAnchoredContract,
  decodeJwtPart,
  newHolderKey,
  pickUp,
  startService,
  tempDir,
  useDemoService,
} from "./helpers.ts";

const SCRIPT: Record<string, RegExp> = {
  en: /^[\x20-\x7e]+$/,
  tl: /^[\x20-\x7e]+$/,
  hi: /[\u0900-\u097f]/,
  ar: /[\u0600-\u06ff]/,
};

/** Every claim path of a subject schema, nested objects included — read from the zod schema, not from the metadata. */
function claimPaths(shape: Record<string, unknown>, prefix: string[] = []): string[][] {
  return Object.entries(shape).flatMap(([name, schema]) => [
    [...prefix, name],
    ...(schema instanceof z.ZodObject ? claimPaths(schema.shape, [...prefix, name]) : []),
  ]);
}

describe("type metadata at the vct URL", () => {
  const demo = useDemoService();

  async function served(type: CredentialType) {
    const response = await fetch(`${demo.service.url}/vct/${type}`);
    return { response, text: await response.text() };
  }

  for (const type of CREDENTIAL_TYPES) {
    it(`${type}: served without an API key as application/json, valid Type Metadata, every claim labelled in en, tl, hi, ar`, async () => {
      const { response, text } = await served(type);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type")?.split(";")[0], "application/json");
      const metadata = JSON.parse(text);
      TypeMetadataFormatSchema.parse(metadata);
      assert.equal(metadata.vct, `${demo.service.url}/vct/${type}`);
      assert.deepEqual(
        metadata.display.map((d: { locale: string }) => d.locale),
        ["en", "tl", "hi", "ar"],
      );
      for (const display of metadata.display) {
        assert.match(display.name, SCRIPT[display.locale]!);
        assert.ok(display.description.length > 20, `${display.locale} description`);
      }
      const expected = claimPaths(SUBJECT_SCHEMAS[type].shape).map((path) => ["credentialSubject", ...path]);
      assert.deepEqual(
        metadata.claims.map((claim: { path: string[] }) => claim.path.join(".")).sort(),
        expected.map((path) => path.join(".")).sort(),
        "one entry per claim of the subject schema",
      );
      for (const claim of metadata.claims as { path: string[]; display: { locale: string; label: string }[] }[]) {
        const labels = Object.fromEntries(claim.display.map((d) => [d.locale, d.label]));
        assert.deepEqual(Object.keys(labels), ["en", "tl", "hi", "ar"], claim.path.join("."));
        for (const [locale, label] of Object.entries(labels))
          assert.match(label, SCRIPT[locale]!, `${claim.path.join(".")} in ${locale}: ${label}`);
        assert.notEqual(labels.tl, labels.en, `${claim.path.join(".")} is translated to Tagalog`);
      }
    });
  }

  it("the claims the issuer packs as disclosures are sd: always, the commitments sd: never", async () => {
    const metadata = JSON.parse((await served("EmploymentContractCredential")).text);
    const sd = Object.fromEntries(
      metadata.claims.map((c: { path: string[]; sd?: string }) => [c.path.slice(1).join("."), c.sd]),
    );
    assert.equal(sd.workerName, "always");
    assert.equal(sd.caseCommitment, "never");
    assert.equal(sd.contractHash, "never");
    assert.equal(sd["monthlyWage.amount"], undefined, "a nested claim goes with its parent");
  });

  it("an unknown type is 404", async () => {
    assert.equal((await served("PassportCredential" as CredentialType)).response.status, 404);
  });

  it("an issued credential's vct#integrity is the SHA-256 of the document served at its vct", async () => {
    const { caseId, api } = await caseWithAnchoredContract(demo.service, demo.ledger);
    const { credential } = await pickUp(demo.service, api, caseId, newHolderKey());
    const payload = decodeJwtPart(credential.credential, 1);
    const text = await (await fetch(payload.vct)).text();
    assert.equal(payload["vct#integrity"], `sha256-${createHash("sha256").update(text).digest("base64")}`);
    const metadata = await (await fetch(`${demo.service.url}/.well-known/openid-credential-issuer`)).json();
    const configurations = Object.values(metadata.credential_configurations_supported) as { vct?: string }[];
    assert.ok(
      configurations.some((configuration) => configuration.vct === payload.vct),
      "the issuer metadata offers the vct the credential carries",
    );
  });

  it("with vctBaseUrl (FAIRLEDGER_VCT_BASE_URL) set, the metadata and the offered vct name the consortium's base, not the service's", async () => {
    const service = await startService(
      demo.ledger,
      tempDir(),
      { provision: [] },
      { vctBaseUrl: "https://vct.fairledger.example/" },
    );
    try {
      const document = await (await fetch(`${service.url}/vct/RecruitmentFeeStatement`)).json();
      assert.equal(document.vct, "https://vct.fairledger.example/vct/RecruitmentFeeStatement");
      const metadata = await (await fetch(`${service.url}/.well-known/openid-credential-issuer`)).json();
      const offered = (Object.values(metadata.credential_configurations_supported) as { vct?: string }[]).flatMap(
        (configuration) => (configuration.vct ? [configuration.vct] : []),
      );
      assert.ok(offered.length > 0 && offered.every((vct) => vct.startsWith("https://vct.fairledger.example/vct/")));
    } finally {
      await service.stop();
    }
  });
});
