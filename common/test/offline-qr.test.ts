/**
 * The offline QR transport, defined once in common: `FL1:` + Base45(deflate(layout 1)) in one code, or
 * `FL1/i/n/hash:` parts that a reader takes one at a time in any order. The tests with real signed
 * presentations, QR images and the verifier are verifier-cli/test/offline-qr.test.ts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { createHash, randomBytes } from "node:crypto";
import QRCode from "qrcode";
import base45Package from "base45";
import { WORDS, packJson, unpackJson } from "../src/offline-qr/json-packing.ts";
import {
  ALPHANUMERIC_CAPACITY_L,
  OFFLINE_QR_CHARS,
  OFFLINE_QR_ERROR_CORRECTION,
  OfflineQrAssembler,
  assembleOfflineQr,
  base45ToBytes,
  bytesToBase45,
  decodeOfflineQr,
  encodeOfflineQr,
  isFairLedgerError,
  isOfflineQr,
  isOfflineQrPart,
  offlineQrCharsFor,
  offlineQrVersionOf,
  readOfflineLayout,
  splitOfflineQr,
  vpTokenOf,
  writeOfflineLayout,
  type AnchorProof,
  type FairLedgerErrorCode,
  type OfflinePresentation,
} from "../src/index.ts";

/** SHA-256 of layout 1's word table (json-packing.ts WORDS), first 8 bytes. */
const FROZEN_WORDS_SHA256 = "c594502af0a6c269";

const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const hex = (bytes: number) => `0x${randomBytes(bytes).toString("hex")}` as `0x${string}`;
const jws = (header: unknown, payload: unknown, signatureBytes = 64) =>
  `${b64(header)}.${b64(payload)}.${randomBytes(signatureBytes).toString("base64url")}`;

/** An SD-JWT VC presentation of the shape the wallet shows (random where the real one is random). */
function sdJwtPresentation(disclosures = 6): string {
  const issuer = jws(
    { typ: "dc+sd-jwt", kid: `did:ethr:0x7a69:${hex(20)}#delegate-1`, alg: "EdDSA" },
    {
      vct: "urn:fairledger:vct:employment-contract:1",
      credentialSubject: { caseCommitment: hex(32), _sd: Array.from({ length: 12 }, () => b64(randomBytes(32))) },
      cnf: { jwk: { kty: "EC", crv: "P-256", x: b64(randomBytes(32)), y: b64(randomBytes(32)) } },
    },
  );
  const shown = Array.from({ length: disclosures }, (_, i) => b64([b64(randomBytes(16)), `claim${i}`, `value ${i}`]));
  const kb = jws({ typ: "kb+jwt", alg: "ES256" }, { aud: "border-post-1", nonce: b64(randomBytes(16)), iat: 1 });
  return [issuer, ...shown, kb].join("~");
}

function anchor(proofLength = 5): AnchorProof {
  return {
    chainId: 31337,
    ledger: hex(20),
    root: hex(32),
    proof: Array.from({ length: proofLength }, () => hex(32)),
    transactionHash: hex(32),
    blockNumber: 123_456,
  };
}

const offline = (token = sdJwtPresentation()): OfflinePresentation => ({
  presentations: [{ queryId: "employment_contract", format: "vc+sd-jwt", token, anchor: anchor() }],
});

const code = (error: unknown, expected: FairLedgerErrorCode) => isFairLedgerError(error, expected);

/** What a code carries by default: anchor proofs without the transaction hash and block (hints for people). */
const asCarried = (value: OfflinePresentation): OfflinePresentation => ({
  presentations: value.presentations.map((item) => {
    if (!item.anchor) return item;
    const { transactionHash: _hash, blockNumber: _block, ...anchor } = item.anchor;
    return { ...item, anchor };
  }),
});

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomBytes(1)[0]! % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe("Base45 (RFC 9285)", () => {
  it("encodes and decodes the RFC's examples", () => {
    for (const [text, encoded] of [
      ["AB", "BB8"],
      ["Hello!!", "%69 VD92EX0"],
      ["base-45", "UJCLQE7W581"],
      ["ietf!", "QED8WEX0"],
    ] as const) {
      assert.equal(bytesToBase45(new TextEncoder().encode(text)), encoded);
      assert.equal(new TextDecoder().decode(base45ToBytes(encoded)), text);
    }
  });

  it("agrees with the npm base45 package on random bytes of every length up to 64", () => {
    for (let length = 0; length <= 64; length++) {
      const bytes = randomBytes(length);
      const encoded = bytesToBase45(bytes);
      assert.equal(encoded, base45Package.encode(bytes));
      assert.deepEqual(Buffer.from(base45ToBytes(encoded)), bytes);
    }
  });

  it("refuses what RFC 9285 §4.2 says a decoder must: a group above 65535, a cut group, a foreign character", () => {
    for (const bad of ["GGW", "BB8A", "BB8a", "BB8:::"]) {
      assert.throws(
        () => base45ToBytes(bad),
        (error) => code(error, "ERR_QR_PAYLOAD_INVALID"),
        bad,
      );
    }
  });
});

