/**
 * The FairLedger story against a running issuer service and chain, as `npm run demo` tells it and
 * `npm run test:external` checks it: licence, case with a signed contract, pickup, a presentation at the
 * border, replay and contract-swap refusals, receipts and closure, the inspector's fee audit. Each
 * expected outcome is a named check; a step that throws ends the story (later steps need its result).
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { IssuerClient } from "./issuer-client.mts";
import { DemoHolder } from "./demo-holder.mts";
import {
  closeCase,
  createOffer,
  DEMO_TERMS,
  DEMO_WORKER,
  demoContractDocument,
  openCaseWithSignedContract,
  recordReceipt,
  type CaseView,
  type DemoWorker,
} from "./demo-story.mts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "verifier-cli", "bin", "fairledger.js");

/** Where the story runs: the service's API with its principals' keys, and the chain the verifier reads. */
export interface StoryStack {
  rpcUrl: string;
  apiUrl: string;
  manifestPath: string;
  apiKeys: Record<string, string>;
  /** The employer's signing key (it signs the contract itself, outside the service). */
  employerKey: string;
  /** The agency the PH authority licenses (provisioned in the service as `agency`). */
  agencyAddress: string;
}

export interface StoryOptions {
  /** Folder for the story's files (presentations, contracts, audit); the verifier's spent nonces go in `verifier/`. */
  work: string;
  /** Environment for the verifier CLI (e.g. FAIRLEDGER_POLL_MS); the verifier data dir is added. */
  env?: NodeJS.ProcessEnv;
  step(title: string): void;
  say(line: string): void;
}

export interface StoryCheck {
  name: string;
  passed: boolean;
}

interface Verification {
  verified: boolean;
  checks: { id: string; passed: boolean; reason: string }[];
  disclosed: Record<string, unknown>;
}

/** Runs the story; the checks so far are in `checks` even when a step throws (then rethrown as `cause`). */
export async function runStory(
  stack: StoryStack,
  options: StoryOptions,
): Promise<{ checks: StoryCheck[]; error?: unknown }> {
  const checks: StoryCheck[] = [];
  const expect = (name: string, passed: boolean) => {
    checks.push({ name, passed });
    if (!passed) options.say(`✘ expected: ${name}`);
  };
  try {
    await tell(stack, options, expect);
    return { checks };
  } catch (error) {
    return { checks, error };
  }
}

