/**
 * GET /tls/ca.crt: the certificate a phone installs to trust a service that runs on a locally made
 * certificate (`npm start -- --https`). Served before the express app, so that app stays unaware of TLS files.
 * The content type is the one Android's and iOS's browsers hand to their certificate installers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export const CA_DOWNLOAD_PATH = "/tls/ca.crt";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function withCertificateDownload(handler: Handler, caPem: string | undefined): Handler {
  if (caPem === undefined) return handler;
  return (req, res) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || req.url !== CA_DOWNLOAD_PATH) return handler(req, res);
    res.writeHead(200, {
      "content-type": "application/x-x509-ca-cert",
      "content-disposition": 'attachment; filename="fairledger-dev-ca.crt"',
      "content-length": Buffer.byteLength(caPem),
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : caPem);
  };
}
