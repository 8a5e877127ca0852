/**
 * Service worker: keeps the app shell (page, script chunks, styles, locales) so the wallet opens
 * offline. Cache-first for exactly those files; everything else (the issuer's pickup and status
 * endpoints) goes to the network untouched and is never cached. The build replaces the two
 * placeholders with the shell's file list and a content hash, so a new build replaces the old cache.
 */
/// <reference lib="webworker" />
declare const self: ServiceWorkerGlobalScope;
declare const __SHELL_FILES__: string[];
declare const __SHELL_VERSION__: string;

const CACHE = `fairledger-wallet-${__SHELL_VERSION__}`;
const shellUrls = () => __SHELL_FILES__.map((file) => new URL(file, self.registration.scope).href);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(shellUrls()))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith("fairledger-wallet-") && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const scope = self.registration.scope;
  const shellUrl = request.mode === "navigate" && url.href === scope ? new URL("index.html", scope).href : url.href;
  if (!shellUrls().includes(shellUrl)) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(shellUrl)) ?? fetch(request)));
});
