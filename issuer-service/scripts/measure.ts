/**
 * Measures the issuance hot path on this machine: SD-JWT VC signing alone (node:crypto vs. the pure-JS
 * signer kms-local would use), and end to end over HTTP against a local chain. `tsx issuer-service/scripts/measure.ts`
 */
import { performance } from "node:perf_hooks";
import { generateKeyPairSync } from "node:crypto";
import { EdDSASigner } from "did-jwt";
import { createJwsSigner } from "@fairledger/common/node";
import { issueSdJwtVc, type CredentialDraft } from "../src/credentials/sd-jwt-vc.ts";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  pickUp,
  startDemoLedger,
  startService,
  waitFor,
} from "../test/helpers.ts";

const { privateKey } = generateKeyPairSync("ed25519");
const jwk = privateKey.export({ format: "jwk" });
const holder = newHolderKey();
const subject = {
  id: "did:jwk:x",
  caseCommitment: `0x${"11".repeat(32)}`,
  corridor: "PH-SA",
  contractHash: `0x${"22".repeat(32)}`,
  employerName: "Riyadh Care Hospital",
  employerId: `0x${"33".repeat(20)}`,
  jobTitle: "Nurse",
  worksiteCountry: "SA",
  contractStart: "2027-01-15",
  contractMonths: 24,
  workerName: "Maria Santos",
  passportNumber: "P1234567A",
  birthDate: "1995-04-12",
  nationality: "PH",
  monthlyWage: { amount: "850000", currency: "SAR" },
};
const draft = (signer: CredentialDraft["signer"]): CredentialDraft => ({
  type: "EmploymentContractCredential",
  issuerDid: "did:ethr:0x7a69:0x0",
  kid: "did:ethr:0x7a69:0x0#delegate-1",
  signer,
  subject,
  holderJwk: holder.jwk,
  validFrom: new Date(),
  validUntil: new Date(Date.now() + 1e10),
  schemaUrl: "http://x/schemas/a.json",
});

async function rate(label: string, n: number, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(50, n); i++) await fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const ms = performance.now() - start;
  console.log(`${label}: ${(n / (ms / 1000)).toFixed(0)}/s (${(ms / n).toFixed(3)} ms each, n=${n})`);
}

const nodeSigner = createJwsSigner(jwk);
if (jwk.d === undefined || jwk.x === undefined) throw new Error("the generated Ed25519 JWK lacks d or x");
const nobleSign = EdDSASigner(Buffer.concat([Buffer.from(jwk.d, "base64url"), Buffer.from(jwk.x, "base64url")]));
await rate("SD-JWT VC issue, node:crypto Ed25519", 2000, () => issueSdJwtVc(draft(nodeSigner)));
await rate("SD-JWT VC issue, did-jwt/noble Ed25519", 300, () =>
  issueSdJwtVc(
    draft({ alg: "EdDSA", sign: () => "" } as never) &&
      draft({ alg: "EdDSA", sign: (input: string) => nobleSign(input) as never } as never),
  ),
);

const ledger = await startDemoLedger();
const service = await startService(ledger, undefined, {}, { batch: { size: 32, intervalMs: 200 } });
try {
  const { caseId, api } = await caseWithAnchoredContract(service, ledger);
  const body = () => ({
    credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
    options: { caseId, holderJwk: holder.jwk },
  });
  await rate(
    "HTTP POST /credentials/issue, sequential (licence check on chain, sign, SQLite commit + outbox)",
    300,
    () => api.post("/credentials/issue", body()),
  );
  const concurrent = 8;
  const total = 400;
  const start = performance.now();
  const digests: string[] = [];
  await Promise.all(
    Array.from({ length: concurrent }, async () => {
      for (let i = 0; i < total / concurrent; i++)
        digests.push((await api.post("/credentials/issue", body())).body.digest);
    }),
  );
  const ms = performance.now() - start;
  console.log(`HTTP POST /credentials/issue, ${concurrent} concurrent: ${(total / (ms / 1000)).toFixed(0)}/s`);
  const anchorStart = performance.now();
  await waitFor(
    async () => {
      const r = await client(service.url).get(`/credentials/${digests.at(-1)}/anchor`);
      return r.body.status === "anchored" ? true : undefined;
    },
    "anchor",
    60_000,
  );
  console.log(
    `last of ${total} digests anchored ${(performance.now() - anchorStart).toFixed(0)} ms after the burst (batch 32 / 200 ms)`,
  );
  const batches = service.context.db
    .prepare("SELECT COUNT(*) AS n, SUM(size) AS s FROM batches WHERE size > 1")
    .get() as {
    n: number;
    s: number;
  };
  console.log(`batches: ${batches.n} holding ${batches.s} digests`);
  const t0 = performance.now();
  const rounds = 20;
  for (let i = 0; i < rounds; i++) await pickUp(service, api, caseId, newHolderKey());
  console.log(
    `pickup (offer + QR, token, credential with proof): ${((performance.now() - t0) / rounds).toFixed(1)} ms each`,
  );
} finally {
  await service.stop();
  await ledger.stop();
}
