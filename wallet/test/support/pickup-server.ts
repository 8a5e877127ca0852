/**
 * A test issuer on 127.0.0.1 (port 0) speaking the README pickup protocol as OpenID4VCI 1.0 — issuer and
 * authorization server metadata, POST /token (with tx_code, and FairLedger's `reason` on refusals), POST
 * /nonce, POST /credential (`credential_configuration_id` + `proofs.jwt`, checking the holder's
 * openid4vci-proof+jwt: typ, ES256, header jwk, signature, aud, a live single-use nonce, iat), GET
 * /credentials/{digest}/anchor and /status — and serving wallet/dist at /wallet/. Used where the issuer
 * service is not started (it needs a chain); credentials are real SD-JWT VCs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import type { AddressInfo } from "node:net";
import {
  CONTRACT_DOCUMENT_PARAMETER,
  buildMerkleBatch,
  documentCommitment,
  newDocumentSalt,
  createJwsVerifier,
  credentialDigest,
  toPublicJwk,
  type CredentialType,
  type PublicJwk,
} from "@fairledger/common/node";
import { didJwk } from "@fairledger/common";
import { createTestIssuer, employmentSubject, feeStatementSubject, type TestIssuer } from "./issue-credential.ts";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
};

export interface PickupServer {
  url: string;
  issuer: TestIssuer;
  /** Creates a one-time code for a credential of this type; the subject is filled in at pickup. */
  offer(type?: CredentialType, bindToOtherKey?: boolean, options?: OfferOptions): string;
  /** Makes a code expire now. */
  expire(code: string): void;
  /** The events wallets sent to /notification, in order. */
  notifications: string[];
  /** Revokes; `reason` goes in the status answer as the words a worker is shown, `contacts` as whom to ask. */
  revoke(digest: string, reason?: string | object, contacts?: unknown[]): void;
  /** The issuer forgets the credential: its status and anchor routes answer 404 from now on. */
  forget(digest: string): void;
  issued: string[];
  stop(): Promise<void>;
}

export interface OfferOptions {
  txCode?: string;
  /**
   * The contract document sent with the credential (fairledger_contract_document), committed to in its
   * contractHash under a fresh salt; `sent` replaces the document in the response (a swapped contract).
   */
  contract?: { text: string; sent?: string };
}

interface Offer extends OfferOptions {
  type: CredentialType;
  bindToOtherKey: boolean;
  expired?: boolean;
}

const GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

function decodeJwtPart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return body;
}

