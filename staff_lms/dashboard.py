"""Dashboard panels shared by the LMS apps."""

from django.urls import reverse
from wagtail.admin.ui.components import Component


class SettingsMissingPanel(Component):
    """On the dashboard of those who may change a site setting, until the fields every document
    prints are filled: a fresh install names no issuing body, place or signatory.

    ``setting`` is the setting's instance (with ``missing_fields()``), ``heading`` and ``text``
    what the panel says."""

    template_name = "staff_lms/admin/settings_missing_panel.html"
    order = 10  # first: it is a task to do before anything else

    def __init__(self, setting, *, heading, text, button):
        self.setting = setting
        self.heading, self.text, self.button = heading, text, button
        self.name = f"{setting._meta.app_label}_{setting._meta.model_name}_missing"

    @classmethod
    def register(cls, panels, request, setting_class, **texts):
        """Add the panel of ``setting_class`` (a site setting) when its required fields are empty
        and the user may change it."""
        meta = setting_class._meta
        if not request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            return
        setting = setting_class.current()
        if setting.missing_fields():
            panels.append(cls(setting, **texts))

    def get_context_data(self, parent_context=None):
        meta = self.setting._meta
        return {
            "panel_id": self.name.replace("_", "-"),
            "heading": self.heading,
            "text": self.text,
            "button": self.button,
            "missing": self.setting.missing_fields(),
            "settings_url": reverse("wagtailsettings:edit", args=[meta.app_label, meta.model_name]),
        }
