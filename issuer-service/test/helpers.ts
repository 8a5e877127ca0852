/** Shared fixtures for the issuer-service tests: a demo ledger, the service in process, an API client, a holder key. */
import { after, before } from "node:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";
import { Wallet } from "ethers";
import { startDemoLedger, type DemoLedger } from "../../scripts/lib/demo-ledger.mts";
import { startIssuerService, type IssuerService, type StartOptions } from "../src/service.ts";
import { demoProvisioning } from "../../scripts/lib/demo-provisioning.mts";
import type { PublicJwk } from "@fairledger/common";
import { credentialDigest } from "@fairledger/common/node";
import { startChainProxy, type ChainProxy } from "./support/tcp-proxy.ts";

export type { DemoLedger };
export { startDemoLedger };

export const SECRETS = { kmsSecretKey: "a1".repeat(32), dataMasterKey: "b2".repeat(32) };

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "fairledger-issuer-"));
}

export function serviceConfig(ledger: DemoLedger, dataDir: string, overrides: Record<string, unknown> = {}) {
  return {
    host: "127.0.0.1",
    port: 0,
    dataDir,
    rpcUrl: ledger.chain.rpcUrl,
    manifestPath: ledger.manifestPath,
    batch: { size: 4, intervalMs: 100 },
    secrets: SECRETS,
    limits: {
      bodyBytes: 64 * 1024,
      requestsPerMinute: 100_000,
      pickupPerMinute: 100_000,
      verifyPerMinute: 100_000,
      principalPerMinute: 100_000,
    },
    ...overrides,
  };
}

export async function startService(
  ledger: DemoLedger,
  dataDir = tempDir(),
  options: StartOptions = {},
  overrides: Record<string, unknown> = {},
): Promise<IssuerService> {
  return startIssuerService(serviceConfig(ledger, dataDir, overrides), {
    provision: demoProvisioning(ledger.demo.accounts),
    ...options,
  });
}

/** A demo ledger and the service on it, started before the tests of a `describe` block and stopped after them. */
export interface DemoService {
  readonly ledger: DemoLedger;
  readonly service: IssuerService;
  readonly dataDir: string;
}

/**
 * Registers the `before`/`after` hooks of the usual fixture in the calling `describe` block: a fresh demo
 * ledger, the service on it (options and config overrides may depend on the ledger), both stopped after
 * the block. Read its fields inside tests and later hooks: they are set once `before` has run.
 */
export function useDemoService(
  setup: {
    options?: () => StartOptions;
    overrides?: (ledger: DemoLedger) => Record<string, unknown>;
    dataDir?: () => string;
  } = {},
): DemoService {
  const fixture = {} as { ledger: DemoLedger; service: IssuerService; dataDir: string };
  before(async () => {
    fixture.ledger = await startDemoLedger();
    fixture.dataDir = setup.dataDir?.() ?? tempDir();
    fixture.service = await startService(
      fixture.ledger,
      fixture.dataDir,
      setup.options?.() ?? {},
      setup.overrides?.(fixture.ledger) ?? {},
    );
  });
  after(async () => {
    await fixture.service?.stop();
    await fixture.ledger?.stop();
  });
  return fixture;
}

/** `useDemoService` with a TCP proxy between the service and the chain (to cut, hang or slow it), and a record of escaped errors. */
export interface ServiceBehindProxy extends DemoService {
  readonly proxy: ChainProxy;
  /** Uncaught exceptions and unhandled rejections seen while the block ran: a test asserts there were none. */
  readonly escaped: unknown[];
}

export function useServiceBehindChainProxy(setup: {
  options?: () => StartOptions;
  overrides: () => Record<string, unknown>;
}): ServiceBehindProxy {
  const escaped: unknown[] = [];
  const record = (error: unknown) => escaped.push(error);
  const fixture = { escaped } as unknown as {
    ledger: DemoLedger;
    service: IssuerService;
    dataDir: string;
    proxy: ChainProxy;
    escaped: unknown[];
  };
  before(async () => {
    process.on("uncaughtException", record);
    process.on("unhandledRejection", record);
    fixture.ledger = await startDemoLedger();
    fixture.proxy = await startChainProxy(fixture.ledger.chain.rpcUrl);
    fixture.dataDir = tempDir();
    fixture.service = await startService(fixture.ledger, fixture.dataDir, setup.options?.() ?? {}, {
      rpcUrl: fixture.proxy.url,
      ...setup.overrides(),
    });
  });
  after(async () => {
    await fixture.service?.stop();
    await fixture.proxy?.close();
    await fixture.ledger?.stop();
    process.off("uncaughtException", record);
    process.off("unhandledRejection", record);
  });
  return fixture;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON answers field by field; each assertion is the check
  body: any;
}

/** A client for one API key; every write gets a fresh Idempotency-Key unless one is given. */
export function client(baseUrl: string, apiKey?: string) {
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(apiKey ? { "x-api-key": apiKey } : {}),
        ...(method !== "GET" && apiKey ? { "idempotency-key": randomUUID() } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => request("GET", path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      request("POST", path, body ?? {}, headers),
    put: (path: string, body?: unknown, headers?: Record<string, string>) => request("PUT", path, body ?? {}, headers),
  };
}

export interface HolderKey {
  privateKey: KeyObject;
  jwk: PublicJwk;
}

export function newHolderKey(): HolderKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  return { privateKey, jwk: { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y! } };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export function signEs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}

export function proofJwt(
  holder: HolderKey,
  claims: { aud: string; nonce: string; iat?: number },
  header: Record<string, unknown> = {},
): string {
  return signEs256(
    { typ: "openid4vci-proof+jwt", alg: "ES256", jwk: holder.jwk, ...header },
    { aud: claims.aud, nonce: claims.nonce, iat: claims.iat ?? Math.floor(Date.now() / 1000) },
    holder.privateKey,
  );
}

