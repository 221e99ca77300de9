"""What Wagtail leaves out of reach of a catalogue, brought within it.

- The admin's JavaScript ("Collapse all", "More actions", the rich-text toolbar) reads its strings
  from ``/admin/jsi18n/``, a ``JavaScriptCatalog`` of the ``wagtail.admin`` package alone
  (``wagtail.admin.views.i18n.js_catalog``): unlike the server's strings, no INSTALLED_APPS order
  reaches it. Its view is given this app's ``djangojs`` catalogue on top of Wagtail's, at the same
  URL, so the login page and every admin page load it before Wagtail's scripts run.
- The admin's login form gives its password field no label, so Django names it from the field,
  "Password", in English whatever the language: it gets the translatable label.

``tests/test_admin_vietnamese.py`` fails if a Wagtail upgrade moves either.
"""

from django.utils.translation import gettext_lazy
from django.views.i18n import JavaScriptCatalog
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views import i18n

# Later packages take precedence in a JavaScriptCatalog.
JAVASCRIPT_PACKAGES = ["wagtail.admin", "wagtail_vi"]


def serve_javascript_strings():
    i18n.js_catalog = JavaScriptCatalog.as_view(packages=JAVASCRIPT_PACKAGES)


def label_login_password():
    password = LoginForm.base_fields["password"]
    if password.label is None:
        password.label = gettext_lazy("Password")
