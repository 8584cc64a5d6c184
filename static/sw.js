// The playground's service worker: after the first visit the site runs from
// its cache, with no request to the server, and reloads offline too.
//
// It precaches every file of the build on install, answers cache-first, and
// on activate takes over the open pages and deletes the caches of older
// builds. `cargo xtask` stamps the two lines below in dist/sw.js after each
// Trunk build (xtask/src/service_worker.rs): the content hash of the build,
// which names the cache, and the list of its files. Unstamped (a plain
// `trunk build`) the list is empty and the worker only passes requests on.
const VERSION = "unstamped";
const FILES = [];

// The site's folder, such as https://example.org/rendezvous/. Several copies
// of the site may share an origin: each names its caches after its own scope
// and deletes only those.
const SCOPE = self.registration.scope;
const PREFIX = `rendezvous ${SCOPE} `;
const CACHE = PREFIX + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

async function precache() {
  const cache = await caches.open(CACHE);
  // Revalidated past the HTTP cache, so no file of an older build mixes in.
  await cache.addAll(FILES.map((file) => new Request(file, { cache: "no-cache" })));
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const old = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
      await Promise.all(old.map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method === "GET" && request.url.startsWith(SCOPE)) {
    event.respondWith(cachedOrFetched(request));
  }
});

// The cached copy of a file, whatever its query string and fragment
// (`index.html?embed#step=3` is `index.html`); the site's folder itself is
// `index.html`. Anything not cached goes to the network as usual.
async function cachedOrFetched(request) {
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const key = url.href === SCOPE ? new URL("index.html", SCOPE).href : url.href;
  const cache = await caches.open(CACHE);
  return (await cache.match(key)) ?? fetch(request);
}
