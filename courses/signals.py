from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver
from wagtail.models import GroupPagePermission

from people.roles import TRAINERS

#: Sent once per enrolment, when the course becomes complete. Arguments: ``enrolment``.
course_completed = Signal()

TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_trainer_page_permissions(index_pages=None, **kwargs):
    """Trainers may add, edit and publish anything under every course index."""
    from .models import CourseIndexPage

    group, _created = Group.objects.get_or_create(name=TRAINERS)
    permissions = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=TRAINER_PAGE_PERMISSIONS)
    )
    for page in index_pages if index_pages is not None else CourseIndexPage.objects.all():
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@receiver(post_save, sender="courses.CourseIndexPage")
def course_index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_trainer_page_permissions([instance])
