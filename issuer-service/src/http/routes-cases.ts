/** Agency routes: a recruitment case from opening to closure, pickup offers and erasure. */
import { Router } from "express";
import type { ServiceContext } from "../context.ts";
import { principalOf } from "./auth.ts";
import { answerConcernsCase, replayAnswerBy } from "./idempotency.ts";
import { OFFER_REPLAY } from "../pickup/pickup.ts";
import { TX_CODE_LENGTH } from "../pickup/codes.ts";
import { parseBody } from "./validate.ts";
import {
  anchorContractBody,
  eraseBody,
  offerBody,
  openCaseBodyAt,
  receiptBody,
  renewOfferBody,
  uploadContractBody,
} from "./bodies.ts";
import type { CaseRow } from "../cases/cases.ts";

export function caseView(row: CaseRow) {
  return {
    id: row.id,
    caseCommitment: row.case_commitment,
    corridor: row.corridor,
    employer: row.employer_address,
    status: row.status,
    contractHash: row.contract_hash,
    receiptsRoot: row.receipts_root,
    transactions: { open: row.open_tx, contract: row.contract_tx, close: row.close_tx },
    erased: row.erased_at !== null,
    erasedAt: row.erased_at ? new Date(row.erased_at).toISOString() : null,
  };
}

export function caseRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const { cases } = ctx;
  const openCaseBody = openCaseBodyAt(ctx.now);

  // Every answer about one of the agency's cases is stored sealed under the case's key and replays as
  // 410 once it is erased. Not for another agency's case: its replay must stay the same 404 (no probing).
  router.param("id", (_req, res, next, id: string) => {
    try {
      answerConcernsCase(res, cases.get(principalOf(res), id).id);
    } catch {
      // not this principal's case: the answer (a refusal) concerns no case
    }
    next();
  });

  router.post("/cases", async (req, res) => {
    const body = parseBody(openCaseBody, req.body);
    const row = await cases.open(principalOf(res, "agency"), body);
    answerConcernsCase(res, row.id);
    res.status(201).location(`/cases/${row.id}`).json(caseView(row));
  });

  router.get("/cases/:id", (req, res) => {
    res.json(caseView(cases.get(principalOf(res, "agency"), req.params.id)));
  });

  router.put("/cases/:id/contract", async (req, res) => {
    const body = parseBody(uploadContractBody, req.body);
    const result = await cases.uploadContract(
      principalOf(res, "agency"),
      req.params.id,
      Buffer.from(body.document, "base64"),
      body.terms,
    );
    res.json(result);
  });

  router.get("/cases/:id/contract/signing-request", async (req, res) => {
    res.json(await cases.signingRequest(principalOf(res, "agency"), req.params.id));
  });

  router.post("/cases/:id/contract/anchor", async (req, res) => {
    const body = parseBody(anchorContractBody, req.body);
    res.json(caseView(await cases.anchorContract(principalOf(res, "agency"), req.params.id, body.employerSignature)));
  });

  router.post("/cases/:id/receipts", async (req, res) => {
    const body = parseBody(receiptBody, req.body);
    const result = await cases.recordReceipt(principalOf(res, "agency"), req.params.id, {
      ...body,
      document: Buffer.from(body.document, "base64"),
    });
    res.status(201).json(result);
  });

  router.post("/cases/:id/close", async (req, res) => {
    res.json(caseView(await cases.close(principalOf(res, "agency"), req.params.id)));
  });

  router.post("/cases/:id/offers", async (req, res) => {
    const body = parseBody(offerBody, req.body);
    const { offerId, answer } = await ctx.pickup.createOffer(
      principalOf(res, "agency"),
      req.params.id,
      body.credentialType,
      {
        format: body.format === undefined ? undefined : body.format.endsWith("sd-jwt") ? "vc+sd-jwt" : "vc-jwt",
        txCodeLength:
          body.txCode === undefined ? undefined : body.txCode === true ? TX_CODE_LENGTH.default : body.txCode.length,
        codeTtlSeconds: body.codeLifetimeSeconds,
      },
    );
    // The answer holds the pickup code: it is not stored; a replay gets this offer with a fresh code.
    replayAnswerBy(res, OFFER_REPLAY, offerId);
    res.status(201).json(answer);
  });

  // A fresh code (and PIN) for an unredeemed offer: expired, blocked after wrong attempts, or lost.
  router.post("/cases/:id/offers/:offerId/code", async (req, res) => {
    const body = parseBody(renewOfferBody, req.body);
    const answer = await ctx.pickup.renewOffer(
      principalOf(res, "agency"),
      req.params.id,
      req.params.offerId,
      body.codeLifetimeSeconds,
    );
    replayAnswerBy(res, OFFER_REPLAY, req.params.offerId);
    res.status(201).json(answer);
  });

  router.post("/cases/:id/erasure", (req, res) => {
    const body = parseBody(eraseBody, req.body);
    res.json(caseView(cases.erase(principalOf(res, "agency"), req.params.id, body.reason)));
  });

  return router;
}
