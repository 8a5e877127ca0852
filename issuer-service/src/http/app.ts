/**
 * The express application: security headers, rate limiting, body limits, public routes, then
 * API-key routes behind authentication and idempotency, and problem+json for everything that fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express, { json } from "express";
import helmet from "helmet";
import { rateLimit } from "express-rate-limit";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { SCHEMA_FILE } from "../credentials/claims.ts";
import { CREDENTIAL_TYPES } from "@fairledger/common";
import { authenticate, principalOf } from "./auth.ts";
import { idempotency } from "./idempotency.ts";
import { problemHandler, sendProblem } from "./problem.ts";
import { caseRoutes } from "./routes-cases.ts";
import { credentialRoutes, publicCredentialRoutes } from "./routes-credentials.ts";
import { pickupRoutes } from "./routes-pickup.ts";
import { verifyRoutes } from "./routes-verify.ts";
import { openApiDocument } from "./openapi.ts";

const SCHEMAS_DIR = new URL("../../../common/schemas/", import.meta.url);
/** The wallet engineer's build output, served at /wallet/ when present and no other folder is configured. */
const DEFAULT_WALLET_DIR = fileURLToPath(new URL("../../../wallet/dist/", import.meta.url));

export function createApp(ctx: ServiceContext): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  // Over plain HTTP (development on a LAN address) `upgrade-insecure-requests` would send the page's own
  // scripts to an https:// that does not exist, and the page stays blank: it is kept only when serving TLS.
  // No Strict-Transport-Security, even over TLS: the service's own TLS is the locally made development
  // certificate (`npm start -- --https`), and HSTS pinned by a browser to "localhost" or the machine's name
  // would force https onto every other development server there and, with a certificate the browser no
  // longer trusts, leave no way to click through. A production edge with a public certificate sets HSTS.
  const servesTls = ctx.config.tls !== undefined;
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "script-src": ["'self'"],
          "worker-src": ["'self'"],
          "upgrade-insecure-requests": servesTls ? [] : null,
        },
      },
      strictTransportSecurity: false,
    }),
  );
  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: ctx.config.limits.requestsPerMinute,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      handler: (_req, res) => {
        res
          .status(429)
          .type("application/problem+json")
          .send(JSON.stringify({ type: "urn:fairledger:problem:ERR_RATE_LIMITED", title: "Too many requests", status: 429 }));
      },
    }),
  );
  app.use(json({ limit: ctx.config.limits.bodyBytes, type: ["application/json", "application/*+json"] }));

  app.get("/health", async (_req, res) => {
    let block: number | null = null;
    try {
      block = await ctx.ledger.provider.getBlockNumber();
    } catch {
      block = null;
    }
    res.json({ status: "ok", chain: block === null ? "unreachable" : "reachable", blockNumber: block });
  });
  app.get("/openapi.json", (_req, res) => res.json(openApiDocument(ctx.baseUrl())));
  const schemaFiles = new Set(CREDENTIAL_TYPES.map((type) => SCHEMA_FILE[type]));
  app.get("/schemas/:file", (req, res) => {
    const file = req.params.file;
    if (!schemaFiles.has(file)) throw new ServiceError("ERR_NOT_FOUND", `no schema ${file}`);
    res.type("application/schema+json").send(readFileSync(new URL(file, SCHEMAS_DIR), "utf8"));
  });
  const walletDir = ctx.config.walletDir ?? DEFAULT_WALLET_DIR;
  if (existsSync(walletDir)) {
    app.use("/wallet", express.static(walletDir, { index: "index.html", fallthrough: true }));
  }
  app.use(pickupRoutes(ctx));
  app.use(publicCredentialRoutes(ctx));
  app.use(verifyRoutes(ctx));

  app.use(authenticate(ctx.identities));
  app.use(idempotency(ctx.db, (res) => principalOf(res).id));
  app.use(caseRoutes(ctx));
  app.use(credentialRoutes(ctx));

  app.use((_req, res) => sendProblem(res, new ServiceError("ERR_NOT_FOUND", "no such route")));
  app.use(problemHandler(ctx.log));
  return app;
}
