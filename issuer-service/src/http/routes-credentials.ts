/**
 * Credential routes: VC-API style issuance, the authorities' licence issuance, status changes by the
 * issuer, and the public anchor-proof and status look-ups (a digest reveals nothing personal) and the
 * FairLedger JSON-LD context every credential names.
 */
import { Router } from "express";
import {
  FAIRLEDGER_CONTEXT_PATH,
  JSON_LD_MEDIA_TYPE,
  fairLedgerContextText,
  fairLedgerContextUrl,
  isCredentialType,
  type CredentialType,
} from "@fairledger/common/node";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { changeLicenceStatus } from "../use-cases/change-licence-status.ts";
import { setCredentialStatus } from "../use-cases/set-credential-status.ts";
import { principalOf } from "./auth.ts";
import { answerConcernsCase, storeAnswerInCommit } from "./idempotency.ts";
import type { IssuedCredential } from "../credentials/issuer.ts";
import { parseBody } from "./validate.ts";
import { requireContextWeHonour, requireIssuerIsCaller } from "../credentials/vc-api-request.ts";
import { contactBody, licenceBody, licenceStatusBody, statusBody, vcApiIssueBody } from "./bodies.ts";
import { credentialStatusReason, statusContacts } from "../use-cases/status-contacts.ts";
import { setContact } from "../use-cases/set-contact.ts";

const DIGEST = /^0x[0-9a-f]{64}$/;
const STATUS_NAME = ["none", "active", "suspended", "revoked"] as const;

function digestParam(value: string | undefined): string {
  const digest = (value ?? "").toLowerCase();
  if (!DIGEST.test(digest))
    throw new ServiceError("ERR_INPUT_INVALID", "digest must be 0x + 64 hex characters", {
      errors: [{ pointer: "path:digest", detail: "not bytes32 hex" }],
    });
  return digest;
}

export function publicCredentialRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const context = fairLedgerContextText();

  // Versioned path: a change of meaning gets /v2, so a day's caching never serves a stale definition.
  router.get(FAIRLEDGER_CONTEXT_PATH, (_req, res) => {
    res.set("cache-control", "public, max-age=86400").type(JSON_LD_MEDIA_TYPE).send(context);
  });

  router.get("/credentials/:digest/anchor", (req, res) => {
    const digest = digestParam(req.params.digest);
    const proof = ctx.outbox.proofOf(digest);
    if (proof === null) throw new ServiceError("ERR_NOT_FOUND", `no credential with digest ${digest}`);
    const rejection = proof ? undefined : ctx.outbox.rejectionOf(digest);
    if (rejection) {
      res.json({ status: "rejected", reason: rejection.reason, rejectedAt: rejection.rejectedAt });
      return;
    }
    res.json(proof ? { status: "anchored", anchor: proof } : { status: "pending" });
  });

  /**
   * A suspended or revoked paper's answer also says why (when the issuer gave a reason with the change
   * made here) and whom the worker asks: its agency and the authority, with their public contacts.
   */
  const troubleDetail = (digest: string, answered: string, local: string) => {
    if (answered !== "suspended" && answered !== "revoked") return {};
    const row = ctx.store.credentials.byDigest(digest);
    const reason = answered === local ? credentialStatusReason(ctx.store, digest) : undefined;
    return { ...(reason ? { reason } : {}), contacts: row ? statusContacts(ctx.store, row.issuerId) : [] };
  };

  router.get("/credentials/:digest/status", async (req, res) => {
    const digest = digestParam(req.params.digest);
    const local = ctx.issuer.status(digest);
    if (!local) throw new ServiceError("ERR_NOT_FOUND", `no credential with digest ${digest}`);
    const proof = ctx.outbox.proofOf(digest);
    const anchoredBy = ctx.outbox.anchoringIssuerOf(digest);
    if (proof && proof.root !== digest && anchoredBy) {
      const onChain = Number(await ctx.ledger.reader.batchRecordStatus(anchoredBy, proof.root, digest));
      const status = STATUS_NAME[onChain] ?? local;
      res.json({ status, source: "ledger", ...troubleDetail(digest, status, local) });
      return;
    }
    if (local === "rejected") {
      res.json({ status: local, source: "issuer (the ledger refused to anchor it; it will not be anchored)" });
      return;
    }
    res.json({
      status: local,
      source: proof ? "ledger-licence" : "issuer (not yet anchored)",
      ...troubleDetail(digest, local, local),
    });
  });

  return router;
}

