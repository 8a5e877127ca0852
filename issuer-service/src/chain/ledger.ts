/**
 * The service's access to FairLedger: reads through a non-caching provider, and writes from the
 * principals' own accounts (keys held by the Veramo KMS), one transaction at a time per account so
 * nonces never race. Reverts are decoded into the contract's custom error names.
 *
 * Every write is simulated first (`eth_call` of the same call from the same account against the latest
 * state): the contract is the one owner of its rules, and the service's own pre-checks (licence cache,
 * route role checks) are only early answers. A call the contract would refuse comes back as its custom
 * error in plain words (error-words.ts) and nothing is sent, so no nonce or gas is spent on it — whatever
 * gas limit the call gives, and on clients whose gas estimate carries no revert data.
 */
import {
  BaseContract,
  Contract,
  NonceManager,
  isError,
  type BaseContractMethod,
  type ContractTransactionResponse,
  type JsonRpcProvider,
  type TransactionReceipt,
} from "ethers";
import {
  fairLedgerContract,
  jurisdictionBytes,
  jurisdictionOfBytes,
  useNativeKeccakInEthers,
  type DeploymentManifest,
} from "@fairledger/common/node";
import { ServiceError } from "../errors.ts";
import { BlockTimeSource } from "./block-time.ts";
import { toServiceError } from "./rpc-errors.ts";
import type { DeploymentGuard } from "./deployment-guard.ts";
import { ChainNonceManager } from "./nonce-manager.ts";
import { typedFairLedger, type FairLedger } from "./fairledger-contract.ts";

export { toServiceError };

/**
 * `contract` whose state-changing calls — `getFunction(name)(...args)` or `contract.name(...args)` (typed
 * access) — first run as `eth_call` (`staticCall`, from the same signer) and are sent only when that
 * succeeds: a revert there is thrown as ethers' CALL_EXCEPTION with the revert data, before anything is
 * signed. View functions are passed through unchanged.
 */
