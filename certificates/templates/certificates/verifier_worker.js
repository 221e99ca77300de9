{% load static %}// The offline verifier's service worker (certificates/views.py, verifier_worker): its scope is
// the verification addresses. The verifier page and its files are fetched from the network when
// online (fresh public keys) and from this cache when not; a QR code's address opened offline
// gets the verifier page, which reads the signed token from the address's fragment.
const CACHE = "certificate-verifier";
const PAGE = "{% url 'certificates:offline_verifier' %}";
const FILES = [PAGE, "{% static 'certificates/verifier.js' %}", "{% static 'certificates/verifier.css' %}"];

self.addEventListener("install", (event) => {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
    event.waitUntil(self.clients.claim());
});

function networkFirst(request, key) {
    return fetch(request)
        .then((response) => {
            if (response.ok) {
                const copy = response.clone();
                caches.open(CACHE).then((cache) => cache.put(key, copy));
            }
            return response;
        })
        .catch(() => caches.match(key));
}

self.addEventListener("fetch", (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== self.location.origin) {
        return;
    }
    if (FILES.includes(url.pathname)) {
        event.respondWith(networkFirst(request, url.pathname));
    } else if (request.mode === "navigate") {
        event.respondWith(fetch(request).catch(() => caches.match(PAGE)));
    }
});
