/**
 * anvil, the second EVM client, from the npm package @foundry-rs/anvil-linux-amd64 (no download at run
 * time), on a free loopback port, its accounts from a mnemonic made for this run: nothing may lean on
 * well-known development keys. Plain JavaScript (with anvil.d.mts for TypeScript callers) because the test
 * runner, scripts/run-tests.mjs, runs on plain node before anything is compiled.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { HDNodeWallet, Mnemonic, randomBytes } from "ethers";

const root = new URL("../..", import.meta.url).pathname;
export const ANVIL_BINARY = join(root, "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

/** A loopback TCP port nobody listens on right now. */
export function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether a JSON-RPC endpoint answers eth_chainId. */
export async function rpcAnswers(url) {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts anvil with `accounts` accounts of a fresh mnemonic and `extraArgs`; resolves once it answers
 * JSON-RPC (30 s at most). `deployerKey` is the key of account 0.
 */
export async function startAnvil({ accounts, extraArgs = [], stdio = "inherit" }) {
  if (!existsSync(ANVIL_BINARY)) throw new Error(`anvil not found at ${ANVIL_BINARY}: run npm install`);
  const port = await freeLoopbackPort();
  const mnemonic = Mnemonic.fromEntropy(randomBytes(16)).phrase;
  const deployer = HDNodeWallet.fromPhrase(mnemonic, undefined, "m/44'/60'/0'/0/0");
  const args = ["--host", "127.0.0.1", "--port", String(port), "--accounts", String(accounts)];
  const child = spawn(ANVIL_BINARY, [...args, "--mnemonic", mnemonic, "--silent", ...extraArgs], {
    stdio: ["ignore", stdio, stdio],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!(await rpcAnswers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`anvil did not answer on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    deployerKey: deployer.privateKey,
    deployerAddress: deployer.address,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
