/**
 * 5. Growth: does verification slow down as the chain's history grows? The same presentations are verified
 * with 10, 1,000 and 100,000 anchored batches and agency licences on chain (contract state written directly,
 * see fixtures/storage-filler.ts), warm (trust cache filled: no RPC at all) and cold (a fresh trust source
 * per verification: every ledger lookup is a JSON-RPC call). Warm rates are set against the hardware limit
 * measured in the same runs, so a noisy neighbour does not read as growth.
 */
import { compareRates, median, medianDuration, round } from "../lib/measure.ts";
import { progress } from "../lib/progress.ts";
import { emptySection, type SectionResult } from "../lib/report.ts";
import { sizes, type BenchContext } from "../lib/context.ts";
import { setUpVerification } from "../fixtures/verification-setup.ts";
import { loadFairLedgerVerifier } from "../fixtures/verifier-adapter.ts";
import { signatureChecksOf, verifySignature } from "../baselines/raw-signatures.ts";
import { chainTime } from "../fixtures/ledger.ts";
import { batchTemplate, licenceTemplate, fillStorage, randomAddress, randomHash } from "../fixtures/storage-filler.ts";
import { NonceManager, Wallet } from "ethers";
import { createProvider, fairLedgerContract } from "@fairledger/common";
import { runAuditGrowth } from "./growth-audit.ts";

export async function runGrowth(context: BenchContext): Promise<SectionResult> {
  const section = emptySection("growth");
  const config = sizes(
    context,
    { levels: [10, 1_000, 100_000], pool: 50, runs: 7, warmup: 1, minRunMs: 1000, coldSamples: 15 },
    { levels: [10, 100], pool: 4, runs: 1, warmup: 1, minRunMs: 50, coldSamples: 2 },
  );
  const setup = await setUpVerification(context, config.pool);
  try {
    const { bench, pool } = setup;
    const rpcUrl = bench.ledger.chain.rpcUrl;
    const ledgerAddress = bench.ledger.manifest.contracts.FairLedger.address;
    const provider = createProvider(rpcUrl, bench.ledger.manifest.chainId);
    const authority = fairLedgerContract(
      bench.ledger.manifest,
      new NonceManager(new Wallet(bench.ledger.demo.accounts.authorityPH.privateKey, provider)),
    );
    const now = await chainTime(bench);
    const templates = [
      { template: await batchTemplate(rpcUrl, ledgerAddress, bench.agencyContract), key: randomHash },
      {
        template: await licenceTemplate(rpcUrl, ledgerAddress, authority, now - 3600, now + 365 * 24 * 3600),
        key: randomAddress,
      },
    ];
    provider.destroy();
    const checks = pool.map((item) => signatureChecksOf(item.presentation, setup.issuer.keys.publicKey));
    let onChain = 1; // the two template transactions
    const warmRates: number[] = [];
    for (const level of config.levels) {
      if (level > onChain) {
        progress(
          `growth: writing ${(level - onChain).toLocaleString("en-US")} more batch roots and licences (with history) into contract storage`,
        );
        const started = Date.now();
        await fillStorage(rpcUrl, ledgerAddress, templates, level - onChain, (done) =>
          progress(`growth: ${done.toLocaleString("en-US")}/${(level - onChain).toLocaleString("en-US")}`),
        );
        section.notes.push(
          `filling to ${level.toLocaleString("en-US")}: ${(level - onChain).toLocaleString("en-US")} batch roots and licences written in ${round((Date.now() - started) / 1000, 1)} s`,
        );
      }
      onChain = level;

      const verifier = await loadFairLedgerVerifier(bench);
      try {
        for (const item of pool) await verifier.verifyAccepted(item);
        progress(`growth: ${level.toLocaleString("en-US")} batches + licences: warm verification`);
        const rpcCallsBefore = verifier.rpcCalls();
        // Warming the cache asked the chain: a counter that saw nothing there would prove nothing below.
        if (rpcCallsBefore === 0)
          throw new Error("the JSON-RPC call counter saw no call while the trust cache was warmed");
        const rates = await compareRates(
          {
            fairledger: (i) => verifier.verify(pool[i % pool.length]!),
            hardware: (i) => {
              const [a, b] = checks[i % checks.length]!;
              if (!verifySignature(a) || !verifySignature(b)) throw new Error("signature rejected");
            },
          },
          { runs: config.runs, warmup: config.warmup, minRunMs: config.minRunMs },
        );
        // Set against the hardware limit measured in the same runs: growth must not hide in machine noise.
        // The share is taken run by run (the two are interleaved within each run), then the median.
        const share = median(rates.fairledger.runs.map((rate, run) => rate / rates.hardware.runs[run]!));
        warmRates.push(share);
        section.measurements.push({
          name: `warm verification, ${level.toLocaleString("en-US")} batches + licences on chain`,
          value: round(rates.fairledger.perSecond),
          unit: "presentations/s",
          detail: {
            runs: rates.fairledger.runs.map((r) => round(r)),
            hardwareLimit: round(rates.hardware.perSecond),
            shareOfHardwareLimit: round(share, 3),
          },
        });
        // The structural answer to "does it grow with history": a warm verification asks the chain nothing.
        section.measurements.push({
          name: `JSON-RPC calls during the timed warm verifications, ${level.toLocaleString("en-US")} batches + licences`,
          value: verifier.rpcCalls() - rpcCallsBefore,
          unit: "calls",
          detail: { verifications: rates.fairledger.operations },
        });
      } finally {
        verifier.close();
      }

      progress(
        `growth: ${level.toLocaleString("en-US")} batches + licences: cold verification (fresh trust source each)`,
      );
      let sample = 0;
      const cold = await medianDuration(
        async () => {
          const fresh = await loadFairLedgerVerifier(bench);
          try {
            await fresh.verifyAccepted(pool[sample++ % pool.length]!);
          } finally {
            fresh.close();
          }
        },
        { runs: config.coldSamples, warmup: 1 },
      );
      section.measurements.push({
        name: `cold verification (every lookup over JSON-RPC), ${level.toLocaleString("en-US")} batches + licences`,
        value: round(cold.medianMs, 2),
        unit: "ms each",
        detail: { samplesMs: cold.runsMs.map((ms) => round(ms, 2)) },
      });
    }
    if (warmRates.length > 1) {
      const first = warmRates[0]!;
      const last = warmRates[warmRates.length - 1]!;
      section.ratios.push({
        name: `warm verification (as share of the hardware limit) at ${config.levels.at(-1)!.toLocaleString("en-US")} / at ${config.levels[0]!.toLocaleString("en-US")} batches + licences`,
        value: round(last / first, 3),
        numerator: section.measurements.find(
          (m) => m.name.startsWith("warm") && m.name.includes(config.levels.at(-1)!.toLocaleString("en-US")),
        )!.name,
        denominator: section.measurements.find((m) => m.name.startsWith("warm"))!.name,
        target: { atLeast: 0.9, text: ">= 0.9 (flat)" },
        met: last / first >= 0.9,
      });
    }
    await runAuditGrowth(context, section, setup);
  } finally {
    await setup.stop();
  }
  section.notes.push(
    "levels are cumulative on one chain; one real anchorBatch (agency) and one real issueLicence (PH authority) were sent, then copies of the storage they wrote were put under random keys with hardhat_setStorageAt: the contract state is that of N of each, without their blocks and logs (verification reads state, not logs)",
  );
  return section;
}
