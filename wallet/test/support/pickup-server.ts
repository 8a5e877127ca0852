/**
 * A test issuer on 127.0.0.1 (port 0) speaking the README pickup protocol — POST /token, POST
 * /credential (checking the holder's openid4vci-proof+jwt: typ, ES256, header jwk, signature, aud,
 * c_nonce, iat), GET /credentials/{digest}/anchor and /status — and serving wallet/dist at /wallet/.
 * Used where the issuer service is not started (it needs a chain); credentials are real SD-JWT VCs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import type { AddressInfo } from "node:net";
import {
  buildMerkleBatch,
  createJwsVerifier,
  credentialDigest,
  toPublicJwk,
  type CredentialType,
  type PublicJwk,
} from "@fairledger/common/node";
import { didJwk } from "@fairledger/common";
import { createTestIssuer, employmentSubject, type TestIssuer } from "./issue-credential.ts";

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
  offer(type?: CredentialType, bindToOtherKey?: boolean): string;
  revoke(digest: string): void;
  issued: string[];
  stop(): Promise<void>;
}

interface Offer {
  type: CredentialType;
  bindToOtherKey: boolean;
}

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
  const tokens = new Map<string, { offer: Offer; cNonce: string }>();
  const revoked = new Set<string>();
  const issued: string[] = [];
  const otherHolder = toPublicJwk(
    (await crypto.subtle.exportKey(
      "jwk",
      (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"])).publicKey,
    )) as never,
  );
  let url = "";

  const handlers: Record<string, (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>> = {
    "POST /token": async (req, res) => {
      const form = new URLSearchParams(await readBody(req));
      const offer = offers.get(form.get("pre-authorized_code") ?? "");
      if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:pre-authorized_code" || !offer) {
        return send(res, 400, { error: "invalid_grant" });
      }
      offers.delete(form.get("pre-authorized_code")!);
      const accessToken = randomBytes(16).toString("base64url");
      const cNonce = randomBytes(16).toString("base64url");
      tokens.set(accessToken, { offer, cNonce });
      send(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: 300, c_nonce: cNonce });
    },
    "POST /credential": async (req, res) => {
      const token = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
      if (!token) return send(res, 401, { error: "invalid_token" });
      const body = JSON.parse(await readBody(req)) as {
        format?: string;
        proof?: { proof_type?: string; jwt?: string };
      };
      const [h, p, s] = (body.proof?.jwt ?? "").split(".");
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
        body.format === "vc+sd-jwt" &&
        body.proof?.proof_type === "jwt" &&
        header.typ === "openid4vci-proof+jwt" &&
        header.alg === "ES256" &&
        createJwsVerifier(holderJwk as never).verify(`${h}.${p}`, s ?? "") &&
        claims.aud === url &&
        claims.nonce === token.cNonce &&
        typeof claims.iat === "number" &&
        Math.abs(claims.iat - now) < 300;
      if (!valid) return send(res, 400, { error: "invalid_proof" });
      tokens.delete((req.headers.authorization ?? "").replace(/^Bearer /, ""));
      const bound = token.offer.bindToOtherKey ? otherHolder : holderJwk;
      const holderDid = didJwk(bound);
      const credential = await issuer.issue(token.offer.type, employmentSubject(holderDid), bound);
      issued.push(credential);
      send(res, 200, { credential, format: "vc+sd-jwt" });
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
        if (!issued.some((credential) => credentialDigest(credential) === digest))
          return send(res, 404, { error: "not_found" });
        if (what === "status") return send(res, 200, { status: revoked.has(digest) ? "revoked" : "active" });
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
    offer(type = "EmploymentContractCredential", bindToOtherKey = false) {
      const code = randomBytes(8).toString("base64url").slice(0, 10);
      offers.set(code, { type, bindToOtherKey });
      return code;
    },
    revoke: (digest) => revoked.add(digest),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
