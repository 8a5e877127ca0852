/**
 * Graceful HTTP shutdown. Tracks every request from arrival until its handler has answered (`res.end`
 * called — also on a connection the client dropped, since the handler keeps running) and the response
 * is closed. `drain` stops accepting connections, lets keep-alive sockets close after their current
 * answer, waits up to the grace period for in-flight requests, then destroys what is left and waits
 * (bounded again) for their handlers to return, so the database is closed only after them.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";

export class InFlightRequests {
  readonly #pending = new Map<ServerResponse, Promise<void>>();
  #draining = false;

  /** Wraps a request listener (the express app) so its requests are tracked. */
  track(listener: RequestListener): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
      let ended = false;
      let closed = false;
      let settle: () => void = () => {};
      const done = new Promise<void>((resolve) => (settle = resolve));
      const check = () => {
        if (ended && closed) {
          this.#pending.delete(res);
          settle();
        }
      };
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        ended = true;
        const result = end(...args);
        check();
        return result;
      }) as ServerResponse["end"];
      res.once("close", () => {
        closed = true;
        check();
      });
      this.#pending.set(res, done);
      if (this.#draining) res.shouldKeepAlive = false;
      listener(req, res);
    };
  }

  get size(): number {
    return this.#pending.size;
  }

  /**
   * Stops `server` accepting connections and waits for in-flight requests, at most `graceMs`; then
   * destroys the remaining connections and waits at most `graceMs` more for their handlers to return.
   * Resolves with the number of requests whose connection had to be destroyed.
   */
  async drain(server: Server, graceMs: number): Promise<number> {
    this.#draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const res of this.#pending.keys()) if (!res.headersSent) res.shouldKeepAlive = false;
    server.closeIdleConnections();
    const forced = !(await this.#settled(graceMs));
    const destroyed = forced ? this.#pending.size : 0;
    server.closeAllConnections();
    if (forced) await this.#settled(graceMs);
    await closed;
    return destroyed;
  }

  /** True when every tracked request settled within `ms`. */
  async #settled(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      while (this.#pending.size > 0) {
        const all = Promise.all(this.#pending.values()).then(() => true as const);
        if ((await Promise.race([all, timeout])) === false) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
