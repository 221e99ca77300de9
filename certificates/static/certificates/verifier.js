// The offline certificate verifier (certificates/templates/certificates/offline_verifier.html).
// A certificate's QR code holds its verification address with a signed token in the fragment:
// a compact JWS (Ed25519) whose payload states the number ("no"), the holder's name ("n"), the
// course ("c"), the date of issue ("d"), the expiry ("x", if any) and the index of the
// certificate in the revocation status list ("s"). The signature is checked here with WebCrypto
// against the public keys embedded in the page (refreshed when online); revocation is read from
// the signed status list when online.
(function () {
    "use strict";

    const data = JSON.parse(document.getElementById("verifier-data").textContent);
    const messages = data.messages;
    const STORED_KEYS = "certificate-verifier-keys";
    const form = document.getElementById("verifier-form");
    const input = document.getElementById("verifier-token");
    const result = document.getElementById("verifier-result");

    function bytes(base64url) {
        const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
        const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
        return Uint8Array.from(binary, (character) => character.charCodeAt(0));
    }

    function json(base64url) {
        return JSON.parse(new TextDecoder().decode(bytes(base64url)));
    }

    function knownKeys() {
        const keys = new Map();
        let stored = [];
        try {
            stored = JSON.parse(localStorage.getItem(STORED_KEYS) || "[]");
        } catch (error) {
            stored = [];
        }
        for (const key of stored.concat(data.keys.keys)) {
            keys.set(key.kid, key);
        }
        return keys;
    }

    async function refreshKeys() {
        try {
            const response = await fetch(data.keysUrl, { cache: "no-store" });
            if (response.ok) {
                localStorage.setItem(STORED_KEYS, JSON.stringify((await response.json()).keys));
            }
        } catch (error) {
            // offline: the keys embedded in the page (and those stored before) stand
        }
    }

    // The payload of a JWS signed by one of the issuing body's keys, or null.
    async function verified(token) {
        const parts = token.split(".");
        if (parts.length !== 3) {
            throw new SyntaxError("not a compact JWS");
        }
        const header = json(parts[0]);
        const jwk = knownKeys().get(header.kid);
        if (!jwk || header.alg !== "Ed25519") {
            return null;
        }
        const key = await crypto.subtle.importKey(
            "jwk",
            { kty: "OKP", crv: "Ed25519", x: jwk.x },
            { name: "Ed25519" },
            false,
            ["verify"],
        );
        const signed = new TextEncoder().encode(parts[0] + "." + parts[1]);
        const genuine = await crypto.subtle.verify({ name: "Ed25519" }, key, bytes(parts[2]), signed);
        return genuine ? json(parts[1]) : null;
    }

    // Whether bit ``index`` of the signed status list is set; throws when it cannot be read.
    async function isRevoked(index) {
        const response = await fetch(data.statusUrl, { cache: "no-store" });
        const list = await verified((await response.text()).trim());
        if (!list) {
            throw new Error("status list not signed by the issuing body");
        }
        const encoded = bytes(list.credentialSubject.encodedList.replace(/^u/, ""));
        const stream = new Blob([encoded]).stream().pipeThrough(new DecompressionStream("gzip"));
        const bits = new Uint8Array(await new Response(stream).arrayBuffer());
        return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
    }

    function tokenOf(text) {
        const value = text.trim();
        const hash = value.indexOf("#");
        return hash >= 0 ? value.slice(hash + 1) : value;
    }

    function shortDate(iso) {
        const [year, month, day] = iso.split("-");
        return `${day}/${month}/${year}`;
    }

    function show(state, status, claims) {
        result.hidden = false;
        result.dataset.state = state;
        document.getElementById("verifier-status").textContent = status;
        document.getElementById("verifier-details").hidden = !claims;
        document.getElementById("verifier-revocation").textContent = "";
        if (!claims) {
            return;
        }
        document.getElementById("verifier-number").textContent = claims.no;
        document.getElementById("verifier-name").textContent = claims.n;
        document.getElementById("verifier-course").textContent = claims.c;
        document.getElementById("verifier-issued").textContent = shortDate(claims.d);
        document.getElementById("verifier-expires").textContent = claims.x ? shortDate(claims.x) : "";
        document.getElementById("verifier-expires").hidden = !claims.x;
        document.getElementById("verifier-expires-label").hidden = !claims.x;
    }

    async function check(text) {
        let claims;
        try {
            claims = await verified(tokenOf(text));
        } catch (error) {
            show("malformed", messages.malformed, null);
            return;
        }
        if (!claims) {
            show("invalid", messages.invalid, null);
            return;
        }
        const today = new Date().toISOString().slice(0, 10);
        const expired = claims.x && claims.x < today;
        show(expired ? "expired" : "valid", expired ? messages.expired : messages.valid, claims);
        const revocation = document.getElementById("verifier-revocation");
        try {
            if (await isRevoked(claims.s)) {
                show("revoked", messages.revoked, claims);
            } else {
                revocation.textContent = messages.notRevoked;
            }
        } catch (error) {
            revocation.textContent = messages.offline;
        }
    }

    form.addEventListener("submit", (event) => {
        event.preventDefault();
        check(input.value);
    });

    function checkAddress() {
        if (location.hash.length > 1) {
            input.value = location.href;
            check(location.href);
        }
    }

    window.addEventListener("hashchange", checkAddress);
    checkAddress();
    refreshKeys();
    if ("serviceWorker" in navigator) {
        navigator.serviceWorker.register(data.worker, { scope: data.scope }).catch(() => {});
    }
})();
