/**
 * How the verifier's JSON-RPC requests travel: ethers' own Node transport, except that the answer is
 * collected as a list of chunks and joined once. ethers 6 copies the whole body so far for every chunk
 * that arrives (quadratic in the answer's size), and a fee audit's `eth_getLogs` answers run to
 * megabytes: in a profile of `audit-fees` over 3,000 cases that copying was 15% of the time.
 * Cancellation and error codes are as ethers' own (TIMEOUT, CANCELLED; socket errors as-is). The timeout
 * is a deadline for the whole answer, not Node's socket idle timeout: a node that trickles a byte now and
 * then would otherwise hold a verification for ever.
 */
import http from "node:http";
import https from "node:https";
import { makeError, type FetchGetUrlFunc } from "ethers";

export const getUrlJoiningChunksOnce: FetchGetUrlFunc = (req, signal) =>
  new Promise((resolve, reject) => {
    const protocol = new URL(req.url).protocol;
    const transport = protocol === "https:" ? https : protocol === "http:" ? http : undefined;
    if (!transport) {
      reject(makeError(`unsupported protocol ${protocol}`, "UNSUPPORTED_OPERATION", { operation: "request" }));
      return;
    }
    const request = transport.request(req.url, { method: req.method, headers: { ...req.headers } });
    const giveUp = (error: Error) => {
      clearTimeout(deadline);
      request.destroy();
      reject(error);
    };
    const deadline = setTimeout(() => giveUp(makeError("request timeout", "TIMEOUT")), req.timeout);
    request.once("error", giveUp);
    signal?.addListener(() => giveUp(makeError("request cancelled", "CANCELLED")));
    request.once("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.once("error", giveUp);
      response.once("end", () => {
        clearTimeout(deadline);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers))
          headers[name] = Array.isArray(value) ? value.join(", ") : (value ?? "");
        resolve({
          statusCode: response.statusCode ?? 0,
          statusMessage: response.statusMessage ?? "",
          headers,
          body: chunks.length === 0 ? null : new Uint8Array(Buffer.concat(chunks)),
        });
      });
    });
    if (req.body) request.write(Buffer.from(req.body));
    request.end();
  });
