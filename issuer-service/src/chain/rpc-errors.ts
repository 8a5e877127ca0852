/**
 * What a failed chain call means for the service, as one of its typed errors: the contract refused
 * (ERR_CHAIN_REJECTED, with the decoded custom error), the chain could not be asked or did not answer in
 * time (ERR_CHAIN_UNREACHABLE: the caller may retry later, HTTP answers 503 with Retry-After), or
 * something that is neither (ERR_INTERNAL: a bug, logged). Classified by ethers' error codes and Node's
 * socket error codes, never by message text.
 */
import { Interface, isError } from "ethers";
import { fairLedgerAbi } from "@fairledger/common";
import { ServiceError } from "../errors.ts";
import { describeChainError, type ErrorContext } from "./error-words.ts";

const fairLedgerInterface = new Interface(fairLedgerAbi as never);

/** ethers codes for "the request did not get a usable answer from the node". */
const ETHERS_UNREACHABLE = new Set([
  "NETWORK_ERROR",
  "TIMEOUT",
  "SERVER_ERROR",
  "UNKNOWN_ERROR",
  "CANCELLED",
  "BAD_DATA",
]);
/** Node socket codes that ethers passes through unwrapped (connect refused, reset, no route, DNS). */
const SOCKET_UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
]);

/** True when `error` says the chain could not be reached or did not answer (in time, or sensibly). */
export function isChainUnreachable(error: unknown): boolean {
  if (error instanceof ServiceError) return error.code === "ERR_CHAIN_UNREACHABLE";
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string") return false;
  if (SOCKET_UNREACHABLE.has(code)) return true;
  // A wrapped socket error (ethers' FetchRequest keeps the original as `error`).
  const inner = (error as { error?: unknown }).error;
  return ETHERS_UNREACHABLE.has(code) || (inner !== undefined && inner !== error && isChainUnreachable(inner));
}

/** True for an error that ethers raised (it carries one of ethers' codes and a `shortMessage`). */
export function isChainError(error: unknown): boolean {
  return (
    isError(error, "CALL_EXCEPTION") ||
    isChainUnreachable(error) ||
    isError(error, "NONCE_EXPIRED") ||
    isError(error, "INSUFFICIENT_FUNDS")
  );
}

/**
 * A refusal's plain words again, now that the caller is known (its jurisdiction names the second country in
 * e.g. LicensingForeignAgency); any other error is returned as it is.
 */
export function withCallerContext(error: unknown, context: ErrorContext): unknown {
  if (!(error instanceof ServiceError) || error.code !== "ERR_CHAIN_REJECTED") return error;
  const name = error.extensions.chainError as string;
  const args = (error.extensions.chainErrorArgs as unknown[]) ?? [];
  return new ServiceError("ERR_CHAIN_REJECTED", describeChainError(name, args, context), error.extensions, {
    cause: error.cause,
  });
}

export function toServiceError(error: unknown, context: ErrorContext = {}): ServiceError {
  if (error instanceof ServiceError) return error;
  if (isError(error, "CALL_EXCEPTION")) {
    const data = (error as { data?: string }).data;
    let name = "unknown revert";
    let args: unknown[] = [];
    if (data) {
      try {
        const parsed = fairLedgerInterface.parseError(data);
        if (parsed) {
          name = parsed.name;
          args = [...parsed.args].map((arg) => (typeof arg === "bigint" ? arg.toString() : arg));
        }
      } catch {
        /* not one of ours */
      }
    }
    return new ServiceError(
      "ERR_CHAIN_REJECTED",
      // The problem's `detail`: plain words naming the parties (chainError/chainErrorArgs stay for programs).
      describeChainError(name, args, context),
      { chainError: name, chainErrorArgs: args },
      { cause: error },
    );
  }
  if (isChainUnreachable(error)) {
    const what = isError(error, "TIMEOUT")
      ? "did not answer in time"
      : isError(error, "BAD_DATA")
        ? "gave an answer that cannot be read"
        : "is unreachable";
    return new ServiceError("ERR_CHAIN_UNREACHABLE", `the ledger RPC ${what}`, {}, { cause: error });
  }
  if (
    isError(error, "NONCE_EXPIRED") ||
    isError(error, "REPLACEMENT_UNDERPRICED") ||
    isError(error, "TRANSACTION_REPLACED")
  ) {
    return new ServiceError(
      "ERR_CHAIN_UNREACHABLE",
      "the transaction lost its nonce to another one; retry",
      {},
      { cause: error },
    );
  }
  // Neither a refusal nor an outage: a defect here (bad argument, unexpected shape). Logged as internal.
  return new ServiceError("ERR_INTERNAL", "internal error in a ledger call", {}, { cause: error });
}
