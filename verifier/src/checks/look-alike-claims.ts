/**
 * Claim names that only LOOK like the ones a credential type defines — a fullwidth "ｅmployerName", a
 * Cyrillic "а" in "jobTitle", a zero-width space inside "corridor" — are taken out of what the holder
 * disclosed and returned apart, so no reader (the border desk, the CLI, a required-claims check) can
 * take one for the real claim. A name is a look-alike when it is not a claim of the type but its
 * skeleton is one's: Unicode NFKC (folds fullwidth and compatibility forms), invisible characters
 * dropped, then the confusable letters below mapped to the Latin letter they imitate.
 *
 * No confusables package is installed, so the table is this module's own: the common confusables of
 * Unicode's confusables.txt (UTS #39) from the scripts that share shapes with Latin — Cyrillic, Greek,
 * Armenian and Cherokee capitals — plus the dotless i and Latin small capitals. Claim names are ASCII
 * identifiers, so only letters and digits that imitate [A-Za-z0-9] matter here.
 */
import { subjectClaimPaths, type CredentialType } from "@fairledger/common";

/** One claim name shown apart: the name as disclosed, the real claim it imitates, and its value. */
export interface LookAlikeClaim {
  name: string;
  looksLike: string;
  value: unknown;
}

/** Code point ranges that render as nothing (or nearly: joiners, marks of direction, variation selectors). */
const INVISIBLE: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
];

const isInvisible = (char: string) => {
  const code = char.codePointAt(0) ?? 0;
  return INVISIBLE.some(([from, to]) => code >= from && code <= to);
};

/** Confusable → the ASCII character it imitates (UTS #39 confusables.txt, the letters of the scripts above). */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: "a",
  в: "B",
  е: "e",
  ё: "e",
  о: "o",
  р: "p",
  с: "c",
  у: "y",
  х: "x",
  ѕ: "s",
  і: "i",
  ї: "i",
  ј: "j",
  һ: "h",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ӏ: "l",
  ɡ: "g",
  ս: "u",
  ь: "b",
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  У: "Y",
  Ѕ: "S",
  І: "I",
  Ј: "J",
  Ԛ: "Q",
  Ԝ: "W",
  Ꭺ: "A",
  Ᏼ: "B",
  // Greek
  α: "a",
  ο: "o",
  ρ: "p",
  ν: "v",
  τ: "t",
  ι: "i",
  κ: "k",
  υ: "u",
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
  // Armenian
  օ: "o",
  ո: "n",
  հ: "h",
  զ: "q",
  ց: "g",
  Ս: "U",
  Օ: "O",
  // Latin look-alikes of Latin letters
  ı: "i",
  ȷ: "j",
  ʀ: "R",
  ʏ: "Y",
  ᴀ: "A",
  ᴄ: "c",
  ᴅ: "D",
  ᴇ: "E",
  ᴊ: "J",
  ᴋ: "K",
  ᴍ: "M",
  ᴏ: "o",
  ᴘ: "P",
  ᴛ: "T",
  ᴜ: "u",
  ᴠ: "v",
  ᴡ: "w",
  ᴢ: "z",
  ɪ: "I",
  ʟ: "L",
  ɴ: "N",
  ꜱ: "s",
  // Digits and letters that pass for each other in an identifier
  "0": "O",
  "1": "l",
  I: "l",
};

/**
 * The skeleton two names share when one imitates the other. `I`, `l` and `1` (and `0`/`O`) fold
 * together, so "jobTit1e" and "jobTitle" share one; names that differ in anything else do not.
 */
export function claimSkeleton(name: string): string {
  return Array.from(name.normalize("NFKC"))
    .filter((char) => !isInvisible(char))
    .map((char) => CONFUSABLES[char] ?? char)
    .join("");
}

interface TypeClaimNames {
  /** The names the type defines at the top of `credentialSubject`. */
  defined: ReadonlySet<string | undefined>;
  /** The same names by skeleton. */
  bySkeleton: ReadonlyMap<string, string>;
}

/** Per type, built once: this runs for every presentation, and NFKC over every defined name is not free. */
const claimNamesByType = new Map<CredentialType, TypeClaimNames>();

function claimNamesOf(type: CredentialType): TypeClaimNames {
  let names = claimNamesByType.get(type);
  if (!names) {
    const paths = subjectClaimPaths(type);
    const bySkeleton = new Map<string, string>();
    for (const [name] of paths.filter((path) => path.length === 1)) if (name) bySkeleton.set(claimSkeleton(name), name);
    names = { defined: new Set(paths.map((path) => path[0])), bySkeleton };
    claimNamesByType.set(type, names);
  }
  return names;
}

/**
 * Splits what the holder disclosed into the claims (under their own names) and the look-alikes. A name
 * the type does not define and that imitates none stays in `claims`: it is unknown, not a forgery.
 */
export function separateLookAlikes(
  type: CredentialType,
  disclosed: Record<string, unknown>,
): { claims: Record<string, unknown>; lookAlikes: LookAlikeClaim[] } {
  const { defined, bySkeleton: known } = claimNamesOf(type);
  const kept: [string, unknown][] = [];
  const lookAlikes: LookAlikeClaim[] = [];
  for (const [name, value] of Object.entries(disclosed)) {
    const imitated = defined.has(name) ? undefined : known.get(claimSkeleton(name));
    if (imitated) lookAlikes.push({ name, looksLike: imitated, value });
    else kept.push([name, value]);
  }
  // Object.fromEntries defines own properties: a disclosed "__proto__" stays a plain claim (an assignment
  // would set the object's prototype and lose the claim — verifier-cli's adversarial-input test).
  return { claims: Object.fromEntries(kept), lookAlikes };
}