describe("the offline layout (layout 1)", () => {
  it("restores every presentation, query id and anchor proof exactly", () => {
    const withoutAnchor = { queryId: "licence", format: "vc-jwt" as const, token: jws({ alg: "EdDSA" }, { vc: {} }) };
    const value: OfflinePresentation = {
      presentations: [...offline().presentations, withoutAnchor, { ...withoutAnchor, queryId: "licence" }],
    };
    assert.deepEqual(readOfflineLayout(writeOfflineLayout(value)), value);
    assert.deepEqual(Object.keys(vpTokenOf(value)), ["employment_contract", "licence"]);
    assert.equal(vpTokenOf(value).licence!.length, 2);
  });

  it("keeps a token whose base64url is not canonical as text, so the signed text is restored byte for byte", () => {
    const [issuer, , ...rest] = sdJwtPresentation().split("~");
    // "Ah" decodes to the byte "Ag" does; only "Ag" is what an encoder writes, so "Ah" cannot travel as bytes.
    const odd = [issuer, "Ah", ...rest].join("~");
    assert.equal(readOfflineLayout(writeOfflineLayout(offline(odd))).presentations[0]!.token, odd);
  });

  it("refuses trailing bytes, a cut layout, an unknown layout version and an unknown token kind", () => {
    const bytes = writeOfflineLayout(offline());
    const bad = [
      Uint8Array.from([...bytes, 0]),
      bytes.subarray(0, bytes.length - 10),
      Uint8Array.from([2, ...bytes.subarray(1)]),
      Uint8Array.from([1, 1, 1, 0x71, 9]),
    ];
    for (const value of bad)
      assert.throws(
        () => readOfflineLayout(value),
        (e) => code(e, "ERR_QR_PAYLOAD_INVALID"),
      );
  });
});

describe("JSON packing inside the layout", () => {
  it("gives back the exact bytes of every segment, words, hex and base64url runs included", () => {
    const samples = [
      JSON.stringify({ a: hex(32), b: b64(randomBytes(32)), c: "EmploymentContractCredential", d: "ünïcødé ☃" }),
      '{"typ":"kb+jwt","alg":"ES256"}',
      `{"id":"urn:uuid:${crypto.randomUUID()}","upper":"urn:uuid:${crypto.randomUUID().toUpperCase()}"}`,
      `["${b64(randomBytes(16))}","employerId","${hex(20)}"]`,
      `["${b64(randomBytes(16))}","employerId","0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"]`,
      `{"x":"0x${"a".repeat(63)}","y":"${b64(randomBytes(32)).slice(0, 41)}"}`,
      " not json at all \u0000 ",
    ];
    for (const sample of samples) {
      const bytes = new TextEncoder().encode(sample);
      const packed = packJson(bytes);
      assert.ok(packed, sample);
      assert.deepEqual(unpackJson(packed), bytes, sample);
    }
    const payload = new TextEncoder().encode(
      JSON.stringify({ _sd: Array.from({ length: 12 }, () => b64(randomBytes(32))) }),
    );
    assert.ok(packJson(payload)!.length < payload.length * 0.8, "base64url digests travel as bytes");
  });

  it("does not pack bytes JSON never holds, nor text that is not UTF-8", () => {
    assert.equal(packJson(Uint8Array.of(0x7b, 0x02, 0x7d)), undefined);
    assert.equal(packJson(Uint8Array.of(0xff, 0xfe)), undefined);
  });

  it("refuses a segment that unpacks past its bound (words are a small amplifier)", () => {
    const amplifier = new Uint8Array(2000).map((_, i) => (i % 2 === 0 ? 0x03 : 0));
    assert.throws(
      () => unpackJson(amplifier),
      (error) => code(error, "ERR_QR_PAYLOAD_INVALID"),
    );
  });

  it("refuses a packed segment with an unknown word or a cut run", () => {
    for (const bad of [
      Uint8Array.of(0x03, 250),
      Uint8Array.of(0x03),
      Uint8Array.of(0x01, 8, 1, 2),
      Uint8Array.of(0x02),
    ]) {
      assert.throws(
        () => unpackJson(bad),
        (error) => code(error, "ERR_QR_PAYLOAD_INVALID"),
      );
    }
  });

  it("keeps its word table frozen: codes already shown must unpack to the bytes that were signed", () => {
    const digest = createHash("sha256").update(WORDS.join("\n")).digest("hex");
    assert.equal(digest.slice(0, 16), FROZEN_WORDS_SHA256, "WORDS changed: append under a new layout version instead");
  });
});

