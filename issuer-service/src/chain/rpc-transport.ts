/**
 * The HTTP transport under the service's JSON-RPC provider, with a deadline that really ends the
 * request. ethers' own Node transport rejects on timeout but leaves the request open (and its abort
 * hook passes `abort` where Node expects `signal`, so cancelling does nothing): against a chain that
 * accepts connections and never answers, every timed-out call left its connection open. Here the whole
 * request — connect, send, answer — gets `req.timeout` ms, then its socket is destroyed.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { makeError, type FetchGetUrlFunc } from "ethers";

export const getUrlWithDeadline: FetchGetUrlFunc = (req, signal) =>
  new Promise((resolve, reject) => {
    const url = new URL(req.url);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(url, { method: req.method, headers: { ...req.headers } });
    const deadline = setTimeout(() => request.destroy(makeError("request timeout", "TIMEOUT")), req.timeout);
    const fail = (error: Error) => {
      clearTimeout(deadline);
      reject(error);
    };
    request.once("error", fail);
    signal?.addListener(() => request.destroy(makeError("request cancelled", "CANCELLED")));
    request.once("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.once("error", fail);
      response.once("end", () => {
        clearTimeout(deadline);
        resolve({
          statusCode: response.statusCode ?? 0,
          statusMessage: response.statusMessage ?? "",
          headers: flatten(response.headers),
          body: chunks.length ? new Uint8Array(Buffer.concat(chunks)) : null,
        });
      });
    });
    if (req.body) request.write(Buffer.from(req.body));
    request.end();
  });

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}
