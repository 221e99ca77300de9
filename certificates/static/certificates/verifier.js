// The offline certificate verifier (certificates/templates/certificates/offline_verifier.html).
// A certificate's QR code holds its verification address with a signed token in the fragment:
// a compact JWS (Ed25519) whose payload states the number ("no"), the holder's name ("n"), the
// course ("c"), the date of issue ("d"), the expiry ("x", if any) and the index of the
// certificate in the revocation status list ("s"). Its header has no "typ": the issuing body
// signs other tokens too (credentials, the status list, typ "vc+jwt"), and none of them is a
// certificate's QR token however well signed. The signature is checked here with WebCrypto
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

    // WebCrypto without Ed25519 (older browsers): nothing can be checked here.
    class Unsupported extends Error {}

    // The payload of a compact JWS of type ``typ`` (none for a QR token) signed by one of the
    // issuing body's keys, or null when the signature does not match. A token of another type
    // is no QR token, however well signed: throws, as for a token that cannot be read.
    async function verified(token, typ) {
        const parts = token.split(".");
        if (parts.length !== 3) {
            throw new SyntaxError("not a compact JWS");
        }
        const header = json(parts[0]);
        if (header.typ !== typ) {
            throw new SyntaxError("not the token expected");
        }
        const jwk = knownKeys().get(header.kid);
        if (!jwk || header.alg !== "Ed25519") {
            return null;
        }
        if (!window.crypto || !crypto.subtle) {
            throw new Unsupported("no WebCrypto");
        }
        let key;
        try {
            key = await crypto.subtle.importKey(
                "jwk",
                { kty: "OKP", crv: "Ed25519", x: jwk.x },
                { name: "Ed25519" },
                false,
                ["verify"],
            );
        } catch (error) {
            throw error.name === "NotSupportedError" ? new Unsupported(error.message) : error;
        }
        const signed = new TextEncoder().encode(parts[0] + "." + parts[1]);
        const genuine = await crypto.subtle.verify({ name: "Ed25519" }, key, bytes(parts[2]), signed);
        return genuine ? json(parts[1]) : null;
    }

    const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

    function text(value) {
        return typeof value === "string" && value.trim() !== "";
    }

    // Whether signed claims are those of a certificate's QR token (certificates/credentials.py,
    // qr_claims): what the page shows must all be there, in the form expected.
    function isCertificate(claims) {
        return (
            claims !== null &&
            typeof claims === "object" &&
            text(claims.no) &&
            text(claims.n) &&
            text(claims.c) &&
            typeof claims.d === "string" &&
            ISO_DATE.test(claims.d) &&
            Number.isInteger(claims.s) &&
            claims.s >= 0 &&
            (claims.x === undefined || (typeof claims.x === "string" && ISO_DATE.test(claims.x)))
        );
    }

    // Whether bit ``index`` of the signed status list is set; throws when it cannot be read.
    async function isRevoked(index) {
        const response = await fetch(data.statusUrl, { cache: "no-store" });
        const list = await verified((await response.text()).trim(), "vc+jwt");
        if (!list || !Array.isArray(list.type) || !list.type.includes("BitstringStatusListCredential")) {
            throw new Error("not a status list signed by the issuing body");
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

    // Today in the reader's time zone, as YYYY-MM-DD (a certificate expires at the end of its
    // last day where it is read, not in UTC).
    function localToday() {
        const now = new Date();
        const two = (number) => String(number).padStart(2, "0");
        return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
    }

    const FIELDS = ["number", "name", "course", "issued", "expires"];

    // Every field is written each time, so nothing of an earlier result stays on screen.
    function show(state, status, claims) {
        const values = claims
            ? [claims.no, claims.n, claims.c, shortDate(claims.d), claims.x ? shortDate(claims.x) : ""]
            : ["", "", "", "", ""];
        result.hidden = false;
        result.dataset.state = state;
        document.getElementById("verifier-status").textContent = status;
        document.getElementById("verifier-revocation").textContent = "";
        FIELDS.forEach((field, position) => {
            document.getElementById(`verifier-${field}`).textContent = values[position];
        });
        document.getElementById("verifier-details").hidden = !claims;
        document.getElementById("verifier-expires").hidden = !claims || !claims.x;
        document.getElementById("verifier-expires-label").hidden = !claims || !claims.x;
    }

    let latest = 0; // the check on screen: an earlier one still waiting must not write over it

    async function check(text) {
        const current = ++latest;
        let claims;
        try {
            claims = await verified(tokenOf(text), undefined);
        } catch (error) {
            if (current === latest) {
                if (error instanceof Unsupported) {
                    show("unsupported", messages.unsupported, null);
                } else {
                    show("malformed", messages.malformed, null);
                }
            }
            return;
        }
        if (current !== latest) {
            return;
        }
        if (!claims) {
            show("invalid", messages.invalid, null);
            return;
        }
        if (!isCertificate(claims)) {
            show("malformed", messages.malformed, null);
            return;
        }
        const expired = claims.x !== undefined && claims.x < localToday();
        show(expired ? "expired" : "valid", expired ? messages.expired : messages.valid, claims);
        let revoked = false;
        let line = messages.notRevoked;
        try {
            revoked = await isRevoked(claims.s);
        } catch (error) {
            line = messages.offline;
        }
        if (current !== latest) {
            return;
        }
        if (revoked) {
            show("revoked", messages.revoked, claims);
        } else {
            document.getElementById("verifier-revocation").textContent = line;
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
