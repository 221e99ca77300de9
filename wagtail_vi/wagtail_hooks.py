from wagtail import hooks
from wagtail.utils.version import get_main_version

from .untranslatable import formatted_lazy


@hooks.register("construct_help_menu")
def translate_whats_new_per_request(request, menu_items):
    """Wagtail formats "What's new in Wagtail 8.0" once, in the language of the menu's first use."""
    version = get_main_version(include_patch=False)
    for item in menu_items:
        if item.name == f"whats-new-in-wagtail-{version}":
            item.label = formatted_lazy("What's new in Wagtail %(version)s", version=version)
