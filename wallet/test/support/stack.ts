/**
 * The real system around the wallet for the end-to-end tests: a local chain with the demo consortium
 * (scripts/lib), the issuer service in process serving wallet/dist at /wallet/, the agency's HTTP API
 * for a case up to a pickup offer, and the verifier CLI as a subprocess (`fairledger verify`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Wallet } from "ethers";
import { startDemoLedger, type DemoLedger } from "../../../scripts/lib/demo-ledger.mts";
import { startIssuerService, type IssuerService } from "../../../issuer-service/src/index.ts";
import { demoProvisioning } from "../../../scripts/lib/demo-provisioning.mts";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FAIRLEDGER_CLI = join(ROOT, "verifier-cli/bin/fairledger.js");

export const WORKER = { name: "Maria Santos", passportNumber: "P1234567A", birthDate: "1995-04-12", nationality: "PH" };
export const TERMS = {
  employerName: "Riyadh Care Hospital",
  jobTitle: "Registered Nurse",
  worksiteCountry: "SA",
  contractStart: "2027-01-15",
  contractMonths: 24,
  monthlyWage: { amount: "850000", currency: "SAR" },
};

// The API's JSON answers, read by the tests field by field as the API documents them: a wrong or missing
// field fails the assertion that reads it, so typing every answer here would restate the API for nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Api = (method: "GET" | "POST" | "PUT", path: string, body?: unknown) => Promise<{ status: number; body: any }>;

export interface WalletStack {
  ledger: DemoLedger;
  service: IssuerService;
  /** Where the test itself reaches the API: the service's URL, or loopback when the service has a public host name. */
  apiUrl: string;
  dataDir: string;
  agency: Api;
  /** Opens a PH→SA case for the demo employer, uploads the contract (TERMS unless given), has the employer sign, anchors it. */
  caseWithAnchoredContract(terms?: typeof TERMS): Promise<string>;
  offer(caseId: string): Promise<{ preAuthorizedCode: string; credentialOfferUri: string }>;
  waitUntilAnchored(digest: string): Promise<void>;
  /** `fairledger <args>` (with this chain's --rpc and --deployment when `chain`); never touches the internet. */
  fairledger(args: string[], options?: { chain?: boolean }): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

export interface WalletStackOptions {
  /** Serve HTTPS (certificate and key files, as `npm start -- --https` makes them). */
  tls?: { certFile: string; keyFile: string; caFile?: string };
  /** The name the browser opens the service by (its URL and the audience of pickup proofs). */
  publicHost?: string;
  /** The fetch the test's own API calls use (one trusting the CA when the service serves TLS). */
  fetch?: typeof fetch;
}

export async function startWalletStack(walletDist: string, options: WalletStackOptions = {}): Promise<WalletStack> {
  const ledger = await startDemoLedger();
  const dataDir = mkdtempSync(join(tmpdir(), "fairledger-wallet-e2e-"));
  let service: IssuerService;
  try {
    service = await startIssuerService(
      {
        host: "127.0.0.1",
        port: 0,
        dataDir,
        rpcUrl: ledger.chain.rpcUrl,
        manifestPath: ledger.manifestPath,
        batch: { size: 4, intervalMs: 100 },
        secrets: { kmsSecretKey: "a1".repeat(32), dataMasterKey: "b2".repeat(32) },
        limits: { requestsPerMinute: 100_000 },
        walletDir: walletDist,
        publicHost: options.publicHost,
        tls: options.tls,
      },
      { provision: demoProvisioning(ledger.demo.accounts) },
    );
  } catch (error) {
    await ledger.stop();
    throw error;
  }
  const children = new Set<ChildProcess>();
  const apiFetch = options.fetch ?? fetch;
  const apiUrl = options.publicHost
    ? `${new URL(service.url).protocol}//127.0.0.1:${new URL(service.url).port}`
    : service.url;

  const agency: Api = async (method, path, body) => {
    const response = await apiFetch(`${apiUrl}${path}`, {
      method,
      headers: {
        "x-api-key": service.apiKeys.agency!,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(method !== "GET" ? { "idempotency-key": randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    ledger,
    service,
    apiUrl,
    dataDir,
    agency,
    async caseWithAnchoredContract(terms = TERMS) {
      const employer = ledger.demo.accounts.employer;
      const opened = await agency("POST", "/cases", { corridor: "PH-SA", employer: employer.address, worker: WORKER });
      if (opened.status !== 201) throw new Error(`open case: ${JSON.stringify(opened.body)}`);
      const caseId = opened.body.id as string;
      const document = Buffer.from(`employment contract of case ${caseId}`).toString("base64");
      const uploaded = await agency("PUT", `/cases/${caseId}/contract`, { document, terms });
      if (uploaded.status !== 200) throw new Error(`upload contract: ${JSON.stringify(uploaded.body)}`);
      const { domain, types, message } = uploaded.body.typedData;
      const employerSignature = await new Wallet(employer.privateKey).signTypedData(domain, types, message);
      const anchored = await agency("POST", `/cases/${caseId}/contract/anchor`, { employerSignature });
      if (anchored.status !== 200) throw new Error(`anchor contract: ${JSON.stringify(anchored.body)}`);
      return caseId;
    },
    async offer(caseId) {
      const offer = await agency("POST", `/cases/${caseId}/offers`, { credentialType: "EmploymentContractCredential" });
      if (offer.status !== 201) throw new Error(`offer: ${JSON.stringify(offer.body)}`);
      return offer.body;
    },
    async waitUntilAnchored(digest) {
      for (let attempt = 0; attempt < 400; attempt += 1) {
        const response = await apiFetch(`${apiUrl}/credentials/${digest}/anchor`);
        if (response.ok && ((await response.json()) as { status?: string }).status === "anchored") return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`credential ${digest} was not anchored`);
    },
    fairledger(args, { chain = true } = {}) {
      const chainArgs = chain ? ["--rpc", ledger.chain.rpcUrl, "--deployment", ledger.manifestPath] : [];
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [FAIRLEDGER_CLI, ...args, ...chainArgs], {
          cwd: ROOT,
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, FORCE_COLOR: "0" },
        });
        children.add(child);
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
          children.delete(child);
          resolve({ code: code ?? 1, stdout, stderr });
        });
      });
    },
    async stop() {
      for (const child of children) child.kill("SIGKILL");
      await service.stop();
      await ledger.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
