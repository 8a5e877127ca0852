/** OpenAPI paths of the public agency register (routes-agencies.ts), merged into openapi.ts. */
import { AGENCY_REGISTER_PATH } from "./routes-agencies.ts";
import { problem } from "./openapi.ts";

const AGENCY = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
const answer = (description: string, example: unknown) => ({
  description,
  content: { "application/json": { schema: { type: "object" }, example } },
});

const summaryExample = {
  agency: AGENCY,
  name: "Bayanihan Manpower Services",
  licenceNumber: "DMW-LB-0421-2026",
  country: "PH",
  state: "licensed",
  advice: "licensed now: check that the fees you are asked for follow the corridor's policy",
};

const detailExample = {
  ...summaryExample,
  licensedNow: true,
  since: "2026-11-30T21:00:00.000Z",
  reason: null,
  licence: {
    status: "active",
    validFrom: "2026-11-30T21:00:00.000Z",
    validUntil: "2027-11-30T21:00:00.000Z",
    documentHash: `0x${"ab".repeat(32)}`,
    licenceRecordMatchesChain: true,
  },
  authority: { country: "PH", name: "Department of Migrant Workers (PH)" },
  corridors: [
    {
      corridor: "PH-SA",
      origin: "PH",
      destination: "SA",
      feePolicy: {
        workersPayNoFees: true,
        maxWorkerPaidFee: "0",
        currency: "PHP",
        maxWorkerPaidFeeDecimal: "0.00",
        words: "in this corridor workers pay no recruitment fees",
        activatedAt: "2026-11-30T21:00:00.000Z",
      },
    },
  ],
  history: [
    {
      event: "issued",
      at: "2026-11-30T21:00:00.000Z",
      effectiveFrom: "2026-11-30T21:00:00.000Z",
      reason: null,
      transactionHash: `0x${"5e".repeat(32)}`,
    },
  ],
  complaints: {
    count: 2,
    open: 1,
    words:
      "2 complaints filed by workers holding a credential of one of its cases (1 not yet handled); each is anchored on the chain.",
  },
  sources: { chain: ["state", "…"], service: ["name (…)", "licenceNumber (…)", "authority.name"] },
};

export function agencyRegisterPaths(): Record<string, Record<string, unknown>> {
  return {
    [AGENCY_REGISTER_PATH]: {
      get: {
        operationId: "searchAgencies",
        summary:
          "Public: find agencies by name or licence number (case, accents, spaces and punctuation do not count; substring), or by account. At most 20 results; none found means unknown: do not pay",
        security: [],
        parameters: [
          {
            name: "q",
            in: "query",
            required: true,
            schema: { type: "string", maxLength: 100 },
            description:
              "a name, part of one, a licence number, or the agency's account; at least two letters or digits",
          },
        ],
        responses: {
          "200": answer(
            "matching agencies with their state now (`more`: more matched than listed); `advice` says what an empty result means",
            {
              query: "bayanihan",
              results: [{ ...summaryExample, complaints: 2 }],
              more: false,
              advice: null,
            },
          ),
          "400": problem,
          "429": problem,
          "503": problem,
        },
      },
    },
    [`${AGENCY_REGISTER_PATH}/{agency}`]: {
      get: {
        operationId: "getAgency",
        summary:
          "Public: one agency — licensed now or not, by which country's authority, corridors with their fee policy in words, since when, suspensions and revocations with reasons, complaints filed through this service (count and open; null for an agency this service does not serve), and which facts come from the chain and which from this service",
        security: [],
        parameters: [
          { name: "agency", in: "path", required: true, schema: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" } },
        ],
        responses: {
          "200": answer("the agency", detailExample),
          "400": problem,
          "404": {
            ...problem,
            description:
              "neither the chain nor this service knows the agency: `advice` says not to pay (state: unknown)",
          },
          "429": problem,
          "503": problem,
        },
      },
    },
  };
}
