from wagtail import hooks

from .menu import training_menu_item
from .site_reports import hide_site_reports, protect_site_reports

hooks.register("register_admin_menu_item", training_menu_item)
hooks.register("construct_reports_menu", hide_site_reports)


@hooks.register("register_admin_urls")
def refuse_site_reports_to_others():
    """No URL of its own: the moment Wagtail's report URLs are final (staff_lms.site_reports)."""
    protect_site_reports()
    return []
