/**
 * 404 for a path no route answers, before authentication: otherwise an unknown path (a client probing
 * `/.well-known/oauth-authorization-server`, a typo) answers 401, and a standard client such as the OWF
 * OpenID4VCI library stops there instead of moving on to its next discovery URL. Which routes exist is
 * read from the application's own router at request time, so a route file added after this guard is
 * known without being listed here. Only method and path are compared: nothing is learned about an API key.
 */
import type { Express, NextFunction, Request, Response } from "express";
import { ServiceError } from "../errors.ts";

/** The parts of router@2's Layer and Route this guard reads (not in @types/express). */
interface RouterLayer {
  match(path: string): boolean;
  path?: string;
  route?: { _handlesMethod(method: string): boolean };
  handle?: { stack?: RouterLayer[] };
}

function routed(stack: RouterLayer[], method: string, path: string): boolean {
  for (const layer of stack) {
    if (layer.route) {
      if (layer.match(path) && layer.route._handlesMethod(method)) return true;
    } else if (layer.handle?.stack && layer.match(path)) {
      // A mounted router: its routes see the path without the mount point.
      const rest = path.slice((layer.path ?? "").length) || "/";
      if (routed(layer.handle.stack, method, rest.startsWith("/") ? rest : `/${rest}`)) return true;
    }
  }
  return false;
}

export function notFoundBeforeAuthentication(app: Express) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const stack = (app as unknown as { router: { stack: RouterLayer[] } }).router.stack;
    if (routed(stack, req.method, req.path)) return next();
    next(new ServiceError("ERR_NOT_FOUND", "no such route"));
  };
}
