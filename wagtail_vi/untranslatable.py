"""What Wagtail leaves out of reach of a catalogue, brought within it.

- The admin's JavaScript ("Collapse all", "More actions", the rich-text toolbar) reads its strings
  from ``/admin/jsi18n/``, a ``JavaScriptCatalog`` of the ``wagtail.admin`` package alone
  (``wagtail.admin.views.i18n.js_catalog``): unlike the server's strings, no INSTALLED_APPS order
  reaches it. Its view is given this app's ``djangojs`` catalogue on top of Wagtail's, at the same
  URL, so the login page and every admin page load it before Wagtail's scripts run.
- The admin's login form gives its password field no label, so Django names it from the field,
  "Password", in English whatever the language: it gets the translatable label.
- A few labels are translated once per process, in the language of their first use, because Wagtail
  formats them when its URLs load or a form class is first built: the snippet screens' "Home" and
  "Snippets" breadcrumbs, the snippet choosers' "Choose question", the page chooser's "Choose a page
  (Lesson)" and the help menu's "What's new in Wagtail 8.0" (``wagtail_vi.wagtail_hooks``). They
  become lazy strings, formatted in the language of each request.

``tests/test_admin_vietnamese.py`` fails if a Wagtail upgrade moves either.
"""

from django.utils.functional import lazy
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.views.i18n import JavaScriptCatalog
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views import i18n
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser

# Later packages take precedence in a JavaScriptCatalog.
JAVASCRIPT_PACKAGES = ["wagtail.admin", "wagtail_vi"]


def serve_javascript_strings():
    i18n.js_catalog = JavaScriptCatalog.as_view(packages=JAVASCRIPT_PACKAGES)


def label_login_password():
    password = LoginForm.base_fields["password"]
    if password.label is None:
        password.label = gettext_lazy("Password")


def formatted_lazy(message, **values):
    """``gettext(message) % values``, formatted each time it is read, in that moment's language."""
    return lazy(lambda: gettext(message) % values, str)()


def translate_labels_per_request():
    translate_snippet_breadcrumbs()
    translate_snippet_chooser_buttons()
    translate_page_chooser_button()


def translate_snippet_breadcrumbs():
    wagtails = SnippetViewSet.breadcrumbs_items.fget

    def breadcrumbs_items(viewset):
        items = wagtails(viewset)  # [Home, Snippets (when listed under Snippets)]
        lazy_labels = [gettext_lazy("Home"), gettext_lazy("Snippets")]
        return [{**item, "label": label} for item, label in zip(items, lazy_labels, strict=False)] + items[2:]

    SnippetViewSet.breadcrumbs_items = property(breadcrumbs_items)


def translate_snippet_chooser_buttons():
    wagtails = AdminSnippetChooser.__init__
    messages = {
        "choose_one_text": "Choose %(object)s",
        "choose_another_text": "Choose another %(object)s",
        "link_to_chosen_text": "Edit this %(object)s",
    }

    def __init__(widget, model=None, **kwargs):
        wagtails(widget, model, **kwargs)
        for attribute, message in messages.items():
            if attribute not in kwargs:
                setattr(widget, attribute, formatted_lazy(message, object=widget.model._meta.verbose_name))

    AdminSnippetChooser.__init__ = __init__


def translate_page_chooser_button():
    wagtails = AdminPageChooser.__init__

    def __init__(widget, target_models=None, *args, **kwargs):
        wagtails(widget, target_models, *args, **kwargs)
        if "choose_one_text" not in kwargs and len(widget.target_models) == 1 and widget.model is not Page:
            widget.choose_one_text = format_lazy(
                "{} ({})", AdminPageChooser.choose_one_text, capfirst(widget.model._meta.verbose_name)
            )

    AdminPageChooser.__init__ = __init__
