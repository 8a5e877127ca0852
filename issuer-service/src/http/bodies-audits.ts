/** Query and body of the inspectors' audit routes (zod; the OpenAPI document is generated from them). */
import { z } from "zod";

export const feeAuditQuery = z.strictObject({
  /** At least one of agency and corridor (checked by the library's parseAuditScope, 400 otherwise). */
  agency: z
    .string()
    .regex(/^(?:did:ethr:(?:[0-9a-zA-Z]+:)?)?0x[0-9a-fA-F]{40}$/, "an address or did:ethr")
    .optional(),
  corridor: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z]{2}$/, "origin-destination, e.g. PH-SA")
    .optional(),
  /** Cases opened at or after / at or before (RFC 3339). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** `csv` answers text/csv (as does `Accept: text/csv`); default JSON. */
  format: z.enum(["json", "csv"]).optional(),
});

export const flagCaseBody = z.strictObject({
  /** Hash of the inspector's finding document (kept by the inspector; nothing personal goes on chain). */
  findingHash: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "0x-prefixed 32-byte hex")
    .refine((hash) => !/^0x0{64}$/.test(hash), "not the zero hash"),
});
