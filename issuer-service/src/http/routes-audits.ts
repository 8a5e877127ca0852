/**
 * The inspectors' API: what they may audit (GET /audits/scopes: agencies ever licensed, corridors in force),
 * the fee audit of an agency or corridor (GET /audits/fees, JSON or CSV) — the verifier
 * library's judgement, the same as `fairledger audit-fees` — and a finding recorded on a case on chain
 * (POST /audits/cases/{caseCommitment}/flags). Inspectors only: an authority onboards them
 * (POST /principals, kind inspector); the chain's INSPECTOR_ROLE, needed to flag, is the consortium admin's
 * to grant. An unknown agency or corridor is a 404, never an empty clean audit.
 */
import { Router, type Request } from "express";
import { auditCsv, isVerifierError, parseAuditScope, type VerifierError } from "@fairledger/verifier";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { feeAudit } from "../use-cases/audit-fees.ts";
import { flagCase } from "../use-cases/flag-case.ts";
import { auditScopes } from "../use-cases/audit-scopes.ts";
import { RegistryReads } from "../chain/registry-reads.ts";
import { principalOf } from "./auth.ts";
import { parseBody } from "./validate.ts";
import { feeAuditQuery, flagCaseBody } from "./bodies-audits.ts";
import { verifierTrust } from "./verifier-trust.ts";

const CASE_COMMITMENT = /^0x[0-9a-fA-F]{64}$/;

/** The library's error codes in the service's problem types. */
function auditProblem(error: VerifierError): ServiceError {
  switch (error.code) {
    case "ERR_USAGE":
      return new ServiceError("ERR_INPUT_INVALID", error.message, {
        errors: [{ pointer: "query", detail: error.message }],
      });
    case "ERR_AUDIT_SCOPE_UNKNOWN":
      return new ServiceError("ERR_NOT_FOUND", error.message);
    default:
      return new ServiceError("ERR_CHAIN_UNREACHABLE", error.message, {}, { cause: error });
  }
}

const seconds = (time: string | undefined) => (time === undefined ? undefined : Math.floor(Date.parse(time) / 1000));

/** CSV when asked by `format=csv`, or by an Accept header that prefers text/csv to JSON. */
function wantsCsv(req: Request, format: "json" | "csv" | undefined): boolean {
  if (format) return format === "csv";
  return req.accepts(["application/json", "text/csv"]) === "text/csv";
}

export function auditRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const trustSource = () => verifierTrust(ctx);
  const register = {
    reads: new RegistryReads(ctx.ledger, ctx.config.licenceCacheMs, ctx.now),
    store: ctx.store,
    now: ctx.now,
  };

  router.get("/audits/scopes", async (_req, res) => {
    principalOf(res, "inspector");
    res.json(await auditScopes(register));
  });

  router.get("/audits/fees", async (req, res) => {
    principalOf(res, "inspector");
    const query = parseBody(feeAuditQuery, req.query);
    if (!query.agency && !query.corridor)
      throw new ServiceError("ERR_INPUT_INVALID", "an audit needs agency=<address|did:ethr> or corridor=<XX-YY>", {
        errors: [
          { pointer: "query:agency", detail: "give agency or corridor" },
          { pointer: "query:corridor", detail: "give agency or corridor" },
        ],
      });
    const fromBlock = ctx.ledger.manifest.contracts.FairLedger.blockNumber;
    let report;
    try {
      const scope = parseAuditScope(query);
      report = await feeAudit(ctx.cases.services, trustSource(), fromBlock, {
        ...scope,
        from: seconds(query.from),
        to: seconds(query.to),
      });
    } catch (error) {
      throw isVerifierError(error) ? auditProblem(error) : error;
    }
    res.vary("Accept");
    if (wantsCsv(req, query.format)) res.type("text/csv; charset=utf-8").send(auditCsv(report));
    else res.json(report);
  });

  router.post("/audits/cases/:caseCommitment/flags", async (req, res) => {
    const inspector = principalOf(res, "inspector");
    const caseCommitment = req.params.caseCommitment;
    if (!CASE_COMMITMENT.test(caseCommitment))
      throw new ServiceError("ERR_INPUT_INVALID", "caseCommitment must be 0x-prefixed 32-byte hex", {
        errors: [{ pointer: "path:caseCommitment", detail: "not 32-byte hex" }],
      });
    const body = parseBody(flagCaseBody, req.body);
    const receipt = await flagCase(
      { store: ctx.store, ledger: ctx.ledger },
      inspector,
      caseCommitment.toLowerCase(),
      body.findingHash.toLowerCase(),
    );
    res.status(201).json({
      caseCommitment: caseCommitment.toLowerCase(),
      findingHash: body.findingHash.toLowerCase(),
      inspector: inspector.did,
      transactionHash: receipt.hash,
      blockNumber: receipt.blockNumber,
    });
  });

  return router;
}
