/**
 * The consortium chain as trust source: FairLedger views and the DID registry, over the one configured
 * JSON-RPC endpoint, every answer cached for a bounded time (a batch of presentations from one agency
 * costs a handful of round-trips, not one per presentation).
 */
import { Contract, FetchRequest, JsonRpcProvider, Network } from "ethers";
import {
  ethrNetworkName,
  fairLedgerAbi,
  jurisdictionBytes,
  corridorId,
  useNativeKeccakInEthers,
  type DeploymentManifest,
} from "@fairledger/common/node";
import type { DIDDocument } from "did-resolver";
import { TrustSourceUnavailable } from "../errors.ts";
import { TtlCache } from "./ttl-cache.ts";
import { getUrlJoiningChunksOnce } from "./rpc-transport.ts";
import { documentAt, type EthrChangeLog } from "./ethr-history.ts";
import { EthrRegistryReader } from "./ethr-registry.ts";
import { fairLedgerInterface, scanLedgerEvents } from "./chain-logs.ts";
import { caseFromAnswer, contractVersionFromAnswer, licenceFromAnswer, recordFromAnswer } from "./ledger-answers.ts";
import {
  asciiOfHex,
  type LedgerCase,
  type LedgerCaseFlag,
  type LedgerContractVersion,
  type LedgerFeePolicy,
  type LedgerLicence,
  type LedgerLicenceRevocation,
  type LedgerRecord,
  type TrustSource,
} from "./trust-source.ts";

export interface ChainTrustOptions {
  rpcUrl: string;
  manifest: DeploymentManifest;
  /** How long answers are reused, ms. Default 30 s: short enough that a revocation shows within a minute. */
  cacheTtlMs?: number;
  /** Per-request RPC timeout, ms. */
  timeoutMs?: number;
}

const ETHR_ADDRESS_DID = /^did:ethr:(0x[0-9a-f]+):(0x[0-9a-fA-F]{40})$/;

export class ChainTrustSource implements TrustSource {
  readonly chainId: number;
  readonly ledger: string;
  readonly provider: JsonRpcProvider;
  private readonly fairLedger: Contract;
  private readonly didRegistry: EthrRegistryReader;
  private readonly networkName: string;
  private readonly cache: TtlCache<unknown>;
  private readonly blockTimes = new Map<number, number>();

