/**
 * deploy/besu, checked for everything that does not need a Besu binary (none can be fetched on the
 * development machines): the genesis file has the fields Besu documents for QBFT with free gas and is
 * exactly what make-genesis.ts writes from network.json; its extraData decodes to the validators, two per
 * country; the contract size and block gas limits fit FairLedger as measured (artifact and a Hardhat
 * estimate); the opcodes FairLedger uses are active from block 0; at the configured prices the service's
 * signer sends at gas price 0 and the deployer's balance covers the tip Hardhat's own signer adds; the
 * node configurations keep JSON-RPC on loopback.
 * No TOML parser is installed: the .toml files are read with targeted regexes (`setting` below).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  computeAddress,
  ContractFactory,
  decodeRlp,
  getAddress,
  JsonRpcApiProvider,
  JsonRpcProvider,
  keccak256,
  Network,
  SigningKey,
  toQuantity,
  toUtf8Bytes,
  ZeroHash,
  type JsonRpcPayload,
  type JsonRpcResult,
} from "ethers";
import {
  addressOfPublicKey,
  checkNetwork,
  enodeUrl,
  makeGenesis,
  makePermissionsConfig,
  NetworkFileError,
  qbftExtraData,
  readNetwork,
  type ConsortiumNetwork,
} from "../../deploy/besu/make-genesis.ts";
import { compileContracts, startLocalChain, type LocalChain } from "../../scripts/lib/local-chain.mts";
import { kmsAccountSigner } from "../../issuer-service/test/support/kms-account.ts";
// The provider behind scripts/deploy.ts's signer (hardhat-ethers), without a Hardhat runtime around it.
import { HardhatEthersProvider } from "@nomicfoundation/hardhat-ethers/internal/hardhat-ethers-provider.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const BESU = join(ROOT, "deploy", "besu");
const read = (name: string) => readFileSync(join(BESU, name), "utf8");

// `npm test` runs contract coverage first, which leaves instrumented (larger) artifacts behind: measure the real ones.
compileContracts();
const network = readNetwork(join(BESU, "network.json"));
const genesis = JSON.parse(read("genesis.json"));
const validatorToml = read("config-validator.toml");
const rpcToml = read("config-rpc.toml");
const fairLedger = JSON.parse(readFileSync(join(ROOT, "artifacts/contracts/FairLedger.sol/FairLedger.json"), "utf8"));
const didRegistry = JSON.parse(
  readFileSync(
    join(ROOT, "node_modules/ethr-did-registry/artifacts/contracts/EthereumDIDRegistry.sol/EthereumDIDRegistry.json"),
    "utf8",
  ),
);
const byteLength = (hex: string) => (hex.length - 2) / 2;

/** EIP-170's limit (Spurious Dragon), which anvil and Hardhat enforce by default. */
const EIP170_LIMIT = 24_576;

/**
 * The value of `key = value` in one of our TOML files, for the subset they use (strings, integers,
 * booleans, arrays of strings — all JSON-compatible); undefined when the key is absent. Not a TOML parser.
 */
function setting(toml: string, key: string): unknown {
  const match = new RegExp(`^${key}\\s*=\\s*(\\[[^\\]]*\\]|"[^"]*"|[^\\s#]+)`, "m").exec(toml);
  return match ? JSON.parse(match[1]!) : undefined;
}

/** Every `key=` line, to catch settings we did not mean to have. */
function keys(toml: string): string[] {
  return [...toml.matchAll(/^([a-z0-9-]+)\s*=/gm)].map((match) => match[1]!);
}

/** The committed example's keys are derived from public labels, so nobody can mistake them for real ones. */
function exampleKey(label: string): SigningKey {
  return new SigningKey(keccak256(toUtf8Bytes(`FairLedger Besu EXAMPLE key (public, never use): ${label}`)));
}

