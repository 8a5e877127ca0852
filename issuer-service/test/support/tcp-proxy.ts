/**
 * A loopback TCP proxy in front of the chain's JSON-RPC port, to put the service through the faults a
 * real network has: the port refuses connections (node stopped), the connection is accepted and never
 * answered (a hung node or a black-holed route), or every answer arrives late (a slow link). `restore`
 * brings the chain back. Only `node:net`, so it works for any TCP protocol and any client.
 *
 * Modes apply from the moment they are set: `refuse` closes the listener and every open connection;
 * `hang` makes every open and new connection swallow what it receives (and only the client
 * ends it: the chain closing its side is not passed on); `slow` delays every chunk in
 * both directions by `delayMs` (order kept). Connections that were hung are closed on `restore`.
 */
import { createServer, connect, type Server, type Socket } from "node:net";

export type ProxyMode = "pass" | "refuse" | "hang" | "slow";

export interface ChainProxy {
  url: string;
  readonly mode: ProxyMode;
  /** Connections accepted since the start (a client reaching the proxy). */
  readonly accepted: number;
  /** Connections open now. */
  readonly open: number;
  /** Connections open now that swallowed a request (hung): a client that gave up should close them. */
  readonly hungOpen: number;
  /** What each open hung connection swallowed first (its JSON-RPC method, or "nothing yet"): names who held it. */
  readonly hungRequests: string[];
  /** Resolves once no hung connection is open (at once if none is). */
  noHungOpen(): Promise<void>;
  /** The port refuses connections (ECONNREFUSED); open connections are reset. */
  refuse(): Promise<void>;
  /** Connections are accepted and what they send is swallowed: requests never get an answer. */
  hang(): Promise<void>;
  /** Every chunk, both ways, is forwarded `delayMs` late. */
  slow(delayMs: number): Promise<void>;
  /** Forwards again; hung connections are closed. */
  restore(): Promise<void>;
  /** Aliases kept for the outbox test: `down` = `refuse`, `up` = `restore`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket;
  /** Once a connection has swallowed bytes it can never forward again (the stream would be torn). */
  hung: boolean;
  /** The JSON-RPC method of the first request this connection swallowed, for diagnostics. */
  swallowed?: string;
  /** Keeps chunks in order when they are delayed. */
  queue: Promise<void>;
}

export async function startChainProxy(targetUrl: string): Promise<ChainProxy> {
  const target = new URL(targetUrl);
  const links = new Set<Link>();
  let server: Server | undefined;
  let port = 0;
  let mode: ProxyMode = "pass";
  let delayMs = 0;
  let accepted = 0;
  let hungClosedWaiters: (() => void)[] = [];
  const hungLinks = () => [...links].filter((link) => link.hung);
  const wakeIfNoHung = () => {
    if (hungClosedWaiters.length === 0 || hungLinks().length > 0) return;
    const waiters = hungClosedWaiters;
    hungClosedWaiters = [];
    for (const wake of waiters) wake();
  };

  const drop = (link: Link) => {
    link.client.destroy();
    link.upstream.destroy();
    links.delete(link);
    wakeIfNoHung();
  };

  const forward = (link: Link, chunk: Buffer, to: Socket) => {
    if (mode === "hang" || link.hung) {
      link.hung = true;
      if (to === link.upstream)
        link.swallowed ??= /"method"\s*:\s*"([^"]+)"/.exec(chunk.toString("latin1"))?.[1] ?? "(not JSON-RPC)";
      return;
    }
    if (mode !== "slow") {
      link.queue = link.queue.then(() => void (to.destroyed || to.write(chunk)));
      return;
    }
    const wait = delayMs;
    link.queue = link.queue.then(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            if (!to.destroyed && !link.hung) to.write(chunk);
            resolve();
          }, wait),
        ),
    );
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const listening = createServer((client) => {
        accepted++;
        const upstream = connect(Number(target.port), target.hostname);
        const link: Link = { client, upstream, hung: mode === "hang", queue: Promise.resolve() };
        links.add(link);
        client.on("data", (chunk: Buffer) => forward(link, chunk, upstream));
        upstream.on("data", (chunk: Buffer) => forward(link, chunk, client));
        client.on("error", () => drop(link)).on("close", () => drop(link));
        // A black hole stays one for the client: the chain closing its side (Hardhat drops a keep-alive
        // connection idle for 5 s) must not end a hung connection the client is waiting on, or a client
        // without a deadline would look as if it had one.
        upstream.on("error", () => link.hung || drop(link)).on("close", () => link.hung || drop(link));
      });
      listening.once("error", reject);
      listening.listen(port, "127.0.0.1", () => {
        server = listening;
        port = (listening.address() as { port: number }).port;
        resolve();
      });
    });

  const closeListener = () =>
    new Promise<void>((resolve) => {
      for (const link of links) drop(link);
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  await listen();
  const proxy: ChainProxy = {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    get open() {
      return links.size;
    },
    get hungOpen() {
      return hungLinks().length;
    },
    get hungRequests() {
      return hungLinks().map((link) => link.swallowed ?? "nothing yet");
    },
    noHungOpen() {
      return new Promise<void>((resolve) => {
        hungClosedWaiters.push(resolve);
        wakeIfNoHung();
      });
    },
    async refuse() {
      mode = "refuse";
      await closeListener();
    },
    async hang() {
      if (!server) await listen();
      mode = "hang";
    },
    async slow(ms: number) {
      if (!server) await listen();
      delayMs = ms;
      mode = "slow";
    },
    async restore() {
      for (const link of links) if (link.hung) drop(link);
      mode = "pass";
      if (!server) await listen();
    },
    down: () => proxy.refuse(),
    up: () => proxy.restore(),
    close: closeListener,
  };
  return proxy;
}
