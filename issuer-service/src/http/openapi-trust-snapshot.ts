/** OpenAPI path of the public trust snapshot (routes-trust-snapshot.ts), merged into openapi.ts. */
import { TRUST_SNAPSHOT_PATH } from "./routes-trust-snapshot.ts";

export function trustSnapshotPaths(problem: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return {
    [TRUST_SNAPSHOT_PATH]: {
      get: {
        operationId: "getTrustSnapshot",
        summary:
          "Public: a trust snapshot (type FairLedgerTrustSnapshot, version 2) of the ledger at its latest block — licences with their history, authorities, anchored records and batch statuses, cases, contracts, fee policies and the did:ethr change logs — the file `fairledger snapshot` writes, for verifying offline (the border desk's offline mode, `fairledger verify --offline`). Built at most once a minute; its age is now minus `block.timestamp`",
        security: [],
        responses: {
          "200": {
            description: "the trust snapshot",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["type", "version", "chainId", "ledger", "block", "takenAt"],
                  properties: {
                    type: { const: "FairLedgerTrustSnapshot" },
                    version: { const: 2 },
                    chainId: { type: "integer" },
                    ledger: { type: "string" },
                    block: {
                      type: "object",
                      properties: {
                        number: { type: "integer" },
                        hash: { type: "string" },
                        timestamp: { type: "integer", description: "unix seconds" },
                      },
                    },
                    takenAt: { type: "string", format: "date-time" },
                  },
                },
              },
            },
          },
          "429": problem,
          "503": { ...problem, description: "the ledger did not answer: no snapshot (retry after Retry-After)" },
        },
      },
    },
  };
}
