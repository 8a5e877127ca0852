/**
 * The verifier's JSON-RPC transport: its timeout is a deadline for the whole answer. A node that keeps
 * the connection alive by trickling bytes must not hold a verification for ever.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FetchRequest } from "ethers";
import { getUrlJoiningChunksOnce } from "../src/trust/rpc-transport.ts";

describe("the verifier's RPC transport", () => {
  let server: Server;
  let url: string;
  const trickling = new Set<ServerResponse>();
  before(async () => {
    server = createServer((request, response) => {
      if (request.url === "/whole") {
        response.end('{"jsonrpc":"2.0","id":1,"result":"0x7a69"}');
        return;
      }
      // A byte every 20 ms, never the end: no socket ever sits idle.
      response.writeHead(200, { "content-type": "application/json" });
      trickling.add(response);
      const tick = setInterval(() => response.write(" "), 20);
      response.once("close", () => {
        clearInterval(tick);
        trickling.delete(response);
      });
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const response of trickling) response.destroy();
    await new Promise((closed) => server.close(closed));
  });

  const requestTo = (path: string, timeoutMs: number) => {
    const request = new FetchRequest(`${url}${path}`);
    request.timeout = timeoutMs;
    request.body = new TextEncoder().encode('{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}');
    return request;
  };

  it("gives up with TIMEOUT at the deadline although the node keeps sending bytes", async () => {
    await assert.rejects(getUrlJoiningChunksOnce(requestTo("/trickle", 300)), { code: "TIMEOUT" });
  });

  it("returns a whole answer that arrives before the deadline", async () => {
    const answer = await getUrlJoiningChunksOnce(requestTo("/whole", 60_000));
    assert.equal(answer.statusCode, 200);
    assert.equal(
      new TextDecoder().decode(answer.body ?? new Uint8Array()),
      '{"jsonrpc":"2.0","id":1,"result":"0x7a69"}',
    );
  });
});