export function simulatingContract(contract: Contract): Contract {
  const simulateThenSend = (key: string) => {
    const method = contract.getFunction(key);
    if (contract.interface.getFunction(key)?.constant) return method;
    const wrapped = async (...args: unknown[]) => {
      await method.staticCall(...args);
      return method(...args);
    };
    return wrapped as unknown as BaseContractMethod;
  };
  return new Proxy(contract, {
    get(target, property, receiver) {
      if (property === "getFunction") return simulateThenSend;
      // ethers' Contract answers `in` for ABI names too, so its own members are told apart by its prototype.
      if (
        typeof property === "string" &&
        !(property in BaseContract.prototype) &&
        target.interface.hasFunction(property)
      )
        return simulateThenSend(property);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

export interface AccountSigner {
  address: string;
  signer: NonceManager;
  /** Serialises this account's transactions. */
  queue: Promise<unknown>;
}

export class Ledger {
  readonly provider: JsonRpcProvider;
  readonly manifest: DeploymentManifest;
  /** Reads, typed from the compiled contract (see fairledger-contract.ts). */
  readonly reader: FairLedger;
  readonly #accounts = new Map<string, AccountSigner>();
  readonly #blockTime: BlockTimeSource;
  readonly #receiptTimeoutMs: number;
  /** Blocks a write waits for, its own included (FAIRLEDGER_CONFIRMATIONS). */
  readonly #confirmations: number;
  readonly #deployment: DeploymentGuard | undefined;

  /**
   * `blockTimeReuseMs`: how long a latest-block-time answer is reused (see BlockTimeSource); 0: in-flight
   * sharing only. `receiptTimeoutMs`: how long a sent transaction's receipt is waited for (ethers waits
   * forever by default: a chain reset after the send would hold the account's queue for good).
   */
  constructor(
    provider: JsonRpcProvider,
    manifest: DeploymentManifest,
    options: {
      blockTimeReuseMs?: number;
      receiptTimeoutMs?: number;
      confirmations?: number;
      now?: () => number;
      deployment?: DeploymentGuard;
    } = {},
  ) {
    useNativeKeccakInEthers();
    this.provider = provider;
    this.#receiptTimeoutMs = options.receiptTimeoutMs ?? 60_000;
    this.#confirmations = options.confirmations ?? 1;
    // Nothing is sent to, or read from, a chain known not to hold the deployment (a send to an address
    // without code would even be mined).
    this.#deployment = options.deployment;
    this.manifest = manifest;
    this.reader = typedFairLedger(fairLedgerContract(manifest, provider));
    this.#blockTime = new BlockTimeSource(() => this.#askLatestBlockTime(), options.blockTimeReuseMs ?? 0, options.now);
  }

  /**
   * Moves whenever a change of an issuer's signing key or licence made through this service starts or
   * ends: a block time asked while it stayed the same is not older than any such change.
   */
  get issuerStateVersion(): number {
    return this.#blockTime.version;
  }

  /** Resolves when no signing-key or licence change made through this service is under way. */
  issuerStateSettled(): Promise<void> {
    return this.#blockTime.settled();
  }

  /**
   * Runs a change of an issuer's signing key or licence (DID registry update, licence transaction): block
   * times asked before it ends are not reused after it.
   */
  changeIssuerState<T>(action: () => Promise<T>): Promise<T> {
    return this.#blockTime.change(action);
  }

  get address(): string {
    return this.manifest.contracts.FairLedger.address;
  }

  registerAccount(address: string, signer: NonceManager): void {
    this.#accounts.set(address.toLowerCase(), { address, signer, queue: Promise.resolve() });
  }

  /**
   * Runs `action` with the account's contract handle after the account's previous transaction, and
   * waits for its receipt. The handle simulates each call before sending it (`simulatingContract`): a
   * refusal is thrown as ERR_CHAIN_REJECTED and nothing is sent. Failed sends reset the nonce so the
   * next one starts from the chain's count.
   */
  async send(
    address: string,
    action: (ledger: FairLedger) => Promise<ContractTransactionResponse>,
  ): Promise<TransactionReceipt> {
    const account = this.#accounts.get(address.toLowerCase());
    if (!account) throw new ServiceError("ERR_INTERNAL", `no signing account for ${address}`);
    this.#deployment?.requirePresent();
    let broadcast = false;
    const attempt = async () => {
      broadcast = false;
      if (account.signer instanceof ChainNonceManager) account.signer.mayHaveBroadcast = false;
      const response = await action(
        typedFairLedger(simulatingContract(fairLedgerContract(this.manifest, account.signer))),
      );
      broadcast = true;
      const receipt = await response.wait(this.#confirmations, this.#receiptTimeoutMs);
      if (!receipt) throw new ServiceError("ERR_CHAIN_UNREACHABLE", "transaction dropped");
      return receipt;
    };
    const run = async () => {
      try {
        return await attempt();
      } catch (error) {
        account.signer.reset();
        // Someone else used this account's nonce (an operator, another tool), or a transient RPC failure
        // before the transaction was handed to the node (nothing was sent): once more from the chain's
        // count. A revert is final, and so is any failure after broadcast (a retry could send it twice).
        // A failure while the signed transaction was being handed over (a timeout, a lost answer) is
        // not "nothing was sent": the node may have it, so it is not sent again here.
        if (
          account.signer instanceof ChainNonceManager &&
          account.signer.mayHaveBroadcast &&
          !isError(error, "NONCE_EXPIRED")
        )
          broadcast = true;
        const retryable = isError(error, "NONCE_EXPIRED") || (!broadcast && !isError(error, "CALL_EXCEPTION"));
        if (!retryable) throw toServiceError(error);
      }
      try {
        return await attempt();
      } catch (error) {
        account.signer.reset();
        throw toServiceError(error);
      }
    };
    const result = account.queue.then(run, run);
    account.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs something else that uses the account's nonce in its queue. Only DID registry updates (signing
   * keys) do, so it counts as a change of issuer state (`changeIssuerState`).
   */
  async exclusive<T>(address: string, action: () => Promise<T>): Promise<T> {
    const account = this.#accounts.get(address.toLowerCase());
    if (!account) throw new ServiceError("ERR_INTERNAL", `no signing account for ${address}`);
    this.#deployment?.requirePresent();
    const run = async () => {
      try {
        return await action();
      } finally {
        account.signer.reset();
      }
    };
    return this.changeIssuerState(() => {
      const result = account.queue.then(run, run);
      account.queue = result.catch(() => undefined);
      return result;
    });
  }

  /** EIP-712 signature by one of the service's accounts (e.g. the agency's contract signature). */
  async signTypedData(
    address: string,
    domain: Record<string, unknown>,
    types: Record<string, { name: string; type: string }[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    const account = this.#accounts.get(address.toLowerCase());
    if (!account) throw new ServiceError("ERR_INTERNAL", `no signing account for ${address}`);
    return account.signer.signTypedData(domain, types, value);
  }

  /**
   * Timestamp (unix seconds) of the latest block; concurrent callers share one request and a fresh
   * answer is reused for `blockTimeReuseMs`, never across a change of issuer state (see BlockTimeSource).
   */
  latestBlockTime(): Promise<number> {
    return this.#blockTime.latest();
  }

  async #askLatestBlockTime(): Promise<number> {
    this.#deployment?.requirePresent();
    try {
      const block = await this.provider.getBlock("latest");
      if (!block) throw new Error("no latest block");
      return block.timestamp;
    } catch (error) {
      throw toServiceError(error);
    }
  }

  async isLicensedNow(agency: string, jurisdiction: string): Promise<boolean> {
    this.#deployment?.requirePresent();
    try {
      return await this.reader.isLicensedNow(agency, jurisdictionBytes(jurisdiction));
    } catch (error) {
      throw toServiceError(error);
    }
  }

  async licenceOf(
    agency: string,
  ): Promise<{ jurisdiction: string; status: number; validFrom: number; validUntil: number; documentHash: string }> {
    this.#deployment?.requirePresent();
    try {
      const licence = await this.reader.licenceOf(agency);
      return {
        jurisdiction: jurisdictionOfBytes(licence.jurisdiction),
        status: Number(licence.status),
        validFrom: Number(licence.validFrom),
        validUntil: Number(licence.validUntil),
        documentHash: String(licence.documentHash),
      };
    } catch (error) {
      throw toServiceError(error);
    }
  }
}
