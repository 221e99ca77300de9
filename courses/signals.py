from django.contrib.auth.models import Permission
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver
from wagtail.models import GroupPagePermission

from people import roles

#: Sent once per enrolment, when the course becomes complete. Arguments: ``enrolment``.
course_completed = Signal()

# On each course catalogue: create courses. What a trainer may do inside a course comes from
# training it (courses.permissions).
TRAINER_PAGE_PERMISSIONS = ("add_page",)
WITHDRAWN_PAGE_PERMISSIONS = ("change_page", "publish_page")  # granted on catalogues before issue 11


def grant_trainer_page_permissions(index_pages=None, **kwargs):
    """Trainers may create courses in every course catalogue, and nothing more there."""
    from .models import CourseIndexPage

    group = roles.role_group(roles.TRAINERS)
    permissions = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=TRAINER_PAGE_PERMISSIONS)
    )
    pages = list(index_pages if index_pages is not None else CourseIndexPage.objects.all())
    for page in pages:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    GroupPagePermission.objects.filter(
        group=group, page__in=pages, permission__codename__in=WITHDRAWN_PAGE_PERMISSIONS
    ).delete()


@receiver(post_save, sender="courses.CourseIndexPage")
def course_index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_trainer_page_permissions([instance])


@receiver(post_save, sender="courses.CoursePage")
def creator_trains_new_course(sender, instance, created, raw=False, **kwargs):
    """A trainer who creates (or copies) a course trains it, until a provincial administrator
    assigns its trainers otherwise. Before the page is published, so that the admin's "Publish"
    at creation finds them its trainer."""
    from .models import CourseTrainer
    from .trainers import may_be_picked

    owner = instance.owner
    if created and not raw and owner is not None and may_be_picked(owner):
        CourseTrainer.objects.get_or_create(course=instance, user=owner, defaults={"assigned_by": owner})
        owner.__dict__.pop("_lms_trained_course_paths", None)  # asked again for the new course


@receiver(post_save, sender="people.StaffProfile")
def trainer_renamed(sender, instance, raw=False, **kwargs):
    """Course pages show their trainers' names from the cache (``courses.outline``): a trainer's
    profile saved starts a new generation; anyone else's (a roster import of thousands) does not."""
    from staff_lms import page_cache

    from .models import CourseTrainer

    if not raw and CourseTrainer.objects.filter(user_id=instance.user_id).exists():
        page_cache.invalidate()