export const WORKER = { name: "Maria Santos", passportNumber: "P1234567A", birthDate: "1995-04-12", nationality: "PH" };
export const TERMS = {
  employerName: "Riyadh Care Hospital",
  jobTitle: "Registered Nurse",
  worksiteCountry: "SA",
  contractStart: "2027-01-15",
  contractMonths: 24,
  monthlyWage: { amount: "850000", currency: "SAR" },
};

/** Runs a case through open → contract → anchor (employer signs) and returns its id. */
export async function caseWithAnchoredContract(
  service: IssuerService,
  ledger: DemoLedger,
  apiKey = service.apiKeys.agency!,
  /** Another worker, and a contract document of one's own (default: `contract of <case id>`). */
  options: { worker?: typeof WORKER; document?: (caseId: string) => string } = {},
) {
  const api = client(service.url, apiKey);
  const worker = options.worker ?? WORKER;
  const opened = await api.post("/cases", {
    corridor: "PH-SA",
    employer: ledger.demo.accounts.employer.address,
    worker,
  });
  if (opened.status !== 201) throw new Error(`open case: ${JSON.stringify(opened.body)}`);
  const caseId = opened.body.id as string;
  const uploaded = await api.put(`/cases/${caseId}/contract`, {
    document: Buffer.from(options.document?.(caseId) ?? `contract of ${caseId}`).toString("base64"),
    terms: TERMS,
  });
  if (uploaded.status !== 200) throw new Error(`upload: ${JSON.stringify(uploaded.body)}`);
  const { domain, types, message } = uploaded.body.typedData;
  const employerSignature = await new Wallet(ledger.demo.accounts.employer.privateKey).signTypedData(
    domain,
    types,
    message,
  );
  const anchored = await api.post(`/cases/${caseId}/contract/anchor`, { employerSignature });
  if (anchored.status !== 200) throw new Error(`anchor: ${JSON.stringify(anchored.body)}`);
  return { caseId, api, opened: opened.body, uploaded: uploaded.body, anchored: anchored.body };
}

/** The OpenID4VCI 1.0 flow: offer → token → nonce → credential (one proof) with a holder key. */
export async function pickUp(
  service: IssuerService,
  agencyApi: ReturnType<typeof client>,
  caseId: string,
  holder: HolderKey,
  credentialType = "EmploymentContractCredential",
  format: "dc+sd-jwt" | "jwt_vc_json" = "dc+sd-jwt",
) {
  const offer = await agencyApi.post(`/cases/${caseId}/offers`, { credentialType });
  if (offer.status !== 201) throw new Error(`offer: ${JSON.stringify(offer.body)}`);
  const wallet = client(service.url);
  const token = await wallet.post("/token", {
    grant_type: "urn:ietf:params:oauth:grant-type:pre-authorized_code",
    "pre-authorized_code": offer.body.preAuthorizedCode,
  });
  if (token.status !== 200) throw new Error(`token: ${JSON.stringify(token.body)}`);
  const nonce = await wallet.post("/nonce");
  if (nonce.status !== 200) throw new Error(`nonce: ${JSON.stringify(nonce.body)}`);
  const configurationId = format === "dc+sd-jwt" ? credentialType : `${credentialType}_jwt_vc_json`;
  const answer = await wallet.post(
    "/credential",
    {
      credential_configuration_id: configurationId,
      proofs: { jwt: [proofJwt(holder, { aud: service.url, nonce: nonce.body.c_nonce })] },
    },
    { authorization: `Bearer ${token.body.access_token}` },
  );
  if (answer.status !== 200) throw new Error(`credential: ${JSON.stringify(answer.body)}`);
  const issued: string = answer.body.credentials[0].credential;
  return {
    offer: offer.body,
    token: token.body,
    /** The whole credential response, with any additional parameters (the contract document). */
    answer: answer.body,
    credential: { credential: issued, digest: credentialDigest(issued) },
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Holder side of RFC 9901: keep only the disclosures of `claims`, append a key-binding JWT. */
export function present(
  sdJwt: string,
  holder: HolderKey,
  claims: readonly string[],
  request: { aud: string; nonce: string },
): string {
  const [jwt, ...rest] = sdJwt.split("~");
  const chosen = rest.filter((disclosure) => {
    if (!disclosure) return false;
    const decoded = JSON.parse(Buffer.from(disclosure, "base64url").toString("utf8")) as unknown[];
    return claims.includes(decoded[1] as string);
  });
  const withoutKb = `${jwt}~${chosen.map((d) => `${d}~`).join("")}`;
  const sdHash = createHash("sha256").update(withoutKb, "ascii").digest("base64url");
  const kb = signEs256(
    { typ: "kb+jwt", alg: "ES256" },
    { iat: Math.floor(Date.now() / 1000), aud: request.aud, nonce: request.nonce, sd_hash: sdHash },
    holder.privateKey,
  );
  return `${withoutKb}${kb}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the decoded JSON field by field
export function decodeJwtPart(jwt: string, index: 0 | 1): any {
  return JSON.parse(Buffer.from(jwt.split("~")[0]!.split(".")[index]!, "base64url").toString("utf8"));
}

export function disclosedNames(sdJwt: string): string[] {
  return sdJwt
    .split("~")
    .slice(1)
    .filter((part) => part && part.split(".").length === 1)
    .map((part) => (JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown[])[1] as string);
}

/** A credential's `kid` without its DID document version (`did?versionId=N#key` → `did#key`: common/src/versioned-kid.ts). */
export function keyIdOf(kid: string): string {
  return kid.replace(/\?versionId=\d+#/, "#");
}
