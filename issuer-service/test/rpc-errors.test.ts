/**
 * What a failed chain call means, by ethers' and Node's error codes (never by message text): a revert
 * is the contract refusing (422, decoded), an outage or a timeout is "unreachable" (503, retry later),
 * anything else is a defect (500, logged) — it used to be reported as "unreachable" with the library's
 * message in `detail`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ErrorFragment, Interface, makeError } from "ethers";
import { fairLedgerAbi } from "@fairledger/common";
import { isChainUnreachable, toServiceError } from "../src/chain/rpc-errors.ts";

const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:8545`), { code, syscall: "connect" });

describe("chain call failures as typed errors", () => {
  for (const code of ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH"]) {
    it(`a socket ${code} (passed through by ethers unwrapped) is "unreachable"`, () => {
      assert.equal(toServiceError(socketError(code)).code, "ERR_CHAIN_UNREACHABLE");
    });
  }

  it('an RPC timeout is "unreachable", saying it did not answer in time', () => {
    const failure = toServiceError(makeError("request timeout", "TIMEOUT"));
    assert.equal(failure.code, "ERR_CHAIN_UNREACHABLE");
    assert.equal(failure.message, "the ledger RPC did not answer in time");
  });

  it('a socket error wrapped by ethers is "unreachable"', () => {
    assert.ok(
      isChainUnreachable(makeError("could not coalesce error", "UNKNOWN_ERROR", { error: socketError("ECONNRESET") })),
    );
  });

  it("a revert is the contract refusing, with its custom error decoded", () => {
    const ledger = new Interface(fairLedgerAbi as never);
    const fragment = ledger.fragments.find(
      (f): f is ErrorFragment => ErrorFragment.isFragment(f) && f.inputs.length === 0,
    )!;
    const data = ledger.encodeErrorResult(fragment.name, []);
    const failure = toServiceError(makeError("execution reverted", "CALL_EXCEPTION", { data } as never));
    assert.equal(failure.code, "ERR_CHAIN_REJECTED");
    assert.equal(failure.extensions.chainError, fragment.name);
  });

  it("anything else is a defect (internal), not an outage: no library message in the answer", () => {
    const failure = toServiceError(
      makeError("bad address checksum", "INVALID_ARGUMENT", { argument: "address", value: "0xAb" } as never),
    );
    assert.equal(failure.code, "ERR_INTERNAL");
    assert.doesNotMatch(failure.message, /checksum/);
    assert.equal(toServiceError(new TypeError("x is undefined")).code, "ERR_INTERNAL");
  });
});
