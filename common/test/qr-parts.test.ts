/**
 * The QR part format FLP1:<i>/<n>:<chunk>, defined once: the wallet splits an envelope over codes that a
 * phone camera reads reliably, the verifier joins them back in any order and refuses a broken set.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import QRCode from "qrcode";
import {
  QR_ERROR_CORRECTION,
  QR_PART_CHARS,
  isFairLedgerError,
  isQrPart,
  joinQrParts,
  qrPartCharsFor,
  splitIntoQrParts,
} from "../src/index.ts";

const refused = (error: unknown) => isFairLedgerError(error, "ERR_QR_PARTS_INVALID");

describe("QR parts", () => {
  it("keeps a short envelope in one code, unprefixed", () => {
    assert.deepEqual(splitIntoQrParts('{"a":1}'), ['{"a":1}']);
    assert.equal(isQrPart('{"a":1}'), false);
  });

  it("splits a long envelope into FLP1:i/n parts that join back in any order", () => {
    const text = JSON.stringify({ presentation: "x~".repeat(2000) });
    const parts = splitIntoQrParts(text);
    assert.ok(parts.length > 1);
    parts.forEach((part, index) => {
      assert.ok(part.startsWith(`FLP1:${index + 1}/${parts.length}:`));
      assert.ok(isQrPart(part));
    });
    assert.equal(joinQrParts([...parts].reverse()), text);
  });

  it("refuses a missing, repeated, inconsistent, out-of-range or unprefixed part", () => {
    const parts = splitIntoQrParts("x".repeat(2500), 1016);
    assert.equal(parts.length, 3);
    for (const bad of [
      parts.slice(1),
      [...parts, parts[0]!],
      [...parts.slice(0, 2), "FLP1:3/4:x"],
      ["FLP1:0/1:x"],
      ["FLP1:2/1:x"],
      ["x"],
      [],
    ]) {
      assert.throws(() => joinQrParts(bad), refused, JSON.stringify(bad).slice(0, 80));
    }
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
