/**
 * The service's whole configuration as one zod schema, validated at boot. Nothing else reads
 * `process.env`: `configFromEnv` maps variables onto the schema and a bad value stops the service
 * with a message naming the setting.
 */
import { z } from "zod";
import { FairLedgerError } from "@fairledger/common";
import { LOG_LEVELS } from "./logging.ts";

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex characters (32 random bytes)");

export const issuerConfigSchema = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  /** 0 picks a free port (tests). */
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Public base URL (the `aud` of pickup proofs, credential offer issuer); defaults to the listen address. */
  publicUrl: z.url().optional(),
  /**
   * Base of the SD-JWT VC `vct` URLs (`<base>/vct/<CredentialType>`, where every deployment serves the type's
   * metadata); defaults to the public URL. A consortium sets one base on all its deployments so a type has
   * one `vct` whichever country's service issued it.
   */
  vctBaseUrl: z.url().optional(),
  /**
   * Host name or address clients reach the service by, used with the bound port for the service's URL (and,
   * without publicUrl, its public URL): a wildcard listen address such as 0.0.0.0 names no reachable host.
   */
  publicHost: z.string().min(1).optional(),
  /**
   * Serve HTTPS with this certificate chain and key (PEM files) instead of plain HTTP. `caFile`, when given,
   * is the certificate a device installs to trust the service; it is offered at GET /tls/ca.crt.
   */
  tls: z
    .object({ certFile: z.string().min(1), keyFile: z.string().min(1), caFile: z.string().min(1).optional() })
    .optional(),
  dataDir: z.string().min(1),
  rpcUrl: z.url(),
  /** Every JSON-RPC request to the chain fails (chain unreachable, 503) when not answered within this (ms). */
  rpcTimeoutMs: z.coerce.number().int().min(10).max(300_000).default(10_000),
  /**
   * How often (ms) the chain is asked for new blocks while a write waits for its receipt. Unset: a quarter
   * of the block time measured at start (100 ms – 4 s; 1 s when it cannot be measured), not ethers' 4 s.
   */
  pollMs: z.coerce.number().int().min(10).max(60_000).optional(),
  /** Blocks a write waits for (its own block counts as the first) before it counts as done. */
  confirmations: z.coerce.number().int().min(1).max(64).default(1),
  /** A sent transaction's receipt is waited for this long (ms) before the attempt counts as failed. */
  receiptTimeoutMs: z.coerce.number().int().min(10).max(600_000).default(60_000),
  /**
   * How often (ms) the service checks that the chain still holds its deployment (chain id, code at the
   * ledger address, the deployment block's hash); also checked at start, by /health and before anchoring.
   */
  deploymentCheckMs: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  manifestPath: z.string().min(1),
  batch: z
    .object({
      size: z.coerce.number().int().min(1).max(1024).default(32),
      intervalMs: z.coerce.number().int().min(10).default(5_000),
      maxBackoffMs: z.coerce.number().int().min(10).default(60_000),
    })
    .prefault({}),
  secrets: z.object({
    /** Encrypts Veramo's private-key store (SecretBox). */
    kmsSecretKey: hex32,
    /** Wraps the per-case data keys. */
    dataMasterKey: hex32,
  }),
  pickup: z
    .object({
      /**
       * How long a pickup code lives unless the offer says otherwise (default 48 h: long enough for the
       * paper or message to reach the worker's phone). An offer with a tx_code PIN guards a code that is
       * seen by someone else for that long; an agency renews an expired, unredeemed offer's code.
       */
      codeTtlSeconds: z.coerce
        .number()
        .int()
        .min(10)
        .max(30 * 24 * 3600)
        .default(48 * 3600),
      tokenTtlSeconds: z.coerce.number().int().min(10).default(300),
      /** Wrong proofs of possession an offer survives; the next one invalidates its code and token. */
      maxFailedAttempts: z.coerce.number().int().min(1).max(100).default(5),
    })
    .prefault({}),
  limits: z
    .object({
      bodyBytes: z.coerce
        .number()
        .int()
        .min(1024)
        .default(256 * 1024),
      /** Per client address, requests without a valid API key outside pickup and verify (health, schemas, anchors, wallet page, refused keys). */
      requestsPerMinute: z.coerce.number().int().min(1).default(600),
      /** Per client address, the wallet's pickup routes (`/token`, `/credential`, issuer metadata): where codes are guessed. */
      pickupPerMinute: z.coerce.number().int().min(1).default(60),
      /** Per client address, the public verification routes (each may cost RPC calls). */
      verifyPerMinute: z.coerce.number().int().min(1).default(120),
      /** Per API principal (agency or authority), every request with a valid API key outside pickup and verify. */
      principalPerMinute: z.coerce.number().int().min(1).default(600),
      /** Per client address, filing complaints and asking for their proof nonces (a worker files a few, not a stream). */
      complaintsPerMinute: z.coerce.number().int().min(1).default(10),
    })
    .prefault({}),
  /**
   * Which proxies in front of the service are trusted to say who the client is (X-Forwarded-For), as
   * express's `trust proxy`: false (default: the TCP peer is the client, X-Forwarded-For is ignored), a
   * number of proxy hops, or a comma-separated list of proxy addresses/subnets ("loopback, 10.0.0.0/8").
   * "true" (trust any hop) is refused: any client could then choose its own address and rate-limit bucket.
   */
  trustProxy: z
    .union([z.boolean(), z.string()])
    .default(false)
    .transform((value, ctx): false | number | string => {
      const text = typeof value === "boolean" ? String(value) : value.trim();
      if (text === "" || text === "false" || text === "0") return false;
      if (/^[1-9][0-9]?$/.test(text)) return Number(text);
      if (text === "true") {
        ctx.addIssue({
          code: "custom",
          message: "true would trust a client's own X-Forwarded-For; give a hop count or proxy addresses",
        });
        return z.NEVER;
      }
      if (!/^[0-9A-Za-z.:/,\s]+$/.test(text)) {
        ctx.addIssue({ code: "custom", message: "a hop count or a comma-separated list of proxy addresses/subnets" });
        return z.NEVER;
      }
      return text;
    }),
  /**
   * How long (ms) a positive "licensed now" answer from the chain is reused for issuance; 0 asks the
   * chain every time. A refusal is never cached. Trade-off: an agency suspended or revoked on chain by
   * someone else can go on issuing through this service for at most this long (a change made through
   * this service takes effect at once).
   */
  licenceCacheMs: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /**
   * How long (ms) an answer to "latest block time" (the upper bound of a credential's `iat`) is reused
   * by concurrent and following issuances; 0 still shares one in-flight request. Bound: an `iat` may lag
   * the latest block by this long (plus the block interval). Never reused across a signing-key or licence
   * change made through this service.
   */
  blockTimeReuseMs: z.coerce.number().int().min(0).max(10_000).default(1_000),
  /** On stop, in-flight requests get this long (ms) to finish before their connections are destroyed. */
  shutdownGraceMs: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Level of the structured log `main.ts` writes to stdout (internal errors are at "error"). */
  logLevel: z.enum(LOG_LEVELS).default("info"),
  /** Built wallet page served at /wallet/ when the folder exists. */
  walletDir: z.string().optional(),
});

