/**
 * The express application: security headers, rate limiting, body limits, public routes, then
 * API-key routes behind authentication and idempotency, and problem+json for everything that fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import helmet from "helmet";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { CREDENTIAL_TYPES, SCHEMA_FILE } from "@fairledger/common";
import { authenticate, principalOf } from "./auth.ts";
import { idempotency } from "./idempotency.ts";
import { OFFER_REPLAY } from "../pickup/pickup.ts";
import { problemHandler, sendProblem } from "./problem.ts";
import { jsonBody, rejectMalformedPath } from "./input-guards.ts";
import { PICKUP_PATHS, VERIFY_PATHS, rateLimiters } from "./rate-limits.ts";
import { caseRoutes } from "./routes-cases.ts";
import { authorityRoutes } from "./routes-authority.ts";
import { credentialRoutes, publicCredentialRoutes } from "./routes-credentials.ts";
import { pickupRoutes } from "./routes-pickup.ts";
import { verifyRoutes } from "./routes-verify.ts";
import { typeMetadataRoutes } from "./routes-type-metadata.ts";
import { statusListRoutes } from "./routes-status-lists.ts";
import { agencyRegisterRoutes } from "./routes-agencies.ts";
import { trustSnapshotRoutes } from "./routes-trust-snapshot.ts";
import { noticeRoutes } from "./routes-notices.ts";
import { auditRoutes } from "./routes-audits.ts";
import { auditLogRoutes } from "./routes-audit-log.ts";
import { openid4vpRoutes, publicOpenid4vpRoutes } from "./routes-openid4vp.ts";
import { complaintRoutes, publicComplaintRoutes } from "./routes-complaints.ts";
import { API_KEY_REPLAY, principalRoutes, replayIssuedKey } from "./routes-principals.ts";
import { openApiDocument } from "./openapi.ts";
import { requestId } from "./request-id.ts";
import { notFoundBeforeAuthentication } from "./unknown-routes.ts";

const SCHEMAS_DIR = new URL("../../../common/schemas/", import.meta.url);
/** The wallet engineer's build output, served at /wallet/ when present and no other folder is configured. */
const DEFAULT_WALLET_DIR = fileURLToPath(new URL("../../../wallet/dist/", import.meta.url));

export function createApp(ctx: ServiceContext): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Off unless configured: otherwise any client could pick its own address (and rate-limit bucket) via X-Forwarded-For.
  app.set("trust proxy", ctx.config.trustProxy);
  app.use(requestId());
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
  const limits = rateLimiters(ctx.config.limits, ctx.identities);
  app.use(PICKUP_PATHS, limits.pickup);
  app.use(VERIFY_PATHS, limits.verify);
  // Mounted without a path: it counts only POST /complaints and /complaints/nonce, by the full path.
  app.use(limits.complaints);
  app.use(limits.byCaller);
  app.use(rejectMalformedPath);
  app.use(jsonBody(ctx.config.limits.bodyBytes));

  // Liveness and what the service can do with its chain: "reachable" (and holds the deployment),
  // "unreachable" (writes answer 503 and anchoring queues; 200: the process is fine, it waits), or
  // "deployment-lost" (a reset chain: 503, an operator must act).
  app.get("/health", async (_req, res) => {
    const health = await ctx.deployment.check();
    const lost = health.chain === "deployment-lost";
    res.status(lost ? 503 : 200).json({
      status: lost ? "failing" : health.chain === "reachable" ? "ok" : "degraded",
      chain: health.chain,
      blockNumber: health.chain === "reachable" ? health.blockNumber : null,
      ledger: ctx.ledger.address,
      ...(health.chain === "reachable" ? {} : { detail: health.detail }),
    });
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
  // The public agency register page (wallet/src/agencies, built into the wallet's dist/agencies/). Only
  // /agencies/… with the slash: GET /agencies without it is the authorities' list (routes-authority.ts).
  const agenciesDir = join(walletDir, "agencies");
  if (existsSync(agenciesDir)) {
    const agenciesPage = express.static(agenciesDir, { index: "index.html", redirect: false, fallthrough: true });
    app.use("/agencies/", (req, res, next) =>
      req.originalUrl.startsWith("/agencies/") ? agenciesPage(req, res, next) : next(),
    );
  }
  // The officials' pages, each a static page built from wallet/src/<page> into dist/<page>/; everything they
  // do goes through the API with the key the official signs in with: the border verifier desk /verify/
  // (authority key, routes-openid4vp.ts), the licensing authority's console /console/ (the authorities'
  // routes) and the inspector's dashboard /inspect/ (inspector key, routes-audits.ts).
  for (const page of ["verify", "console", "inspect"]) {
    const pageDir = join(walletDir, page);
    if (existsSync(pageDir)) app.use(`/${page}`, express.static(pageDir, { index: "index.html", fallthrough: true }));
  }
  app.use(pickupRoutes(ctx));
  app.use(publicCredentialRoutes(ctx));
  app.use(verifyRoutes(ctx));
  app.use(typeMetadataRoutes(ctx));
  app.use(statusListRoutes(ctx));
  app.use(agencyRegisterRoutes(ctx));
  app.use(trustSnapshotRoutes(ctx));
  app.use(publicOpenid4vpRoutes(ctx));
  app.use(publicComplaintRoutes(ctx));

  // An unknown path is 404 whoever asks, not 401 because no API key came with it.
  app.use(notFoundBeforeAuthentication(app));
  app.use(authenticate(ctx.identities, ctx.apiKeys));
  app.use(
    idempotency(ctx.answers, (res) => principalOf(res).id, {
      // A lost offer answer is replayed as the same offer with a fresh code (codes are never stored).
      [OFFER_REPLAY]: async (offerId, principal) => ({
        status: 201,
        body: await ctx.pickup.refreshOffer(principal, offerId),
      }),
      [API_KEY_REPLAY]: replayIssuedKey(ctx),
    }),
  );
  app.use(caseRoutes(ctx));
  app.use(credentialRoutes(ctx));
  app.use(principalRoutes(ctx));
  app.use(authorityRoutes(ctx));
  app.use(noticeRoutes(ctx));
  app.use(auditRoutes(ctx));
  app.use(auditLogRoutes(ctx));
  app.use(openid4vpRoutes(ctx));
  app.use(complaintRoutes(ctx));

  app.use((_req, res) => sendProblem(res, new ServiceError("ERR_NOT_FOUND", "no such route")));
  app.use(
    problemHandler({
      logger: ctx.logger,
      deploymentLost: () => ctx.deployment.lost,
      chainFailed: () => void ctx.deployment.check(),
    }),
  );
  return app;
}
