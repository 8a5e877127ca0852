/**
 * 7. Offline QR size (issue #13 item 5): the default border presentation as the wallet showed it before
 * (the JSON presentation envelope split into FLP1 parts at error correction M) and after (the `FL1:`
 * offline transport: layout 1, zlib deflate, Base45, one alphanumeric code at error correction L).
 * Sizes, not timings: they depend only on the presentation's shape (its random salts, keys and
 * signatures are of fixed length; deflate varies by a few bytes run to run), so quick mode measures the
 * same thing.
 */
import { deflateSync } from "node:zlib";
import QRCode from "qrcode";
import {
  OFFLINE_QR_CHARS,
  OFFLINE_QR_ERROR_CORRECTION,
  QR_ERROR_CORRECTION,
  OFFLINE_QR_PREFIX,
  QR_PART_CHARS,
  base45ToBytes,
  bytesToBase45,
  decodeOfflineQr,
  encodeOfflineQr,
  offlineQrModules,
  offlineQrVersionOf,
  splitIntoQrParts,
  splitOfflineQr,
  writeOfflineLayout,
} from "@fairledger/common";
import { defaultBorderPresentation, DEFAULT_BATCH_SIZE } from "../fixtures/default-presentation.ts";
import { emptySection, ratio, type Measurement, type SectionResult } from "../lib/report.ts";
import type { BenchContext } from "../lib/context.ts";

const versionOf = (text: string, level: "L" | "M"): number | undefined => {
  try {
    return QRCode.create(text, { errorCorrectionLevel: level }).version;
  } catch {
    return undefined; // more than version 40 holds
  }
};

export async function runQrSize(_context: BenchContext): Promise<SectionResult> {
  const section = emptySection("qr-size");
  const { envelope, presentation, anchor } = await defaultBorderPresentation();
  const envelopeJson = JSON.stringify(envelope);
  const offline = {
    presentations: [{ queryId: "employment_contract", format: "vc+sd-jwt" as const, token: presentation, anchor }],
  };
  const fl1 = await encodeOfflineQr(offline);
  // What the code carries: the anchor proof as the verifier checks it (encodeOfflineQr's default).
  const layout = writeOfflineLayout(await decodeOfflineQr(fl1));
  const push = (m: Measurement) => section.measurements.push(m);

  const before: Measurement = {
    name: "before: presentation envelope (JSON text)",
    value: envelopeJson.length,
    unit: "bytes",
  };
  push({ name: "presentation alone (SD-JWT~disclosures~KB-JWT)", value: presentation.length, unit: "bytes" });
  push(before);
  for (const size of ["small", "large"] as const) {
    const parts = splitIntoQrParts(envelopeJson, QR_PART_CHARS[size]);
    const versions = parts.map((part) => versionOf(part, QR_ERROR_CORRECTION));
    push({
      name: `before: FLP1 parts on a ${size === "small" ? "1×" : "2–3×"} screen (≤ ${QR_PART_CHARS[size]} chars, EC ${QR_ERROR_CORRECTION})`,
      value: parts.length,
      unit: "codes",
      detail: { versions },
    });
  }
  const wholeBefore = versionOf(envelopeJson, "L");
  push({
    name: "before: the whole envelope in one code (byte mode, EC L)",
    value: wholeBefore ?? 41,
    unit: wholeBefore ? "QR version" : "QR version (> 40: does not fit)",
  });

  const deflatedText = deflateSync(Buffer.from(envelopeJson));
  push({
    name: "alternative: deflate of the envelope text, Base45",
    value: bytesToBase45(deflatedText).length,
    unit: "chars",
    detail: { deflatedBytes: deflatedText.length },
  });
  push({
    name: "after: layout 1 bytes (segments decoded, JSON packed, anchor without tx hash/block)",
    value: layout.length,
    unit: "bytes",
  });
  push({
    name: "after: deflated layout",
    value: base45ToBytes(fl1.slice(OFFLINE_QR_PREFIX.length)).length,
    unit: "bytes",
  });
  const after: Measurement = { name: "after: FL1: text (Base45, one code)", value: fl1.length, unit: "chars" };
  push(after);
  const versionL = versionOf(fl1, OFFLINE_QR_ERROR_CORRECTION);
  const versionM = versionOf(fl1, "M");
  push({
    name: `after: one code at EC ${OFFLINE_QR_ERROR_CORRECTION} (alphanumeric mode)`,
    value: versionL ?? 41,
    unit: "QR version",
    detail: {
      modulesWithQuietZone: versionL && offlineQrModules(versionL),
      tableVersion: offlineQrVersionOf(fl1.length),
    },
  });
  push({ name: "after: one code at EC M", value: versionM ?? 41, unit: "QR version" });
  const parts = await splitOfflineQr(fl1, OFFLINE_QR_CHARS.part);
  push({
    name: `after: fallback parts (≤ ${OFFLINE_QR_CHARS.part} chars, version ≤ 21 at EC L)`,
    value: parts.length,
    unit: "codes",
    detail: { versions: parts.map((part) => versionOf(part, OFFLINE_QR_ERROR_CORRECTION)) },
  });

  const shrink = ratio("after / before (characters in QR codes)", after, before, { atMost: 1 });
  if (shrink) section.ratios.push(shrink);
  section.notes.push(
    `default border presentation: EmploymentContractCredential issued by issuer-service's issueSdJwtVc, the ${"6"} purpose claims the default request asks disclosed, an ES256 KB-JWT, the anchor proof into a full batch of ${DEFAULT_BATCH_SIZE} (the service's default) with transaction hash and block (the envelope carries them; the offline code leaves them out: the verifier never reads them)`,
    "a QR version v is 17 + 4v modules across; a phone draws the offline code at ≥ 4 device pixels a module with a 4-module quiet zone: version 29 needs a 564-pixel-wide drawing area (a 360 px-wide phone at 2×), version 40 740; a 1× phone gets parts of version ≤ 16, one at a time",
  );
  return section;
}
