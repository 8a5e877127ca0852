/**
 * The worker's starting choice of what to show: purpose claims on, personal claims off (ILO C181
 * Art. 6) — even when the verifier asks for a personal claim, the worker must switch it on.
 */
import { PERSONAL_CLAIMS, type CredentialType } from "@fairledger/common";

export function defaultDisclosures(type: CredentialType, disclosable: readonly string[]): Set<string> {
  return new Set(disclosable.filter((claim) => !PERSONAL_CLAIMS[type].includes(claim)));
}
