/**
 * OpenAPI paths of the authorities' API (routes-authority.ts): writes with their zod bodies, and every
 * list route with its query parameters (from the same zod schemas) and an example answer.
 */
import type { z } from "zod";
import { LICENCE_REASONS } from "@fairledger/common";
import { expectPresent } from "../errors.ts";
import * as bodies from "./bodies.ts";
import { problem, schema, write } from "./openapi.ts";
import { withOperationIds } from "./openapi-edge.ts";

const AGENCY = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
const EMPLOYER = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
const TX = { transactionHash: `0x${"5e".repeat(32)}`, blockNumber: 42 };
const pathAccount = (name: string) => ({
  name,
  in: "path",
  required: true,
  schema: { type: "string" },
  description: "address or did:ethr",
});
const pathCorridor = {
  name: "corridor",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[A-Z]{2}-[A-Z]{2}$" },
};

function queryParameters(query: z.ZodObject) {
  return Object.entries(query.shape).map(([name, field]) => ({
    name,
    in: "query",
    required: false,
    schema: schema(field as z.ZodType),
  }));
}

const nextPage = (total: number) => ({ limit: 50, total, nextCursor: null });

/** A read for any authenticated principal; `example` is a real answer's shape. */
function list(summary: string, query: z.ZodObject | undefined, example: unknown, params: unknown[] = []) {
  return {
    summary,
    security: [{ apiKey: [] }],
    parameters: [...params, ...(query ? queryParameters(query) : [])],
    responses: {
      "200": { description: summary, content: { "application/json": { schema: { type: "object" }, example } } },
      "400": problem,
      "401": problem,
      "403": problem,
      "404": problem,
      "503": problem,
    },
  };
}

const licenceExample = {
  agency: AGENCY,
  jurisdiction: "PH",
  status: "active",
  licensedNow: true,
  validFrom: "2026-01-01T00:00:00Z",
  validUntil: "2027-01-01T00:00:00Z",
  documentHash: `0x${"1c".repeat(32)}`,
};
const reason = (code: number) =>
  expectPresent(
    LICENCE_REASONS.find((r) => r.code === code),
    `licence reason ${code}`,
  );

/** `operationId` of each authority operation, by "path method". */
const OPERATION_IDS: Record<string, string> = {
  "/licences/{agency}/suspend post": "suspendLicence",
  "/licences/{agency}/reinstate post": "reinstateLicence",
  "/licences/{agency}/revoke post": "revokeLicence",
  "/employers post": "registerEmployer",
  "/employers get": "listEmployers",
  "/employers/{account}/deregister post": "deregisterEmployer",
  "/insurers post": "grantInsurer",
  "/insurers get": "listInsurers",
  "/insurers/{account}/revoke post": "revokeInsurer",
  "/corridors/{corridor}/policy/propose post": "proposeCorridorPolicy",
  "/corridors/{corridor}/policy/approve post": "approveCorridorPolicy",
  "/corridors get": "listCorridors",
  "/agencies get": "listAgencies",
  "/licences get": "listLicences",
  "/licences/{agency} get": "getLicence",
  "/agencies/{agency}/cases get": "listAgencyCases",
};

