/**
 * A small typed client of the issuer service's REST API, for `npm start` and `npm run demo`. Every write
 * carries a fresh Idempotency-Key, as the service requires. A problem+json answer becomes an ApiProblem.
 */
import { randomUUID } from "node:crypto";

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: { type?: string; title?: string; detail?: string; code?: string },
  ) {
    super(`${status} ${problem.title ?? "error"}: ${problem.detail ?? JSON.stringify(problem)}`);
    this.name = "ApiProblem";
  }
}

export class IssuerClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey?: string,
    /** Another fetch, e.g. one trusting the development CA of `npm start -- --https` (./pinned-fetch.mts). */
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  as(apiKey: string): IssuerClient {
    return new IssuerClient(this.baseUrl, apiKey, this.fetchFn);
  }

  async request<T>(
    method: "GET" | "POST" | "PUT",
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    // One key per logical request: a retry after a dropped connection is then safe, the service
    // answers it from its idempotency record instead of doing the write twice.
    const idempotencyKey = randomUUID();
    const send = () =>
      this.fetchFn(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(this.apiKey ? { "x-api-key": this.apiKey } : {}),
          ...(method === "GET" ? {} : { "idempotency-key": idempotencyKey }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    let response: Response;
    try {
      response = await send();
    } catch {
      // An idle keep-alive connection the server already closed: retry once on a fresh one.
      response = await send();
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) throw new ApiProblem(response.status, (json ?? {}) as ApiProblem["problem"]);
    return json as T;
  }
}
