/**
 * Where the time goes when a target is missed: CPU profiles of the FairLedger verifier (warm trust
 * cache) and of in-process issuance, sampled only during the timed loop, summarised by module and
 * function. The .cpuprofile files open in Chrome DevTools.
 *
 *   npx tsx bench/profile.ts [verify|issue|issue-service] [seconds] [out-dir]
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setUpVerification } from "./fixtures/verification-setup.ts";
import { parseOptions } from "./lib/options.ts";
import { progress } from "./lib/progress.ts";
import { profiled } from "./lib/cpu-profile.ts";
import { summarise } from "./profile-summary.ts";
import { issuanceDrafts } from "./sections/issue.ts";
import { startRunningIssuer } from "./fixtures/issuer-service.ts";

const [target = "verify", secondsText = "10", outDir = "/tmp/fairledger-profiles"] = process.argv.slice(2);
const seconds = Number(secondsText);
mkdirSync(outDir, { recursive: true });

async function loop(operation: (i: number) => Promise<unknown>): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let count = 0;
  while (Date.now() < until) await operation(count++);
  return count;
}

const file = join(outDir, `${target}.cpuprofile`);
if (target === "verify") {
  const setup = await setUpVerification({ options: parseOptions(["--quick"], "/dev/null"), results: {} }, 50);
  try {
    if (!setup.verifier) throw new Error(setup.verifierUnavailable);
    const verifier = setup.verifier;
    for (const item of setup.pool) await verifier.verifyAccepted(item);
    progress(`profiling the verifier for ${seconds} s`);
    const count = await profiled(file, () => loop((i) => verifier.verify(setup.pool[i % setup.pool.length]!)));
    progress(`${count} verifications, ${(count / seconds).toFixed(0)}/s`);
  } finally {
    await setup.stop();
  }
} else if (target === "issue") {
  const { issue, drafts } = await issuanceDrafts(50);
  progress(`profiling issueSdJwtVc for ${seconds} s`);
  const count = await profiled(file, () => loop((i) => issue(drafts[i % drafts.length]!)));
  progress(`${count} credentials, ${(count / seconds).toFixed(0)}/s`);
} else if (target === "issue-service") {
  const { drafts } = await issuanceDrafts(50);
  const running = await startRunningIssuer({ cases: 4 });
  try {
    const credentialIssuer = (
      running.service.context as { issuer: { issueForCase: (...args: unknown[]) => Promise<unknown> } }
    ).issuer;
    const agency = running.service.principals.agency;
    const issue = (i: number) =>
      credentialIssuer.issueForCase(
        agency,
        running.caseIds[i % running.caseIds.length],
        "EmploymentContractCredential",
        drafts[i % drafts.length]!.holderJwk,
        "vc+sd-jwt",
      );
    await issue(0);
    progress(`profiling CredentialIssuer.issueForCase for ${seconds} s`);
    const count = await profiled(file, () => loop(issue));
    progress(`${count} credentials, ${(count / seconds).toFixed(0)}/s`);
  } finally {
    await running.stop();
  }
} else {
  throw new Error(`unknown profile target ${target}: verify, issue or issue-service`);
}
process.stdout.write(`${file}\n${summarise(JSON.parse(readFileSync(file, "utf8")), 30)}\n`);