describe("Besu QBFT genesis (deploy/besu)", () => {
  test("genesis.json and permissions_config.toml are exactly what make-genesis.ts writes from network.json", () => {
    assert.equal(read("genesis.json"), JSON.stringify(makeGenesis(network), null, 2) + "\n");
    assert.equal(read("permissions_config.toml"), makePermissionsConfig(network));
  });

  test("has the QBFT fields Besu documents: chain id, block period 2 s, epoch, round timeout ≥ 2 block periods", () => {
    const { config } = genesis;
    // The fields of Besu's QBFT genesis example, plus the base fee free gas needs.
    for (const field of [
      "config",
      "nonce",
      "timestamp",
      "extraData",
      "gasLimit",
      "difficulty",
      "mixHash",
      "coinbase",
      "alloc",
      "baseFeePerGas",
    ]) {
      assert.ok(field in genesis, field);
    }
    assert.deepEqual(Object.keys(config.qbft).sort(), ["blockperiodseconds", "epochlength", "requesttimeoutseconds"]);
    assert.ok(Number.isSafeInteger(config.chainId) && config.chainId > 0);
    assert.ok(![1, 31337].includes(config.chainId), "not Ethereum's, not Hardhat/anvil's default");
    assert.equal(config.qbft.blockperiodseconds, 2, "the 2-second blocks the project tests with on anvil");
    assert.equal(config.qbft.epochlength, 30_000);
    assert.ok(
      config.qbft.requesttimeoutseconds >= 2 * config.qbft.blockperiodseconds,
      "Besu: start from twice the block period",
    );
    assert.equal(genesis.difficulty, "0x1");
    assert.equal(genesis.mixHash, "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365");
    for (const hex of ["nonce", "timestamp", "gasLimit", "baseFeePerGas"])
      assert.match(genesis[hex], /^0x[0-9a-f]+$/, hex);
  });

  test("zero gas price: London with zeroBaseFee and base fee 0 in genesis; min-gas-price 0 on every node; no price bump", () => {
    assert.equal(genesis.config.londonBlock, 0);
    assert.equal(genesis.config.zeroBaseFee, true);
    assert.equal(
      BigInt(genesis.baseFeePerGas),
      0n,
      "explicit: Besu gives a London-at-0 genesis without it a 1 gwei base fee",
    );
    for (const toml of [validatorToml, rpcToml]) {
      assert.equal(setting(toml, "min-gas-price"), 0);
      assert.equal(setting(toml, "tx-pool-price-bump"), undefined, "Besu: not with zeroBaseFee");
    }
  });

  test("extraData decodes (RLP) to [vanity, the validators of network.json in ascending order, no vote, round 0, no seals]", () => {
    const [vanity, validators, vote, round, seals] = decodeRlp(genesis.extraData) as [
      string,
      string[],
      string[],
      string,
      string[],
    ];
    assert.equal(vanity, ZeroHash);
    assert.deepEqual(vote, []);
    assert.equal(round, "0x");
    assert.deepEqual(seals, []);
    const configured = network.nodes
      .filter((node) => node.role === "validator")
      .map((node) => node.address!.toLowerCase());
    assert.deepEqual(validators, [...configured].sort());
  });

  test("extraData encoding reproduces Besu's documented QBFT example (rlp encode --type=QBFT_EXTRA_DATA)", () => {
    const documented = [
      "0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb",
      "0x06e23768a0f59cf365e18c2e0c89e151bcdedc70",
      "0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de",
      "0xab5e7f4061c605820d3744227eed91ff8e2c8908",
    ];
    assert.equal(
      qbftExtraData(documented),
      "0xf87aa00000000000000000000000000000000000000000000000000000000000000000f854944592c8e45706cc08b8f44b11e43cba0cfc5892cb9406e23768a0f59cf365e18c2e0c89e151bcdedc7094c5327f96ee02d7bcbc1bf1236b8c15148971e1de94ab5e7f4061c605820d3744227eed91ff8e2c8908c080c0",
    );
  });

  test("four distinct validators, two per country, each address the one its node key signs as", () => {
    const validators = network.nodes.filter((node) => node.role === "validator");
    assert.equal(new Set(validators.map((node) => node.address!.toLowerCase())).size, 4);
    const countries = validators.map((node) => node.country).sort();
    assert.deepEqual(countries, ["PH", "PH", "SA", "SA"]);
    for (const node of validators)
      assert.equal(getAddress(node.address!), addressOfPublicKey(node.publicKey), node.name);
    for (const country of ["PH", "SA"]) {
      assert.equal(
        network.nodes.filter((node) => node.role === "rpc" && node.country === country).length,
        1,
        `one RPC node in ${country}`,
      );
    }
  });

  test("make-genesis refuses a node list Besu or the consortium would not want, naming the problem", () => {
    const edited = (change: (copy: ConsortiumNetwork) => void) => {
      const copy = structuredClone(network);
      change(copy);
      return () => checkNetwork(copy);
    };
    const refusal = (pattern: RegExp) => (error: unknown) =>
      error instanceof NetworkFileError && error.code === "ERR_BESU_NETWORK_INVALID" && pattern.test(error.message);
    assert.throws(
      edited((copy) => (copy.chainId = 31337)),
      refusal(/chainId 31337 is taken/),
    );
    assert.throws(
      edited((copy) => (copy.nodes[0]!.address = copy.nodes[1]!.address)),
      refusal(/ph-validator-1: address .* is not the address of its publicKey/),
    );
    assert.throws(
      edited((copy) => (copy.nodes[3]!.role = "rpc")),
      refusal(/3 validators/),
    );
    const promoteRpcNode = (copy: ConsortiumNetwork) => {
      copy.nodes[4]!.role = "validator";
      copy.nodes[4]!.address = addressOfPublicKey(copy.nodes[4]!.publicKey);
    };
    assert.throws(edited(promoteRpcNode), refusal(/per country differ \(PH: 3, SA: 2\)/));
    assert.throws(
      edited((copy) => (copy.nodes[5]!.host = copy.nodes[4]!.host)),
      refusal(/sa-rpc: 192\.0\.2\.13:30303 appears twice/),
    );
  });

  test(
    "the committed example's keys come from public labels (no real key), at documentation-range addresses",
    { skip: !network.example },
    () => {
      for (const node of network.nodes) {
        assert.equal(node.publicKey, `0x${exampleKey(node.name).publicKey.slice(4)}`, node.name);
        assert.match(node.host, /^(192\.0\.2|198\.51\.100|203\.0\.113)\./, `${node.name}: RFC 5737 example address`);
      }
      assert.equal(network.deployer.address, computeAddress(exampleKey("deployer").publicKey));
    },
  );

  test("the deployer in network.json and the README is funded in alloc; nobody else needs to be", () => {
    const deployer = getAddress(network.deployer.address);
    assert.deepEqual(Object.keys(genesis.alloc), [deployer.slice(2).toLowerCase()]);
    assert.ok(BigInt(genesis.alloc[deployer.slice(2).toLowerCase()].balance) > 0n);
    assert.ok(read("README.md").includes(deployer), "README names the example deployer");
  });

  test("every node is in the nodes allowlist as enode://<public key>@<host>:<port>, the validators are the bootnodes", () => {
    const allowlist = setting(read("permissions_config.toml"), "nodes-allowlist") as string[];
    assert.deepEqual(allowlist, network.nodes.map(enodeUrl));
    const bootnodes: string[] = genesis.config.discovery.bootnodes;
    // Besu does not start with node permissioning on when a bootnode is missing from the allowlist.
    for (const bootnode of bootnodes) assert.ok(allowlist.includes(bootnode), bootnode);
    assert.deepEqual(bootnodes, network.nodes.filter((node) => node.role === "validator").map(enodeUrl));
    for (const entry of allowlist) assert.match(entry, /^enode:\/\/[0-9a-f]{128}@[^:]+:\d+$/);
  });

  test("contractSizeLimit fits FairLedger and the DID registry with headroom, and FairLedger still fits EIP-170 (anvil, Hardhat)", () => {
    const limit: number = genesis.config.contractSizeLimit;
    const size = byteLength(fairLedger.deployedBytecode);
    assert.ok(size >= 20_000, `measured ${size} bytes: the artifact is the real contract`);
    assert.ok(limit >= size * 1.25, `limit ${limit} leaves ≥ 25% room over FairLedger's ${size} bytes`);
    assert.ok(limit >= byteLength(didRegistry.deployedBytecode));
    assert.ok(limit < 2_147_483_647, "not Besu's unlimited value");
    assert.ok(
      size <= EIP170_LIMIT,
      `FairLedger is ${size} bytes: over ${EIP170_LIMIT} it no longer deploys on anvil or Hardhat`,
    );
    // Shanghai (EIP-3860) caps initcode at twice the code size limit.
    assert.ok(byteLength(fairLedger.bytecode) <= 2 * limit);
  });

  test("every opcode FairLedger's code needs beyond London is active from block 0 (PUSH0: Shanghai, MCOPY: Cancun)", () => {
    const code = Buffer.from(fairLedger.deployedBytecode.slice(2), "hex");
    const end = code.length - 2 - code.readUInt16BE(code.length - 2); // solc appends CBOR metadata and its length
    const used = new Set<number>();
    for (let i = 0; i < end; i++) {
      const op = code[i]!;
      used.add(op);
      if (op >= 0x60 && op <= 0x7f) i += op - 0x5f; // PUSH1..PUSH32 carry data, not opcodes
    }
    const milestones: Record<number, string> = {
      0x5f: "shanghaiTime",
      0x5e: "cancunTime",
      0x5c: "cancunTime",
      0x5d: "cancunTime",
      0x49: "cancunTime",
      0x4a: "cancunTime",
    };
    assert.ok(used.has(0x5f), "compiled for evmVersion cancun, so PUSH0 appears");
    for (const [op, milestone] of Object.entries(milestones)) {
      if (used.has(Number(op)))
        assert.equal(genesis.config[milestone], 0, `opcode 0x${Number(op).toString(16)} needs ${milestone}: 0`);
    }
  });

  test("at the configured prices the service's signer sends at gas price 0, so an unfunded agency account can write", async () => {
    const provider = new BesuLikeProvider();
    const agency = await kmsAccountSigner(exampleKey("an agency onboarded later").privateKey, provider);
    const deploy = await new ContractFactory(fairLedger.abi, fairLedger.bytecode).getDeployTransaction(
      259_200,
      await agency.getAddress(),
    );
    const populated = await agency.populateTransaction(deploy);
    assert.equal(populated.gasPrice, 0n);
    assert.equal(populated.maxFeePerGas ?? 0n, 0n);
    // Besu admits a transaction when balance ≥ gas limit × price + value: 0 here.
    assert.equal(BigInt(populated.gasLimit!) * BigInt(populated.gasPrice!), 0n);
    assert.ok(provider.calls.includes("eth_gasPrice"));
  });

  describe("deployment gas, estimated on a Hardhat node", () => {
    let chain: LocalChain;
    let deploymentGas = 0n;
    before(async () => {
      chain = await startLocalChain();
    });
    after(async () => {
      await chain?.stop();
    });

    test("gasLimit is at least twice FairLedger's deployment, the largest transaction the project sends", async () => {
      const provider = new JsonRpcProvider(chain.rpcUrl, undefined, { staticNetwork: true });
      try {
        const deployer = network.deployer.address;
        const ledgerDeploy = await new ContractFactory(fairLedger.abi, fairLedger.bytecode).getDeployTransaction(
          259_200,
          deployer,
        );
        const ledgerGas = await provider.estimateGas({ ...ledgerDeploy, from: deployer });
        const registryGas = await provider.estimateGas({ data: didRegistry.bytecode, from: deployer });
        assert.ok(ledgerGas > 4_000_000n, `measured ${ledgerGas}`);
        assert.ok(
          BigInt(genesis.gasLimit) >= 2n * ledgerGas,
          `gasLimit ${BigInt(genesis.gasLimit)} vs FairLedger deployment ${ledgerGas}`,
        );
        assert.ok(BigInt(genesis.gasLimit) >= 2n * registryGas);
        deploymentGas = ledgerGas + registryGas;
      } finally {
        provider.destroy();
      }
    });

    test("the deployer's alloc balance pays for both deployments at the tip Hardhat's own signer adds (why it is funded)", async () => {
      // scripts/deploy.ts signs with plain ethers at gas price 0 (scripts/lib/deploy-connection.ts; proven with an
      // empty deployer in gas-free-chain.test.mts). Hardhat's own signer (hardhat-ethers: `npx hardhat console`,
      // Ignition) does not: on a chain whose blocks carry a base fee (even 0) its fee data is EIP-1559 with
      // eth_maxPriorityFeePerGas as tip, or 1 gwei when the node does not answer it. Besu admits a transaction
      // only if balance ≥ gas limit × maxFeePerGas: the alloc keeps that path open to the deployer.
      const send = async (method: string) => besuLikeAnswer(method);
      const hardhatEthers = new HardhatEthersProvider(
        { send, request: ({ method }: { method: string }) => send(method) } as never,
        "consortium",
      );
      const fees = await hardhatEthers.getFeeData();
      assert.equal(fees.gasPrice, 0n, "the legacy price is 0 ...");
      assert.ok(fees.maxFeePerGas! > 0n, "... but the EIP-1559 fee it sends is not");
      const balance = BigInt(genesis.alloc[network.deployer.address.slice(2).toLowerCase()].balance);
      assert.ok(
        balance >= 1000n * deploymentGas * fees.maxFeePerGas!,
        `balance ${balance} vs ${deploymentGas} gas at ${fees.maxFeePerGas} wei`,
      );
    });
  });

  test("validators serve JSON-RPC on loopback only (ETH, NET, QBFT for the operator's checks)", () => {
    assert.equal(setting(validatorToml, "rpc-http-host"), "127.0.0.1");
    assert.deepEqual(setting(validatorToml, "rpc-http-api"), ["ETH", "NET", "QBFT"]);
    assert.deepEqual(setting(validatorToml, "host-allowlist"), ["localhost", "127.0.0.1"]);
    assert.deepEqual(setting(validatorToml, "rpc-http-cors-origins"), ["none"]);
  });

  test("each country's RPC node serves ETH, NET, WEB3 to its own issuer service (loopback), no browsers, no admin APIs", () => {
    assert.equal(setting(rpcToml, "rpc-http-host"), "127.0.0.1");
    assert.deepEqual(setting(rpcToml, "rpc-http-api"), ["ETH", "NET", "WEB3"]);
    assert.deepEqual(setting(rpcToml, "host-allowlist"), ["localhost", "127.0.0.1"]);
    assert.deepEqual(setting(rpcToml, "rpc-http-cors-origins"), ["none"]);
  });

  test("both node configurations: QBFT genesis, node permissioning from permissions_config.toml, no other API channel", () => {
    for (const toml of [validatorToml, rpcToml]) {
      assert.equal(setting(toml, "genesis-file"), "/etc/besu/genesis.json");
      assert.equal(setting(toml, "permissions-nodes-config-file-enabled"), true);
      assert.equal(setting(toml, "permissions-nodes-config-file"), "/etc/besu/permissions_config.toml");
      assert.equal(setting(toml, "rpc-ws-enabled"), false);
      assert.equal(setting(toml, "graphql-http-enabled"), false);
      assert.equal(setting(toml, "p2p-host"), undefined, "per machine, on the command line");
      const all = keys(toml);
      assert.equal(new Set(all).size, all.length, "no key set twice");
      for (const key of all) assert.ok(!/^(engine-|rpc-http-authentication-|rpc-ws-api)/.test(key), key);
    }
  });
});

