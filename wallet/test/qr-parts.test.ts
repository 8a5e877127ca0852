/** Splitting the envelope over QR codes: the verifier joins the FLP1 parts back to the same text. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import QRCode from "qrcode";
import { joinPresentationParts } from "@fairledger/verifier";
import { QR_ERROR_CORRECTION, QR_PART_CHARS, qrPartCharsFor, splitIntoQrParts } from "../src/present/qr-parts.ts";

describe("QR parts", () => {
  it("keeps a short envelope in one code, unprefixed", () => {
    assert.deepEqual(splitIntoQrParts('{"a":1}'), ['{"a":1}']);
  });

  it("splits a long envelope into FLP1:i/n parts that the verifier CLI joins back", () => {
    const text = JSON.stringify({ presentation: "x~".repeat(2000) });
    const parts = splitIntoQrParts(text);
    assert.ok(parts.length > 1);
    parts.forEach((part, index) => assert.ok(part.startsWith(`FLP1:${index + 1}/${parts.length}:`)));
    assert.equal(joinPresentationParts([...parts].reverse()), text);
  });

  it("keeps every part at QR version 21 or lower on a 1x screen, 25 or lower on a 2x screen (error correction M)", () => {
    for (const [size, maxVersion] of [
      ["small", 21],
      ["large", 25],
    ] as const) {
      for (const part of splitIntoQrParts("~.".repeat(5000), QR_PART_CHARS[size])) {
        assert.ok(part.length <= QR_PART_CHARS[size]);
        assert.ok(QRCode.create(part, { errorCorrectionLevel: QR_ERROR_CORRECTION }).version <= maxVersion);
      }
    }
  });

  it("uses the larger parts only where each module gets at least 4 device pixels", () => {
    assert.equal(qrPartCharsFor(336), QR_PART_CHARS.small);
    assert.equal(qrPartCharsFor(499), QR_PART_CHARS.small);
    assert.equal(qrPartCharsFor(672), QR_PART_CHARS.large);
  });
});
