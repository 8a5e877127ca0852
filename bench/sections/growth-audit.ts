/**
 * `fairledger audit-fees` (whole process) over 1,000 and 10,000 recruitment cases of one agency, each
 * opened, given a fee receipt and closed on chain (every tenth charged to the worker, a breach of the
 * PH→SA zero-fee policy), on top of the chain history the growth section already wrote.
 */
import { join } from "node:path";
import { Interface } from "ethers";
import { buildMerkleBatch, corridorId, currencyBytes, fairLedgerAbi } from "@fairledger/common/node";
import { median, round } from "../lib/measure.ts";
import { progress } from "../lib/progress.ts";
import type { SectionResult } from "../lib/report.ts";
import { sizes, type BenchContext } from "../lib/context.ts";
import type { VerificationSetup } from "../fixtures/verification-setup.ts";
import { sendMany, randomHash, type CallSpec } from "../fixtures/chain-filler.ts";
import { runProcess } from "../fixtures/cli-adapter.ts";

const ledgerInterface = new Interface(fairLedgerAbi as never);
const BIN = join(import.meta.dirname, "..", "..", "verifier-cli", "bin", "fairledger.js");
const Payer = { Employer: 0, Worker: 1 } as const;

function closedCaseCalls(agency: string, index: number): CallSpec[] {
  const caseCommitment = randomHash();
  const receiptHash = randomHash();
  const workerPays = index % 10 === 0;
  const amount = 1_500_000n;
  const encode = (name: string, args: unknown[]) => ledgerInterface.encodeFunctionData(name, args);
  return [
    { from: agency, data: encode("openCase", [caseCommitment, corridorId("PH-SA")]), gas: 150_000 },
    {
      from: agency,
      data: encode("recordFeeReceipt", [
        caseCommitment,
        receiptHash,
        workerPays ? Payer.Worker : Payer.Employer,
        amount,
        currencyBytes("PHP"),
        1,
      ]),
      gas: 200_000,
    },
    {
      from: agency,
      data: encode("closeCase", [
        caseCommitment,
        buildMerkleBatch([receiptHash]).root,
        1,
        workerPays ? amount : 0n,
        workerPays ? 0n : amount,
      ]),
      gas: 150_000,
    },
  ];
}

export async function runAuditGrowth(
  context: BenchContext,
  section: SectionResult,
  setup: VerificationSetup,
): Promise<void> {
  const config = sizes(context, { levels: [1_000, 10_000], runs: 3 }, { levels: [5], runs: 1 });
  const { bench } = setup;
  const target = { rpcUrl: bench.ledger.chain.rpcUrl, ledger: bench.ledger.manifest.contracts.FairLedger.address };
  let closed = 0;
  for (const level of config.levels) {
    const calls: CallSpec[] = [];
    for (let index = closed; index < level; index++) calls.push(...closedCaseCalls(bench.issuer.address, index));
    progress(
      `growth: closing ${(level - closed).toLocaleString("en-US")} more cases on chain (${calls.length.toLocaleString("en-US")} transactions)`,
    );
    await sendMany(target, calls, 3000);
    closed = level;

    const runsMs: number[] = [];
    let reported = 0;
    for (let run = 0; run < config.runs; run++) {
      progress(`growth: audit-fees over ${level.toLocaleString("en-US")} closed cases, run ${run + 1}/${config.runs}`);
      const began = performance.now();
      const result = await runProcess(process.execPath, [
        BIN,
        "audit-fees",
        "--agency",
        bench.issuer.address,
        "--rpc",
        bench.ledger.chain.rpcUrl,
        "--deployment",
        bench.ledger.manifestPath,
        "--json",
      ]);
      runsMs.push(performance.now() - began);
      if (result.code > 1)
        throw new Error(`fairledger audit-fees exited with ${result.code}: ${result.stderr.slice(0, 1000)}`);
      const report = JSON.parse(result.stdout) as { summary: { cases: number } };
      reported = report.summary.cases;
      // The verification pool's cases are the agency's too (opened, never closed).
      if (reported < level) throw new Error(`audit-fees reported ${reported} cases, expected at least ${level}`);
    }
    section.measurements.push({
      name: `audit-fees (whole process) over ${level.toLocaleString("en-US")} closed cases of one agency`,
      value: round(median(runsMs) / 1000, 2),
      unit: "s",
      detail: { runsMs: runsMs.map((ms) => round(ms)), casesReported: reported },
    });
  }
  const [small, large] = section.measurements.filter((m) => m.name.startsWith("audit-fees"));
  if (small && large) {
    section.notes.push(
      `audit-fees grows ${round(large.value / small.value, 2)}× for ${round(Number(large.detail!.casesReported) / Number(small.detail!.casesReported), 1)}× the cases (linear would be ${round(Number(large.detail!.casesReported) / Number(small.detail!.casesReported), 1)}×)`,
    );
  }
}
