"""What changes only when an editor publishes, cached for every request: the Wagtail site of a
host name, the page a URL routes to (with its view restrictions), and what an app keeps with
``cached`` (a course's outline, its trainers, its final quiz).

Every key carries the *generation*, a token replaced whenever a page, a site, a view restriction,
an image or a model registered with ``invalidate_on`` changes (saved, deleted, published,
unpublished, moved), so that nothing cached survives a change: the next request builds it again.
With Redis (``REDIS_URL``) that holds for every server process at once; the local-memory cache
of ``make run`` is one process's own. The token is replaced when the change is made and again
when its transaction commits, so a request that read the old rows in between cannot keep them.

The shared cache is read at most once per request for the generation (with the site of a request
for a page: one round trip), and only by a request that asks for something cached: an entry of a
known generation never changes, so once read it is also kept in this process's memory
(``_local``, at most ``LOCAL_ENTRIES``), where the next request finds it without Redis.

A cache that fails (Redis down) counts as a miss: pages are then built from the database.
"""

import contextvars
import logging
import uuid

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

GENERATION = "lms:pages:generation"
# Entries also expire, which bounds how long a lost invalidation could last.
TIMEOUT = 60 * 60
MISSING = object()
# Entries of known generations, in this process (values are stored pickled: each read is a copy).
# A route keeps its page with its text: a thousand of them is some megabytes per process.
LOCAL_ENTRIES = 1000
_local = LocMemCache("lms-page-cache", {"TIMEOUT": TIMEOUT, "OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES}})
# The generation of the request being served (CachedSiteMiddleware): UNREAD until something
# cached is asked for, then read once.
_request_generation = contextvars.ContextVar("lms_page_cache_generation", default=None)
UNREAD = "unread"


def _cache_call(method, *args, default=None):
    try:
        return getattr(cache, method)(*args)
    except Exception:  # the cache is an optimisation: a failing one must not fail the page
        logger.warning("cache %s failed", method, exc_info=True)
        return default


def _new_generation():
    token = uuid.uuid4().hex[:16]
    _cache_call("set", GENERATION, token, None)
    if _request_generation.get() is not None:
        _request_generation.set(token)  # what this request builds next is of the new one
    return token


def generation(known=MISSING):
    """The current generation: the request's (read once per request, see
    ``CachedSiteMiddleware``), else read from the cache (``known``: already read)."""
    current = _request_generation.get()
    if known is MISSING and current not in (None, UNREAD):
        return current
    token = _cache_call("get", GENERATION) if known is MISSING else known
    if token is None:
        # None yet (first request, or evicted): start one; whoever added first wins.
        token = uuid.uuid4().hex[:16]
        if not _cache_call("add", GENERATION, token, None, default=False):
            token = _cache_call("get", GENERATION) or token
    if current is not None:
        _request_generation.set(token)
    return token


def invalidate(**kwargs):
    """Start a new generation, now and once the current transaction commits."""
    _new_generation()
    transaction.on_commit(_new_generation)


def invalidate_on(*models):
    """Start a new generation whenever a row of one of ``models`` is saved or deleted (and when
    the many-to-many relations they declare change)."""
    for model in models:
        uid = f"lms-page-cache-{model._meta.label_lower}"
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"{uid}-{field.name}", weak=False)


def cached(name, build, timeout=TIMEOUT):
    """``build()``, kept under ``name`` until the next change."""
    value = _get(name)
    if value is MISSING:
        value = build()
        _set(name, value, timeout)
    return value


def _get(name):
    key = f"lms:{generation()}:{name}"
    value = _local.get(key, MISSING)
    if value is MISSING:
        value = _cache_call("get", key, MISSING, default=MISSING)
        if value is not MISSING:
            _local.set(key, value, TIMEOUT)
    return value


def _set(name, value, timeout=TIMEOUT):
    key = f"lms:{generation()}:{name}"
    _cache_call("set", key, value, timeout)
    _local.set(key, value, timeout)


# The site of a host name --------------------------------------------------------------------


def find_site(request):
    """The Wagtail site of ``request``, from the cache (in one round trip with the generation,
    when this request has not read it yet), where Wagtail would ask the database; kept where
    Wagtail looks for it, ``request._wagtail_site``."""
    from django.http.request import split_domain_port
    from wagtail.models import Site

    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    site_key = f"lms:site:{hostname}:{request.get_port()}"
    token = _request_generation.get()
    if token in (None, UNREAD):
        found = _cache_call("get_many", [GENERATION, site_key], default={})
        token = generation(known=found.get(GENERATION))
    else:
        found = {site_key: _cache_call("get", site_key)}
    entry = found.get(site_key)
    if entry is not None and entry[0] == token:
        site = entry[1]
    else:
        site = Site._find_for_request(request)
        if site is not None:
            # Routing starts from the root page's own type: fetch it now, once.
            site.root_page = site.root_page.specific
        _cache_call("set", site_key, (token, site), TIMEOUT)
    request._wagtail_site = site
    return site


class CachedSiteMiddleware:
    """Reads the generation at most once per request, when something asks for a cached entry,
    and finds the site of a request for a Wagtail page in the cache (``find_site``). A request
    for anything else (a file, a form, a health check) does not touch the cache."""

    def __init__(self, get_response):
        from wagtail.views import serve

        self.get_response = get_response
        self.serve_page = serve

    def __call__(self, request):
        reset = _request_generation.set(UNREAD)
        try:
            return self.get_response(request)
        finally:
            _request_generation.reset(reset)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is self.serve_page:
            find_site(request)


# Routing ------------------------------------------------------------------------------------


NOT_OURS = "not an LMS page"


def route(page, request, path_components, route_uncached):
    """The route from ``page`` down ``path_components`` (``route_uncached(request, components)``,
    Wagtail's ``Page.route``), cached per page and path when it leads to a page of the LMS (a
    type with ``CachedViewRestrictionsMixin``): another page type's ``route`` may depend on the
    request. The page found keeps its ancestors fetched on the way (treebeard's parent cache)
    and its view restrictions. Addresses that lead nowhere are not kept."""
    from wagtail.models import Page
    from wagtail.url_routing import RouteResult

    name = f"route:{page.pk}:{'/'.join(path_components)}"
    found = _get(name)
    if found is not MISSING and found != NOT_OURS:
        return RouteResult(*found)
    result = route_uncached(request, path_components)  # Http404 when nothing is there
    if found is MISSING:
        if isinstance(result[0], CachedViewRestrictionsMixin):
            result[0]._lms_view_restrictions = list(Page.get_view_restrictions(result[0]))
            _set(name, (result[0], result[1], result[2]))
        else:
            _set(name, NOT_OURS)
    return result


class CachedRoutingMixin:
    """For the page type at the top of the LMS's pages (the course catalogue): routes below it,
    and the view restrictions of what it routes to, come from the cache."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return route(self, request, path_components, super().route)


class CachedViewRestrictionsMixin:
    """A page routed through the cache brings its view restrictions (Wagtail's
    ``check_view_restrictions`` hook asks on every request)."""

    def get_view_restrictions(self):
        restrictions = getattr(self, "_lms_view_restrictions", None)
        if restrictions is None:
            return super().get_view_restrictions()
        return restrictions


def connect_signals():
    """Called once, from ``StaffLmsConfig.ready``."""
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site, get_page_models
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(invalidate, dispatch_uid=f"lms-page-cache-{signal}", weak=False)
    # Page covers every page type: Wagtail saves and deletes pages through the base model too.
    invalidate_on(Page, Site, PageViewRestriction, get_image_model(), *get_page_models())