describe("one offline QR code (FL1:)", () => {
  it("round-trips a presentation through text in the QR alphanumeric set", async () => {
    const value = offline();
    const text = await encodeOfflineQr(value);
    assert.ok(isOfflineQr(text));
    assert.match(text, /^FL1:[0-9A-Z $%*+\-./:]+$/);
    assert.equal(QRCode.create(text, { errorCorrectionLevel: "L" }).segments[0]?.mode.id, "Alphanumeric");
    assert.deepEqual(await decodeOfflineQr(text), asCarried(value));
  });

  it("leaves out the anchor's transaction hash and block (the verifier never reads them) unless asked", async () => {
    const value = offline();
    const [carried] = (await decodeOfflineQr(await encodeOfflineQr(value))).presentations;
    assert.deepEqual(Object.keys(carried!.anchor!).sort(), ["chainId", "ledger", "proof", "root"]);
    assert.deepEqual(await decodeOfflineQr(await encodeOfflineQr(value, { anchorHints: true })), value);
  });

  it("says clearly what is wrong with a truncated, corrupted or newer code", async () => {
    const text = await encodeOfflineQr(offline());
    const middle = Math.floor(text.length / 2);
    const flipped = text.slice(0, middle) + (text[middle] === "A" ? "B" : "A") + text.slice(middle + 1);
    for (const [bad, words] of [
      [text.slice(0, -30), /does not inflate|cut|truncated|malformed/],
      [text.slice(0, -1), /cut short|does not inflate/],
      [flipped, /does not inflate|malformed|above 65535/],
      [`FL2:${text.slice(4)}`, /version 2 is not known/],
      ["HC1:NCFOXN%TS3DH", /starts with FL1:/],
      ["FL1:abc", /not Base45/],
    ] as const) {
      await assert.rejects(
        decodeOfflineQr(bad),
        (error) => code(error, "ERR_QR_PAYLOAD_INVALID") && words.test((error as Error).message),
        bad.slice(0, 20),
      );
    }
  });

  it("refuses a code that inflates past the limit (a decompression bomb) without inflating it all", async () => {
    const bomb = `FL1:${bytesToBase45(deflateSync(Buffer.alloc(4 * 1024 * 1024)))}`;
    assert.ok(bomb.length < 8000);
    await assert.rejects(decodeOfflineQr(bomb), (error) => code(error, "ERR_QR_PAYLOAD_INVALID"));
  });
});

