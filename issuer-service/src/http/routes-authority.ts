/**
 * The authorities' API: licence changes with named reasons, employers, insurers and corridor fee policies
 * (writes from the authority's own account; the contract enforces jurisdiction and answers in plain words
 * naming both countries), and the paginated lists read from the chain (RegistryReads).
 *
 * Who may do what: writes are for authorities only; the lists are for every authenticated principal (the
 * chain is readable by every consortium member anyway); an agency's cases for authorities and that agency.
 */
import { Router, type Response } from "express";
import type { TransactionReceipt } from "ethers";
import { corridorId, type LicenceReason } from "@fairledger/common";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { RegistryReads } from "../chain/registry-reads.ts";
import type { AuthorityServices } from "../use-cases/authority-services.ts";
import { suspendLicence } from "../use-cases/suspend-licence.ts";
import { reinstateLicence } from "../use-cases/reinstate-licence.ts";
import { revokeLicence } from "../use-cases/revoke-licence.ts";
import { deregisterMember, registerMember, type MemberKind } from "../use-cases/register-member.ts";
import { approveCorridorPolicy, proposeCorridorPolicy } from "../use-cases/corridor-fee-policy.ts";
import { principalOf } from "./auth.ts";
import { parseBody } from "./validate.ts";
import * as bodies from "./bodies.ts";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** An account from a path segment: an address or a did:ethr. */
function accountParam(value: string | undefined, name: string): string {
  const text = value ?? "";
  const account = text.slice(text.lastIndexOf(":") + 1);
  if (!ADDRESS.test(account))
    throw new ServiceError("ERR_INPUT_INVALID", `${name} must be an address or did:ethr`, {
      errors: [{ pointer: `path:${name}`, detail: "not an address" }],
    });
  return account.toLowerCase();
}

function corridorParam(value: string | undefined): { name: string; id: string; origin: string; destination: string } {
  const name = value ?? "";
  if (!/^[A-Z]{2}-[A-Z]{2}$/.test(name))
    throw new ServiceError("ERR_INPUT_INVALID", "corridor must look like PH-SA (origin-destination)", {
      errors: [{ pointer: "path:corridor", detail: "not origin-destination" }],
    });
  return { name, id: corridorId(name), origin: name.slice(0, 2), destination: name.slice(3) };
}

/**
 * One page of a list in chain order. The cursor is the offset of the next item: lists only grow at their
 * end (members are ordered by first appearance on chain), so a cursor stays valid as the chain moves on.
 */
export function page<T>(items: readonly T[], query: { limit: number; cursor?: string | undefined }) {
  let offset = 0;
  if (query.cursor !== undefined) {
    const decoded = /^o([0-9]{1,9})$/.exec(Buffer.from(query.cursor, "base64url").toString("latin1"));
    if (!decoded)
      throw new ServiceError("ERR_INPUT_INVALID", "cursor is not one this service gave out", {
        errors: [{ pointer: "query:cursor", detail: "unknown cursor" }],
      });
    offset = Number(decoded[1]);
  }
  const slice = items.slice(offset, offset + query.limit);
  const next = offset + slice.length;
  return {
    items: slice,
    page: {
      limit: query.limit,
      total: items.length,
      nextCursor: next < items.length ? Buffer.from(`o${next}`).toString("base64url") : null,
    },
  };
}

const reasonOut = (reason: LicenceReason) => ({ code: reason.code, name: reason.name, words: reason.words });

