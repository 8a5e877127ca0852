/**
 * `npx tsx deploy/besu/make-genesis.ts [network.json]`: turns the consortium's node list into the two files
 * every Besu node of the network must share — `genesis.json` (QBFT, zero gas price) and
 * `permissions_config.toml` (the nodes allowlist) — written beside the node list.
 *
 * The node list holds only what differs between consortia (chain id, each node's public key, address and
 * host, the deployer); every protocol setting is a constant below with the reason for its value. Operators
 * regenerate both files from their own node keys; a test keeps the committed example equal to this output.
 * Sources: Besu's QBFT, free-gas, genesis-items and local-permissioning documentation (see README.md).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { computeAddress, encodeRlp, getAddress, toQuantity, ZeroHash } from "ethers";

/** Matches the 2-second blocks the project tests against (anvil `--block-time 2`). */
export const BLOCK_PERIOD_SECONDS = 2;
/**
 * Besu's advice is twice the block period, then tuned down until round changes appear. A proposal
 * crosses Manila–Riyadh and back a few times (a few hundred ms); 4 s leaves room for a slow validator,
 * and a missing proposer (one of four down) costs one 4 s round change every fourth block.
 */
export const REQUEST_TIMEOUT_SECONDS = 4;
/**
 * Blocks after which pending validator votes are dropped (30,000 × 2 s ≈ 17 h): long enough to collect a
 * majority for adding a third country's validator within a working day. Besu warns against changing it
 * after genesis, so it is fixed here rather than in the node list.
 */
export const EPOCH_LENGTH = 30_000;
/**
 * FairLedger's runtime code is 21,136 bytes (EIP-170's 24,576 leaves 14%). 32 KiB gives it 55% room to
 * grow on Besu. Not Besu's "unlimited" 2,147,483,647: at zero gas price nothing else bounds the code a
 * permissioned sender can make every node store and load, and a contract that only deploys here would
 * silently stop deploying on the second client the project tests with (anvil/Hardhat keep 24,576).
 */
export const CONTRACT_SIZE_LIMIT = 32_768;
/**
 * 30 M gas per block: 6× FairLedger's deployment (4.7 M, the largest transaction the project sends) and
 * ~600 `anchorBatch` calls per 2-second block; far less than validators execute in 2 s, so blocks stay on
 * time. With free gas, this is the only bound on the work one block can ask of every node.
 */
export const BLOCK_GAS_LIMIT = 30_000_000;
/** Balance of the deployer in `alloc`: not needed at gas price 0 (see README), any positive amount will do. */
export const DEPLOYER_BALANCE_WEI = 10n ** 21n;
/** QBFT's fixed genesis mixHash ("ctical byzantine fault tolerance"), as in Besu's QBFT examples. */
export const BFT_MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";

export interface ConsortiumNode {
  /** e.g. `ph-validator-1`; only used in messages and comments. */
  name: string;
  /** The country whose authority runs the node (ISO 3166 alpha-2, as FairLedger's jurisdictions). */
  country: string;
  /** Validators seal blocks; an `rpc` node serves its country's issuer service and never seals. */
  role: "validator" | "rpc";
  /** `besu public-key export-address`: required for validators (it goes into extraData), checked against publicKey. */
  address?: string;
  /** `besu public-key export`: 64 bytes hex, the enode id. */
  publicKey: string;
  /** Address other nodes reach this one at (`--p2p-host`). */
  host: string;
  p2pPort: number;
}

export interface ConsortiumNetwork {
  /** True only for the committed example, whose keys are derived from public labels. */
  example?: boolean;
  chainId: number;
  nodes: ConsortiumNode[];
  /** Account that runs scripts/deploy.ts (DEPLOYER_PRIVATE_KEY); funded in alloc. */
  deployer: { address: string };
}

/** A node list that would make a network Besu refuses or one the consortium did not mean. */
export class NetworkFileError extends Error {
  readonly code = "ERR_BESU_NETWORK_INVALID";
}

/** Chain ids that already mean something to wallets and tools: Ethereum mainnet and Hardhat/anvil's default. */
const RESERVED_CHAIN_IDS = new Set([1, 31337]);

export function enodeUrl(node: ConsortiumNode): string {
  return `enode://${node.publicKey.replace(/^0x/, "").toLowerCase()}@${node.host}:${node.p2pPort}`;
}

/** The account a node key signs as: keccak of the public key, which is also its QBFT validator address. */
export function addressOfPublicKey(publicKey: string): string {
  return computeAddress(`0x04${publicKey.replace(/^0x/, "")}`);
}

/**
 * QBFT genesis extraData for block-header validator selection, as Besu documents it:
 * RLP([32 bytes vanity, validators, no vote, round 0, no seals]). Validators in the order given.
 */
export function qbftExtraData(validators: string[]): string {
  return encodeRlp([ZeroHash, validators.map((address) => getAddress(address).toLowerCase()), [], "0x", []]);
}

/** Validators in ascending address order, as Besu's `rlp encode --type=QBFT_EXTRA_DATA` input asks. */
export function validatorAddresses(network: ConsortiumNetwork): string[] {
  return network.nodes
    .filter((node) => node.role === "validator")
    .map((node) => {
      if (!node.address) throw new NetworkFileError(`network file: ${node.name}: a validator needs its address`);
      return getAddress(node.address).toLowerCase();
    })
    .sort();
}