  constructor(private readonly options: ChainTrustOptions) {
    const { manifest } = options;
    this.chainId = manifest.chainId;
    this.ledger = manifest.contracts.FairLedger.address;
    useNativeKeccakInEthers();
    const request = new FetchRequest(options.rpcUrl);
    request.timeout = options.timeoutMs ?? 10_000;
    request.getUrlFunc = getUrlJoiningChunksOnce;
    this.provider = new JsonRpcProvider(request, Network.from(manifest.chainId), {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    this.fairLedger = new Contract(this.ledger, fairLedgerAbi, this.provider);
    this.networkName = ethrNetworkName(manifest.chainId);
    this.didRegistry = new EthrRegistryReader(
      this.provider,
      manifest.contracts.EthereumDIDRegistry.address,
      manifest.chainId,
    );
    this.cache = new TtlCache(options.cacheTtlMs ?? 30_000);
  }

  describe(): string {
    return `chain ${this.options.rpcUrl} (chain id ${this.chainId})`;
  }

  destroy(): void {
    this.provider.destroy();
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.cache.get(key, () => this.call(load)) as Promise<T>;
  }

  private async call<T>(load: () => Promise<T>): Promise<T> {
    try {
      return await load();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "CALL_EXCEPTION" || code === "BAD_DATA") throw error;
      throw new TrustSourceUnavailable(`the consortium chain at ${this.options.rpcUrl} did not answer`, {
        cause: error,
      });
    }
  }

  async blockTime(blockNumber: number): Promise<number> {
    const known = this.blockTimes.get(blockNumber);
    if (known !== undefined) return known;
    const block = await this.call(() => this.provider.getBlock(blockNumber));
    if (!block) throw new TrustSourceUnavailable(`block ${blockNumber} not found`);
    if (this.blockTimes.size > 50_000) this.blockTimes.clear();
    this.blockTimes.set(blockNumber, block.timestamp);
    return block.timestamp;
  }

  /** The DID's full change log (fetched once per TTL). */
  changeLog(did: string): Promise<EthrChangeLog> {
    return this.cached(`changelog:${did.toLowerCase()}`, () =>
      this.didRegistry.changeLog(did.slice(did.lastIndexOf(":") + 1)),
    );
  }

  async didDocumentAt(did: string, time: number): Promise<DIDDocument | null> {
    const match = ETHR_ADDRESS_DID.exec(did);
    if (!match || match[1] !== this.networkName) return null;
    const log = await this.changeLog(did);
    for (const event of log.history)
      if (!this.blockTimes.has(event.blockNumber)) await this.blockTime(event.blockNumber);
    return documentAt(did, log, this.blockTimes, time);
  }

  wasLicensedAt(agency: string, jurisdiction: string, time: number): Promise<boolean> {
    return this.cached(`licensed:${agency.toLowerCase()}:${jurisdiction}:${time}`, async () =>
      Boolean(await this.fairLedger.wasLicensedAt(agency, jurisdictionBytes(jurisdiction), time)),
    );
  }

  licenceOf(agency: string): Promise<LedgerLicence> {
    return this.cached(`licence:${agency.toLowerCase()}`, async () => {
      return licenceFromAnswer(await this.fairLedger.licenceOf(agency));
    });
  }

  licenceRevocations(agency: string): Promise<LedgerLicenceRevocation[]> {
    return this.cached(`revocations:${agency.toLowerCase()}`, async () => {
      const revocations = (await this.fairLedger.licenceRevocations(agency)) as {
        effectiveFrom: bigint;
        revokedAt: bigint;
        reasonCode: bigint;
      }[];
      return revocations.map((r) => ({
        effectiveFrom: Number(r.effectiveFrom),
        revokedAt: Number(r.revokedAt),
        reasonCode: Number(r.reasonCode),
      }));
    });
  }

  authorityJurisdiction(account: string): Promise<string | null> {
    return this.cached(`authority:${account.toLowerCase()}`, async () => {
      const code = asciiOfHex(await this.fairLedger.authorityJurisdiction(account));
      return code.length === 2 ? code : null;
    });
  }

  recordOf(issuer: string, recordHash: string): Promise<LedgerRecord> {
    return this.cached(`record:${issuer.toLowerCase()}:${recordHash.toLowerCase()}`, async () => {
      return recordFromAnswer(await this.fairLedger.recordOf(issuer, recordHash));
    });
  }

  batchRecordStatus(issuer: string, root: string, recordHash: string): Promise<number> {
    return this.cached(
      `batchstatus:${issuer.toLowerCase()}:${root.toLowerCase()}:${recordHash.toLowerCase()}`,
      async () => Number(await this.fairLedger.batchRecordStatus(issuer, root, recordHash)),
    );
  }

  isLatestContract(caseCommitment: string, contractHash: string): Promise<boolean> {
    return this.cached(`latest:${caseCommitment.toLowerCase()}:${contractHash.toLowerCase()}`, async () =>
      Boolean(await this.fairLedger.isLatestContract(caseCommitment, contractHash)),
    );
  }

  contractVersionOf(caseCommitment: string, contractHash: string): Promise<LedgerContractVersion> {
    return this.cached(`contract:${caseCommitment.toLowerCase()}:${contractHash.toLowerCase()}`, async () => {
      return contractVersionFromAnswer(await this.fairLedger.contractVersionOf(caseCommitment, contractHash));
    });
  }

  caseOf(caseCommitment: string): Promise<LedgerCase> {
    return this.cached(`case:${caseCommitment.toLowerCase()}`, async () => {
      return caseFromAnswer(await this.fairLedger.caseOf(caseCommitment));
    });
  }

  /**
   * CaseFlagged events of the case, from the ledger's deployment block (the commitment is an indexed
   * topic). Not cached: a flag an inspector just recorded must show at the next traveller's check.
   */
  async caseFlags(caseCommitment: string): Promise<LedgerCaseFlag[]> {
    const latest = await this.call(() => this.provider.getBlockNumber());
    const flagged = fairLedgerInterface.getEvent("CaseFlagged");
    if (!flagged) throw new Error("internal: the FairLedger ABI has no CaseFlagged event");
    const topics = [flagged.topicHash, caseCommitment.toLowerCase()];
    const events = await scanLedgerEvents(
      this.provider,
      this.ledger,
      this.options.manifest.contracts.FairLedger.blockNumber,
      latest,
      { topics },
    );
    const flags: LedgerCaseFlag[] = [];
    for (const event of events)
      flags.push({
        inspector: String(event.args.inspector).toLowerCase(),
        findingHash: String(event.args.findingHash).toLowerCase(),
        blockNumber: event.blockNumber,
        flaggedAt: await this.blockTime(event.blockNumber),
      });
    return flags;
  }

  feePolicy(corridor: string): Promise<LedgerFeePolicy> {
    return this.cached(`policy:${corridor}`, async () => {
      const policy = await this.fairLedger.feePolicy(corridorId(corridor));
      return {
        maxWorkerPaidFee: BigInt(policy.maxWorkerPaidFee),
        currency: asciiOfHex(policy.currency),
        activatedAt: Number(policy.activatedAt),
      };
    });
  }
}
