/**
 * Hardhat 2 configuration for FairLedger's consortium contracts.
 *
 * The machines this project runs on cannot reach Hardhat's compiler download host, so the
 * solc build is taken from the exactly pinned npm `solc` package (solc-js, `soljson.js`).
 */
import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";

const SOLC_VERSION = "0.8.28";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  const npmVersion = solc.version(); // e.g. "0.8.28+commit.7893614a.Emscripten.clang"
  if (!npmVersion.startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(
      `npm package solc is ${npmVersion}, but hardhat.config.ts compiles with ${SOLC_VERSION}: pin them equal`,
    );
  }
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: npmVersion.replace(/\.Emscripten\.clang$/, ""),
  };
});

const rpcUrl = process.env.RPC_URL;
const deployerKey = process.env.DEPLOYER_PRIVATE_KEY;

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun", viaIR: false },
  },
  networks: {
    hardhat: {
      // Automine otherwise pushes the chain clock ahead of wall time, one second per block.
      allowBlocksWithSameTimestamp: true,
    },
    localhost: { url: process.env.LOCAL_RPC_URL ?? "http://127.0.0.1:8545" },
    // A second EVM client for the contract specs: `anvil --accounts 20` (npm package @foundry-rs/anvil-linux-amd64)
    // at ANVIL_RPC_URL; `npx hardhat test --network anvil`. The specs use its dev accounts as signers.
    anvil: { url: process.env.ANVIL_RPC_URL ?? "http://127.0.0.1:8545", timeout: 120_000 },
    ...(rpcUrl ? { consortium: { url: rpcUrl, accounts: deployerKey ? [deployerKey] : [] } } : {}),
  },
  gasReporter: {
    enabled: process.env.REPORT_GAS === "true",
    offline: true,
    outputFile: process.env.REPORT_GAS_FILE,
    noColors: Boolean(process.env.REPORT_GAS_FILE),
  },
  // Only the contract specs run under Hardhat's mocha; test/e2e is ESM and runs under node:test.
  paths: { tests: "./test/contracts" },
  // A generous limit: a spec is bounded by what it does, not by time; this only ends a real hang (on a machine
  // with every core busy a spec can take minutes).
  mocha: { timeout: 600_000 },
};

export default config;