describe("offline QR parts (FL1/i/n/hash:), the fallback", () => {
  it("leaves a text that fits one code whole", async () => {
    const text = await encodeOfflineQr(offline());
    assert.deepEqual(await splitOfflineQr(text, text.length), [text]);
  });

  it("reassembles parts read one at a time in any order, saying which are missing until the last", async () => {
    const value = offline();
    const parts = await splitOfflineQr(await encodeOfflineQr(value), 400);
    assert.ok(parts.length >= 4, `${parts.length} parts`);
    assert.ok(parts.every((part) => isOfflineQrPart(part) && part.length <= 400 && /^[0-9A-Z $%*+\-./:]+$/.test(part)));
    const assembler = new OfflineQrAssembler();
    const order = shuffled(parts.map((_, i) => i));
    for (const [step, index] of order.entries()) {
      const progress = assembler.add(parts[index]!);
      assembler.add(parts[index]!); // a camera reads the same code many times
      if (step < order.length - 1) {
        assert.equal(progress.complete, false);
        if (!progress.complete) assert.equal(progress.missing.length, parts.length - step - 1);
      } else assert.equal(progress.complete, true);
    }
    assert.deepEqual(await assembler.presentation(), asCarried(value));
    assert.deepEqual(await assembleOfflineQr(shuffled(parts)), asCarried(value));
  });

  it("names the missing parts", async () => {
    const parts = await splitOfflineQr(await encodeOfflineQr(offline()), 400);
    const n = parts.length;
    await assert.rejects(
      assembleOfflineQr([parts[0]!, ...parts.slice(3)]),
      (error) => code(error, "ERR_QR_PARTS_MISSING") && (error as Error).message.endsWith(`missing: 2, 3 of ${n}`),
    );
  });

  it("refuses a part of another presentation and keeps what it had", async () => {
    const mine = await splitOfflineQr(await encodeOfflineQr(offline()), 400);
    const theirs = await splitOfflineQr(await encodeOfflineQr(offline()), 400);
    const assembler = new OfflineQrAssembler();
    assembler.add(mine[0]!);
    assert.throws(
      () => assembler.add(theirs[1]!),
      (error) => code(error, "ERR_QR_PART_FOREIGN"),
    );
    assert.throws(
      () => assembler.add(theirs[0]!),
      (e) => code(e, "ERR_QR_PART_FOREIGN"),
    );
    const theirWhole = await encodeOfflineQr(offline());
    assert.throws(
      () => assembler.add(theirWhole),
      (e) => code(e, "ERR_QR_PART_FOREIGN"),
    );
    for (const part of mine.slice(1)) assembler.add(part);
    assert.equal((await assembler.presentation()).presentations.length, 1);
  });

  it("catches a corrupted part by the content hash before inflating", async () => {
    const parts = await splitOfflineQr(await encodeOfflineQr(offline()), 400);
    const [header, chunk] = [
      parts[1]!.slice(0, parts[1]!.indexOf(":") + 1),
      parts[1]!.slice(parts[1]!.indexOf(":") + 1),
    ];
    const corrupted = header + (chunk[0] === "0" ? "1" : "0") + chunk.slice(1);
    await assert.rejects(
      assembleOfflineQr([parts[0]!, corrupted, ...parts.slice(2)]),
      (error) => code(error, "ERR_QR_PAYLOAD_INVALID") && /content hash/.test((error as Error).message),
    );
  });

  it("refuses a part out of range or without the FL1 header", () => {
    for (const bad of [
      "FL1/3/2/0123456789AB:00",
      "FL1/0/2/0123456789AB:00",
      "FL2/1/2/0123456789AB:00",
      "FLP1:1/2:xx",
      "{}",
    ]) {
      assert.throws(
        () => new OfflineQrAssembler().add(bad),
        (e) => code(e, "ERR_QR_PAYLOAD_INVALID"),
        bad,
      );
    }
  });
});

describe("offline QR sizes", () => {
  it("knows each version's alphanumeric capacity at error correction L as the QR encoder does", () => {
    assert.equal(OFFLINE_QR_ERROR_CORRECTION, "L");
    ALPHANUMERIC_CAPACITY_L.forEach((capacity, i) => {
      const version = i + 1;
      assert.equal(QRCode.create("A".repeat(capacity), { errorCorrectionLevel: "L", version }).version, version);
      assert.throws(() => QRCode.create("A".repeat(capacity + 1), { errorCorrectionLevel: "L", version }));
    });
    assert.equal(offlineQrVersionOf(OFFLINE_QR_CHARS.part), 21);
  });

  it("gives each module at least 4 device pixels with the quiet zone", () => {
    // Version v is 17 + 4v modules, 8 more with the quiet zone: 360 px hold version 16 (89 × 4 = 356).
    assert.equal(offlineQrCharsFor(360), ALPHANUMERIC_CAPACITY_L[15]);
    assert.equal(offlineQrCharsFor(720), ALPHANUMERIC_CAPACITY_L[37]);
    assert.equal(offlineQrCharsFor(1080), ALPHANUMERIC_CAPACITY_L[39]);
  });
});
