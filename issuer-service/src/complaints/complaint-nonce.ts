/**
 * The nonce a worker's wallet puts in the key-binding JWT of the presentation that files a complaint:
 * random, single use, short-lived, stored as a hash. With the audience (this service) it makes the
 * presentation good for one complaint here and nowhere else.
 */
import { randomBytes } from "node:crypto";
import { sha256Hex, type ComplaintServices } from "./complaint-services.ts";

/** How long a complaint nonce can be used (a worker writes the complaint before asking for it). */
export const COMPLAINT_NONCE_LIFETIME_SECONDS = 300;

export function issueComplaintNonce(services: Pick<ComplaintServices, "store" | "audience" | "now">) {
  const now = Math.floor(services.now() / 1000);
  const nonce = randomBytes(32).toString("base64url");
  const expiresAt = now + COMPLAINT_NONCE_LIFETIME_SECONDS;
  services.store.complaints.issueNonce(sha256Hex(nonce), expiresAt, now);
  return { nonce, audience: services.audience(), expiresAt: new Date(expiresAt * 1000).toISOString() };
}
