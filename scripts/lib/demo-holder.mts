/**
 * A worker's wallet in Node.js, for the terminal demo: a P-256 holder key, the OpenID4VCI pre-authorized
 * code pickup with proof of possession, and selective-disclosure presentations with key binding built by
 * @sd-jwt/core. The browser wallet (wallet/) does the same with WebCrypto.
 */
import { createHash, generateKeyPairSync, randomBytes, type JsonWebKey } from "node:crypto";
import { SDJwtInstance } from "@sd-jwt/core";
import {
  createJwsSigner,
  credentialDigest,
  toPublicJwk,
  PRESENTATION_ENVELOPE_TYPE,
  type AnchorProof,
  type PresentationEnvelope,
} from "@fairledger/common/node";

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const hasher = async (data: string | ArrayBuffer) =>
  new Uint8Array(
    createHash("sha256")
      .update(typeof data === "string" ? data : Buffer.from(data))
      .digest(),
  );

export class DemoHolder {
  private readonly privateJwk: JsonWebKey;
  readonly publicJwk: JsonWebKey;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateJwk = privateKey.export({ format: "jwk" });
    this.publicJwk = toPublicJwk(publicKey.export({ format: "jwk" })) as JsonWebKey;
  }

  private signJwt(header: Record<string, unknown>, payload: Record<string, unknown>): string {
    const signer = createJwsSigner(this.privateJwk);
    const input = `${b64url({ alg: signer.alg, ...header })}.${b64url(payload)}`;
    return `${input}.${signer.sign(input)}`;
  }

  /**
   * Redeems a one-time pickup code with OpenID4VCI 1.0: token, nonce, then the SD-JWT VC configuration the
   * offer lists first (the token response names the offered configurations), bound to this holder key.
   */
  async pickup(issuerUrl: string, preAuthorizedCode: string): Promise<{ credential: string; digest: string }> {
    const tokenResponse = await fetch(`${issuerUrl}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:pre-authorized_code",
        "pre-authorized_code": preAuthorizedCode,
      }),
    });
    const token = (await tokenResponse.json()) as {
      access_token?: string;
      credential_configuration_ids?: string[];
      error_description?: string;
    };
    if (!tokenResponse.ok || !token.access_token)
      throw new Error(`pickup code refused: ${token.error_description ?? tokenResponse.status}`);
    const nonce = (await (await fetch(`${issuerUrl}/nonce`, { method: "POST" })).json()) as { c_nonce?: string };
    const proof = this.signJwt(
      { typ: "openid4vci-proof+jwt", jwk: this.publicJwk },
      { aud: issuerUrl, iat: Math.floor(Date.now() / 1000), nonce: nonce.c_nonce },
    );
    const credentialResponse = await fetch(`${issuerUrl}/credential`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token.access_token}` },
      body: JSON.stringify({
        credential_configuration_id: token.credential_configuration_ids?.[0],
        proofs: { jwt: [proof] },
      }),
    });
    const body = (await credentialResponse.json()) as {
      credentials?: { credential?: string }[];
      error_description?: string;
    };
    const credential = body.credentials?.[0]?.credential;
    if (!credentialResponse.ok || !credential)
      throw new Error(`credential refused: ${body.error_description ?? credentialResponse.status}`);
    return { credential, digest: credentialDigest(credential) };
  }

  /** Waits until the issuer has anchored the credential and returns its Merkle proof. */
  async anchorProof(issuerUrl: string, digest: string, timeoutMs = 60_000): Promise<AnchorProof> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await fetch(`${issuerUrl}/credentials/${digest}/anchor`);
      const body = (await response.json()) as { status: string; anchor?: AnchorProof };
      if (body.status === "anchored" && body.anchor) return body.anchor;
      if (Date.now() > deadline) throw new Error(`credential ${digest} was not anchored within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Discloses only `claims` of the credential subject and binds the presentation to `aud` and `nonce`. */
  async present(
    credential: string,
    claims: readonly string[],
    request: { aud: string; nonce: string },
    anchor?: AnchorProof,
  ): Promise<PresentationEnvelope> {
    const signer = createJwsSigner(this.privateJwk);
    const sdjwt = new SDJwtInstance({
      hasher,
      saltGenerator: async () => randomBytes(16).toString("base64url"),
      kbSigner: async (input: string) => signer.sign(input),
      kbSignAlg: "ES256",
    });
    const frame = { credentialSubject: Object.fromEntries(claims.map((claim) => [claim, true])) };
    const presentation = await sdjwt.present(credential, frame as never, {
      kb: { payload: { aud: request.aud, nonce: request.nonce, iat: Math.floor(Date.now() / 1000) } },
    });
    return {
      type: PRESENTATION_ENVELOPE_TYPE,
      version: 1,
      format: "vc+sd-jwt",
      presentation,
      ...(anchor ? { anchor } : {}),
    };
  }
}
