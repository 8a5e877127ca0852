/**
 * Issuance over HTTP under load: autocannon against POST /credentials/issue (the VC-API route an agency
 * calls) from a worker thread, each request with its own Idempotency-Key and a worker's holder key, at
 * several concurrencies, durable storage and the anchoring worker on. Throughput is credentials issued (2xx
 * answers) per second over the run; latency percentiles are autocannon's, over the 2xx answers; errors count
 * connection errors (autocannon's `errors`, which already include its timeouts) and every non-2xx answer — a
 * 429 from the service's rate limiter is an error too (the bench service's limit is raised through its
 * config, see fixtures/issuer-service.ts, so it is not the load generator that hits it).
 */
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { round } from "../lib/measure.ts";
import { progress } from "../lib/progress.ts";
import type { SectionResult } from "../lib/report.ts";
import { sizes, type BenchContext } from "../lib/context.ts";
import { p256KeyPair } from "../fixtures/keys.ts";
import type { RunningIssuer } from "../fixtures/issuer-service.ts";

interface AutocannonResult {
  requests: { p50: number; average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
  statusCodeStats?: Record<string, { count: number }>;
}

/**
 * The load generator runs autocannon in a worker thread, as a client would from outside: on the
 * service's own event loop its request building and latency bookkeeping took turns with the service
 * and were counted as service latency.
 */
const LOAD_GENERATOR = `
const { parentPort, workerData } = require("node:worker_threads");
const { randomUUID } = require("node:crypto");
const autocannon = require(workerData.autocannonPath);
const { url, apiKey, caseIds, holderJwks, connections, duration } = workerData;
let next = 0;
const options = {
  url,
  connections,
  duration,
  timeout: 10,
  requests: [
    {
      method: "POST",
      path: "/credentials/issue",
      setupRequest: (request) => {
        const index = next++;
        return {
          ...request,
          headers: { "content-type": "application/json", "x-api-key": apiKey, "idempotency-key": randomUUID() },
          body: JSON.stringify({
            credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
            options: { caseId: caseIds[index % caseIds.length], holderJwk: holderJwks[index % holderJwks.length], format: "vc+sd-jwt" },
          }),
        };
      },
    },
  ],
};
// Off the main thread autocannon hands back its raw histograms: aggregate them as it does on the main thread.
autocannon(options).then((raw) =>
  parentPort.postMessage({ loadGeneratorResult: JSON.parse(JSON.stringify(autocannon.aggregateResult([raw], options))) }),
);
`;

function load(issuer: RunningIssuer, connections: number, durationSeconds: number): Promise<AutocannonResult> {
  const holderJwks = Array.from({ length: 64 }, () => {
    const { kty, crv, x, y } = p256KeyPair().publicJwk;
    return { kty, crv, x, y };
  });
  const worker = new Worker(LOAD_GENERATOR, {
    eval: true,
    workerData: {
      autocannonPath: fileURLToPath(import.meta.resolve("autocannon")),
      url: issuer.url,
      apiKey: issuer.agencyApiKey,
      caseIds: issuer.caseIds,
      holderJwks,
      connections,
      duration: durationSeconds,
    },
  });
  return new Promise<AutocannonResult>((resolve, reject) => {
    // autocannon inside a worker thread posts its own progress messages too: wait for ours.
    worker.on("message", (message: { loadGeneratorResult?: AutocannonResult }) => {
      if (!message?.loadGeneratorResult) return;
      resolve(message.loadGeneratorResult);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`load generator exited with ${code} before reporting`)));
  });
}

/**
 * autocannon stops when its time is up, but the service still works through requests it accepted. Its
 * stop() closes the database under them (an uncaught "database connection is not open" that ends the
 * process — reported to the issuer-service owner), so wait until no more credentials are written.
 */
async function drained(issuer: RunningIssuer): Promise<void> {
  const db = (issuer.service.context as unknown as { db: { prepare(sql: string): { get(): { n: number } } } }).db;
  const count = () => db.prepare("SELECT count(*) AS n FROM credentials").get().n;
  let last = count();
  let quiet = 0;
  const deadline = Date.now() + 60_000;
  while (quiet < 4 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = count();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

export async function runHttpIssuance(
  context: BenchContext,
  section: SectionResult,
  issuer: RunningIssuer,
): Promise<void> {
  const config = sizes(
    context,
    { concurrencies: [1, 8, 32, 128], seconds: 10, warmupSeconds: 3 },
    { concurrencies: [1, 4], seconds: 1, warmupSeconds: 1 },
  );
  progress(`issue: HTTP warm-up (${config.warmupSeconds} s)`);
  await load(issuer, 4, config.warmupSeconds);
  for (const connections of config.concurrencies) {
    progress(`issue: HTTP load, ${connections} connection(s), ${config.seconds} s`);
    const result = await load(issuer, connections, config.seconds);
    // autocannon counts a timeout in `errors` and again in `timeouts`: count it once.
    const errors = result.errors + result.non2xx;
    section.measurements.push({
      name: `HTTP POST /credentials/issue, ${connections} connection(s)`,
      value: round(result["2xx"] / config.seconds),
      unit: "credentials/s",
      detail: {
        connections,
        durationSeconds: config.seconds,
        medianRequestsPerSecond: round(result.requests.p50),
        meanRequestsPerSecond: round(result.requests.average),
        timeouts: result.timeouts,
        issued: result["2xx"],
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        latencyMaxMs: result.latency.max,
        errors,
        statusCodes: Object.fromEntries(
          Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]),
        ),
      },
    });
    section.measurements.push(
      { name: `  p50 latency, ${connections} connection(s)`, value: result.latency.p50, unit: "ms" },
      { name: `  p99 latency, ${connections} connection(s)`, value: result.latency.p99, unit: "ms" },
      { name: `  errors, ${connections} connection(s)`, value: errors, unit: "requests" },
    );
  }
  await drained(issuer);
  const best = section.measurements
    .filter((m) => m.name.startsWith("HTTP POST"))
    .reduce((a, b) => (b.value > a.value ? b : a));
  const p99 = (best.detail as { latencyP99Ms: number }).latencyP99Ms;
  const errorsTotal = section.measurements
    .filter((m) => m.name.includes("errors,"))
    .reduce((sum, m) => sum + m.value, 0);
  section.notes.push(
    "HTTP: autocannon runs in a worker thread of the bench process (its own event loop, the same 2 cores as the service and the Hardhat node); " +
      "the bench service runs with every rate-limit bucket at 100,000,000/min (limits.principalPerMinute, default 600/min per API key, would answer 429 to the load generator); " +
      "any 429 or other non-2xx answer, connection error or timeout counts as an error",
  );
  section.notes.push(
    `HTTP targets: >= 2,000 credentials/s — best ${best.value.toLocaleString("en-US")}/s (${best.name.replace("HTTP POST /credentials/issue, ", "")}): ${best.value >= 2000 ? "met" : "NOT met"}; ` +
      `p99 < 50 ms at that load — ${p99} ms: ${p99 < 50 ? "met" : "NOT met"}; 0 errors — ${errorsTotal}: ${errorsTotal === 0 ? "met" : "NOT met"}`,
  );
}
