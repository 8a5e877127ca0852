/**
 * OpenID4VCI 1.0 discovery (§12.2, RFC 8414): where the issuer's nonce and credential endpoints are,
 * which configurations it offers in which format, and the token endpoint of its authorization server.
 * The issuer's own identifier must come back in both documents: a page that answered for another issuer
 * would otherwise receive the worker's code.
 */
import { WalletError } from "../lib/errors.ts";
import type { Fetch } from "./pickup.ts";

export interface IssuerEndpoints {
  tokenEndpoint: string;
  credentialEndpoint: string;
  /** Absent at a draft-era issuer: the token response's c_nonce is then the one to prove on. */
  nonceEndpoint?: string;
  /** Where the wallet says whether it kept the credential (optional for issuers). */
  notificationEndpoint?: string;
  /** Configuration id → its `format` (`dc+sd-jwt`, `jwt_vc_json`, …). */
  formats: Map<string, string>;
}

async function getJson(fetchFn: Fetch, url: string): Promise<Record<string, unknown> | undefined> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { accept: "application/json" } });
  } catch (cause) {
    throw new WalletError("ERR_ISSUER_UNREACHABLE", `cannot reach ${url}`, { cause });
  }
  if (response.status === 404) return undefined;
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok || !body || typeof body !== "object")
    throw new WalletError("ERR_ISSUER_REFUSED", `${url} answered ${response.status}`);
  return body as Record<string, unknown>;
}

const wellKnown = (base: string, name: string) => `${base.replace(/\/+$/, "")}/.well-known/${name}`;

export async function discoverIssuer(fetchFn: Fetch, issuer: string): Promise<IssuerEndpoints> {
  const metadata = await getJson(fetchFn, wellKnown(issuer, "openid-credential-issuer"));
  if (!metadata || metadata.credential_issuer !== issuer || typeof metadata.credential_endpoint !== "string")
    throw new WalletError("ERR_ISSUER_REFUSED", `${issuer} publishes no OpenID4VCI issuer metadata of its own`);
  const authorizationServer = Array.isArray(metadata.authorization_servers)
    ? String(metadata.authorization_servers[0])
    : issuer;
  const serverMetadata = await getJson(fetchFn, wellKnown(authorizationServer, "oauth-authorization-server"));
  const tokenEndpoint =
    serverMetadata?.issuer === authorizationServer ? serverMetadata.token_endpoint : metadata.token_endpoint;
  if (typeof tokenEndpoint !== "string")
    throw new WalletError("ERR_ISSUER_REFUSED", `${issuer} names no token endpoint`);
  const formats = new Map<string, string>();
  const configurations = metadata.credential_configurations_supported;
  if (configurations && typeof configurations === "object")
    for (const [id, configuration] of Object.entries(configurations as Record<string, { format?: unknown }>))
      if (typeof configuration?.format === "string") formats.set(id, configuration.format);
  return {
    tokenEndpoint,
    credentialEndpoint: metadata.credential_endpoint,
    ...(typeof metadata.nonce_endpoint === "string" ? { nonceEndpoint: metadata.nonce_endpoint } : {}),
    ...(typeof metadata.notification_endpoint === "string"
      ? { notificationEndpoint: metadata.notification_endpoint }
      : {}),
    formats,
  };
}