/**
 * Answers the JSON-RPC calls a signer makes to fill in a transaction, the way Besu does for this genesis
 * and config-rpc.toml: blocks carry the genesis base fee (zeroBaseFee keeps it there), eth_gasPrice is
 * min-gas-price while no priced transaction exists and never below it. eth_maxPriorityFeePerGas is left
 * unanswered, the worst case for clients that fall back to a default tip.
 */
function besuLikeAnswer(method: string): unknown {
  switch (method) {
    case "eth_chainId":
      return toQuantity(genesis.config.chainId);
    case "eth_gasPrice":
      return toQuantity(setting(rpcToml, "min-gas-price") as number);
    case "eth_getTransactionCount":
      return "0x0";
    case "eth_estimateGas":
      return toQuantity(4_800_000);
    case "eth_blockNumber":
      return "0x1";
    case "eth_getBlockByNumber":
      return {
        hash: keccak256("0x01"),
        parentHash: ZeroHash,
        number: "0x1",
        timestamp: "0x2",
        nonce: "0x0000000000000000",
        difficulty: "0x1",
        gasLimit: genesis.gasLimit,
        gasUsed: "0x0",
        miner: "0x0000000000000000000000000000000000000000",
        extraData: "0x",
        baseFeePerGas: genesis.baseFeePerGas,
        transactions: [],
      };
    default:
      throw new Error(`${method}: not modelled`);
  }
}

/** An ethers provider over besuLikeAnswer, as the issuer service's signers use one. */
class BesuLikeProvider extends JsonRpcApiProvider {
  readonly calls: string[] = [];
  constructor() {
    super(new Network("besu-qbft", genesis.config.chainId), { staticNetwork: true, batchMaxCount: 1 });
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    return (Array.isArray(payload) ? payload : [payload]).map(({ id, method }) => {
      this.calls.push(method);
      return { id, result: besuLikeAnswer(method) }; // an unmodelled method rejects, like an unknown one on Besu
    });
  }
}
