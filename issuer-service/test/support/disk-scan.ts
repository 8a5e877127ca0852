/**
 * Reads every file under a directory the way someone holding a copy of it would, and looks for a
 * value in the encodings that reveal it without any key: UTF-8, UTF-16LE, UTF-16BE, and inside every
 * base64/base64url run (JWTs and SD-JWT disclosures carry claims that way).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

function utf16be(text: string): Buffer {
  return Buffer.from(text, "utf16le").swap16();
}

/** The bytes of every base64 or base64url run in `data`, decoded at each of the four character offsets. */
function decodedBase64Runs(data: Buffer): Buffer {
  const runs = data.toString("latin1").match(/[A-Za-z0-9+/_-]{12,}/g) ?? [];
  const decoded: Buffer[] = [];
  for (const run of runs) {
    const standard = run.replace(/-/g, "+").replace(/_/g, "/");
    for (let offset = 0; offset < 4; offset++)
      decoded.push(Buffer.from(standard.slice(offset), "base64"), Buffer.from([0]));
  }
  return Buffer.concat(decoded);
}

export interface Finding {
  file: string;
  what: string;
  encoding: string;
}

/**
 * Where any of `needles` (name → text) appears under `dir`. Raw byte strings (`Buffer` needles, e.g.
 * key material) are looked for as they are.
 */
export function findInFiles(dir: string, needles: Record<string, string | Buffer>): Finding[] {
  const findings: Finding[] = [];
  for (const file of filesUnder(dir)) {
    const data = readFileSync(file);
    const base64 = decodedBase64Runs(data);
    for (const [what, needle] of Object.entries(needles)) {
      const forms: [string, Buffer, Buffer][] =
        typeof needle === "string"
          ? [
              ["utf-8", Buffer.from(needle, "utf8"), data],
              ["utf-16le", Buffer.from(needle, "utf16le"), data],
              ["utf-16be", utf16be(needle), data],
              ["base64 of utf-8", Buffer.from(needle, "utf8"), base64],
            ]
          : [["raw bytes", needle, data]];
      for (const [encoding, bytes, haystack] of forms) {
        if (haystack.includes(bytes)) findings.push({ file: relative(dir, file), what, encoding });
      }
    }
  }
  return findings;
}
