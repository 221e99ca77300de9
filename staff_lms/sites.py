"""The site's name, set once: the "Site name" of the Wagtail site (Settings → Sites), which a
host edits without a deployment, else ``WAGTAIL_SITE_NAME``.

The site header, the admin's branding and dashboard, every e-mail, the course handbooks and the
personal-data export name the site through ``site_name``, so they never disagree. Wagtail's own
dashboard would show the site's host name ("localhost") when the record has no name; here the
setting is the fallback instead.
"""

from django.conf import settings
from wagtail.models import Site

from . import page_cache


def current_site(request=None):
    """The Wagtail site of ``request`` (from the cache, kept on the request; None when no site
    matches and none is the default), else the default site."""
    if request is not None:
        return page_cache.find_site(request)
    return Site.objects.filter(is_default_site=True).first()


def site_name(request=None, site=None):
    """The name of ``site``, else of the site of ``request``, else of the default site; the
    ``WAGTAIL_SITE_NAME`` setting when that site has no name (or there is no site)."""
    if site is None:
        site = current_site(request)
    return (site.site_name if site is not None else "") or getattr(settings, "WAGTAIL_SITE_NAME", "")
