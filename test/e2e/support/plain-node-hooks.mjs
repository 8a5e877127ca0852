/**
 * Module hooks for a process that must run on plain node: any module resolved to tsx or to a TypeScript
 * source file fails the import, so a launcher that still leans on tsx cannot pass unnoticed.
 */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (/\/node_modules\/tsx\/|\.[cm]?ts$/.test(new URL(resolved.url).pathname)) {
    throw new Error(`not plain node: ${specifier} resolved to ${resolved.url}`);
  }
  return resolved;
}
