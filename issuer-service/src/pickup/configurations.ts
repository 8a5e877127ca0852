/**
 * The credential configurations this issuer offers (OpenID4VCI 1.0 §12.2.4): each pickup credential type
 * as an SD-JWT VC (`dc+sd-jwt`, with its `vct`) and as a VC-JWT (`jwt_vc_json`, with
 * `credential_definition.type`). A configuration id names one (type, format) pair; the ids predate 1.0
 * and stay as they were, so FairLedger's older wallets that send them keep working.
 */
import { CREDENTIAL_TYPES, DISPLAY_LOCALES, TYPE_DISPLAY, type CredentialType } from "@fairledger/common";
import type { CredentialFormat } from "../credentials/issuer.ts";

/** The types a worker picks up (the agency licence is issued to agencies by authorities, not offered). */
export const PICKUP_TYPES = CREDENTIAL_TYPES.filter(
  (type): type is Exclude<CredentialType, "AgencyLicenceCredential"> => type !== "AgencyLicenceCredential",
);
export type PickupType = (typeof PICKUP_TYPES)[number];

/** The OpenID4VCI format identifier of each internal format (the shared decision: `dc+sd-jwt` on the wire). */
export const WIRE_FORMAT: Record<CredentialFormat, "dc+sd-jwt" | "jwt_vc_json"> = {
  "vc+sd-jwt": "dc+sd-jwt",
  "vc-jwt": "jwt_vc_json",
};

/** The order an offer lists its configurations in: SD-JWT VC first (selective disclosure protects the worker). */
export const OFFER_FORMATS: readonly CredentialFormat[] = ["vc+sd-jwt", "vc-jwt"];

export function configurationId(type: CredentialType, format: CredentialFormat): string {
  return format === "vc-jwt" ? `${type}_jwt_vc_json` : type;
}

/** The (type, format) a configuration id names; undefined for an id this issuer does not know. */
export function parseConfigurationId(id: string): { type: PickupType; format: CredentialFormat } | undefined {
  for (const type of PICKUP_TYPES)
    for (const format of OFFER_FORMATS) if (configurationId(type, format) === id) return { type, format };
  return undefined;
}

export const ISSUER_DISPLAY = [
  { name: "FairLedger", locale: "en" },
  { name: "FairLedger", locale: "tl" },
  { name: "FairLedger", locale: "hi" },
  { name: "FairLedger", locale: "ar" },
];

/**
 * `credential_configurations_supported` of the issuer metadata; `vct` gives each type's SD-JWT VC type as
 * this service issues it. Display names are the type metadata's (common/src/type-metadata.ts).
 */
export function credentialConfigurationsSupported(
  vct: (type: CredentialType) => string,
): Record<string, Record<string, unknown>> {
  const configurations: Record<string, Record<string, unknown>> = {};
  for (const type of PICKUP_TYPES) {
    const common = {
      // Proofs name the holder key as a `jwk` in their header; the credential binds it in `cnf.jwk`.
      cryptographic_binding_methods_supported: ["jwk"],
      credential_signing_alg_values_supported: ["EdDSA"],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ["ES256"] } },
      // 1.0 puts display (and claims) under credential_metadata; its presence is also what tells a
      // client such as the OWF library that this issuer speaks 1.0, not a draft.
      credential_metadata: {
        display: DISPLAY_LOCALES.map((locale) => ({ name: TYPE_DISPLAY[type].name[locale], locale })),
      },
    };
    configurations[configurationId(type, "vc+sd-jwt")] = { format: "dc+sd-jwt", vct: vct(type), ...common };
    configurations[configurationId(type, "vc-jwt")] = {
      format: "jwt_vc_json",
      credential_definition: { type: ["VerifiableCredential", type] },
      ...common,
    };
  }
  return configurations;
}
