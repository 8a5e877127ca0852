/**
 * OpenAPI paths of the inspectors' API (routes-audits.ts): what may be audited, the fee audit (JSON or CSV)
 * and flagging a case.
 */
import type { z } from "zod";
import { AUDIT_CSV_COLUMNS } from "@fairledger/verifier";
import { feeAuditQuery, flagCaseBody } from "./bodies-audits.ts";
import { problem, schema, write } from "./openapi.ts";

const AGENCY = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
const COMMITMENT = `0x${"c4".repeat(32)}`;
const INSPECTOR = "0x976ea74026e726554db657fa54763abd0c3a0aa9";
const classes = { open: 0, overdue: 0, "closed-clean": 1, "closed-in-breach": 1, "over-cap": 0 };
const totals = {
  cases: 2,
  classes,
  withFindings: 1,
  workerPaid: { PHP: "15000.00" },
  employerPaid: { PHP: "50000.00" },
};

const auditExample = {
  scope: { corridor: "PH-SA", toBlock: 1234, asOf: "2026-12-01T02:00:00.000Z" },
  cases: [
    {
      caseCommitment: COMMITMENT,
      agency: AGENCY,
      corridor: "PH-SA",
      class: "closed-in-breach",
      chainStatus: "ClosedInBreach",
      openedAt: "2026-11-20T08:00:00.000Z",
      closedAt: "2026-11-28T08:00:00.000Z",
      contractAnchored: true,
      contractStart: null,
      currency: "PHP",
      workerPaid: "15000.00",
      employerPaid: "0.00",
      capAtClosure: "0.00",
      receiptCount: 1,
      receiptFilesFound: null,
      findings: ["closed-in-breach"],
      flags: [{ inspector: INSPECTOR, findingHash: `0x${"f1".repeat(32)}`, blockNumber: 1240 }],
    },
  ],
  totals: {
    byCorridor: { "PH-SA": totals },
    byAgency: { [AGENCY]: totals },
    byMonthOpened: { "2026-11": totals },
    byMonthClosed: { "2026-11": totals },
  },
  contractStarts: { source: "the contract terms held by this issuer service", openWithoutKnownStart: 0 },
  unanchoredReceiptFiles: [],
  receiptFilesWithoutSalt: [],
  summary: totals,
};

function queryParameters(query: z.ZodObject) {
  return Object.entries(query.shape).map(([name, field]) => ({
    name,
    in: "query",
    required: false,
    schema: schema(field as z.ZodType),
  }));
}

export function auditPaths(): Record<string, Record<string, unknown>> {
  return {
    "/audits/scopes": {
      get: {
        operationId: "listAuditScopes",
        summary:
          "Inspector: what may be audited — every agency ever licensed on chain (name and licence number as recorded here, state now) and every corridor whose fee policy is in force (cap in currency units)",
        security: [{ apiKey: [] }],
        responses: {
          "200": {
            description: "the agencies and corridors an audit accepts",
            content: {
              "application/json": {
                schema: { type: "object" },
                example: {
                  agencies: [
                    {
                      agency: AGENCY,
                      name: "Bayanihan Manpower Services",
                      licenceNumber: "DMW-LB-0421-2026",
                      country: "PH",
                      state: "licensed",
                    },
                  ],
                  corridors: [
                    { corridor: "PH-SA", origin: "PH", destination: "SA", currency: "PHP", maxWorkerPaidFee: "0.00" },
                  ],
                },
              },
            },
          },
          "401": problem,
          "403": { ...problem, description: "the caller is not an inspector" },
          "429": problem,
          "503": problem,
        },
      },
    },
    "/audits/fees": {
      get: {
        operationId: "auditFees",
        summary:
          "Inspector: the fee audit of an agency and/or corridor from the chain — each case open, overdue, closed-clean, closed-in-breach or over-cap (cap in force at closure), amounts in currency units, totals per corridor and agency; findings only for breaches",
        security: [{ apiKey: [] }],
        parameters: queryParameters(feeAuditQuery),
        responses: {
          "200": {
            description: "the audit (JSON), or CSV with format=csv or Accept: text/csv",
            content: {
              "application/json": { schema: { type: "object" }, example: auditExample },
              "text/csv": {
                schema: { type: "string" },
                example: `${AUDIT_CSV_COLUMNS.join(",")}\n${COMMITMENT},${AGENCY},PH-SA,closed-in-breach,ClosedInBreach,2026-11-20T08:00:00.000Z,2026-11-28T08:00:00.000Z,true,,PHP,15000.00,0.00,0.00,1,,closed-in-breach,1\n`,
              },
            },
          },
          "400": { ...problem, description: "no agency or corridor, or a malformed one" },
          "401": problem,
          "403": { ...problem, description: "the caller is not an inspector" },
          "404": { ...problem, description: "unknown agency (never licensed) or corridor (no fee policy in force)" },
          "429": problem,
          "503": problem,
        },
      },
    },
    "/audits/cases/{caseCommitment}/flags": {
      post: {
        ...write(
          "Inspector: record a finding (its hash) on a case on chain (flagCase); needs the chain's INSPECTOR_ROLE",
          flagCaseBody,
          [
            {
              name: "caseCommitment",
              in: "path",
              required: true,
              schema: { type: "string", pattern: "^0x[0-9a-fA-F]{64}$" },
            },
          ],
          "201",
        ),
        operationId: "flagCase",
      },
    },
  };
}
