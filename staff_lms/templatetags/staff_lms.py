from urllib.parse import urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.http import QueryDict
from django.shortcuts import resolve_url
from django.utils.html import json_script

from staff_lms import offline, sites

register = template.Library()


@register.simple_tag
def login_url(next_url=""):
    """The sign-in page, ``LOGIN_URL`` (the LMS's own, or the host site's when it keeps its own
    login), with ``?next=`` as Django's ``redirect_to_login`` writes it."""
    parts = list(urlsplit(resolve_url(settings.LOGIN_URL)))
    if next_url:
        query = QueryDict(parts[3], mutable=True)
        query["next"] = next_url
        parts[3] = query.urlencode(safe="/")
    return urlunsplit(parts)


@register.simple_tag(takes_context=True)
def site_name(context):
    """The site's name (``staff_lms.sites.site_name``), for the page header and titles."""
    return sites.site_name(context.get("request"))


@register.simple_tag(takes_context=True)
def offline_config(context):
    """The offline study's settings for ``staff_lms/offline.js``, as JSON data (not a script: the
    Content-Security-Policy runs no inline script)."""
    request = context.get("request")
    return json_script(offline.page_config(getattr(request, "user", None)), "lms-offline")


@register.simple_tag
def theme_color():
    """The installed app's colour (``staff_lms.offline.THEME_COLOR``), as the manifest gives it."""
    return offline.THEME_COLOR
