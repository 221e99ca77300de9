{% autoescape off %}// The LMS service worker (staff_lms/offline.py): keeps a learner's courses on the phone for study
// without a connection. Built on Workbox, served from this site's own static files.
"use strict";

const CONFIG = {{ config }};
importScripts(...{{ workbox }});

const { registerRoute, setCatchHandler } = workbox.routing;
const { NetworkFirst, StaleWhileRevalidate } = workbox.strategies;
const { precacheAndRoute, cleanupOutdatedCaches, matchPrecache } = workbox.precaching;

workbox.core.setCacheNameDetails({ prefix: "lms" });

// Each learner's pages, images and documents live in a cache named after them; the name of the
// learner of the last page seen is kept in META_CACHE, so that it outlives the worker.
const PRIVATE = CONFIG.caches.private;
const STATIC_CACHE = "lms-static";
const META_CACHE = CONFIG.caches.meta;
const META_KEY = "/__lms-offline/user";

let currentUser = null; // not read yet
let userChange = Promise.resolve();

async function readUser() {
  if (currentUser === null) {
    const stored = await (await caches.open(META_CACHE)).match(META_KEY);
    currentUser = stored ? await stored.text() : "";
  }
  return currentUser;
}

// A page of another account (or of nobody) deletes every other learner's copies before the
// worker answers anything else; a logout (``always``) deletes them even if the worker already
// knew nobody was signed in.
function setUser(key, always = false) {
  // A change that failed (storage refused) must not hold up the next ones, nor every answer.
  userChange = userChange.catch(() => {}).then(async () => {
    if ((await readUser()) === key && !always) return;
    currentUser = key;
    // Nobody signed in: nothing of anyone's is left, not even a name.
    if (key) await (await caches.open(META_CACHE)).put(META_KEY, new Response(key));
    else await caches.delete(META_CACHE);
    const names = await caches.keys();
    await Promise.all(
      names.filter((name) => name.startsWith(PRIVATE) && name !== PRIVATE + key).map((name) => caches.delete(name)),
    );
  });
  return userChange;
}

async function user() {
  await userChange.catch(() => {});
  return readUser();
}

function sameOrigin(url) {
  return url.origin === self.location.origin;
}

function underAny(url, prefixes) {
  return prefixes.some((prefix) => prefix && url.pathname.startsWith(prefix));
}

// What is kept: a page the server marked as this learner's, the documents and images it offers.
// Never a page the server did not mark (quizzes, forms, other people's), nor another learner's.
function keepPlugin(key) {
  return {
    cacheWillUpdate: async ({ request, response }) => {
      if (!response || response.status !== 200 || response.type !== "basic" || key !== currentUser) return null;
      const owner = response.headers.get(CONFIG.header);
      if (owner !== null) return owner === key ? response : null;
      const type = response.headers.get("Content-Type") || "";
      if (underAny(new URL(request.url), [CONFIG.documentsPrefix])) return response;
      if (request.destination === "image" || type.startsWith("image/")) return response;
      return null;
    },
  };
}

const strategies = new Map();
function strategyFor(key) {
  if (!strategies.has(key)) {
    strategies.set(
      key,
      new NetworkFirst({ cacheName: PRIVATE + key, plugins: [keepPlugin(key)], matchOptions: { ignoreVary: true } }),
    );
  }
  return strategies.get(key);
}

precacheAndRoute(CONFIG.precache);
cleanupOutdatedCaches();

registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname.startsWith(CONFIG.staticPrefix),
  new StaleWhileRevalidate({ cacheName: STATIC_CACHE }),
);

registerRoute(
  ({ url }) => sameOrigin(url) && !underAny(url, CONFIG.neverPrefixes),
  async (options) => {
    const key = await user();
    if (!key) return fetch(options.request);
    return strategyFor(key).handle(options);
  },
);

// Every logout, the site's or the admin's (whose pages do not load offline.js), deletes the kept
// pages before it is sent. The queue of unsent clicks is the page's to keep or delete: it is not
// in a cache.
registerRoute(
  ({ url, request }) => sameOrigin(url) && request.mode === "navigate" && CONFIG.logoutPaths.includes(url.pathname),
  async ({ request }) => {
    // Storage that fails or hangs must not stop the logout itself.
    await Promise.race([setUser("", true).catch(() => {}), new Promise((resolve) => setTimeout(resolve, 3000))]);
    return fetch(request);
  },
  "POST",
);

// A form sent without a connection (a quiz answer) gets the offline page, which says it was not sent.
registerRoute(
  ({ url, request }) => sameOrigin(url) && request.mode === "navigate",
  ({ request }) => fetch(request),
  "POST",
);

// A page neither online nor kept: the offline page, in place of the browser's error.
setCatchHandler(async ({ request }) => {
  if (request.mode === "navigate") return (await matchPrecache(CONFIG.offlineUrl)) || Response.error();
  return Response.error();
});

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(CONFIG.shell)));
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// The pages say who is signed in ({type: "user", key}), and the worker takes over any page opened
// while it was installing; logging out says to forget ({type: "forget"}).
self.addEventListener("message", (event) => {
  const data = event.data || {};
  let done;
  if (data.type === "user") done = setUser(String(data.key || "")).then(() => self.clients.claim());
  else if (data.type === "forget") done = setUser("", true);
  else return;
  // Answered even when storage failed: a page waiting to log out must not wait for ever.
  event.waitUntil(done.finally(() => event.ports[0] && event.ports[0].postMessage("ok")).catch(() => {}));
});
{% endautoescape %}
