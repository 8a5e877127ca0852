/**
 * 2. Issue: credentials per second in process (the issuer service's SD-JWT VC code) next to raw
 * node:crypto Ed25519 signing of a same-size JWS, then over HTTP under load at several concurrencies
 * with durable storage on.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createJwsSigner, signWithKey, type PublicJwk } from "@fairledger/common/node";
import { compareRates, round } from "../lib/measure.ts";
import { progress } from "../lib/progress.ts";
import { emptySection, ratio, type SectionResult } from "../lib/report.ts";
import { sizes, type BenchContext } from "../lib/context.ts";
import { ed25519KeyPair, p256KeyPair } from "../fixtures/keys.ts";
import { employmentClaims, EMPLOYMENT_SCHEMA_ID } from "../fixtures/claims.ts";
import { didJwkOf } from "../fixtures/presentations.ts";
import { runHttpIssuance } from "./issue-http.ts";
import { startRunningIssuer } from "../fixtures/issuer-service.ts";

/** Distinct credential drafts (one per worker) and the issuer service's SD-JWT VC signing function. */
export async function issuanceDrafts(count: number) {
  const { issueSdJwtVc } = (await import("@fairledger/issuer-service/credentials/sd-jwt-vc")) as unknown as {
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
  const config = sizes(
    context,
    { subjects: 200, cases: 8, runs: 7, warmup: 2, minRunMs: 1000 },
    { subjects: 4, cases: 2, runs: 2, warmup: 1, minRunMs: 50 },
  );
  const { issue: issueSdJwtVc, drafts, issuerKeys } = await issuanceDrafts(config.subjects);
  const sample = await issueSdJwtVc(drafts[0]!);
  const issuerJwt = sample.split("~")[0]!;
  const signingInput = issuerJwt.slice(0, issuerJwt.lastIndexOf("."));

  progress(`issue: starting the issuer service on a local chain with ${config.cases} anchored cases`);
  const running = await startRunningIssuer({ cases: config.cases });
  try {
    const credentialIssuer = (running.service.context as { issuer: { issueForCase: IssueForCase } }).issuer;
    const agency = running.service.principals.agency;
    const holderJwks = drafts.map((draft) => draft.holderJwk);
    const issueForCase = (i: number) =>
      credentialIssuer.issueForCase(
        agency,
        running.caseIds[i % running.caseIds.length]!,
        "EmploymentContractCredential",
        holderJwks[i % holderJwks.length]!,
        "vc+sd-jwt",
      );
    // What a loaded service does: many issuances in flight at once (they share block-time answers and
    // durable commits). One operation = IN_FLIGHT issuances started together and awaited together.
    const issueConcurrently = (i: number) =>
      Promise.all(Array.from({ length: IN_FLIGHT }, (_, k) => issueForCase(i * IN_FLIGHT + k)));

    // What bounds issueForCase: its chain reads (licence, latest block time — cached or shared) and its
    // durable SQLite commit (shared by concurrent issuances). Both timed on their own, in the same runs.
    const ledgerOfService = (
      running.service.context as unknown as { ledger: { isLicensedNow(a: string, j: string): Promise<boolean> } }
    ).ledger;
    const agencyAddress = running.ledger.demo.accounts.agency.address;
    const commitOnce = durableCommitProbe();
    progress(
      `issue: timing in-process issuance against raw Ed25519 signing of a ${signingInput.length}-byte JWS input`,
    );
    const rates = await compareRates(
      {
        raw: () => signWithKey("EdDSA", issuerKeys.privateKey, signingInput),
        sdJwt: (i) => issueSdJwtVc(drafts[i % drafts.length]!),
        service: issueForCase,
        serviceConcurrent: issueConcurrently,
        rpc: () => ledgerOfService.isLicensedNow(agencyAddress, "PH"),
        commit: () => commitOnce(),
      },
      { runs: config.runs, warmup: config.warmup, minRunMs: config.minRunMs },
      (run, total) => progress(`issue: run ${run}/${total}`),
    );
    const measured = (name: string, key: keyof typeof rates, unit: string, extra: Record<string, unknown> = {}) => {
      const m = {
        name,
        value: round(rates[key].perSecond),
        unit,
        detail: { runs: rates[key].runs.map((r) => round(r)), ...extra },
      };
      section.measurements.push(m);
      return m;
    };
    const service = measured(
      "issuer service CredentialIssuer.issueForCase one at a time (sign + SQLite commit + anchoring queue), in process",
      "service",
      "credentials/s",
    );
    const concurrent = {
      name: `issuer service CredentialIssuer.issueForCase, ${IN_FLIGHT} in flight (the loaded-service path: shared block time, group commit), in process`,
      value: round(rates.serviceConcurrent.perSecond * IN_FLIGHT),
      unit: "credentials/s",
      detail: { inFlight: IN_FLIGHT, runs: rates.serviceConcurrent.runs.map((r) => round(r * IN_FLIGHT)) },
    };
    section.measurements.push(concurrent);
    const core = measured(
      "issuer service issueSdJwtVc (build + sign the SD-JWT VC only), in process",
      "sdJwt",
      "credentials/s",
    );
    const raw = measured("raw node:crypto Ed25519 signing of a same-size JWS input", "raw", "signatures/s", {
      signingInputBytes: signingInput.length,
    });
    measured(
      "reference: one eth_call isLicensedNow to the local chain (issueForCase asks it at most once per licenceCacheMs; the block time once per blockTimeReuseMs)",
      "rpc",
      "calls/s",
    );
    measured(
      "bound: one SQLite commit with synchronous=FULL, WAL (one per credential one at a time; shared by the credentials in flight)",
      "commit",
      "commits/s",
    );
    // The target is for the service as it runs under load (many issuances in flight), not for one
    // caller waiting for each credential's fsync and RPC round trip in turn.
    section.ratios.push(
      ratio(`in-process issuance, ${IN_FLIGHT} in flight (issueForCase) / raw signing`, concurrent, raw, {
        atLeast: 0.5,
      })!,
    );
    section.ratios.push(ratio("in-process issuance one at a time (issueForCase) / raw signing", service, raw)!);
    section.ratios.push(ratio("SD-JWT VC build + sign (issueSdJwtVc) / raw signing", core, raw)!);
    section.notes.push(
      `credential: EmploymentContractCredential as SD-JWT VC, ${sample.length} bytes, ${sample.split("~").length - 2} disclosures`,
    );

    await runHttpIssuance(context, section, running);
  } finally {
    await running.stop();
  }
  return section;
}

/** A separate SQLite file with the issuer service's pragmas; each call commits one small row. */
function durableCommitProbe(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "fairledger-bench-sqlite-"));
  const db = new Database(join(dir, "probe.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO probe (payload) VALUES (?)");
  process.once("exit", () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => void insert.run("0x".padEnd(66, "a"));
}

/** Issuances in flight at once for the concurrent in-process figure. */
const IN_FLIGHT = 64;

type IssueForCase = (
  agency: unknown,
  caseId: string,
  type: string,
  holderJwk: unknown,
  format: string,
) => Promise<unknown>;
