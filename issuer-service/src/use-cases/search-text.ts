/**
 * How the public agency register compares what someone typed with agency names and licence numbers:
 * case, accents, spaces and punctuation do not count ("Bayanihan  MANPOWER", "bayanihan-manpower" and
 * "Bayaníhan Manpower" all find "Bayanihan Manpower Services"; "dmw lb 0421" finds "DMW-LB-0421-2026").
 * Letters of every script are kept (Devanagari, Arabic): only marks, spaces and punctuation go.
 */

/** The comparable form of `text`: compatibility-decomposed, marks removed, lower case, letters and digits only. */
export function searchKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Whether `candidate` contains what was typed (already a search key), both compared as search keys. */
export function matchesSearch(candidate: string | null | undefined, typedKey: string): boolean {
  return (
    typedKey.length > 0 && candidate !== null && candidate !== undefined && searchKey(candidate).includes(typedKey)
  );
}
