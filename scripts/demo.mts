/**
 * `npm run demo`: the whole FairLedger story in the terminal, step by step, against the stack that
 * `npm start` runs (read from <data dir>/stack.json). With no stack running it starts its own, on free
 * ports, and stops it at the end.
 *
 *   1. an authority issues the agency's licence credential and the matching on-chain licence
 *   2. the agency opens a case; employer and agency sign the employment contract; it is anchored
 *   3. the worker picks up the contract credential into a wallet (holder key proof of possession)
 *   4. at the border the worker discloses only what the officer asks; the verifier CLI checks it
 *   5. the same presentation replayed is refused; a contract swapped at destination is caught
 *   6. a second case where the worker was charged a fee; the inspector's fee audit finds exactly it
 */
import { parseArgs } from "node:util";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { startDemoLedger, type DemoLedger } from "./lib/demo-ledger.ts";
import { devWallet, DEMO_ROLES } from "./lib/seed.ts";
import { startIssuerService, demoProvisioning, type IssuerService } from "@fairledger/issuer-service/service";
import { IssuerClient } from "./lib/issuer-client.mts";
import { DemoHolder } from "./lib/demo-holder.mts";
import {
  closeCase,
  createOffer,
  DEMO_TERMS,
  DEMO_WORKER,
  demoContractDocument,
  openCaseWithSignedContract,
  recordReceipt,
} from "./lib/demo-story.mts";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "verifier-cli", "bin", "fairledger.js");

interface Stack {
  rpcUrl: string;
  apiUrl: string;
  manifestPath: string;
  apiKeys: Record<string, string>;
}

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
let stepNumber = 0;
function step(title: string): void {
  stepNumber += 1;
  console.log(`\n${bold(`── ${stepNumber}. ${title}`)}`);
}
const say = (line: string) => console.log(`   ${line}`);

/** The demo's verifiers remember spent nonces here (set once the output folder is known). */
let verifierDataDir: string | undefined;

function fairledger(args: string[]): { status: number; stdout: string; stderr: string } {
  const env = verifierDataDir ? { ...process.env, FAIRLEDGER_VERIFIER_DATA_DIR: verifierDataDir } : process.env;
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
}

async function connect(dataDir: string): Promise<{ stack: Stack; stop(): Promise<void> }> {
  const stackFile = join(dataDir, "stack.json");
  if (existsSync(stackFile)) {
    const stack = JSON.parse(readFileSync(stackFile, "utf8")) as Stack;
    if (await reachable(stack.apiUrl)) {
      console.log(`using the stack started by npm start (${stack.apiUrl})`);
      return { stack, stop: async () => {} };
    }
  }
  console.log("no running `npm start` stack found: starting a private one for this demo…");
  let ledger: DemoLedger | undefined;
  let service: IssuerService | undefined;
  try {
    ledger = await startDemoLedger();
    service = await startIssuerService(
      {
        port: 0,
        dataDir: mkdtempSync(join(tmpdir(), "fairledger-demo-")),
        rpcUrl: ledger.chain.rpcUrl,
        manifestPath: ledger.manifestPath,
        batch: { size: 32, intervalMs: 500 },
        secrets: { kmsSecretKey: randomBytes(32).toString("hex"), dataMasterKey: randomBytes(32).toString("hex") },
      },
      { provision: demoProvisioning(ledger.demo.accounts) },
    );
  } catch (error) {
    await ledger?.stop();
    throw error;
  }
  const stack = { rpcUrl: ledger.chain.rpcUrl, apiUrl: service.url, manifestPath: ledger.manifestPath, apiKeys: service.apiKeys };
  return {
    stack,
    async stop() {
      await service!.stop();
      await ledger!.stop();
    },
  };
}