export function checkNetwork(network: ConsortiumNetwork): void {
  // Typed on the const, so that TypeScript narrows after a call (`if (!node.address) fail(…)`).
  const fail: (message: string) => never = (message) => {
    throw new NetworkFileError(`network file: ${message}`);
  };
  if (!Number.isSafeInteger(network.chainId) || network.chainId <= 0)
    fail(`chainId ${network.chainId} is not a positive integer`);
  if (RESERVED_CHAIN_IDS.has(network.chainId))
    fail(`chainId ${network.chainId} is taken (1: Ethereum, 31337: Hardhat/anvil)`);
  const seen = new Set<string>();
  for (const node of network.nodes) {
    if (!/^(0x)?[0-9a-fA-F]{128}$/.test(node.publicKey))
      fail(`${node.name}: publicKey must be 64 bytes hex (besu public-key export)`);
    for (const key of [node.name, node.publicKey.toLowerCase(), `${node.host}:${node.p2pPort}`]) {
      if (seen.has(key)) fail(`${node.name}: ${key} appears twice`);
      seen.add(key);
    }
    if (node.role !== "validator" && node.role !== "rpc") fail(`${node.name}: role must be "validator" or "rpc"`);
    if (node.role === "validator") {
      if (!node.address) fail(`${node.name}: a validator needs its address (besu public-key export-address)`);
      const derived = addressOfPublicKey(node.publicKey);
      if (getAddress(node.address) !== derived)
        fail(`${node.name}: address ${node.address} is not the address of its publicKey (${derived})`);
    }
  }
  const validators = network.nodes.filter((node) => node.role === "validator");
  // QBFT tolerates f = (n-1)/3 faulty validators: four is the least that survives one down.
  if (validators.length < 4) fail(`${validators.length} validators: QBFT needs at least 4 to survive one failure`);
  const perCountry = new Map<string, number>();
  for (const node of validators) perCountry.set(node.country, (perCountry.get(node.country) ?? 0) + 1);
  // Equal numbers: no country holds the quorum (3 of 4) that seals blocks, so neither can write history
  // alone. The flip side, unavoidable with two parties: either can halt the chain by taking its validators down.
  if (new Set(perCountry.values()).size !== 1) {
    fail(
      `validators per country differ (${[...perCountry].map(([country, count]) => `${country}: ${count}`).join(", ")}): give each country the same number`,
    );
  }
  getAddress(network.deployer.address);
}

/** The genesis file; same input, same bytes. */
export function makeGenesis(network: ConsortiumNetwork): Record<string, unknown> {
  checkNetwork(network);
  return {
    config: {
      chainId: network.chainId,
      berlinBlock: 0,
      londonBlock: 0,
      // Time-based milestones: FairLedger is compiled for EVM cancun (PUSH0 from Shanghai, MCOPY from Cancun).
      shanghaiTime: 0,
      cancunTime: 0,
      zeroBaseFee: true,
      contractSizeLimit: CONTRACT_SIZE_LIMIT,
      qbft: {
        blockperiodseconds: BLOCK_PERIOD_SECONDS,
        epochlength: EPOCH_LENGTH,
        requesttimeoutseconds: REQUEST_TIMEOUT_SECONDS,
      },
      discovery: {
        bootnodes: network.nodes.filter((node) => node.role === "validator").map(enodeUrl),
      },
    },
    nonce: "0x0",
    timestamp: "0x0",
    extraData: qbftExtraData(validatorAddresses(network)),
    gasLimit: toQuantity(BLOCK_GAS_LIMIT),
    baseFeePerGas: "0x0",
    blobGasUsed: "0x0",
    excessBlobGas: "0x0",
    parentBeaconBlockRoot: ZeroHash,
    difficulty: "0x1",
    mixHash: BFT_MIX_HASH,
    coinbase: "0x0000000000000000000000000000000000000000",
    alloc: {
      [getAddress(network.deployer.address).slice(2).toLowerCase()]: { balance: toQuantity(DEPLOYER_BALANCE_WEI) },
    },
  };
}

/** permissions_config.toml: the nodes allowlist every node loads (each node checks the remote end of a connection). */
export function makePermissionsConfig(network: ConsortiumNetwork): string {
  checkNetwork(network);
  const lines = [
    "# Generated by make-genesis.ts from network.json: edit network.json and run it again, not this file.",
    "# A node accepts and opens peer connections only to enodes listed here: enode://<node public key>@<host>:<p2p port>.",
    ...network.nodes.map((node, index) => `# ${index + 1}. ${node.name} (${node.country} ${node.role})`),
    "# No accounts-allowlist: only the issuer services can reach an RPC port (see README), and FairLedger's roles decide who may write.",
    "nodes-allowlist=[",
    network.nodes.map((node) => `  "${enodeUrl(node)}"`).join(",\n"),
    "]",
    "",
  ];
  return lines.join("\n");
}

export function readNetwork(path: string): ConsortiumNetwork {
  return JSON.parse(readFileSync(path, "utf8")) as ConsortiumNetwork;
}

if (require.main === module) {
  try {
    const networkPath = process.argv[2] ?? join(__dirname, "network.json");
    const network = readNetwork(networkPath);
    const folder = dirname(networkPath);
    writeFileSync(join(folder, "genesis.json"), JSON.stringify(makeGenesis(network), null, 2) + "\n");
    writeFileSync(join(folder, "permissions_config.toml"), makePermissionsConfig(network));
    console.log(`wrote ${join(folder, "genesis.json")} and ${join(folder, "permissions_config.toml")}`);
    console.log(`validators (extraData): ${validatorAddresses(network).join(", ")}`);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
