/**
 * Starts and stops a local Hardhat JSON-RPC node on 127.0.0.1 as a child process, for `npm start`
 * and tests. The node is started with `node <hardhat cli>` directly (not npx), so stopping it kills
 * the node itself and leaves no orphan.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:net";

const ROOT = join(import.meta.dirname, "..", "..");
// The Hardhat installation the root package resolves; started with `node <cli>` (see above).
const HARDHAT_CLI = fileURLToPath(import.meta.resolve("hardhat/internal/cli/cli.js"));

export interface LocalChain {
  rpcUrl: string;
  port: number;
  chainId: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Compiles the contracts (a no-op when Hardhat's cache is current). Run before deploying from a fresh
 * clone, and after `hardhat coverage`, which leaves instrumented artifacts behind.
 */
export function compileContracts(): void {
  const result = spawnSync(process.execPath, [HARDHAT_CLI, "compile", "--quiet"], {
    cwd: ROOT,
    env: { ...process.env, CI: "true", HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`hardhat compile failed:\n${result.stderr || result.stdout}`);
}

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function rpcReady(rpcUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    const body = (await response.json()) as { result?: string };
    return body.result ? Number(body.result) : undefined;
  } catch {
    return undefined;
  }
}

export async function startLocalChain(
  options: { port?: number; timeoutMs?: number; log?: (line: string) => void } = {},
): Promise<LocalChain> {
  const port = options.port ?? (await freePort());
  const rpcUrl = `http://127.0.0.1:${port}`;
  if (await rpcReady(rpcUrl))
    throw new Error(`port ${port} on 127.0.0.1 already answers JSON-RPC: stop that node or choose another port`);
  const child = spawn(process.execPath, [HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, CI: "true", HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    options.log?.(chunk.toString().trimEnd());
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let chainId: number | undefined;
  while (!(chainId = await rpcReady(rpcUrl))) {
    if (exited) throw new Error(`hardhat node exited before answering:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`hardhat node did not answer on ${rpcUrl} in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    rpcUrl,
    port,
    chainId,
    process: child,
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
