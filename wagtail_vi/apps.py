from django.apps import AppConfig


class WagtailViConfig(AppConfig):
    """Carries ``locale/vi``: ``django.po`` with Wagtail's and Django's msgids, which Django finds
    because the app is listed before them (the first installed app with a msgid wins), and
    ``djangojs.po`` for the admin's JavaScript; ``wagtail_vi.untranslatable`` brings within their
    reach what Wagtail leaves out."""

    name = "wagtail_vi"
    verbose_name = "Wagtail in Vietnamese"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
        from .untranslatable import label_login_password, serve_javascript_strings, translate_labels_per_request

        serve_javascript_strings()
        label_login_password()
        translate_labels_per_request()
