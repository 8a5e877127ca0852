/**
 * Interoperability: the OpenWallet Foundation's OpenID4VCI client (`@openid4vc/openid4vci`, `Openid4vciClient`)
 * is the wallet. It reads FairLedger's metadata as OpenID4VCI 1.0 (its `originalDraftVersion` is V1, so it
 * sends `credential_configuration_id` + `proofs` and reads `credentials[]`), and picks up both formats of an
 * offer through the standard flow — offer → issuer and authorization server metadata → token (with the PIN
 * when the offer has one) → nonce → credential — with nothing patched on either side. The only setting is
 * the library's own switch to allow the test's http://127.0.0.1 URLs.
 *
 * Its refusals are the spec's error codes, read by the library itself: a wrong PIN, a replayed proof, a
 * proof on another nonce, a configuration the offer does not list.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import {
  Openid4vciClient,
  Openid4vciRetrieveCredentialsError,
  Openid4vciVersion,
  type IssuerMetadataResult,
} from "@openid4vc/openid4vci";
import {
  HashAlgorithm,
  Oauth2ClientErrorResponseError,
  clientAuthenticationAnonymous,
  type Jwk,
  type SignJwtCallback,
} from "@openid4vc/oauth2";
import { getGlobalConfig, setGlobalConfig } from "@openid4vc/utils";
import { caseWithAnchoredContract, client, decodeJwtPart, useDemoService } from "./helpers.ts";

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The first credential of a 1.0 credential response (`credentials: [{ credential }]`). */
function firstCredential(response: { credentials?: unknown[] }): string {
  const entry = response.credentials?.[0] as { credential?: unknown } | undefined;
  assert.equal(typeof entry?.credential, "string", JSON.stringify(response));
  return entry?.credential as string;
}

/** A holder key of the test wallet: node:crypto P-256, signing through the library's signJwt callback. */
function holderKey(): { publicJwk: Jwk; privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { kty, crv, x, y } = publicKey.export({ format: "jwk" });
  return {
    publicJwk: { kty: kty!, crv, x, y },
    privateKey: createPrivateKey(privateKey.export({ format: "pem", type: "pkcs8" })),
  };
}

function walletClient(keys: Map<string, KeyObject>): Openid4vciClient {
  const signJwt: SignJwtCallback = (signer, { header, payload }) => {
    if (signer.method !== "jwk") throw new Error(`test wallet signs with a jwk only, not ${signer.method}`);
    const key = keys.get(JSON.stringify(signer.publicJwk));
    if (!key) throw new Error("no private key for this jwk");
    const input = `${b64url(header)}.${b64url(payload)}`;
    const signature = sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
    return { jwt: `${input}.${signature}`, signerJwk: signer.publicJwk };
  };
  return new Openid4vciClient({
    callbacks: {
      fetch,
      hash: (data, alg) => {
        if (alg !== HashAlgorithm.Sha256) throw new Error(`unexpected hash ${alg}`);
        return new Uint8Array(createHash("sha256").update(data).digest());
      },
      generateRandom: (bytes) => new Uint8Array(randomBytes(bytes)),
      signJwt,
      clientAuthentication: clientAuthenticationAnonymous(),
    },
  });
}

