"""Course roles: who trains which course (``CourseTrainer``), decided by provincial
administrators. Every rule about a course's trainers lives on ``CoursePage`` (``trainers``,
``is_trained_by``, ``can_award_completion``) and in ``courses.permissions``; this module holds
the assigning itself."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch, Q

from people.models import AuditEntry, display_name
from staff_lms import page_cache

from .models import TRAIN_COURSE, CoursePage, CourseTrainer

# Who decides which accounts train a course (provincial administrators).
ASSIGN_TRAINERS = ("courses.add_coursetrainer", "courses.delete_coursetrainer")


def can_assign(user):
    return user.has_perms(ASSIGN_TRAINERS)


def trainer_accounts():
    """The active accounts that may be picked as a course's trainer: those granted
    ``TRAIN_COURSE``, through a group or in their own right (a superuser holds every permission,
    but is not offered as a trainer for that)."""
    return get_user_model()._default_manager.with_perm(
        TRAIN_COURSE, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )


def may_be_picked(user):
    return trainer_accounts().filter(pk=user.pk).exists()


def candidates(course=None):
    """Who may be picked as a trainer: ``trainer_accounts()``, and the course's current trainers
    (so that one who may no longer train can still be removed), by full name."""
    User = get_user_model()
    members = Q(pk__in=trainer_accounts().values("pk"))
    if course is not None:
        members |= Q(course_trainer_roles__course=course)
    return (
        User._default_manager.filter(pk__in=User._default_manager.filter(members).values("pk"))
        .select_related("staff_profile")
        .order_by("staff_profile__full_name", User.USERNAME_FIELD)
    )


def courses_with_trainers():
    """Every course by title, its ``trainer_roles`` fetched with the trainers by full name (two
    queries for any number of courses): see ``trainer_names``."""
    roles = CourseTrainer.objects.select_related("user__staff_profile").order_by("user__staff_profile__full_name")
    return CoursePage.objects.order_by("title", "pk").prefetch_related(Prefetch("trainer_roles", queryset=roles))


def trainer_names(course):
    """The names of the trainers of a course of ``courses_with_trainers()``."""
    return [display_name(role.user) for role in course.trainer_roles.all()]


@transaction.atomic
def set_trainers(course, users, actor):
    """Make ``users`` the trainers of ``course``; records the change in the audit trail.
    Returns ``(added, removed)``, lists of accounts."""
    wanted = {user.pk: user for user in users}
    current = {role.user_id: role for role in CourseTrainer.objects.filter(course=course).select_related("user")}
    added = [user for pk, user in wanted.items() if pk not in current]
    removed = [role.user for pk, role in current.items() if pk not in wanted]
    CourseTrainer.objects.filter(course=course, user__in=removed).delete()
    CourseTrainer.objects.bulk_create(
        [CourseTrainer(course=course, user=user, assigned_by=actor) for user in added], ignore_conflicts=True
    )
    if added or removed:
        details = {}
        if added:
            details["trainers added"] = [display_name(user) for user in added]
        if removed:
            details["trainers removed"] = [display_name(user) for user in removed]
        AuditEntry.record(actor, AuditEntry.Action.ROLE, course.title, details)
    course.__dict__.pop("trainer_names", None)
    page_cache.invalidate()  # bulk_create sends no post_save
    return added, removed
