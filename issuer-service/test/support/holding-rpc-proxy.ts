/** A loopback JSON-RPC proxy that can hold requests to the chain (a slow chain) and release them later. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface HoldingRpcProxy {
  url: string;
  /** Requests that arrive from now on wait until `release`. */
  hold(): void;
  /** Forwards every held request and stops holding. */
  release(): void;
  /** How many requests are waiting. */
  readonly held: number;
  close(): Promise<void>;
}

export async function startHoldingRpcProxy(targetUrl: string): Promise<HoldingRpcProxy> {
  let holding = false;
  const waiting: (() => void)[] = [];
  const forward = async (body: string, res: ServerResponse) => {
    try {
      const upstream = await fetch(targetUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      res
        .writeHead(upstream.status, { "content-type": "application/json" })
        .end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.destroy();
    }
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const go = () => void forward(Buffer.concat(chunks).toString("utf8"), res);
      if (holding) waiting.push(go);
      else go();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const go of waiting.splice(0)) go();
    },
    get held() {
      return waiting.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const go of waiting.splice(0)) go();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
