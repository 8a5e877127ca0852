/**
 * Principals and their API keys. An authority onboards agencies, inspectors and insurers of its own
 * jurisdiction and manages their keys; every principal manages its own keys. Answers that carry a key are
 * never stored for idempotent replay: a retry whose answer was lost gets a fresh key that replaces the
 * lost one (`API_KEY_REPLAY`).
 */
import { Router, type Response } from "express";
import { computeAddress } from "ethers";
import type { ServiceContext } from "../context.ts";
import { ServiceError, expectPresent } from "../errors.ts";
import type { Principal } from "../keys/identities.ts";
import type { IssuedApiKey } from "../keys/api-keys.ts";
import { apiKeyIdOf, principalOf } from "./auth.ts";
import { replayAnswerBy } from "./idempotency.ts";
import { parseBody } from "./validate.ts";
import { createKeyBody, onboardPrincipalBody, rotateKeyBody } from "./bodies-principals.ts";
import { unfundedReason } from "../chain/funds.ts";

export const API_KEY_REPLAY = "api-key";

export function principalView(principal: Principal) {
  return {
    id: principal.id,
    kind: principal.kind,
    name: principal.name,
    jurisdiction: principal.jurisdiction,
    did: principal.did,
    address: principal.address,
    onboardedBy: principal.onboardedBy,
    createdAt: new Date(principal.createdAt).toISOString(),
  };
}

/** The answer of every route that makes a key (and of its replay). */
export function issuedKeyAnswer(principal: Principal, key: IssuedApiKey) {
  return { principal: principalView(principal), key };
}

const ms = (time: string | undefined) => (time === undefined ? undefined : Date.parse(time));

/**
 * The principal whose keys the caller may manage: itself, or (for an authority) a non-authority
 * principal of its jurisdiction. Anything else is 404, not 403: no probing for other principals' ids.
 */
function managedPrincipal(ctx: ServiceContext, res: Response, id: string): Principal {
  const caller = principalOf(res);
  const target = ctx.identities.byId(id);
  const allowed =
    target &&
    (target.id === caller.id ||
      (caller.kind === "authority" && target.kind !== "authority" && target.jurisdiction === caller.jurisdiction));
  if (!allowed) throw new ServiceError("ERR_NOT_FOUND", `no principal ${id} you manage`);
  return target;
}

/** Rebuilds a lost key answer: the lost key is revoked and a fresh one replaces it. */
export function replayIssuedKey(ctx: ServiceContext) {
  return async (keyId: string, callerId: string) => {
    const caller = expectPresent(ctx.identities.byId(callerId), `principal ${callerId} (the caller)`);
    const ownerId = ctx.apiKeys.ownerOf(keyId);
    if (!ownerId) throw new ServiceError("ERR_NOT_FOUND", `no key ${keyId}`);
    const principal = expectPresent(ctx.identities.byId(ownerId), `principal ${ownerId} (owner of key ${keyId})`);
    const key = ctx.apiKeys.reissue(principal.id, keyId, caller.did, principal.did);
    return { status: 201, body: issuedKeyAnswer(principal, key) };
  };
}

async function requireFunds(ctx: ServiceContext, address: string): Promise<void> {
  const reason = await unfundedReason(ctx.ledger.provider, address);
  if (reason !== undefined) throw new ServiceError("ERR_CONFLICT", reason);
}

export function principalRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const { identities, apiKeys } = ctx;

  router.post("/principals", async (req, res) => {
    const authority = principalOf(res, "authority");
    const body = parseBody(onboardPrincipalBody, req.body);
    const jurisdiction =
      body.jurisdiction ?? expectPresent(authority.jurisdiction, `the jurisdiction of authority ${authority.id}`);
    if (jurisdiction !== authority.jurisdiction)
      throw new ServiceError(
        "ERR_FORBIDDEN",
        `an authority of ${authority.jurisdiction} cannot onboard a principal of ${jurisdiction}`,
      );
    const privateKeyHex = body.privateKey.replace(/^0x/, "");
    const address = computeAddress(`0x${privateKeyHex}`);
    const existing = identities.all().find((principal) => principal.address.toLowerCase() === address.toLowerCase());
    if (existing) throw new ServiceError("ERR_CONFLICT", `account ${address} is already principal ${existing.id}`);
    await requireFunds(ctx, address);
    // Set inside the commit callback, so TypeScript cannot narrow it from the initialiser: typed once here.
    let issuedKey = undefined as IssuedApiKey | undefined;
    const { principal } = await identities.provision({
      kind: body.kind,
      name: body.name,
      privateKeyHex,
      jurisdiction,
      onboardedBy: authority.id,
      inCommit: (created) => {
        issuedKey = apiKeys.create({
          principalId: created.id,
          label: body.keyLabel,
          expiresAt: ms(body.keyExpiresAt),
          actor: authority.did,
          subject: created.did,
        });
      },
    });
    const key = expectPresent(issuedKey, `the API key of new principal ${principal.id}`);
    replayAnswerBy(res, API_KEY_REPLAY, key.id);
    res.status(201).location(`/principals/${principal.id}`).json(issuedKeyAnswer(principal, key));
  });

  router.get("/principals", (_req, res) => {
    const authority = principalOf(res, "authority");
    res.json({ items: identities.onboardedBy(authority.id).map(principalView) });
  });

  router.post("/principals/:id/keys", (req, res) => {
    const caller = principalOf(res);
    const principal = managedPrincipal(ctx, res, req.params.id);
    const body = parseBody(createKeyBody, req.body);
    const key = apiKeys.create({
      principalId: principal.id,
      label: body.label,
      expiresAt: ms(body.expiresAt),
      actor: caller.did,
      subject: principal.did,
    });
    replayAnswerBy(res, API_KEY_REPLAY, key.id);
    res.status(201).location(`/principals/${principal.id}/keys/${key.id}`).json(issuedKeyAnswer(principal, key));
  });

  router.get("/principals/:id/keys", (req, res) => {
    const principal = managedPrincipal(ctx, res, req.params.id);
    res.json({ items: apiKeys.list(principal.id) });
  });

  router.delete("/principals/:id/keys/:keyId", (req, res) => {
    const caller = principalOf(res);
    const principal = managedPrincipal(ctx, res, req.params.id);
    res.json(apiKeys.revoke(principal.id, req.params.keyId, caller.did, principal.did));
  });

  router.post("/keys/rotate", (req, res) => {
    const caller = principalOf(res);
    const body = parseBody(rotateKeyBody, req.body);
    const key = apiKeys.rotate(caller.id, apiKeyIdOf(res), ms(body.previousValidUntil), caller.did, caller.did);
    replayAnswerBy(res, API_KEY_REPLAY, key.id);
    res.status(201).json(issuedKeyAnswer(caller, key));
  });

  return router;
}
