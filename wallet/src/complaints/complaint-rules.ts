/**
 * The rules a complaint follows on the worker's phone, the same as the service's (issuer-service
 * http/bodies-complaints.ts): the five categories, the text's length, and the receipt photo — JPEG, PNG
 * or WebP of at most PHOTO_MAX_BYTES — checked before anything is sent, so the worker learns at once.
 */
export const COMPLAINT_CATEGORIES = [
  "fee-charged",
  "contract-changed",
  "documents-withheld",
  "wages-unpaid",
  "other",
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_TEXT_MAX = 4000;
export const PHOTO_MAX_BYTES = 150_000;
export const PHOTO_MEDIA_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

/** Where a complaint stands, as the service says: filed, anchored (its commitment on chain), handled. */
export type ComplaintStage = "filed" | "anchored" | "handled";
export const COMPLAINT_STAGES: readonly ComplaintStage[] = ["filed", "anchored", "handled"];

export function isCategory(value: string): value is ComplaintCategory {
  return (COMPLAINT_CATEGORIES as readonly string[]).includes(value);
}
