/**
 * The short codes the contracts keep as bytesN, both ways: ISO 3166-1 alpha-2 jurisdictions (bytes2),
 * ISO 4217 currencies (bytes3), corridors "PH-SA" (bytes4 "PHSA"). Encoders refuse anything else;
 * decoders turn what the chain returns back into the code people read. Browser-safe.
 */
import { asciiToHex, hexToLatin1 } from "./base64url.ts";

/** Corridor code "PH-SA" → on-chain corridor id bytes4("PHSA"). */
export function corridorId(corridor: string): string {
  const [, origin, destination] = /^([A-Z]{2})-([A-Z]{2})$/.exec(corridor) ?? [];
  if (origin === undefined || destination === undefined)
    throw new RangeError(`corridor must look like PH-SA (ISO 3166-1 alpha-2 origin-destination), got ${corridor}`);
  return asciiToHex(origin + destination);
}

/** ISO 3166-1 alpha-2 code → bytes2. */
export function jurisdictionBytes(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) throw new RangeError(`jurisdiction must be an ISO 3166-1 alpha-2 code, got ${code}`);
  return asciiToHex(code);
}

/** ISO 4217 code → bytes3. */
export function currencyBytes(code: string): string {
  if (!/^[A-Z]{3}$/.test(code)) throw new RangeError(`currency must be an ISO 4217 code, got ${code}`);
  return asciiToHex(code);
}

/** bytesN hex as its printable ASCII letters ("0x5048" → "PH"), trailing zero bytes dropped; anything unreadable stays hex. */
export function asciiOfBytes(value: unknown): string {
  const hex = String(value);
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) return hex;
  const letters = hexToLatin1(hex).replace(/\0+$/, "");
  return /^[\x20-\x7e]*$/.test(letters) ? letters : hex;
}

/** bytes2 → "PH"; zero bytes → "" (no jurisdiction). */
export function jurisdictionOfBytes(value: unknown): string {
  return asciiOfBytes(value);
}

/** bytes3 → "PHP". */
export function currencyOfBytes(value: unknown): string {
  return asciiOfBytes(value);
}

/** bytes4 "PHSA" → "PH-SA"; anything else as its letters. */
export function corridorOfBytes(value: unknown): string {
  const code = asciiOfBytes(value);
  return /^[A-Z]{4}$/.test(code) ? `${code.slice(0, 2)}-${code.slice(2)}` : code;
}

/**
 * The member name of a contract enum value as the chain returns it (uint8 as number, bigint or string),
 * e.g. `enumMemberOf(CASE_STATUS_MEMBERS, 3n)` → "ClosedInBreach"; undefined for a value the enum lacks.
 */
export function enumMemberOf<const M extends readonly string[]>(members: M, value: unknown): M[number] | undefined {
  const index =
    typeof value === "bigint"
      ? Number(value)
      : typeof value === "string" && /^\d+$/.test(value)
        ? Number(value)
        : value;
  return typeof index === "number" && Number.isInteger(index) ? members[index] : undefined;
}

/** A member name as the service's JSON writes it: "ClosedInBreach" → "closed-in-breach". */
export function kebabMember(member: string): string {
  return member.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}
