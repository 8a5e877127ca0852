/**
 * API-key authentication: `X-API-Key` identifies one agency or authority (keys are stored as SHA-256
 * hashes, each bound to its principal's DID). Route guards then check the principal's role.
 */
import type { NextFunction, Request, Response } from "express";
import { ServiceError } from "../errors.ts";
import type { Identities, Principal, PrincipalKind } from "../keys/identities.ts";

export function authenticate(identities: Identities) {
  return (req: Request, res: Response, next: NextFunction) => {
    const apiKey = req.get("x-api-key");
    if (!apiKey) throw new ServiceError("ERR_UNAUTHENTICATED", "send your API key in the X-API-Key header");
    const principal = identities.byApiKey(apiKey);
    if (!principal) throw new ServiceError("ERR_UNAUTHENTICATED", "unknown API key");
    res.locals.principal = principal;
    next();
  };
}

export function principalOf(res: Response, kind?: PrincipalKind): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new ServiceError("ERR_UNAUTHENTICATED", "not authenticated");
  if (kind && principal.kind !== kind)
    throw new ServiceError("ERR_FORBIDDEN", `only ${kind === "agency" ? "agencies" : "authorities"} may do this`);
  return principal;
}