async function tell(
  stack: StoryStack,
  options: StoryOptions,
  expect: (name: string, passed: boolean) => void,
): Promise<void> {
  const { work, step, say } = options;
  const env = { ...process.env, ...options.env, FAIRLEDGER_VERIFIER_DATA_DIR: join(work, "verifier") };
  const fairledger = (args: string[]) => {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env });
    return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  };
  const printChecks = (json: string): Verification => {
    const result = JSON.parse(json) as Verification;
    for (const check of result.checks) say(`${check.passed ? "✔" : "✘"} ${check.id.padEnd(22)} ${check.reason}`);
    return result;
  };
  const chainArgs = ["--rpc", stack.rpcUrl, "--deployment", stack.manifestPath];
  /** `fairledger verify` of one presentation file against what was asked, on the story's chain, as JSON. */
  const verify = (file: string, asked: { aud: string; nonce: string }, ...extra: string[]) =>
    fairledger(["verify", file, "--aud", asked.aud, "--nonce", asked.nonce, ...extra, "--json", ...chainArgs]);
  const api = new IssuerClient(stack.apiUrl);
  const keyOf = (role: string): string => {
    const key = stack.apiKeys[role];
    if (!key) throw new Error(`the story needs an API key for ${role}`);
    return key;
  };
  const authority = api.as(keyOf("authorityPH"));
  const agency = api.as(keyOf("agency"));
  const { employerKey, agencyAddress } = stack;

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
  expect("licence: credential issued and licence written on chain", /^0x[0-9a-f]{64}$/.test(licence.digest));

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
  say(
    `contract commitment ${contractCase.contractHash} anchored (salted: the template and a passport number do not reproduce it)`,
  );
  expect(
    "case: opened on chain with the signed contract anchored",
    Boolean(contractCase.caseCommitment && contractCase.contractHash),
  );

  step("Worker: picks up the employment contract credential with the one-time code, bound to the wallet's key");
  const offer = await createOffer(agency, contractCase.id, "EmploymentContractCredential");
  say(`pickup code ${offer.preAuthorizedCode} (expires ${offer.expiresAt})`);
  const holder = new DemoHolder();
  const picked = await holder.pickup(stack.apiUrl, offer.preAuthorizedCode);
  say(`credential received (${picked.credential.length} characters); waiting for its batch to be anchored…`);
  const anchor = await holder.anchorProof(stack.apiUrl, picked.digest);
  say(`anchored in batch root ${anchor.root} (block ${anchor.blockNumber}, proof of ${anchor.proof.length} hashes)`);
  expect(
    "pickup: the credential is bound to the wallet and anchored in a batch",
    picked.credential.length > 0 && (anchor.blockNumber ?? 0) > 0,
  );

  step("Border: the officer asks for the purpose claims; the worker withholds passport number, birth date and wage");
  const request = JSON.parse(
    fairledger(["request", "--aud", "border-post-NAIA-T1", "--type", "EmploymentContractCredential"]).stdout,
  ) as {
    aud: string;
    nonce: string;
    claims: string[];
  };
  say(`request: aud ${request.aud}, nonce ${request.nonce}, claims ${request.claims.join(", ")}`);
  writeFileSync(join(work, "request.json"), JSON.stringify(request, null, 2));
  const envelope = await holder.present(picked.credential, request.claims, request, anchor);
  const presentationFile = join(work, "presentation.json");
  writeFileSync(presentationFile, JSON.stringify(envelope));
  const border = verify(presentationFile, request);
  const borderResult = printChecks(border.stdout);
  say(`verdict: ${borderResult.verified ? "VALID" : "INVALID"} (exit ${border.status})`);
  say(`the officer sees: ${Object.keys(borderResult.disclosed).join(", ")}`);
  say(`passport number disclosed? ${"passportNumber" in borderResult.disclosed ? "yes" : "no"}`);
  expect("border: the presentation verifies", borderResult.verified);
  expect("border: the passport number stays withheld", !("passportNumber" in borderResult.disclosed));

  step("Replay: the same presentation shown again, here or at another border post, is refused");
  const replay = verify(presentationFile, { aud: "border-post-elsewhere", nonce: request.nonce });
  say(
    `at another post: ${(JSON.parse(replay.stdout) as { verified: boolean }).verified ? "VALID" : "INVALID"} (exit ${replay.status})`,
  );
  const again = verify(presentationFile, request);
  const againResult = JSON.parse(again.stdout) as {
    verified: boolean;
    checks: { id: string; passed: boolean; reason: string }[];
  };
  for (const check of againResult.checks.filter((c) => !c.passed)) say(`✘ ${check.id}: ${check.reason}`);
  say(`at the same post, same nonce: ${againResult.verified ? "VALID" : "INVALID"} (exit ${again.status})`);
  expect("replay at another post is refused (exit 1)", replay.status === 1);
  expect("replay at the same post with the same nonce is refused (exit 1)", again.status === 1);

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
    return verify(file, asked, "--contract", contractFile);
  };
  const genuine = await checkContract(join(work, "contract.txt"));
  say(
    `original contract: exit ${genuine.status} (${genuine.status === 0 ? "matches the anchored contract" : "mismatch"})`,
  );
  const caught = await checkContract(join(work, "swapped-contract.txt"));
  const caughtResult = JSON.parse(caught.stdout) as { checks: { id: string; passed: boolean; reason: string }[] };
  for (const check of caughtResult.checks.filter((c) => !c.passed)) say(`✘ ${check.id}: ${check.reason}`);
  say(`swapped contract: exit ${caught.status}`);
  expect("destination: the original contract matches the anchored one (exit 0)", genuine.status === 0);
  expect("destination: the swapped contract is caught (exit 1)", caught.status === 1);
  // One more employer presentation, left unverified, for the README's substitution walkthrough.
  const forReader = employerRequest(randomUUID());
  writeFileSync(join(work, "employer-request.json"), JSON.stringify(forReader, null, 2));
  writeFileSync(
    join(work, "employer-presentation.json"),
    JSON.stringify(await holder.present(picked.credential, employerClaims, forReader, anchor)),
  );

  step("Fees: two more cases close — one clean, one where the worker paid a 'placement fee'");
  const feeCasesFrom = String(Math.floor(Date.now() / 1000) - 5);
  const clean = await feeCase(agency, employerKey, {
    worker: { ...DEMO_WORKER, name: "Jose Reyes", passportNumber: "P7654321B" },
    payer: "employer",
    amount: "2500000",
    document: `official receipt ${randomUUID()}: employer paid placement costs`,
  });
  say(`case ${clean.opened.id}: employer paid PHP 25,000.00 → ${clean.closed.status}`);
  expect("receipts and closure: an employer-paid case closes within policy", clean.closed.status === "Closed");
  const charged = await feeCase(agency, employerKey, {
    worker: { ...DEMO_WORKER, name: "Ana Cruz", passportNumber: "P1112223C" },
    payer: "worker",
    amount: "1500000",
    document: `official receipt ${randomUUID()}: worker paid placement fee`,
  });
  say(
    `case ${charged.opened.id}: worker paid PHP 15,000.00 → ${charged.closed.status} (the zero-fee policy was broken, flagged on chain)`,
  );
  expect("receipts and closure: a worker-paid case closes flagged", charged.closed.status === "ClosedInBreach");

  step("Inspector: fee audit of the PH-SA corridor, without learning who the workers are");
  const auditArgs = ["audit-fees", "--corridor", "PH-SA", "--from", feeCasesFrom, ...chainArgs];
  say(`fairledger ${auditArgs.join(" ")}`);
  const audit = fairledger(auditArgs);
  say(audit.stdout.trimEnd().replace(/\n/g, "\n   "));
  const auditJson = JSON.parse(fairledger([...auditArgs, "--json"]).stdout) as {
    cases: { caseCommitment: string; class: string }[];
  };
  writeFileSync(join(work, "audit.json"), JSON.stringify(auditJson, null, 2));
  // PH-SA forbids any worker fee (cap 0): a case that charged one is "closed-in-breach".
  const charging = auditJson.cases.filter((c) => c.class === "closed-in-breach");
  say(`cases where a worker paid a fee: ${charging.map((c) => c.caseCommitment).join(", ") || "none"}`);
  say(`audit exit code ${audit.status} (1 = findings); full JSON in ${join(work, "audit.json")}`);
  expect(
    "fee audit: exactly the charged case is found",
    charging.length === 1 && charging[0]?.caseCommitment === charged.opened.caseCommitment,
  );
}

/**
 * A PH-SA case on the demo terms from opening to closure with one placement-cost receipt: who paid it
 * decides whether it closes within the zero-fee policy or flagged.
 */
async function feeCase(
  agency: IssuerClient,
  employerKey: string,
  fee: { worker: DemoWorker; payer: "employer" | "worker"; amount: string; document: string },
): Promise<{ opened: CaseView; closed: CaseView }> {
  const opened = await openCaseWithSignedContract(agency, employerKey, {
    corridor: "PH-SA",
    worker: fee.worker,
    terms: DEMO_TERMS,
    document: demoContractDocument(DEMO_TERMS, DEMO_WORKER),
  });
  await recordReceipt(agency, opened.id, {
    payer: fee.payer,
    amount: fee.amount,
    currency: "PHP",
    category: 1,
    document: fee.document,
  });
  return { opened, closed: await closeCase(agency, opened.id) };
}
