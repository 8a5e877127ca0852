/** Runs the `fairledger` CLI as a subprocess (exactly as a user would), collecting exit code and output. */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../bin/fairledger.js", import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** A new, empty verifier data directory (the used-nonce store lives there). */
export function freshVerifierDataDir(): string {
  return mkdtempSync(join(tmpdir(), "fairledger-verifier-data-"));
}

/**
 * Each run gets its own empty verifier data directory unless `env` names one: a test that presents the
 * same nonce twice (a replay) shares one directory between its runs on purpose.
 */
export function runCli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, FAIRLEDGER_VERIFIER_DATA_DIR: freshVerifierDataDir(), ...options.env };
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`CLI did not print JSON (exit ${code}):\n${stdout}\n${stderr}`);
          }
        },
      }),
    );
    child.stdin.end(options.stdin ?? "");
  });
}

/** The checks of a --json result, as id → passed. */
export function failedCheck(run: CliRun): string | undefined {
  const result = run.json<{ checks: { id: string; passed: boolean }[] }>();
  return result.checks.find((check) => !check.passed)?.id;
}
