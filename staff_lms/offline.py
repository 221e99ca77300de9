"""Studying offline on a phone: the installable web app (manifest), its service worker and the
page shown when a page is not kept.

The worker (``templates/staff_lms/offline/sw.js``, served at ``/sw.js`` so that its scope is the
whole site) keeps a copy of a page only when the server says so: ``keep_offline(response, user)``
adds the ``X-LMS-Offline`` header naming the learner by ``user_key``, a key that changes with the
account but gives nothing away. Each learner's copies live in caches of their own
(``lms-private-<key>``); a page showing another account, or nobody, makes the worker delete them,
and so does every logout, the site's or the admin's: the worker sees the logout form's POST
(``logout_paths``) even from an admin page, which never loads ``static/staff_lms/offline.js``.
Which pages are kept is the apps' choice (courses keeps an enrolled learner's course and lesson
pages); a host adds public pages to keep for everyone with ``LMS_OFFLINE_PUBLIC_URLS``.
"""

import hashlib
import json

from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render, resolve_url
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from . import sites

OFFLINE_HEADER = "X-LMS-Offline"
# What the phone sends when it saves a course for offline study: the pages it fetches are no visit.
DOWNLOAD_HEADER = "X-LMS-Offline-Download"
# The theme colour of the installed app: the site's brand blue (--brand in lms.css).
THEME_COLOR = "#0b5394"
# The worker's caches: each learner's pages (the prefix, then ``user_key``), and the name of the
# learner whose pages are kept. Both the worker and the page script delete them.
PRIVATE_CACHE_PREFIX = "lms-private-"
META_CACHE = "lms-offline-meta"
# The logout views, the site's and the admin's, by URL name: whichever the host has.
LOGOUT_URL_NAMES = ("people_accounts:logout", "logout", "wagtailadmin_logout", "admin:logout")
# What the worker keeps for everyone when it installs: what the offline page and every LMS page
# need to be drawn.
SHELL_STATIC = (
    "staff_lms/lms.css",
    "staff_lms/site_menu.js",
    "staff_lms/offline.js",
    "staff_lms/icons/icon-192.png",
    "staff_lms/icons/icon-512.png",
)
WORKBOX_MODULES = ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching")


def public_urls():
    """Public pages the worker keeps for everyone (``LMS_OFFLINE_PUBLIC_URLS``, default none),
    e.g. a page that checks certificates without a connection."""
    return list(getattr(settings, "LMS_OFFLINE_PUBLIC_URLS", []))


def user_key(user):
    """The name the worker knows ``user`` by: the same for every session of the account, another
    for every other account, and neither the id nor the name (an HMAC with SECRET_KEY)."""
    if not user.is_authenticated:
        return ""
    return salted_hmac("staff_lms.offline.user_key", str(user.pk)).hexdigest()[:20]


def keep_offline(response, user):
    """Let the service worker keep a copy of ``response`` among ``user``'s pages."""
    response[OFFLINE_HEADER] = user_key(user)
    return response


def home_url():
    """Where a learner lands after signing in (``LOGIN_REDIRECT_URL``, the LMS's /learning/): the
    installed app opens there."""
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def never_kept_prefixes():
    """The admin screens (Wagtail's and Django's): the worker leaves them alone."""
    prefixes = []
    for name in ("wagtailadmin_home", "admin:index"):
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:
            pass
    return prefixes


def logout_paths():
    """Where a logout form posts: the worker deletes the kept pages when one is sent, whatever
    page it was on."""
    paths = []
    for name in LOGOUT_URL_NAMES:
        try:
            paths.append(reverse(name))
        except NoReverseMatch:
            pass
    return paths


def cache_names():
    return {"private": PRIVATE_CACHE_PREFIX, "meta": META_CACHE}


def documents_prefix():
    """Where Wagtail serves documents (``/documents/`` unless the host mounts them elsewhere):
    the documents a kept lesson offers are kept with it."""
    try:
        return reverse("wagtaildocs_serve", args=(1, "x")).removesuffix("1/x")
    except NoReverseMatch:
        return ""


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker, at the site's root so that it may answer for every page."""
    offline_url = reverse("offline:page")
    shell = [static(path) for path in SHELL_STATIC]
    precache = [offline_url, *public_urls()]
    # The worker's bytes change with what it keeps (and the offline page's language), so that the
    # browser installs the new one and drops the old copies.
    page = render_to_string("staff_lms/offline/page.html", offline_context())
    version = hashlib.sha256(json.dumps([get_language(), shell, precache, page]).encode()).hexdigest()[:16]
    config = {
        "version": version,
        "offlineUrl": offline_url,
        "precache": [{"url": url, "revision": version} for url in precache],
        "shell": shell,
        "staticPrefix": settings.STATIC_URL,
        "documentsPrefix": documents_prefix(),
        "header": OFFLINE_HEADER,
        "neverPrefixes": never_kept_prefixes(),
        "logoutPaths": logout_paths(),
        "caches": cache_names(),
    }
    context = {
        "config": json.dumps(config),
        "workbox": json.dumps([static(f"staff_lms/vendor/workbox/{name}.prod.js") for name in WORKBOX_MODULES]),
    }
    response = render(request, "staff_lms/offline/sw.js", context, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request):
    """The web app manifest: the site installs on a phone's home screen under its name."""
    name = sites.site_name(request)
    data = {
        "name": name,
        "short_name": pgettext("app short name", "Learning"),
        "description": _("Training for libraries, museums and culture centres."),
        "lang": get_language(),
        "start_url": home_url(),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": "#ffffff",
        "icons": [
            {
                "src": static(f"staff_lms/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for size in (192, 512)
            for purpose in ("any", "maskable")
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@require_GET
def offline_page(request):
    """What the worker shows for a page that is not kept (or needs a connection) when there is
    none. The same for everyone: it names nobody and holds no form."""
    return render(request, "staff_lms/offline/page.html", offline_context())


def offline_context():
    return {"home_url": home_url()}


@never_cache
@require_GET
def offline_state(request):
    """Who is signed in, and a CSRF token that is valid now: what the phone asks before it sends
    what was kept while offline (a page kept hours ago may hold a token of an ended session)."""
    return JsonResponse({"user": user_key(request.user), "csrfToken": get_token(request)})


def page_config(user):
    """What ``static/staff_lms/offline.js`` needs on every LMS page: who is signed in (the worker
    deletes every other account's copies), where the worker and the state are, and its texts."""
    return {
        "user": user_key(user) if user is not None else "",
        "worker": reverse("offline:service_worker"),
        "state": reverse("offline:state"),
        "header": OFFLINE_HEADER,
        "downloadHeader": DOWNLOAD_HEADER,
        "documentsPrefix": documents_prefix(),
        "caches": cache_names(),
        "texts": {
            "offline": _("You are offline: this is the copy kept on this phone."),
            "pending": _("%s lessons waiting to sync"),
            "queued": _("Saved on this phone, waiting to sync: it is sent when the connection returns."),
            "queuedShort": _("waiting to sync"),
            "logInAgain": _("Log in again to send the lessons waiting to sync."),
            "notSent": _(
                "No connection: nothing was sent. What you entered is still on this page; send it again when "
                "the connection returns."
            ),
            "logoutLoses": _(
                "%s lessons marked done without a connection have not been sent yet and will be lost. Log out anyway?"
            ),
            "refused": _("Not recorded: %s"),
            "downloading": _("Saving the course on this phone…"),
            "downloaded": _("Kept on this phone for offline study: %s lessons."),
            "downloadFailed": _("The course could not be saved: check the connection and try again."),
        },
    }
