/**
 * Request bodies of the complaint routes (routes-complaints.ts). A photo is a receipt: JPEG, PNG or WebP,
 * at most PHOTO_MAX_BYTES, and its bytes must be what its media type says (checked by magic number, so a
 * script or a PDF renamed image/png is refused). No field names a case: the case is the credential's.
 */
import { z } from "zod";
import { COMPLAINT_CATEGORIES } from "../store/complaints-repository.ts";

/** A receipt photo's largest size, decoded: fits the service's 256 KB body limit once base64-encoded. */
export const PHOTO_MAX_BYTES = 150_000;
export const COMPLAINT_TEXT_MAX = 4000;
export const OUTCOME_TEXT_MAX = 4000;

const MAGIC: Record<string, (bytes: Buffer) => boolean> = {
  "image/jpeg": (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/png": (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/webp": (b) =>
    b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
};
export const PHOTO_MEDIA_TYPES = Object.keys(MAGIC) as ["image/jpeg", "image/png", "image/webp"];

const photo = z
  .object({
    mediaType: z.enum(PHOTO_MEDIA_TYPES),
    data: z
      .string()
      .max(Math.ceil(PHOTO_MAX_BYTES / 3) * 4, `a photo is at most ${PHOTO_MAX_BYTES} bytes`)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, "base64"),
  })
  .strict()
  .transform((value, ctx) => {
    const bytes = Buffer.from(value.data, "base64");
    if (bytes.length > PHOTO_MAX_BYTES)
      ctx.addIssue({ code: "custom", path: ["data"], message: `a photo is at most ${PHOTO_MAX_BYTES} bytes` });
    else if (!MAGIC[value.mediaType]?.(bytes))
      ctx.addIssue({ code: "custom", path: ["data"], message: `the bytes are not a ${value.mediaType} image` });
    return { mediaType: value.mediaType, data: bytes };
  })
  .describe("a photo of a receipt (base64): JPEG, PNG or WebP");

export const fileComplaintBody = z
  .object({
    presentation: z
      .string()
      .min(1)
      .max(64_000)
      .describe(
        "an SD-JWT presentation of a credential of the case, with a key-binding JWT (aud: this service, nonce: from POST /complaints/nonce)",
      ),
    nonce: z.string().min(16).max(200).describe("the nonce the key-binding JWT carries"),
    category: z.enum(COMPLAINT_CATEGORIES),
    text: z.string().trim().min(1, "say what happened").max(COMPLAINT_TEXT_MAX),
    photo: photo.optional(),
    shareIdentityWithAgency: z
      .boolean()
      .default(false)
      .describe("whether the agency may learn who filed (default: no)"),
  })
  .strict();

export const handleComplaintBody = z
  .object({
    outcome: z.string().trim().min(1, "say what was done").max(OUTCOME_TEXT_MAX),
  })
  .strict();

export const complaintListQuery = z
  .object({
    agency: z
      .string()
      .regex(/^did:ethr:0x[0-9a-fA-F]+:0x[0-9a-fA-F]{40}$/, "a did:ethr of an agency")
      .describe("the agency's did:ethr"),
  })
  .strict();
