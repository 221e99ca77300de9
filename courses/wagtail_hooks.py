from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from .models import CoursePage


def handbook_button(page, user, priority):
    """A "Download handbook (PDF)" button for a live course the user may read. Listings
    give specific pages; a plain ``Page`` of a course is made specific only then."""
    if not page.live or not issubclass(page.specific_class or type(page), CoursePage):
        return
    course = page if isinstance(page, CoursePage) else page.specific_deferred
    if course.can_download_handbook(user, is_enrolled=False):
        yield Button(
            _("Download handbook (PDF)"),
            reverse("courses:handbook", args=[page.pk]),
            icon_name="download",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def page_listing_handbook_button(page, user, next_url=None):
    yield from handbook_button(page, user, priority=55)


@hooks.register("register_page_header_buttons")
def page_header_handbook_button(page, user, view_name, next_url=None):
    yield from handbook_button(page, user, priority=68)
