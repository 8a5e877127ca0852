/**
 * zlib deflate (RFC 1950, as the EU DCC's `HC1:`) with the Compression Streams API, which browsers
 * (Chromium 80+, Firefox 113+, Safari 16.4+) and Node 18+ share: node:zlib is not in the browser and a
 * JavaScript inflater (pako, fflate) would be a dependency to ship for what the platform has. The zlib
 * wrapper costs 6 bytes over raw deflate; its Adler-32 is what catches a corrupted single code, which
 * carries no other checksum.
 *
 * Inflating is bounded: a QR holds under 3 kB, which deflate can blow up a thousandfold; reading stops
 * at `maxBytes` (a decompression bomb is an error, not an allocation).
 */
import { FairLedgerError } from "../errors.ts";

/** Most bytes an offline presentation may inflate to (the verifier's MAX_INPUT_BYTES of text). */
export const MAX_INFLATED_BYTES = 256 * 1024;

async function collect(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FairLedgerError("ERR_QR_PAYLOAD_INVALID", `the offline presentation inflates past ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, maxBytes: number) {
  const writer = transform.writable.getWriter();
  // Errors surface on the readable side (read rejects); the writer's own promises would reject with the
  // same error unobserved.
  writer.write(new Uint8Array(bytes)).catch(() => undefined);
  writer.close().catch(() => undefined);
  return collect(transform.readable as ReadableStream<Uint8Array>, maxBytes);
}

export function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return pipe(bytes, new CompressionStream("deflate"), Number.MAX_SAFE_INTEGER);
}

/** Inflates zlib data; throws FairLedgerError ERR_QR_PAYLOAD_INVALID when it is corrupted, cut or too large. */
export async function inflate(bytes: Uint8Array, maxBytes = MAX_INFLATED_BYTES): Promise<Uint8Array> {
  try {
    return await pipe(bytes, new DecompressionStream("deflate"), maxBytes);
  } catch (cause) {
    if (cause instanceof FairLedgerError) throw cause;
    throw new FairLedgerError(
      "ERR_QR_PAYLOAD_INVALID",
      "the offline presentation does not inflate (corrupted or cut short)",
      { cause },
    );
  }
}
