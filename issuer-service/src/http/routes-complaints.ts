/**
 * Workers' complaints about their agency (complaints/*.ts):
 *   POST /complaints/nonce              public: a single-use nonce (and the audience) for the wallet's proof
 *   POST /complaints                    public: file one, proving a credential of the case (SD-JWT + KB-JWT)
 *   GET  /complaints/{id}               public, with the access token: the worker's view of its status
 *   GET  /complaints?agency=did         authority / inspector of the agency's country: the agency's complaints
 *   GET  /complaints/{id}/photo         authority / inspector: the receipt photo
 *   POST /complaints/{id}/handling      authority / inspector: mark handled with an outcome
 * The public writes have their own rate-limit bucket (rate-limits.ts); a wallet has no API key.
 */
import { Router, type Response } from "express";
import { SqliteUsedNonceStore } from "@fairledger/verifier";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { principalOf } from "./auth.ts";
import { parseBody } from "./validate.ts";
import { complaintListQuery, fileComplaintBody, handleComplaintBody } from "./bodies-complaints.ts";
import { verifierTrust } from "./verifier-trust.ts";
import type { ComplaintServices } from "../complaints/complaint-services.ts";
import { issueComplaintNonce } from "../complaints/complaint-nonce.ts";
import { fileComplaint } from "../complaints/file-complaint.ts";
import { complaintStatus } from "../complaints/complaint-status.ts";
import { complaintPhoto, handleComplaint, listComplaints } from "../complaints/official-complaints.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function complaintServices(ctx: ServiceContext): ComplaintServices {
  return {
    db: ctx.db,
    store: ctx.store,
    vault: ctx.cases.services.vault,
    proofOf: (digest) => ctx.outbox.proofOf(digest.toLowerCase()),
    trust: () => verifierTrust(ctx),
    usedNonces: new SqliteUsedNonceStore(ctx.db),
    audience: () => ctx.baseUrl(),
    now: ctx.now,
  };
}

function reference(id: string): string {
  if (!UUID.test(id)) throw new ServiceError("ERR_NOT_FOUND", `no complaint ${id}`);
  return id;
}

/** An authority or an inspector (the officials who handle complaints). */
function official(res: Response) {
  const principal = principalOf(res);
  if (principal.kind !== "authority" && principal.kind !== "inspector")
    throw new ServiceError("ERR_FORBIDDEN", "only authorities and inspectors read and handle complaints");
  return principal;
}

const noStore = (res: Response) => res.setHeader("Cache-Control", "no-store");

/** Public: the worker's wallet has no API key; the credential it proves is its authority. */
export function publicComplaintRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const services = complaintServices(ctx);

  router.post("/complaints/nonce", (_req, res) => {
    noStore(res);
    res.status(201).json(issueComplaintNonce(services));
  });

  router.post("/complaints", async (req, res) => {
    const body = parseBody(fileComplaintBody, req.body);
    const filed = await fileComplaint(services, body);
    noStore(res);
    res.status(201).json(filed);
  });

  router.get("/complaints/:id", (req, res) => {
    const bearer = /^Bearer (\S+)$/.exec(req.get("authorization") ?? "")?.[1];
    noStore(res);
    res.json(complaintStatus(services, reference(req.params.id), bearer));
  });

  return router;
}

/** Authenticated: officials of the agency's country. */
export function complaintRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const services = complaintServices(ctx);

  router.get("/complaints", (req, res) => {
    const caller = official(res);
    const query = parseBody(complaintListQuery, req.query);
    noStore(res);
    res.json(listComplaints(services, caller, query.agency));
  });

  router.get("/complaints/:id/photo", (req, res) => {
    const caller = official(res);
    const photo = complaintPhoto(services, caller, reference(req.params.id));
    noStore(res);
    res.setHeader("Content-Disposition", "attachment");
    res.type(photo.mediaType).send(photo.data);
  });

  router.post("/complaints/:id/handling", (req, res) => {
    const caller = official(res);
    const body = parseBody(handleComplaintBody, req.body);
    noStore(res);
    res.json(handleComplaint(services, caller, reference(req.params.id), body.outcome));
  });

  return router;
}
