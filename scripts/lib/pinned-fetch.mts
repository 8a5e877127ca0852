/**
 * A `fetch` for Node clients of a service on the locally made development certificate (`npm start -- --https`):
 * it trusts exactly the given CA certificate, not the system's, and verifies host names as usual. Node's
 * built-in fetch cannot be given a CA without the undici package, which FairLedger does not depend on; the
 * clients here only need method, headers and a string body.
 */
import { request } from "node:https";

export function fetchTrusting(caPem: string): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    return new Promise<Response>((resolve, reject) => {
      const outgoing = request(url, { method: init.method ?? "GET", headers, ca: caPem }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", reject);
        incoming.on("end", () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
              responseHeaders.append(name, one);
          }
          const status = incoming.statusCode ?? 500;
          const noBody = status === 204 || status === 304 || init.method === "HEAD";
          resolve(
            new Response(noBody ? null : Buffer.concat(chunks), {
              status,
              headers: responseHeaders,
            }),
          );
        });
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }) as typeof fetch;
}
