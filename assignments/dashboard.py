"""HR's panel on the Wagtail dashboard: the overdue assignments of the staff in the officer's
scope (``people.roles.institutions_in_scope``; every unit for provincial administrators), how
many there are and the few most overdue, each linking to the list of assigned courses.

Overdue is ``Enrolment.Status.OVERDUE`` (``EnrolmentQuerySet.with_status``): not completed,
and the due date has passed. Two queries, besides working out the scope.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component

from courses.models import Enrolment
from people.models import display_name
from people.roles import institutions_in_scope

from . import services

MOST_OVERDUE = 5


@dataclass
class OverdueAssignment:
    enrolment: Enrolment
    days_overdue: int
    list_url: str  # the list of assigned courses, narrowed to this learner's overdue assignment

    @property
    def learner(self):
        return display_name(self.enrolment.user)

    @property
    def institution(self):
        profile = getattr(self.enrolment.user, "staff_profile", None)
        return profile.institution.name if profile is not None and profile.institution is not None else ""


@dataclass
class OverdueSummary:
    count: int
    most_overdue: list
    is_province: bool  # the scope is every unit


def overdue_assignments(user, limit=MOST_OVERDUE, today=None):
    """The overdue assignments ``user`` may follow: how many, and the ``limit`` with the
    oldest due dates."""
    today = today or timezone.localdate()
    scope = institutions_in_scope(user)
    overdue = services.assignments_in_scope(scope).filter(status=Enrolment.Status.OVERDUE)
    oldest = overdue.select_related("course", "user__staff_profile__institution").order_by(
        "due_date", "user__staff_profile__full_name", "pk"
    )[:limit]
    list_url = reverse("assignments:list")
    rows = []
    for enrolment in oldest:
        query = {"status": Enrolment.Status.OVERDUE, "course": enrolment.course_id}
        profile = getattr(enrolment.user, "staff_profile", None)
        if profile is not None and profile.full_name:
            query["q"] = profile.full_name
        rows.append(OverdueAssignment(enrolment, (today - enrolment.due_date).days, f"{list_url}?{urlencode(query)}"))
    return OverdueSummary(count=overdue.count(), most_overdue=rows, is_province=scope is None)


class OverdueAssignmentsPanel(Component):
    """For whoever follows assignments (``services.FOLLOW``): HR officers and provincial
    administrators."""

    name = "overdue_assignments"
    template_name = "assignments/admin/overdue_assignments_panel.html"
    order = 50  # after the trainer's panels (30, 40), before the III.3 figures (90)

    def __init__(self, user):
        self.user = user

    @classmethod
    def register(cls, request, panels):
        if request.user.has_perm(services.FOLLOW):
            panels.append(cls(request.user))

    def get_context_data(self, parent_context=None):
        list_url = reverse("assignments:list")
        return {
            "overdue": overdue_assignments(self.user),
            "all_overdue_url": f"{list_url}?{urlencode({'status': Enrolment.Status.OVERDUE})}",
        }