export function authorityPaths(): Record<string, Record<string, unknown>> {
  return withOperationIds(OPERATION_IDS, {
    "/licences/{agency}/suspend": {
      post: write(
        `Authority: suspend an agency's licence with a named reason (name or code: ${LICENCE_REASONS.map((r) => `${r.code} ${r.name}`).join(", ")})`,
        bodies.suspendLicenceBody,
        [pathAccount("agency")],
      ),
    },
    "/licences/{agency}/reinstate": {
      post: write("Authority: reinstate a suspended licence", bodies.emptyBody, [pathAccount("agency")]),
    },
    "/licences/{agency}/revoke": {
      post: write(
        "Authority: revoke a licence with a named reason, from now or from an earlier moment (fraud)",
        bodies.revokeLicenceBody,
        [pathAccount("agency")],
      ),
    },
    "/employers": {
      post: write("Authority: register an employer in the authority's country", bodies.employerBody, [], "201"),
      get: list("Employers on chain, in order of first registration", bodies.memberListQuery, {
        items: [
          {
            account: EMPLOYER,
            jurisdiction: "SA",
            status: "registered",
            registeredBy: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
          },
        ],
        page: nextPage(1),
      }),
    },
    "/employers/{account}/deregister": {
      post: write("Authority: deregister an employer of the authority's country", bodies.emptyBody, [
        pathAccount("account"),
      ]),
    },
    "/insurers": {
      post: write("Authority: grant an insurer (scoped to the authority's country)", bodies.insurerBody, [], "201"),
      get: list("Insurers on chain, in order of first grant", bodies.memberListQuery, {
        items: [
          {
            account: "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
            jurisdiction: "PH",
            status: "registered",
            registeredBy: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
          },
        ],
        page: nextPage(1),
      }),
    },
    "/insurers/{account}/revoke": {
      post: write("Authority: revoke an insurer the authority's country granted", bodies.emptyBody, [
        pathAccount("account"),
      ]),
    },
    "/corridors/{corridor}/policy/propose": {
      post: write(
        "Authority of either side: propose a corridor's fee policy (the other side must approve)",
        bodies.corridorPolicyBody,
        [pathCorridor],
        "201",
      ),
    },
    "/corridors/{corridor}/policy/approve": {
      post: write(
        "Authority of the other side: approve the pending policy; it takes effect at once",
        bodies.corridorPolicyBody,
        [pathCorridor],
      ),
    },
    "/corridors": {
      get: list("Corridors with their active and pending fee policies", bodies.corridorListQuery, {
        items: [
          {
            corridor: "PH-SA",
            origin: "PH",
            destination: "SA",
            active: { maxWorkerPaidFee: "0", currency: "PHP", activatedAt: "2026-01-01T00:00:00Z" },
            pending: null,
          },
          {
            corridor: "PH-AE",
            origin: "PH",
            destination: "AE",
            active: null,
            pending: { maxWorkerPaidFee: "0", currency: "PHP", originApproved: true, destinationApproved: false },
          },
        ],
        page: nextPage(2),
      }),
    },
    "/agencies": {
      get: list(
        "Licensed agencies (ever licensed on chain): licence status now, jurisdiction, licence window",
        bodies.licenceListQuery,
        {
          items: [
            {
              agency: AGENCY,
              jurisdiction: "PH",
              licence: {
                status: "active",
                licensedNow: true,
                validFrom: licenceExample.validFrom,
                validUntil: licenceExample.validUntil,
              },
            },
          ],
          page: nextPage(1),
        },
      ),
    },
    "/licences": {
      get: list("Agency licences on chain", bodies.licenceListQuery, { items: [licenceExample], page: nextPage(1) }),
    },
    "/licences/{agency}": {
      get: list(
        "One agency's licence with its history, oldest first (issued, renewed, suspended, reinstated, revoked; reasons by name and code)",
        undefined,
        {
          ...licenceExample,
          status: "revoked",
          licensedNow: false,
          history: [
            {
              event: "issued",
              at: "2026-01-01T00:00:05Z",
              effectiveFrom: "2026-01-01T00:00:00Z",
              validFrom: "2026-01-01T00:00:00Z",
              validUntil: "2027-01-01T00:00:00Z",
              documentHash: licenceExample.documentHash,
              ...TX,
            },
            {
              event: "suspended",
              at: "2026-03-02T09:00:00Z",
              effectiveFrom: "2026-03-02T09:00:00Z",
              reason: reason(2),
              ...TX,
            },
            { event: "reinstated", at: "2026-03-20T09:00:00Z", effectiveFrom: "2026-03-20T09:00:00Z", ...TX },
            {
              event: "revoked",
              at: "2026-05-01T09:00:00Z",
              effectiveFrom: "2026-04-01T00:00:00Z",
              reason: reason(1),
              ...TX,
            },
          ],
        },
        [pathAccount("agency")],
      ),
    },
    "/agencies/{agency}/cases": {
      get: list(
        "An agency's cases on chain: commitments, corridor, status, counts — nothing personal (authorities, and the agency itself)",
        bodies.caseListQuery,
        {
          items: [
            {
              caseCommitment: `0x${"c0".repeat(32)}`,
              corridor: "PH-SA",
              status: "open",
              openedAt: "2026-02-01T10:00:00Z",
              closedAt: null,
              contractVersions: 1,
              receiptCount: 0,
            },
          ],
          page: nextPage(1),
        },
        [pathAccount("agency")],
      ),
    },
  });
}