function printChecks(json: string): { verified: boolean; disclosed: Record<string, unknown> } {
  const result = JSON.parse(json) as {
    verified: boolean;
    checks: { id: string; passed: boolean; reason: string }[];
    disclosed: Record<string, unknown>;
  };
  for (const check of result.checks) say(`${check.passed ? "✔" : "✘"} ${check.id.padEnd(22)} ${check.reason}`);
  return result;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { "data-dir": { type: "string", default: process.env.FAIRLEDGER_DATA_DIR ?? join(ROOT, ".data", "demo") } },
  });
  const { stack, stop } = await connect(resolve(values["data-dir"]!));
  // The story's files stay afterwards, so a reader can re-run the verifier on them (README walkthroughs).
  const work = join(ROOT, ".data", "demo-output");
  verifierDataDir = join(work, "verifier");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const chainArgs = ["--rpc", stack.rpcUrl, "--deployment", stack.manifestPath];
  let failures = 0;
  try {
    const api = new IssuerClient(stack.apiUrl);
    const authority = api.as(stack.apiKeys.authorityPH!);
    const agency = api.as(stack.apiKeys.agency!);
    const employerKey = devWallet(DEMO_ROLES.employer).privateKey;
    const agencyAddress = devWallet(DEMO_ROLES.agency).address;

    step("Licence: the Philippine authority licenses the agency (credential + on-chain licence, one step)");
    const now = Date.now();
    const licence = await authority.request<{ digest: string; transactionHash?: string }>("POST", "/licences", {
      agency: agencyAddress,
      agencyName: "Bayanihan Manpower Services",
      licenceNumber: "DMW-123-LB-2026",
      validFrom: new Date(now - 86_400_000).toISOString(),
      validUntil: new Date(now + 365 * 86_400_000).toISOString(),
      format: "vc+sd-jwt",
    });
    say(`licence credential digest ${licence.digest} is the licence's documentHash on chain`);

    step("Contract: the agency opens a case; the employer and the agency sign the contract (EIP-712); it is anchored");
    const document = demoContractDocument(DEMO_TERMS, DEMO_WORKER);
    const contractCase = await openCaseWithSignedContract(agency, employerKey, {
      corridor: "PH-SA",
      worker: DEMO_WORKER,
      terms: DEMO_TERMS,
      document,
    });
    writeFileSync(join(work, "contract.txt"), document);
    say(`case ${contractCase.id}, commitment ${contractCase.caseCommitment} (salted: not linkable to the worker)`);
    say(`contract commitment ${contractCase.contractHash} anchored (salted: the template and a passport number do not reproduce it)`);

    step("Worker: picks up the employment contract credential with the one-time code, bound to the wallet's key");
    const offer = await createOffer(agency, contractCase.id, "EmploymentContractCredential");
    say(`pickup code ${offer.preAuthorizedCode} (expires ${offer.expiresAt})`);
    const holder = new DemoHolder();
    const picked = await holder.pickup(stack.apiUrl, offer.preAuthorizedCode);
    say(`credential received (${picked.credential.length} characters); waiting for its batch to be anchored…`);
    const anchor = await holder.anchorProof(stack.apiUrl, picked.digest);
    say(`anchored in batch root ${anchor.root} (block ${anchor.blockNumber}, proof of ${anchor.proof.length} hashes)`);

    step("Border: the officer asks for the purpose claims; the worker withholds passport number, birth date and wage");
    const request = JSON.parse(fairledger(["request", "--aud", "border-post-NAIA-T1", "--type", "EmploymentContractCredential"]).stdout) as {
      aud: string;
      nonce: string;
      claims: string[];
    };
    say(`request: aud ${request.aud}, nonce ${request.nonce}, claims ${request.claims.join(", ")}`);
    writeFileSync(join(work, "request.json"), JSON.stringify(request, null, 2));
    const envelope = await holder.present(picked.credential, request.claims, request, anchor);
    const presentationFile = join(work, "presentation.json");
    writeFileSync(presentationFile, JSON.stringify(envelope));
    const border = fairledger(["verify", presentationFile, "--aud", request.aud, "--nonce", request.nonce, "--json", ...chainArgs]);
    const borderResult = printChecks(border.stdout);
    say(`verdict: ${borderResult.verified ? "VALID" : "INVALID"} (exit ${border.status})`);
    say(`the officer sees: ${Object.keys(borderResult.disclosed).join(", ")}`);
    say(`passport number disclosed? ${"passportNumber" in borderResult.disclosed ? "yes" : "no"}`);
    if (!borderResult.verified || "passportNumber" in borderResult.disclosed) failures += 1;

    step("Replay: the same presentation shown again, here or at another border post, is refused");
    const replay = fairledger(["verify", presentationFile, "--aud", "border-post-elsewhere", "--nonce", request.nonce, "--json", ...chainArgs]);
    say(`at another post: ${(JSON.parse(replay.stdout) as { verified: boolean }).verified ? "VALID" : "INVALID"} (exit ${replay.status})`);
    const again = fairledger(["verify", presentationFile, "--aud", request.aud, "--nonce", request.nonce, "--json", ...chainArgs]);
    const againResult = JSON.parse(again.stdout) as { verified: boolean; checks: { id: string; passed: boolean; reason: string }[] };
    for (const check of againResult.checks.filter((c) => !c.passed)) say(`✘ ${check.id}: ${check.reason}`);
    say(`at the same post, same nonce: ${againResult.verified ? "VALID" : "INVALID"} (exit ${again.status})`);
    if (replay.status !== 1 || again.status !== 1) failures += 1;

    step("Destination: the employer holds a contract swapped on arrival (lower wage); FairLedger catches it");
    // The employer asks for the contract salt too: only with it can the document be compared with the commitment.
    const employerRequest = (nonce: string) => ({ aud: "employer-al-noor", nonce });
    const employerClaims = [...request.claims, "contractSalt"];
    const swapped = Buffer.from(document.toString().replace(DEMO_TERMS.monthlyWage.amount, "350000"));
    writeFileSync(join(work, "swapped-contract.txt"), swapped);
    const checkContract = async (contractFile: string) => {
      const asked = employerRequest(randomUUID());
      const file = join(work, `presentation-employer-${asked.nonce}.json`);
      writeFileSync(file, JSON.stringify(await holder.present(picked.credential, employerClaims, asked, anchor)));
      return fairledger(["verify", file, "--aud", asked.aud, "--nonce", asked.nonce, "--contract", contractFile, "--json", ...chainArgs]);
    };
    const genuine = await checkContract(join(work, "contract.txt"));
    say(`original contract: exit ${genuine.status} (${genuine.status === 0 ? "matches the anchored contract" : "mismatch"})`);
    const caught = await checkContract(join(work, "swapped-contract.txt"));
    const caughtResult = JSON.parse(caught.stdout) as { checks: { id: string; passed: boolean; reason: string }[] };
    for (const check of caughtResult.checks.filter((c) => !c.passed)) say(`✘ ${check.id}: ${check.reason}`);
    say(`swapped contract: exit ${caught.status}`);
    if (genuine.status !== 0 || caught.status !== 1) failures += 1;
    // One more employer presentation, left unverified, for the README's substitution walkthrough.
    const forReader = employerRequest(randomUUID());
    writeFileSync(join(work, "employer-request.json"), JSON.stringify(forReader, null, 2));
    writeFileSync(join(work, "employer-presentation.json"), JSON.stringify(await holder.present(picked.credential, employerClaims, forReader, anchor)));

    step("Fees: two more cases close — one clean, one where the worker paid a 'placement fee'");
    const feeCasesFrom = String(Math.floor(Date.now() / 1000) - 5);
    const clean = await openCaseWithSignedContract(agency, employerKey, {
      corridor: "PH-SA",
      worker: { ...DEMO_WORKER, name: "Jose Reyes", passportNumber: "P7654321B" },
      terms: DEMO_TERMS,
      document: demoContractDocument(DEMO_TERMS, DEMO_WORKER),
    });
    await recordReceipt(agency, clean.id, { payer: "employer", amount: "2500000", currency: "PHP", category: 1, document: `official receipt ${randomUUID()}: employer paid placement costs` });
    await closeCase(agency, clean.id);
    say(`case ${clean.id}: employer paid PHP 25,000.00 → closed within policy`);
    const charged = await openCaseWithSignedContract(agency, employerKey, {
      corridor: "PH-SA",
      worker: { ...DEMO_WORKER, name: "Ana Cruz", passportNumber: "P1112223C" },
      terms: DEMO_TERMS,
      document: demoContractDocument(DEMO_TERMS, DEMO_WORKER),
    });
    await recordReceipt(agency, charged.id, { payer: "worker", amount: "1500000", currency: "PHP", category: 1, document: `official receipt ${randomUUID()}: worker paid placement fee` });
    const breached = await closeCase(agency, charged.id);
    say(`case ${charged.id}: worker paid PHP 15,000.00 → ${breached.status} (the zero-fee policy was broken, flagged on chain)`);

    step("Inspector: fee audit of the PH-SA corridor, without learning who the workers are");
    const auditArgs = ["audit-fees", "--corridor", "PH-SA", "--from", feeCasesFrom, ...chainArgs];
    say(`fairledger ${auditArgs.join(" ")}`);
    const audit = fairledger(auditArgs);
    console.log(audit.stdout.replace(/^/gm, "   "));
    const auditJson = JSON.parse(fairledger([...auditArgs, "--json"]).stdout) as {
      cases: { caseCommitment: string; findings: string[] }[];
    };
    writeFileSync(join(work, "audit.json"), JSON.stringify(auditJson, null, 2));
    const charging = auditJson.cases.filter((c) => c.findings.includes("fees-charged-to-worker"));
    say(`cases where a worker paid a fee: ${charging.map((c) => c.caseCommitment).join(", ") || "none"}`);
    say(`audit exit code ${audit.status} (1 = findings); full JSON in ${join(work, "audit.json")}`);
    if (charging.length !== 1 || charging[0]!.caseCommitment !== charged.caseCommitment) failures += 1;

    console.log(`\n   the story's files are in ${work} (presentation.json, request.json, employer-presentation.json, employer-request.json, contract.txt, swapped-contract.txt, audit.json)`);
    console.log(`\n${failures === 0 ? "demo finished: every step behaved as expected." : `demo finished with ${failures} unexpected result(s).`}`);
  } finally {
    await stop();
  }
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  const message = error && typeof error === "object" && "shortMessage" in error ? String((error as { shortMessage: unknown }).shortMessage) : (error as Error).message;
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  console.error(`demo failed: ${message}${cause}`);
  process.exit(1);
});