export type IssuerConfigInput = z.input<typeof issuerConfigSchema>;
export type IssuerConfig = z.output<typeof issuerConfigSchema>;

export function parseConfig(input: unknown): IssuerConfig {
  const result = issuerConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new FairLedgerError("ERR_CONFIG_INVALID", `issuer service configuration is invalid: ${problems.join("; ")}`);
  }
  return result.data;
}

/** FAIRLEDGER_* environment variables → config (used by `npm start` and the CLI entry point). */
export function configFromEnv(env: NodeJS.ProcessEnv): IssuerConfig {
  return parseConfig({
    host: env.FAIRLEDGER_HOST,
    port: env.FAIRLEDGER_PORT,
    publicUrl: env.FAIRLEDGER_PUBLIC_URL,
    vctBaseUrl: env.FAIRLEDGER_VCT_BASE_URL,
    publicHost: env.FAIRLEDGER_PUBLIC_HOST,
    tls:
      env.FAIRLEDGER_TLS_CERT_FILE || env.FAIRLEDGER_TLS_KEY_FILE
        ? {
            certFile: env.FAIRLEDGER_TLS_CERT_FILE,
            keyFile: env.FAIRLEDGER_TLS_KEY_FILE,
            caFile: env.FAIRLEDGER_TLS_CA_FILE,
          }
        : undefined,
    dataDir: env.FAIRLEDGER_DATA_DIR,
    rpcUrl: env.FAIRLEDGER_RPC_URL,
    rpcTimeoutMs: env.FAIRLEDGER_RPC_TIMEOUT_MS,
    pollMs: env.FAIRLEDGER_POLL_MS,
    confirmations: env.FAIRLEDGER_CONFIRMATIONS,
    receiptTimeoutMs: env.FAIRLEDGER_RECEIPT_TIMEOUT_MS,
    deploymentCheckMs: env.FAIRLEDGER_DEPLOYMENT_CHECK_MS,
    manifestPath: env.FAIRLEDGER_MANIFEST,
    batch: { size: env.FAIRLEDGER_BATCH_SIZE, intervalMs: env.FAIRLEDGER_BATCH_INTERVAL_MS },
    secrets: { kmsSecretKey: env.FAIRLEDGER_KMS_SECRET_KEY, dataMasterKey: env.FAIRLEDGER_DATA_MASTER_KEY },
    walletDir: env.FAIRLEDGER_WALLET_DIR,
    logLevel: env.FAIRLEDGER_LOG_LEVEL,
    trustProxy: env.FAIRLEDGER_TRUST_PROXY,
    limits: {
      bodyBytes: env.FAIRLEDGER_BODY_BYTES,
      requestsPerMinute: env.FAIRLEDGER_RATE_PUBLIC_PER_MINUTE,
      pickupPerMinute: env.FAIRLEDGER_RATE_PICKUP_PER_MINUTE,
      verifyPerMinute: env.FAIRLEDGER_RATE_VERIFY_PER_MINUTE,
      principalPerMinute: env.FAIRLEDGER_RATE_PRINCIPAL_PER_MINUTE,
      complaintsPerMinute: env.FAIRLEDGER_RATE_COMPLAINTS_PER_MINUTE,
    },
    pickup: {
      maxFailedAttempts: env.FAIRLEDGER_PICKUP_MAX_FAILED_ATTEMPTS,
      codeTtlSeconds: env.FAIRLEDGER_PICKUP_CODE_TTL_SECONDS,
    },
    licenceCacheMs: env.FAIRLEDGER_LICENCE_CACHE_MS,
    blockTimeReuseMs: env.FAIRLEDGER_BLOCK_TIME_REUSE_MS,
    shutdownGraceMs: env.FAIRLEDGER_SHUTDOWN_GRACE_MS,
  });
}
