"""The Vietnamese of the admin's JavaScript ("Collapse all", "More actions", the rich-text toolbar).

Wagtail's admin scripts read their strings from ``/admin/jsi18n/``, a ``JavaScriptCatalog`` of the
``wagtail.admin`` package alone (``wagtail.admin.views.i18n.js_catalog``): unlike the server's
strings, no INSTALLED_APPS order reaches it. Its view is given this app's ``djangojs`` catalogue
on top of Wagtail's, at the same URL, so the login page and every admin page load it before
Wagtail's scripts run; ``tests/test_admin_vietnamese.py`` fails if Wagtail stops reading it there.
"""

from django.views.i18n import JavaScriptCatalog
from wagtail.admin.views import i18n

# Later packages take precedence in a JavaScriptCatalog.
PACKAGES = ["wagtail.admin", "wagtail_vi"]


def serve_javascript_strings():
    i18n.js_catalog = JavaScriptCatalog.as_view(packages=PACKAGES)