export async function startPickupServer(walletDist: string): Promise<PickupServer> {
  const issuer = createTestIssuer();
  const offers = new Map<string, Offer>();
  const tokens = new Map<string, { offer: Offer }>();
  const revoked = new Map<string, { reason?: string | object; contacts?: unknown[] }>();
  const forgotten = new Set<string>();
  const issued: string[] = [];
  const otherHolder = toPublicJwk(
    (await crypto.subtle.exportKey(
      "jwk",
      (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"])).publicKey,
    )) as never,
  );
  let url = "";

  const used = new Set<string>();
  const notificationIds = new Set<string>();
  const notifications: string[] = [];
  const nonces = new Set<string>();
  const handlers: Record<string, (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>> = {
    "GET /.well-known/openid-credential-issuer": async (_req, res) =>
      send(res, 200, {
        credential_issuer: url,
        credential_endpoint: `${url}/credential`,
        nonce_endpoint: `${url}/nonce`,
        notification_endpoint: `${url}/notification`,
        credential_configurations_supported: {
          EmploymentContractCredential: { format: "dc+sd-jwt", vct: "urn:fairledger:vct:employment-contract:1" },
          EmploymentContractCredential_jwt_vc_json: {
            format: "jwt_vc_json",
            credential_definition: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
          },
          RecruitmentFeeStatement: { format: "dc+sd-jwt", vct: "urn:fairledger:vct:recruitment-fee-statement:1" },
        },
      }),
    "GET /.well-known/oauth-authorization-server": async (_req, res) =>
      send(res, 200, { issuer: url, token_endpoint: `${url}/token`, grant_types_supported: [GRANT] }),
    "POST /token": async (req, res) => {
      const form = new URLSearchParams(await readBody(req));
      // As the service: any case, spaces and hyphens ignored.
      const code = (form.get("pre-authorized_code") ?? "").replace(/[\s-]+/g, "").toUpperCase();
      if (form.get("grant_type") !== GRANT) return send(res, 400, { error: "unsupported_grant_type" });
      const offer = offers.get(code);
      if (!offer) return send(res, 400, { error: "invalid_grant", reason: used.has(code) ? "used" : "unknown" });
      if (offer.expired) return send(res, 400, { error: "invalid_grant", reason: "expired" });
      if (offer.txCode !== undefined && !form.has("tx_code"))
        return send(res, 400, { error: "invalid_request", reason: "tx_code_required" });
      if (offer.txCode !== undefined && form.get("tx_code") !== offer.txCode)
        return send(res, 400, { error: "invalid_grant", reason: "tx_code_wrong" });
      offers.delete(code);
      used.add(code);
      const accessToken = randomBytes(16).toString("base64url");
      tokens.set(accessToken, { offer });
      send(res, 200, {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: 300,
        credential_configuration_ids: [offer.type],
      });
    },
    "POST /nonce": async (_req, res) => {
      const cNonce = randomBytes(16).toString("base64url");
      nonces.add(cNonce);
      send(res, 200, { c_nonce: cNonce });
    },
    "POST /credential": async (req, res) => {
      const token = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
      if (!token) return send(res, 401, { error: "invalid_token" });
      const body = JSON.parse(await readBody(req)) as {
        credential_configuration_id?: string;
        proofs?: { jwt?: string[] };
      };
      if (body.credential_configuration_id !== token.offer.type)
        return send(res, 400, { error: "unknown_credential_configuration" });
      const [h, p, s] = (body.proofs?.jwt?.[0] ?? "").split(".");
      const header = decodeJwtPart(h);
      const claims = decodeJwtPart(p);
      let holderJwk: PublicJwk;
      try {
        holderJwk = toPublicJwk(header.jwk as never);
      } catch {
        return send(res, 400, { error: "invalid_proof", error_description: "no P-256 jwk" });
      }
      const now = Math.floor(Date.now() / 1000);
      const valid =
        body.proofs?.jwt?.length === 1 &&
        header.typ === "openid4vci-proof+jwt" &&
        header.alg === "ES256" &&
        createJwsVerifier(holderJwk as never).verify(`${h}.${p}`, s ?? "") &&
        claims.aud === url &&
        typeof claims.iat === "number" &&
        Math.abs(claims.iat - now) < 300;
      if (!valid) return send(res, 400, { error: "invalid_proof" });
      if (!nonces.delete(String(claims.nonce))) return send(res, 400, { error: "invalid_nonce" });
      tokens.delete((req.headers.authorization ?? "").replace(/^Bearer /, ""));
      const bound = token.offer.bindToOtherKey ? otherHolder : holderJwk;
      const holderDid = didJwk(bound);
      const subject =
        token.offer.type === "RecruitmentFeeStatement" ? feeStatementSubject(holderDid) : employmentSubject(holderDid);
      const contract = token.offer.contract;
      if (contract) {
        const salt = newDocumentSalt();
        Object.assign(subject, {
          contractHash: documentCommitment(Buffer.from(contract.text, "utf8"), salt),
          contractSalt: salt,
          agencyName: "Bayanihan Manpower Services",
          licenceNumber: "DMW-LB-2026-0042",
        });
      }
      const credential = await issuer.issue(token.offer.type, subject, bound);
      issued.push(credential);
      const notificationId = randomBytes(8).toString("hex");
      notificationIds.add(notificationId);
      send(res, 200, {
        credentials: [{ credential }],
        notification_id: notificationId,
        ...(contract
          ? {
              [CONTRACT_DOCUMENT_PARAMETER]: {
                media_type: "text/plain; charset=utf-8",
                document: Buffer.from(contract.sent ?? contract.text, "utf8").toString("base64url"),
              },
            }
          : {}),
      });
    },
    "POST /notification": async (req, res) => {
      const body = JSON.parse(await readBody(req)) as { notification_id?: string; event?: string };
      if (!notificationIds.has(String(body.notification_id)))
        return send(res, 400, { error: "invalid_notification_id" });
      notifications.push(String(body.event));
      res.writeHead(204).end();
    },
  };

  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    try {
      const handler = handlers[`${req.method} ${path}`];
      if (handler) return await handler(req, res, path);
      const lookup = /^\/credentials\/(0x[0-9a-f]{64})\/(anchor|status)$/.exec(path);
      if (req.method === "GET" && lookup) {
        const [, digest, what] = lookup as unknown as [string, string, string];
        if (forgotten.has(digest) || !issued.some((credential) => credentialDigest(credential) === digest))
          return send(res, 404, { error: "not_found" });
        if (what === "status") {
          if (!revoked.has(digest)) return send(res, 200, { status: "active" });
          const { reason, contacts } = revoked.get(digest) ?? {};
          return send(res, 200, {
            status: "revoked",
            ...(reason ? { reason } : {}),
            ...(contacts ? { contacts } : {}),
          });
        }
        const batch = buildMerkleBatch([digest, `0x${randomBytes(32).toString("hex")}`]);
        return send(res, 200, {
          status: "anchored",
          anchor: {
            chainId: 31337,
            ledger: `0x${"5".repeat(40)}`,
            root: batch.root,
            proof: batch.proofs[0],
            blockNumber: 7,
          },
        });
      }
      if (req.method === "GET" && (path === "/wallet" || path.startsWith("/wallet/"))) {
        if (path === "/wallet") {
          res.writeHead(301, { location: "/wallet/" });
          return res.end();
        }
        const relative = normalize(path.slice("/wallet/".length) || "index.html");
        const file = join(walletDist, relative);
        if (relative.startsWith("..") || !existsSync(file) || !statSync(file).isFile())
          return send(res, 404, { error: "not_found" });
        res.writeHead(200, {
          "content-type": MIME[extname(file)] ?? "application/octet-stream",
          "cache-control": "no-cache",
        });
        return res.end(readFileSync(file));
      }
      send(res, 404, { error: "not_found" });
    } catch (error) {
      send(res, 500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    issuer,
    issued,
    offer(type = "EmploymentContractCredential", bindToOtherKey = false, options = {}) {
      // Letters and digits only, as the service's codes (a base64url "-" or "_" would read as a separator).
      const code = randomBytes(8).toString("hex").slice(0, 10).toUpperCase();
      offers.set(code, {
        type,
        bindToOtherKey,
        ...(options.txCode ? { txCode: options.txCode } : {}),
        ...(options.contract ? { contract: options.contract } : {}),
      });
      return code;
    },
    notifications,
    expire(code) {
      const offer = offers.get(code);
      if (offer) offer.expired = true;
    },
    revoke: (digest, reason, contacts) => revoked.set(digest, { reason, contacts }),
    forget: (digest) => forgotten.add(digest),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
