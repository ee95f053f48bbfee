/*
 * The portal's service worker (served from /service-worker.js, built by portal/site/webapp.py).
 * It keeps only what is the same for everybody: the versioned static files, the brand stylesheet and the
 * offline page. Pages and live regions always come from the network and are never stored here, so nothing
 * personal stays on the device; without the network, a navigation shows the offline page.
 */
"use strict";

const CACHE = "portal-static-{{ version }}";
const PRECACHE = {{ urls|tojson }};
const OFFLINE_URL = {{ offline_url|tojson }};
const PRECACHED = new Set(PRECACHE.map((url) => new URL(url, self.location.origin).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      // The addresses carry their version, so what the page has just loaded comes from the browser's cache.
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("portal-") && name !== CACHE)
      .map((name) => caches.delete(name)));
    if (self.registration.navigationPreload) {
      await self.registration.navigationPreload.enable();
    }
    await self.clients.claim();
  })());
});

async function navigate(event) {
  try {
    const preloaded = await event.preloadResponse;
    return preloaded || await fetch(event.request);
  } catch (error) {
    // No network: the offline page, never a stored copy of a page.
    const cache = await caches.open(CACHE);
    return (await cache.match(OFFLINE_URL)) || Response.error();
  }
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request, { ignoreVary: true })) || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
  } else if (request.method === "GET" && PRECACHED.has(request.url)) {
    event.respondWith(fromCache(request));
  }
  // Anything else (htmx fragments, forms, downloads) goes to the network untouched.
});