export function credentialRoutes(ctx: ServiceContext): Router {
  const { store } = ctx;
  const router = Router();

  router.post("/credentials/issue", async (req, res) => {
    const body = parseBody(vcApiIssueBody, req.body);
    // 401 for an unauthenticated request, before the credential type decides who may issue it.
    const caller = principalOf(res);
    requireIssuerIsCaller(body.credential.issuer, caller.did);
    requireContextWeHonour(body.credential["@context"], body.options.format, fairLedgerContextUrl(ctx.baseUrl()));
    const type = body.credential.type.find(isCredentialType) as CredentialType;
    if (type === "AgencyLicenceCredential") {
      const subject = body.credential.credentialSubject as Record<string, unknown>;
      const licence = parseBody(licenceBody, {
        agency: subject.id,
        agencyName: subject.agencyName,
        licenceNumber: subject.licenceNumber,
        validFrom: body.credential.validFrom,
        validUntil: body.credential.validUntil,
        holderJwk: body.options.holderJwk,
        format: body.options.format,
      });
      const issued = await ctx.issuer.issueLicence(principalOf(res, "authority"), licence);
      res.status(201).json({ verifiableCredential: issued.credential, ...issued });
      return;
    }
    const agency = principalOf(res, "agency");
    if (!body.options.caseId)
      throw new ServiceError("ERR_INPUT_INVALID", "options.caseId is required for case credentials", {
        errors: [{ pointer: "#/options/caseId", detail: "required" }],
      });
    if (!body.options.holderJwk)
      throw new ServiceError(
        "ERR_INPUT_INVALID",
        "options.holderJwk is required: credentials are bound to the worker's key",
        {
          errors: [{ pointer: "#/options/holderJwk", detail: "required" }],
        },
      );
    // The answer is stored for Idempotency-Key replays in the same durable commit as the credential,
    // sealed under the case's data key (it holds the worker's personal data).
    answerConcernsCase(res, ctx.cases.get(agency, body.options.caseId).id);
    const answer = (issued: IssuedCredential) => ({ verifiableCredential: issued.credential, ...issued });
    const issued = await ctx.issuer.issueForCase(
      agency,
      body.options.caseId,
      type,
      body.options.holderJwk as never,
      body.options.format,
      (issued) => storeAnswerInCommit(res, 201, answer(issued)),
    );
    res.status(201).json(answer(issued));
  });

  router.post("/licences", async (req, res) => {
    const body = parseBody(licenceBody, req.body);
    const issued = await ctx.issuer.issueLicence(principalOf(res, "authority"), body);
    res.status(201).json({ verifiableCredential: issued.credential, ...issued });
  });

  router.post("/licences/:agency/status", async (req, res) => {
    const authority = principalOf(res, "authority");
    const given = req.params.agency ?? "";
    const agency = given.slice(given.lastIndexOf(":") + 1);
    if (!/^0x[0-9a-fA-F]{40}$/.test(agency)) {
      throw new ServiceError("ERR_INPUT_INVALID", "agency must be an address or did:ethr", {
        errors: [{ pointer: "path:agency", detail: "not an address" }],
      });
    }
    const body = parseBody(licenceStatusBody, req.body);
    res.json(
      await changeLicenceStatus(
        {
          store,
          ledger: ctx.ledger,
          forgetLicence: (a) => ctx.cases.forgetLicence(a),
          licenceChanged: () => ctx.statusLists.licenceChanged(),
        },
        authority,
        agency,
        body,
      ),
    );
  });

  router.post("/credentials/:digest/status", async (req, res) => {
    const digest = digestParam(req.params.digest);
    const body = parseBody(statusBody, req.body);
    res.json(
      await setCredentialStatus(
        { db: ctx.db, store, ledger: ctx.ledger, outbox: ctx.outbox, statusLists: ctx.statusLists },
        principalOf(res),
        digest,
        body,
      ),
    );
  });

  router.get("/identity", (_req, res) => {
    const p = principalOf(res);
    res.json({
      did: p.did,
      kind: p.kind,
      name: p.name,
      address: p.address,
      jurisdiction: p.jurisdiction,
      signingKid: p.signingKid,
      contact: store.principals.contactOf(p.id) ?? null,
    });
  });

  // The organisation's public contact, shown to workers whose papers it suspended or revoked.
  router.put("/identity/contact", (req, res) => {
    const { contact } = parseBody(contactBody, req.body);
    res.json(setContact({ db: ctx.db, store }, principalOf(res), contact));
  });

  router.post("/identity/key-rotation", async (req, res) => {
    const keepPrevious = (req.body as { keepPrevious?: unknown } | undefined)?.keepPrevious === true;
    const rotated = await ctx.identities.rotateSigningKey(principalOf(res), keepPrevious);
    await ctx.issuer.learnKidVersions([rotated]);
    res.json({ did: rotated.did, signingKid: rotated.signingKid });
  });

  return router;
}
