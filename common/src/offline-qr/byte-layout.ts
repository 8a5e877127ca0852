/**
 * The tiny length-prefixed byte layout the offline QR container is written in (CBOR is not a dependency,
 * and this needs four shapes): unsigned LEB128 integers, single bytes, fixed-length byte strings, and
 * byte strings prefixed with their LEB128 length. A reader never reads past the end and never trusts a
 * length: every failure is FairLedgerError ERR_QR_PAYLOAD_INVALID naming what was being read.
 */
import { FairLedgerError } from "../errors.ts";

/** Largest integer written (chain ids and block numbers fit; JavaScript stays exact). */
const MAX_UINT = Number.MAX_SAFE_INTEGER;

export class ByteWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  byte(value: number): this {
    return this.raw(Uint8Array.of(value & 0xff));
  }

  uint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_UINT) throw new RangeError(`not a uint: ${value}`);
    const out: number[] = [];
    let rest = value;
    do {
      const low = rest % 128;
      rest = Math.floor(rest / 128);
      out.push(rest > 0 ? low | 0x80 : low);
    } while (rest > 0);
    return this.raw(Uint8Array.from(out));
  }

  /** A byte string whose length the layout fixes (an address, a hash). */
  fixed(bytes: Uint8Array, length: number): this {
    if (bytes.length !== length) throw new RangeError(`expected ${length} bytes, got ${bytes.length}`);
    return this.raw(bytes);
  }

  /** A byte string prefixed with its length. */
  bytes(bytes: Uint8Array): this {
    return this.uint(bytes.length).raw(bytes);
  }

  text(text: string): this {
    return this.bytes(new TextEncoder().encode(text));
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private raw(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.size += bytes.length;
    return this;
  }
}

export class ByteReader {
  private offset = 0;

  constructor(private readonly data: Uint8Array) {}

  byte(what: string): number {
    return this.take(1, what)[0];
  }

  uint(what: string, max = MAX_UINT): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.byte(what);
      value += (byte & 0x7f) * scale;
      if (value > max) throw this.invalid(`${what} is ${value}, above ${max}`);
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
  }

  fixed(length: number, what: string): Uint8Array {
    return this.take(length, what);
  }

  bytes(what: string, maxLength = this.data.length): Uint8Array {
    return this.take(this.uint(`the length of ${what}`, maxLength), what);
  }

  text(what: string, maxLength?: number): string {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(this.bytes(what, maxLength));
    } catch (cause) {
      if (cause instanceof FairLedgerError) throw cause;
      throw this.invalid(`${what} is not UTF-8`);
    }
  }

  /** Throws unless every byte was read: trailing bytes mean a layout this reader does not know. */
  end(): void {
    if (this.offset !== this.data.length) throw this.invalid(`${this.data.length - this.offset} bytes left over`);
  }

  invalid(message: string): FairLedgerError {
    return new FairLedgerError("ERR_QR_PAYLOAD_INVALID", `the offline presentation is malformed: ${message}`);
  }

  private take(length: number, what: string): Uint8Array {
    if (this.offset + length > this.data.length) throw this.invalid(`it ends inside ${what} (truncated?)`);
    const slice = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}
