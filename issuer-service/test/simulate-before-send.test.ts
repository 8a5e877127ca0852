/**
 * The service simulates every chain write (`eth_call`) before sending it (chain/ledger.ts): a write the
 * contract would refuse is refused with the contract's own error in plain words, and no transaction is
 * sent — the account's nonce does not move, even when the call gives its own gas limit (so no gas
 * estimate stands in for the simulation).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { hexlify, randomBytes } from "ethers";
import { ServiceError } from "../src/errors.ts";
import { client, startDemoLedger, startService, tempDir, type DemoLedger } from "./helpers.ts";
import type { IssuerService } from "../src/service.ts";

describe("chain writes are simulated before they are sent", () => {
  let ledger: DemoLedger;
  let service: IssuerService;

  before(async () => {
    ledger = await startDemoLedger();
    service = await startService(ledger, tempDir(), { manualAnchoring: true });
  });
  after(async () => {
    await service?.stop();
    await ledger?.stop();
  });

  const nonceOf = async (address: string) => ({
    latest: await ledger.provider.getTransactionCount(address, "latest"),
    pending: await ledger.provider.getTransactionCount(address, "pending"),
  });

  it("a write the contract refuses (suspended agency anchoring, explicit gas limit) is refused before any transaction is sent", async () => {
    const agency = ledger.demo.accounts.agency.address;
    const suspended = await client(service.url, service.apiKeys.authorityPH).post(`/licences/${agency}/suspend`, {
      reason: "fraud",
    });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    const before = await nonceOf(agency);

    await assert.rejects(
      service.context.ledger.send(agency, (contract) =>
        contract.getFunction("anchorBatch")(hexlify(randomBytes(32)), 1, { gasLimit: 300_000n }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof ServiceError);
        assert.equal(error.code, "ERR_CHAIN_REJECTED");
        assert.equal(error.extensions.chainError, "RecordsUnauthorizedAnchorer");
        assert.equal(error.message, `${agency} may not anchor records (not a licensed agency nor an authority)`);
        return true;
      },
    );
    assert.deepEqual(await nonceOf(agency), before, "no transaction was sent");

    // The same through typed access (`contract.anchorBatch(...)`), as TypeChain-typed callers write it.
    await assert.rejects(
      service.context.ledger.send(agency, (contract) =>
        (contract as unknown as { anchorBatch: (...args: unknown[]) => Promise<never> }).anchorBatch(
          hexlify(randomBytes(32)),
          1,
          {
            gasLimit: 300_000n,
          },
        ),
      ),
      (error: unknown) =>
        error instanceof ServiceError && error.extensions.chainError === "RecordsUnauthorizedAnchorer",
    );
    assert.deepEqual(await nonceOf(agency), before, "no transaction was sent");
  });

  it("a write the contract accepts is sent once", async () => {
    const agency = ledger.demo.accounts.agency.address;
    const reinstated = await client(service.url, service.apiKeys.authorityPH).post(`/licences/${agency}/reinstate`, {});
    assert.equal(reinstated.status, 200, JSON.stringify(reinstated.body));
    const before = await nonceOf(agency);
    const receipt = await service.context.ledger.send(agency, (contract) =>
      contract.getFunction("anchorBatch")(hexlify(randomBytes(32)), 1, { gasLimit: 300_000n }),
    );
    assert.equal(receipt.status, 1);
    assert.equal((await nonceOf(agency)).latest, before.latest + 1);
  });
});
