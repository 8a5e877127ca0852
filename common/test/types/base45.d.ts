/** npm base45 3.0.0 ships no types; the tests use it only as an independent Base45 encoder. */
declare module "base45" {
  const base45: { encode(bytes: Uint8Array | string): string; decode(text: string): Uint8Array };
  export = base45;
}
