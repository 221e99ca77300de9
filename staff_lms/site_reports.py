"""Wagtail's own reports are about the site's pages as a whole: for site-wide page editors only.

Wagtail's "Reports" menu holds locked pages, workflows, workflow tasks, site history, aging pages
and page types usage. Wagtail offers most of them to anyone holding a page permission anywhere;
trainers hold one in the course catalogues (to add courses), so they would get reports on pages,
workflows and page types they have no part in, and names of other people's pages and users in
their filters. They, HR officers and provincial administrators work from the "Training" menu
(``staff_lms.menu``), each record's own history and the audit trail.

So these reports are for those who may publish every page of the site (``edits_the_whole_site``:
a permission on the root of the page tree, such as Wagtail's "Moderators" group holds) and for
superusers. For anyone else:

- the menu items are left out (``hide_site_reports``, a ``construct_reports_menu`` hook); the
  "Reports" entry goes with them when nothing is left in it;
- the screens are refused (``only_for_site_editors``, put around Wagtail's views by
  ``protect_site_reports`` while the admin builds its URLs) — all but the site history: that one stays
  reachable by its URL because it lists only what each user may see anyway (certificates,
  classes and staff profiles of their scope: ``staff_lms.scoping``).
"""

import functools

from wagtail.admin.auth import permission_denied
from wagtail.models import Page
from wagtail.permissions import policy_registry

# The menu items' names (wagtail/admin/wagtail_hooks.py).
SITE_REPORT_MENU_ITEMS = frozenset(
    {"locked-pages", "workflows", "workflow-tasks", "site-history", "aging-pages", "page-types-usage"}
)
# The screens refused, by their URL names in the "wagtailadmin_reports" namespace (with their
# "…_results" fragments, which the filters load).
REFUSED_SITE_REPORTS = frozenset(
    name + suffix
    for name in ("locked_pages", "workflow", "workflow_tasks", "aging_pages", "page_types_usage")
    for suffix in ("", "_results")
)


def edits_the_whole_site(user):
    """Whether ``user`` may publish every page: a superuser, or a member of a group holding
    "publish" on the root of the page tree."""
    if user.is_superuser:
        return user.is_active
    root = Page.get_first_root_node()
    return root is not None and policy_registry.get_by_type(Page).user_has_permission_for_instance(
        user, "publish", root
    )


def hide_site_reports(request, menu_items):
    if not edits_the_whole_site(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in SITE_REPORT_MENU_ITEMS]


def only_for_site_editors(view):
    """``view``, refused as Wagtail refuses a screen to signed-in admin users who do not edit the
    whole site. Anyone else goes through, to Wagtail's own check (the login page)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.has_perm("wagtailadmin.access_admin") and not edits_the_whole_site(user):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    wrapper.only_for_site_editors = True
    return wrapper


def protect_site_reports():
    """Put ``only_for_site_editors`` around the views of ``REFUSED_SITE_REPORTS``, in Wagtail's
    URL patterns themselves: the admin's URLs list Wagtail's before any app's, so an app cannot
    put its own in front of them. Called from the ``register_admin_urls`` hook: then the admin is
    importing its URLs, and every app's wagtail_hooks.py has registered its permission policies
    (importing Wagtail's report views sooner would make Wagtail create the users' policy first)."""
    from wagtail.admin.urls import reports

    for pattern in reports.urlpatterns:
        if pattern.name in REFUSED_SITE_REPORTS and not getattr(pattern.callback, "only_for_site_editors", False):
            pattern.callback = only_for_site_editors(pattern.callback)
