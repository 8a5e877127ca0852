/**
 * The service's own TLS (config `tls`, e.g. the locally made certificate of `npm start -- --https`): the
 * certificate and key files read once at boot, and GET /tls/ca.crt, the certificate a phone installs to trust
 * the service. That route is served before the express app, so the app stays unaware of TLS files; its content
 * type is the one Android's and iOS's browsers hand to their certificate installers.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FairLedgerError } from "@fairledger/common";
import type { IssuerConfig } from "../config.ts";

export const CA_DOWNLOAD_PATH = "/tls/ca.crt";

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  /** PEM of the CA a device installs, when configured. */
  caPem?: string;
}

function readSetting(path: string, setting: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new FairLedgerError(
      "ERR_CONFIG_INVALID",
      `issuer service configuration is invalid: ${setting}: cannot read ${path}`,
      { cause },
    );
  }
}

export function readTlsFiles(tls: NonNullable<IssuerConfig["tls"]>): TlsFiles {
  return {
    cert: readSetting(tls.certFile, "tls.certFile"),
    key: readSetting(tls.keyFile, "tls.keyFile"),
    caPem: tls.caFile === undefined ? undefined : readSetting(tls.caFile, "tls.caFile").toString("utf8"),
  };
}

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