describe("OpenID4VCI 1.0 interop: the OWF Openid4vciClient as the wallet", () => {
  const demo = useDemoService();
  let caseId: string;
  let agency: ReturnType<typeof client>;
  const keys = new Map<string, KeyObject>();
  let wallet: Openid4vciClient;
  let savedConfig: ReturnType<typeof getGlobalConfig>;

  before(async () => {
    savedConfig = getGlobalConfig();
    // The library refuses http:// URLs unless told otherwise; the test service listens on loopback only.
    setGlobalConfig({ ...savedConfig, allowInsecureUrls: true });
    ({ caseId, api: agency } = await caseWithAnchoredContract(demo.service, demo.ledger));
    wallet = walletClient(keys);
  });
  after(() => setGlobalConfig(savedConfig));

  function newHolder() {
    const holder = holderKey();
    keys.set(JSON.stringify(holder.publicJwk), holder.privateKey);
    return holder;
  }

  async function offer(body: Record<string, unknown> = {}) {
    const made = await agency.post(`/cases/${caseId}/offers`, {
      credentialType: "EmploymentContractCredential",
      ...body,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    return made.body as { credentialOfferUri: string; txCode?: string };
  }

  /** The library's own steps up to the access token. */
  async function redeem(uri: string, txCode?: string) {
    const credentialOffer = await wallet.resolveCredentialOffer(uri);
    const issuerMetadata = await wallet.resolveIssuerMetadata(credentialOffer.credential_issuer);
    const { accessTokenResponse } = await wallet.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer,
      issuerMetadata,
      txCode,
    });
    return { credentialOffer, issuerMetadata, accessToken: accessTokenResponse.access_token };
  }

  async function proof(
    issuerMetadata: IssuerMetadataResult,
    configurationId: string,
    holder = newHolder(),
    nonce?: string,
  ) {
    const c_nonce = nonce ?? (await wallet.requestNonce({ issuerMetadata })).c_nonce;
    const { jwt } = await wallet.createCredentialRequestJwtProof({
      issuerMetadata,
      credentialConfigurationId: configurationId,
      signer: { method: "jwk", alg: "ES256", publicJwk: holder.publicJwk },
      nonce: c_nonce,
      issuedAt: new Date(),
    });
    return { jwt, holder };
  }

  async function credentialErrorOf(request: Promise<unknown>): Promise<string | undefined> {
    try {
      await request;
    } catch (error) {
      if (error instanceof Openid4vciRetrieveCredentialsError) {
        const result = error.response.credentialErrorResponseResult;
        return result?.success ? result.data.error : `unparsed ${error.response.response.status}`;
      }
      throw error;
    }
    assert.fail("the credential request was not refused");
  }

  it("reads the metadata as 1.0, with the authorization server found at its RFC 8414 address", async () => {
    const { credentialOfferUri } = await offer();
    const credentialOffer = await wallet.resolveCredentialOffer(credentialOfferUri);
    const metadata = await wallet.resolveIssuerMetadata(credentialOffer.credential_issuer);
    assert.equal(metadata.originalDraftVersion, Openid4vciVersion.V1);
    assert.equal(metadata.authorizationServers[0]?.token_endpoint, `${demo.service.url}/token`);
    assert.equal(metadata.credentialIssuer.nonce_endpoint, `${demo.service.url}/nonce`);
    assert.deepEqual(credentialOffer.credential_configuration_ids, [
      "EmploymentContractCredential",
      "EmploymentContractCredential_jwt_vc_json",
    ]);
  });

  for (const [configurationId, format] of [
    ["EmploymentContractCredential", "dc+sd-jwt"],
    ["EmploymentContractCredential_jwt_vc_json", "jwt_vc_json"],
  ] as const) {
    it(`picks up the ${format} configuration of an offer listing both`, async () => {
      const { credentialOfferUri } = await offer();
      const { issuerMetadata, accessToken } = await redeem(credentialOfferUri);
      const { jwt, holder } = await proof(issuerMetadata, configurationId);
      const { credentialResponse } = await wallet.retrieveCredentials({
        issuerMetadata,
        accessToken,
        credentialConfigurationId: configurationId,
        proofs: { jwt: [jwt] },
      });
      const issued = firstCredential(credentialResponse);
      const payload = decodeJwtPart(issued, 1);
      const notified = await wallet.sendNotification({
        issuerMetadata,
        accessToken,
        notification: { notificationId: String(credentialResponse.notification_id), event: "credential_accepted" },
      });
      assert.equal(notified.ok, true, "the notification endpoint takes the library's notification");
      if (format === "dc+sd-jwt") {
        assert.match(issued, /~$/);
        assert.equal(payload.vct, `${demo.service.url}/vct/EmploymentContractCredential`);
        assert.deepEqual(payload.cnf.jwk, holder.publicJwk);
      } else {
        assert.equal(issued.includes("~"), false);
        assert.deepEqual(payload.vc.type, ["VerifiableCredential", "EmploymentContractCredential"]);
      }
    });
  }

  it("picks up an offer guarded by a PIN (tx_code), given the PIN the agency handed over apart", async () => {
    const made = await offer({ txCode: true });
    const credentialOffer = await wallet.resolveCredentialOffer(made.credentialOfferUri);
    const grant = credentialOffer.grants?.["urn:ietf:params:oauth:grant-type:pre-authorized_code"];
    assert.deepEqual(
      { input_mode: grant?.tx_code?.input_mode, length: grant?.tx_code?.length },
      { input_mode: "numeric", length: 6 },
    );
    const { issuerMetadata, accessToken } = await redeem(made.credentialOfferUri, made.txCode);
    const { jwt } = await proof(issuerMetadata, "EmploymentContractCredential");
    const { credentialResponse } = await wallet.retrieveCredentials({
      issuerMetadata,
      accessToken,
      credentialConfigurationId: "EmploymentContractCredential",
      proofs: { jwt: [jwt] },
    });
    assert.match(firstCredential(credentialResponse), /~$/);
  });

  describe("refusals, as the library reads them", () => {
    it("a wrong PIN: invalid_grant", async () => {
      const made = await offer({ txCode: { length: 4 } });
      const wrong = made.txCode === "0000" ? "1111" : "0000";
      await assert.rejects(
        redeem(made.credentialOfferUri, wrong),
        (error: unknown) =>
          error instanceof Oauth2ClientErrorResponseError && error.errorResponse.error === "invalid_grant",
      );
    });

    it("a replayed proof (its nonce spent on another offer): invalid_nonce", async () => {
      const first = await redeem((await offer()).credentialOfferUri);
      const { jwt } = await proof(first.issuerMetadata, "EmploymentContractCredential");
      await wallet.retrieveCredentials({
        issuerMetadata: first.issuerMetadata,
        accessToken: first.accessToken,
        credentialConfigurationId: "EmploymentContractCredential",
        proofs: { jwt: [jwt] },
      });
      const second = await redeem((await offer()).credentialOfferUri);
      const refused = await credentialErrorOf(
        wallet.retrieveCredentials({
          issuerMetadata: second.issuerMetadata,
          accessToken: second.accessToken,
          credentialConfigurationId: "EmploymentContractCredential",
          proofs: { jwt: [jwt] },
        }),
      );
      assert.equal(refused, "invalid_nonce");
    });

    it("a proof on a nonce this issuer did not give: invalid_nonce", async () => {
      const { issuerMetadata, accessToken } = await redeem((await offer()).credentialOfferUri);
      const { jwt } = await proof(
        issuerMetadata,
        "EmploymentContractCredential",
        newHolder(),
        "a-nonce-of-another-issuer",
      );
      const refused = await credentialErrorOf(
        wallet.retrieveCredentials({
          issuerMetadata,
          accessToken,
          credentialConfigurationId: "EmploymentContractCredential",
          proofs: { jwt: [jwt] },
        }),
      );
      assert.equal(refused, "invalid_nonce");
    });

    it("a configuration the offer does not list: unknown_credential_configuration", async () => {
      const { issuerMetadata, accessToken } = await redeem((await offer({ format: "dc+sd-jwt" })).credentialOfferUri);
      const { jwt } = await proof(issuerMetadata, "RecruitmentFeeStatement_jwt_vc_json");
      const refused = await credentialErrorOf(
        wallet.retrieveCredentials({
          issuerMetadata,
          accessToken,
          credentialConfigurationId: "RecruitmentFeeStatement_jwt_vc_json",
          proofs: { jwt: [jwt] },
        }),
      );
      assert.equal(refused, "unknown_credential_configuration");
    });
  });
});
