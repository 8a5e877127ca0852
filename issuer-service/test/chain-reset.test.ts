/**
 * A chain that no longer holds the deployment (the node restarted with empty state, or was reset)
 * still answers JSON-RPC. The service must notice — chain id, code at the ledger address, the
 * deployment block's hash — and say so: /health reports it (503, not "reachable"), anchor proofs into
 * the lost chain are refused instead of served as valid, anchoring stops (no attempt, nothing sent),
 * and a restart fails with a message naming the chain's URL and the ledger's address.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  caseWithAnchoredContract,
  client,
  newHolderKey,
  serviceConfig,
  startDemoLedger,
  startService,
  tempDir,
  type DemoLedger,
} from "./helpers.ts";
import { startIssuerService, type IssuerService } from "../src/service.ts";
import { demoProvisioning } from "../../scripts/lib/demo-provisioning.mts";

const LOST = "urn:fairledger:problem:ERR_CHAIN_DEPLOYMENT_LOST";

describe("the chain lost the deployment (chain reset)", () => {
  let ledger: DemoLedger;
  let service: IssuerService | undefined;
  const dataDir = tempDir();

  before(async () => {
    ledger = await startDemoLedger();
  });
  after(async () => {
    await service?.stop();
    await ledger?.stop();
  });

  it("is reported by /health, refuses anchor proofs and chain writes, stops anchoring, and stops a restart with a plain message", async () => {
    service = await startService(ledger, dataDir, { manualAnchoring: true }, { batch: { size: 1, intervalMs: 10 } });
    const { caseId, api } = await caseWithAnchoredContract(service, ledger);
    const issue = () =>
      api.post("/credentials/issue", {
        credential: { type: ["VerifiableCredential", "EmploymentContractCredential"] },
        options: { caseId, holderJwk: newHolderKey().jwk },
      });
    const anchored = (await issue()).body.digest as string;
    await service.context.outbox.runOnce();
    const publicApi = client(service.url);
    assert.equal((await publicApi.get(`/credentials/${anchored}/anchor`)).body.status, "anchored");
    const healthy = await publicApi.get("/health");
    assert.equal(healthy.body.chain, "reachable");
    // Queued before the reset, not anchored yet.
    const queued = (await issue()).body.digest as string;

    await ledger.provider.send("hardhat_reset", []);

    const health = await publicApi.get("/health");
    assert.equal(health.status, 503);
    assert.equal(health.body.chain, "deployment-lost");
    assert.match(
      health.body.detail,
      /no longer holds the FairLedger deployment at 0x[0-9a-fA-F]{40} \(chain reset\?\): there is no contract code/,
    );

    const proof = await publicApi.get(`/credentials/${anchored}/anchor`);
    assert.equal(proof.status, 503, "a proof into the lost chain is not served as valid");
    assert.equal(proof.body.type, LOST);
    assert.match(proof.headers.get("content-type") ?? "", /^application\/problem\+json/);

    const opened = await api.post("/cases", {
      corridor: "PH-SA",
      employer: ledger.demo.accounts.employer.address,
      worker: { name: "A", passportNumber: "B", birthDate: "1990-01-01", nationality: "PH" },
    });
    assert.equal(opened.status, 503);
    assert.equal(opened.body.type, LOST);

    const { outbox, db } = service.context;
    await outbox.runOnce();
    await outbox.runOnce();
    const batch = db
      .prepare("SELECT b.state, b.attempts FROM outbox o JOIN batches b ON b.root = o.batch_root WHERE o.digest = ?")
      .get(queued) as {
      state: string;
      attempts: number;
    };
    assert.deepEqual(batch, { state: "built", attempts: 0 }, "anchoring paused: no attempt against the lost chain");
    assert.equal(
      await ledger.provider.getTransactionCount(ledger.demo.accounts.agency.address),
      0,
      "nothing sent to the reset chain",
    );

    await service.stop();
    service = undefined;
    await assert.rejects(
      startIssuerService(serviceConfig(ledger, dataDir), { provision: demoProvisioning(ledger.demo.accounts) }),
      (error: Error) => {
        assert.match(
          error.message,
          new RegExp(
            `^the chain at ${ledger.chain.rpcUrl.replace(/[.]/g, "\\.")} no longer holds the FairLedger deployment at ${ledger.manifest.contracts.FairLedger.address} \\(chain reset\\?\\)`,
          ),
        );
        return true;
      },
    );
  });
});
