/**
 * API-key authentication: `X-API-Key` carries one of a principal's keys (random, stored as SHA-256
 * hashes; keys/api-keys.ts). A revoked, expired or unknown key is 401. Route guards then check the
 * principal's role.
 */
import type { NextFunction, Request, Response } from "express";
import { ServiceError } from "../errors.ts";
import type { Identities, Principal, PrincipalKind } from "../keys/identities.ts";
import type { ApiKeys } from "../keys/api-keys.ts";

export function authenticate(identities: Identities, apiKeys: ApiKeys) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const apiKey = req.get("x-api-key");
    if (!apiKey) throw new ServiceError("ERR_UNAUTHENTICATED", "send your API key in the X-API-Key header");
    const found = apiKeys.authenticate(apiKey, (principalId) => identities.byId(principalId)?.did ?? principalId);
    const principal = found && identities.byId(found.principalId);
    if (!found || !principal) throw new ServiceError("ERR_UNAUTHENTICATED", "unknown, revoked or expired API key");
    await identities.ensureAttached(principal);
    res.locals.principal = principal;
    res.locals.apiKeyId = found.keyId;
    next();
  };
}

const PLURAL: Record<PrincipalKind, string> = {
  agency: "agencies",
  authority: "authorities",
  inspector: "inspectors",
  insurer: "insurers",
};

export function principalOf(res: Response, kind?: PrincipalKind): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new ServiceError("ERR_UNAUTHENTICATED", "not authenticated");
  if (kind && principal.kind !== kind) throw new ServiceError("ERR_FORBIDDEN", `only ${PLURAL[kind]} may do this`);
  return principal;
}

/** The id of the key the request authenticated with (POST /keys/rotate rotates it). */
export function apiKeyIdOf(res: Response): string {
  const keyId = res.locals.apiKeyId as string | undefined;
  if (!keyId) throw new ServiceError("ERR_UNAUTHENTICATED", "not authenticated");
  return keyId;
}
