/**
 * 2. Issue: credentials per second in process (the issuer service's SD-JWT VC code) next to raw
 * node:crypto Ed25519 signing of a same-size JWS, then over HTTP under load at several concurrencies
 * with durable storage on.
 */
import { createJwsSigner, signWithKey, type PublicJwk } from "@fairledger/common";
import { compareRates, round } from "../lib/measure.ts";
import { progress } from "../lib/progress.ts";
import { emptySection, ratio, type SectionResult } from "../lib/report.ts";
import { sizes, type BenchContext } from "../lib/context.ts";
import { ed25519KeyPair, p256KeyPair } from "../fixtures/keys.ts";
import { employmentClaims, EMPLOYMENT_SCHEMA_ID } from "../fixtures/claims.ts";
import { didJwkOf } from "../fixtures/presentations.ts";
import { runHttpIssuance } from "./issue-http.ts";

/** Distinct credential drafts (one per worker) and the issuer service's SD-JWT VC signing function. */
export async function issuanceDrafts(count: number) {
  const { issueSdJwtVc } = (await import("@fairledger/issuer-service/credentials/sd-jwt-vc")) as {
    issueSdJwtVc: (draft: Record<string, unknown>) => Promise<string>;
  };
  const issuerKeys = ed25519KeyPair();
  const signer = createJwsSigner(issuerKeys.privateJwk);
  const issuerDid = "did:ethr:0x7a69:0x90f79bf6eb2c4f870365e785982e1f101e93b906";
  const drafts = Array.from({ length: count }, (_, index) => {
    const holder = p256KeyPair();
    const holderDid = didJwkOf(holder.publicJwk as Record<string, unknown>);
    return {
      type: "EmploymentContractCredential",
      issuerDid,
      kid: `${issuerDid}#delegate-1`,
      signer,
      subject: { id: holderDid, ...employmentClaims(index, "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65") },
      holderJwk: holder.publicJwk as PublicJwk,
      validFrom: new Date(),
      validUntil: new Date(Date.now() + 365 * 24 * 3600 * 1000),
      schemaUrl: EMPLOYMENT_SCHEMA_ID,
    };
  });
  return { issue: issueSdJwtVc, drafts, issuerKeys };
}

export async function runIssue(context: BenchContext): Promise<SectionResult> {
  const section = emptySection("issue");
  const config = sizes(context, { subjects: 200, runs: 7, warmup: 2, minRunMs: 1000 }, { subjects: 4, runs: 2, warmup: 1, minRunMs: 50 });
  const { issue: issueSdJwtVc, drafts, issuerKeys } = await issuanceDrafts(config.subjects);
  const sample = await issueSdJwtVc(drafts[0]!);
  const issuerJwt = sample.split("~")[0]!;
  const signingInput = issuerJwt.slice(0, issuerJwt.lastIndexOf("."));

  progress(`issue: timing in-process issuance against raw Ed25519 signing of a ${signingInput.length}-byte JWS input`);
  const rates = await compareRates(
    {
      raw: () => signWithKey("EdDSA", issuerKeys.privateKey, signingInput),
      issuer: (i) => issueSdJwtVc(drafts[i % drafts.length]!),
    },
    { runs: config.runs, warmup: config.warmup, minRunMs: config.minRunMs },
    (run, total) => progress(`issue: run ${run}/${total}`),
  );
  const issuer = {
    name: "issuer service issueSdJwtVc (SD-JWT VC, 11 disclosures), in process",
    value: round(rates.issuer.perSecond),
    unit: "credentials/s",
    detail: { runs: rates.issuer.runs.map((r) => round(r)) },
  };
  const raw = {
    name: "raw node:crypto Ed25519 signing of a same-size JWS input",
    value: round(rates.raw.perSecond),
    unit: "signatures/s",
    detail: { runs: rates.raw.runs.map((r) => round(r)), signingInputBytes: signingInput.length },
  };
  section.measurements.push(issuer, raw);
  section.ratios.push(ratio("in-process issuance / raw signing", issuer, raw, { atLeast: 0.5 })!);
  section.notes.push(`issuance includes salts, disclosure hashing and JSON encoding; credential size ${sample.length} bytes`);

  await runHttpIssuance(context, section);
  return section;
}