export function authorityRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const reads = new RegistryReads(ctx.ledger, ctx.config.licenceCacheMs, ctx.now);
  const services: AuthorityServices = {
    store: ctx.store,
    ledger: ctx.ledger,
    forgetLicence: (agency) => ctx.cases.forgetLicence(agency),
    licenceChanged: () => ctx.statusLists.licenceChanged(),
    chainChanged: () => reads.invalidate(),
  };
  const done = (res: Response, receipt: TransactionReceipt, body: Record<string, unknown>, status = 200) =>
    res.status(status).json({ ...body, transactionHash: receipt.hash, blockNumber: receipt.blockNumber });

  // ---- Licences: suspend, reinstate, revoke with a named reason ----

  router.post("/licences/:agency/suspend", async (req, res) => {
    const authority = principalOf(res, "authority");
    const agency = accountParam(req.params.agency, "agency");
    const { reason } = parseBody(bodies.suspendLicenceBody, req.body);
    const receipt = await suspendLicence(services, authority, agency, reason);
    done(res, receipt, { agency, status: "suspended", reason: reasonOut(reason) });
  });

  router.post("/licences/:agency/reinstate", async (req, res) => {
    const authority = principalOf(res, "authority");
    const agency = accountParam(req.params.agency, "agency");
    parseBody(bodies.emptyBody, req.body);
    const receipt = await reinstateLicence(services, authority, agency);
    done(res, receipt, { agency, status: "active" });
  });

  router.post("/licences/:agency/revoke", async (req, res) => {
    const authority = principalOf(res, "authority");
    const agency = accountParam(req.params.agency, "agency");
    const body = parseBody(bodies.revokeLicenceBody, req.body);
    const { receipt, effectiveFrom } = await revokeLicence(services, authority, agency, body);
    done(res, receipt, { agency, status: "revoked", reason: reasonOut(body.reason), effectiveFrom });
  });

  // ---- Employers and insurers of the authority's country ----

  const membership = (
    path: string,
    kind: MemberKind,
    schema: typeof bodies.employerBody | typeof bodies.insurerBody,
  ) => {
    router.post(`/${path}`, async (req, res) => {
      const authority = principalOf(res, "authority");
      const account = (parseBody(schema, req.body) as Record<MemberKind, string>)[kind].toLowerCase();
      const receipt = await registerMember(services, authority, kind, account);
      done(res, receipt, { account, jurisdiction: authority.jurisdiction, status: "registered" }, 201);
    });
    router.post(`/${path}/:account/${kind === "employer" ? "deregister" : "revoke"}`, async (req, res) => {
      const authority = principalOf(res, "authority");
      const account = accountParam(req.params.account, kind);
      parseBody(bodies.emptyBody, req.body);
      const receipt = await deregisterMember(services, authority, kind, account);
      done(res, receipt, { account, jurisdiction: authority.jurisdiction, status: "deregistered" });
    });
  };
  membership("employers", "employer", bodies.employerBody);
  membership("insurers", "insurer", bodies.insurerBody);

  // ---- Corridor fee policies: one side proposes, the other approves (the contract needs both) ----

  router.post("/corridors/:corridor/policy/propose", async (req, res) => {
    const authority = principalOf(res, "authority");
    const corridor = corridorParam(req.params.corridor);
    const body = parseBody(bodies.corridorPolicyBody, req.body);
    const receipt = await proposeCorridorPolicy(services, authority, corridor, body);
    done(res, receipt, { corridor: corridor.name, proposedBy: authority.jurisdiction, ...body }, 201);
  });

  router.post("/corridors/:corridor/policy/approve", async (req, res) => {
    const authority = principalOf(res, "authority");
    const corridor = corridorParam(req.params.corridor);
    const body = parseBody(bodies.corridorPolicyBody, req.body);
    const receipt = await approveCorridorPolicy(services, authority, corridor, body);
    const [listed] = (await reads.corridors()).filter((c) => c.corridor === corridor.name);
    done(res, receipt, {
      corridor: corridor.name,
      approvedBy: authority.jurisdiction,
      ...body,
      active: listed?.active ?? null,
      pending: listed?.pending ?? null,
    });
  });

  // ---- Reads: every authenticated principal; from the chain ----

  const licenceList = async (query: unknown) => {
    const q = parseBody(bodies.licenceListQuery, query);
    const all = (await reads.licences()).filter(
      (licence) =>
        (!q.jurisdiction || licence.jurisdiction === q.jurisdiction) && (!q.status || licence.status === q.status),
    );
    return { q, all };
  };

  router.get("/agencies", async (req, res) => {
    principalOf(res);
    const { q, all } = await licenceList(req.query);
    res.json(
      page(
        all.map((licence) => ({
          agency: licence.agency,
          jurisdiction: licence.jurisdiction,
          licence: {
            status: licence.status,
            licensedNow: licence.licensedNow,
            validFrom: licence.validFrom,
            validUntil: licence.validUntil,
          },
        })),
        q,
      ),
    );
  });

  router.get("/licences", async (req, res) => {
    principalOf(res);
    const { q, all } = await licenceList(req.query);
    res.json(page(all, q));
  });

  router.get("/licences/:agency", async (req, res) => {
    principalOf(res);
    const agency = accountParam(req.params.agency, "agency");
    const licence = await reads.licence(agency);
    if (!licence) throw new ServiceError("ERR_NOT_FOUND", `agency ${agency} holds no licence on chain`);
    res.json({ ...licence, history: await reads.licenceHistory(agency) });
  });

  const memberList = (path: string, list: () => ReturnType<RegistryReads["employers"]>) =>
    router.get(`/${path}`, async (req, res) => {
      principalOf(res);
      const q = parseBody(bodies.memberListQuery, req.query);
      const all = (await list()).filter(
        (m) => (!q.jurisdiction || m.jurisdiction === q.jurisdiction) && (!q.status || m.status === q.status),
      );
      res.json(page(all, q));
    });
  memberList("employers", () => reads.employers());
  memberList("insurers", () => reads.insurers());

  router.get("/corridors", async (req, res) => {
    principalOf(res);
    const q = parseBody(bodies.corridorListQuery, req.query);
    const all = (await reads.corridors()).filter(
      (c) =>
        (!q.country || c.origin === q.country || c.destination === q.country) &&
        (!q.state || (q.state === "active" ? c.active !== null : c.pending !== null)),
    );
    res.json(page(all, q));
  });

  router.get("/agencies/:agency/cases", async (req, res) => {
    const principal = principalOf(res);
    const agency = accountParam(req.params.agency, "agency");
    if (principal.kind !== "authority" && principal.address.toLowerCase() !== agency)
      throw new ServiceError("ERR_FORBIDDEN", "an agency may list only its own cases");
    const q = parseBody(bodies.caseListQuery, req.query);
    const all = (await reads.casesOf(agency)).filter(
      (c) => (!q.status || c.status === q.status) && (!q.corridor || c.corridor === q.corridor),
    );
    res.json(page(all, q));
  });

  return router;
}
